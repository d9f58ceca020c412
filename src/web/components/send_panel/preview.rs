//! Each draft as it will be sent, one at a time, with previous/next and a search by name, and a
//! warning for every placeholder that is empty in a draft (a circle with no time yet, say).

use std::collections::BTreeMap;
use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::SendPanelProps;
use crate::send::{Draft, Placeholder, TemplateProblems};
use crate::web::zones::BrowserZones;

/// What to do about an empty placeholder.
fn advice(placeholder: Placeholder) -> &'static str {
    match placeholder {
        Placeholder::When => "set the circle's first meeting on the board",
        Placeholder::Where => "set where the circle meets on the board",
        Placeholder::Host => "choose a host on the board, or leave the host line out",
        Placeholder::CodeOfConduct => "write the code of conduct above",
        Placeholder::Organizer => "write your name above",
        Placeholder::ListPermission => "write the mailing-list question above, or leave it out",
        Placeholder::FirstName | Placeholder::Name => "the person's name is empty in the file",
        Placeholder::CircleName => "name the circle on the board",
        Placeholder::Members => "the circle has nobody else yet",
    }
}

/// The preview of the drafts.
#[function_component]
pub(super) fn DraftPreview(props: &SendPanelProps) -> Html {
    let workflow = &props.workflow;
    // Drafts are made again only when what they are made of changes.
    let drafts: Rc<Option<Result<Vec<Draft>, TemplateProblems>>> = {
        let workflow = workflow.clone();
        let deps = (
            workflow.board.clone(),
            workflow.send.clone(),
            workflow.source.clone(),
            workflow.place_decisions.clone(),
            workflow.places.is_some(),
        );
        use_memo(deps, move |_| workflow.drafts(&BrowserZones))
    };
    let index = use_state(|| 0_usize);
    let Some(Ok(drafts)) = drafts.as_ref() else {
        return html! { <div class="preview" data-testid="email-preview"><p class="hint">{ "Fix the template to see the drafts." }</p></div> };
    };
    if drafts.is_empty() {
        return html! { <div class="preview" data-testid="email-preview"><p class="hint">{ "Nobody is placed in a circle yet." }</p></div> };
    }
    let count = drafts.len();
    let at = (*index).min(count - 1);
    let draft = &drafts[at];
    let step = |delta: isize| {
        let index = index.clone();
        Callback::from(move |_: MouseEvent| index.set((at as isize + delta).rem_euclid(count as isize) as usize))
    };
    let on_search = {
        let (index, drafts) = (index.clone(), drafts.clone());
        Callback::from(move |event: InputEvent| {
            let query = event.target_unchecked_into::<HtmlInputElement>().value().to_lowercase();
            let found = drafts.iter().position(|d| {
                d.to.iter().any(|(name, email)| {
                    name.to_lowercase().contains(query.trim()) || email.to_lowercase().contains(query.trim())
                })
            });
            if let (false, Some(found)) = (query.trim().is_empty(), found) {
                index.set(found);
            }
        })
    };
    // How many drafts leave each placeholder empty.
    let mut empty: BTreeMap<Placeholder, usize> = BTreeMap::new();
    for placeholder in drafts.iter().flat_map(|d| d.empty.iter()) {
        *empty.entry(*placeholder).or_default() += 1;
    }
    let to: Vec<String> = draft.to.iter().map(|(name, email)| format!("{name} <{email}>")).collect();
    html! {
        <div class="preview" data-testid="email-preview" aria-live="polite">
            <div class="preview-nav">
                <button class="small" onclick={step(-1)} data-testid="preview-previous" aria-label="Previous draft">{ "‹ Previous" }</button>
                <span data-testid="preview-position">{ format!("Draft {} of {count}", at + 1) }</span>
                <button class="small" onclick={step(1)} data-testid="preview-next" aria-label="Next draft">{ "Next ›" }</button>
                <input type="search" placeholder="Find a person" aria-label="Find a person's draft" oninput={on_search} data-testid="preview-search" />
            </div>
            <dl class="preview-headers">
                <dt>{ "To" }</dt><dd data-testid="preview-to">{ if to.is_empty() { "(no address in the file)".to_owned() } else { to.join(", ") } }</dd>
                <dt>{ "Subject" }</dt><dd data-testid="preview-subject">{ &draft.subject }</dd>
            </dl>
            <pre class="preview-body" data-testid="preview-body">{ &draft.body }</pre>
            if !draft.empty.is_empty() {
                <ul class="warnings" data-testid="preview-warnings">
                    { for draft.empty.iter().map(|p| html! {
                        <li>{ format!("{{{{{}}}}} is empty in this draft: {}.", p.name(), advice(*p)) }</li>
                    }) }
                </ul>
            }
            if !empty.is_empty() {
                <p class="hint" data-testid="preview-summary">
                    { empty.iter().map(|(p, n)| format!("{{{{{}}}}} is empty in {n} of {count} drafts", p.name())).collect::<Vec<_>>().join(" · ") }
                </p>
            }
        </div>
    }
}

//! Each draft as it will be sent, one at a time, with previous/next and a search by name, and a
//! warning for every placeholder that is empty in it (a circle with no time yet, say). Only the
//! draft shown is written, so the preview costs the same at 80 or 8,000 applicants.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::DraftPartProps;
use crate::board::Board;
use crate::model::RecordId;
use crate::send::{Letter, Placeholder, draft_order};
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

/// What the circles lack, as the drafts will show it: "3 circles have no first meeting yet".
fn board_gaps(board: &Board) -> Vec<String> {
    let count = |lacks: fn(&crate::board::BoardCircle) -> bool| board.circles.iter().filter(|c| lacks(c)).count();
    let gaps = [
        (count(|c| c.details.starts.trim().is_empty()), "no first meeting yet ({{when}} is empty)"),
        (count(|c| c.details.place.trim().is_empty()), "no place or video link yet ({{where}} is empty)"),
        (count(|c| c.details.host.is_none()), "no host yet ({{host}} is empty)"),
    ];
    let circles = |n: usize| if n == 1 { "1 circle has".to_owned() } else { format!("{n} circles have") };
    gaps.into_iter().filter(|(n, _)| *n > 0).map(|(n, what)| format!("{} {what}", circles(n))).collect()
}

/// The preview of the drafts.
#[function_component]
pub(super) fn DraftPreview(props: &DraftPartProps) -> Html {
    let workflow = &props.workflow;
    let index = use_state(|| 0_usize);
    let empty =
        |text: &str| html! { <div class="preview" data-testid="email-preview"><p class="hint">{ text }</p></div> };
    let (Some(board), Some(directory)) = (&workflow.board, props.directory.0.as_ref()) else {
        return empty("Compose the circles to see the drafts.");
    };
    let Ok(letter) = Letter::new(&workflow.send) else { return empty("Fix the template to see the drafts.") };
    let order = draft_order(board, workflow.send.per_circle);
    if order.is_empty() {
        return empty("Nobody is placed in a circle yet.");
    }
    let count = order.len();
    let at = (*index).min(count - 1);
    let (circle, record) = order[at];
    let Some(draft) = letter.draft(&board.circles[circle], record, directory, &BrowserZones) else {
        return empty("This person is not in the file any more.");
    };
    let step = |delta: isize| {
        let index = index.clone();
        Callback::from(move |_: MouseEvent| index.set((at as isize + delta).rem_euclid(count as isize) as usize))
    };
    let on_search = {
        let (index, directory) = (index.clone(), props.directory.clone());
        let order = order.clone();
        Callback::from(move |event: InputEvent| {
            let query = event.target_unchecked_into::<HtmlInputElement>().value().trim().to_lowercase();
            let Some(directory) = directory.0.as_ref() else { return };
            let matches = |record: RecordId| {
                directory
                    .get(record)
                    .is_some_and(|p| p.name.to_lowercase().contains(&query) || p.email.to_lowercase().contains(&query))
            };
            let found = order.iter().position(|&(_, record)| record.is_some_and(matches));
            if let (false, Some(found)) = (query.is_empty(), found) {
                index.set(found);
            }
        })
    };
    let to: Vec<String> = draft.to.iter().map(|(name, email)| format!("{name} <{email}>")).collect();
    let gaps = board_gaps(board);
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
            if !gaps.is_empty() {
                <p class="hint" data-testid="preview-summary">{ gaps.join(" · ") }</p>
            }
        </div>
    }
}

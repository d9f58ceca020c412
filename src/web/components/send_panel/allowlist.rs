//! What each person sees of the others: how names are written, and one box per column. Boxes for
//! private answers (identity, notes, addresses, places) ask to be confirmed.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::SendPanelProps;
use crate::send::{Allowlist, NameStyle, SendSettings, needs_confirmation};
use crate::workflow::Action;

/// The allowlist's boxes.
#[function_component]
pub(super) fn AllowlistPicker(props: &SendPanelProps) -> Html {
    let workflow = &props.workflow;
    let Some(source) = &workflow.source else { return html! {} };
    let allowlist = workflow.allowlist();
    let set = {
        let (workflow, on_action) = (workflow.clone(), props.on_action.clone());
        move |allowlist: Allowlist| {
            let send = SendSettings { allowlist: Some(allowlist), ..workflow.send.clone() };
            on_action.emit(Action::EditSend(Box::new(send)));
        }
    };
    let on_names = {
        let (set, allowlist) = (set.clone(), allowlist.clone());
        Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<HtmlSelectElement>().value();
            let names = NameStyle::ALL.into_iter().find(|style| style.label() == value).unwrap_or_default();
            set(Allowlist { names, ..allowlist.clone() });
        })
    };
    let boxes = source.import.columns.iter().map(|column| {
        let checked = allowlist.allows(&column.header);
        let (set, allowlist, header, role) = (set.clone(), allowlist.clone(), column.header.clone(), column.role);
        let on_change = Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            let mut fields: Vec<String> =
                allowlist.fields.iter().filter(|f| !f.trim().eq_ignore_ascii_case(&header)).cloned().collect();
            if input.checked() {
                let question =
                    format!("“{header}” holds private answers. Show each person's answer to everyone in their circle?");
                let confirmed = !needs_confirmation(role)
                    || web_sys::window().and_then(|w| w.confirm_with_message(&question).ok()).unwrap_or(false);
                if !confirmed {
                    input.set_checked(false);
                    return;
                }
                fields.push(header.clone());
            }
            set(Allowlist { fields, ..allowlist.clone() });
        });
        let private = needs_confirmation(column.role);
        html! {
            <label class="inline allow">
                <input type="checkbox" data-testid="allow-field" data-field={column.header.clone()}
                    checked={checked} onchange={on_change} />
                { " " }{ &column.header }
                if private { <span class="badge" title="Asks to confirm">{ "private" }</span> }
            </label>
        }
    });
    html! {
        <fieldset class="send-allowlist">
            <legend>{ "What each person sees of the others" }</legend>
            <label>{ "Names as " }
                <select onchange={on_names} data-testid="name-style">
                    { for NameStyle::ALL.iter().map(|style| html! {
                        <option selected={*style == allowlist.names}>{ style.label() }</option>
                    }) }
                </select>
            </label>
            <div class="allow-fields">{ for boxes }</div>
            <p class="hint">{ "Addresses, places, identity answers and notes are never shown unless you tick them." }</p>
        </fieldset>
    }
}

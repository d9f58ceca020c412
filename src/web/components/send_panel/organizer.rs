//! Who the drafts are from, their subject, the code of conduct, the mailing-list question and
//! whether each circle gets one draft to all its members.

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::{SendPanelProps, edit_send};

fn input_value(event: &Event) -> String {
    event.target_unchecked_into::<HtmlInputElement>().value()
}

fn text_value(event: &Event) -> String {
    event.target_unchecked_into::<HtmlTextAreaElement>().value()
}

/// The organizer's fields.
#[function_component]
pub(super) fn OrganizerForm(props: &SendPanelProps) -> Html {
    let send = &props.workflow.send;
    let per_circle = {
        let (workflow, on_action) = (props.workflow.clone(), props.on_action.clone());
        Callback::from(move |event: Event| {
            let per_circle = event.target_unchecked_into::<HtmlInputElement>().checked();
            let send = crate::send::SendSettings { per_circle, ..workflow.send.clone() };
            on_action.emit(crate::workflow::Action::EditSend(Box::new(send)));
        })
    };
    let email_ok =
        send.organizer_email.trim().is_empty() || crate::import::is_plausible_email(send.organizer_email.trim());
    html! {
        <fieldset class="send-organizer">
            <legend>{ "From" }</legend>
            <label>{ "Your name" }
                <input value={send.organizer_name.clone()} data-testid="organizer-name" autocomplete="name"
                    onchange={edit_send(props, input_value, |s, v| s.organizer_name = v)} /></label>
            <label>{ "Your address (From and Reply-To)" }
                <input type="email" value={send.organizer_email.clone()} data-testid="organizer-email" autocomplete="email"
                    aria-invalid={(!email_ok).to_string()}
                    onchange={edit_send(props, input_value, |s, v| s.organizer_email = v.trim().to_owned())} /></label>
            if !email_ok {
                <span class="error">{ "This does not look like an email address." }</span>
            }
            <label>{ "Subject" }
                <input value={send.subject.clone()} data-testid="email-subject"
                    onchange={edit_send(props, input_value, |s, v| s.subject = v)} /></label>
            <label>{ "Code of conduct (text or link)" }
                <textarea rows="2" value={send.code_of_conduct.clone()} data-testid="code-of-conduct"
                    onchange={edit_send(props, text_value, |s, v| s.code_of_conduct = v)} /></label>
            <label>{ "Mailing-list question (empty: not asked)" }
                <input value={send.list_permission.clone()} data-testid="list-permission"
                    onchange={edit_send(props, input_value, |s, v| s.list_permission = v)} /></label>
            <label class="inline">
                <input type="checkbox" checked={send.per_circle} onchange={per_circle} data-testid="per-circle" />
                { " One draft per circle, to all its members" }
            </label>
        </fieldset>
    }
}

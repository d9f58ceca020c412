//! The email template, with the placeholders it may use and its errors by line and column.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::{SendPanelProps, edit_send};
use crate::send::{DEFAULT_TEMPLATE, Letter, Placeholder};

/// The template textarea.
#[function_component]
pub(super) fn TemplateEditor(props: &SendPanelProps) -> Html {
    let send = &props.workflow.send;
    let problems = Letter::new(send).err();
    let on_change = edit_send(
        props,
        |event: &Event| event.target_unchecked_into::<HtmlTextAreaElement>().value(),
        |s, v| s.template = v,
    );
    let reset = edit_send(props, |_: &MouseEvent| DEFAULT_TEMPLATE.to_owned(), |s, v| s.template = v);
    let placeholders: Html =
        Placeholder::ALL.iter().map(|p| html! { <code>{ format!("{{{{ {} }}}}", p.name()) }</code> }).collect();
    // No spell check: placeholders read as misspellings, and a browser's enhanced spell check
    // sends the text to a server (in Chromium, checking also fetches dictionaries).
    html! {
        <fieldset class="send-template">
            <legend>{ "Email" }</legend>
            <label for="email-template">{ "Template" }</label>
            <textarea id="email-template" rows="16" spellcheck="false" value={send.template.clone()} data-testid="email-template"
                aria-invalid={problems.is_some().to_string()} aria-describedby="template-help" onchange={on_change} />
            <p id="template-help" class="hint placeholders">
                { "Placeholders: " }{ placeholders }
                { " · " }<code>{ "{% if host %}…{% endif %}" }</code>{ " leaves a part out when it is empty." }
                <button class="link" onclick={reset} data-testid="template-reset">{ "Start again from the default" }</button>
            </p>
            if let Some(problems) = problems {
                <ul class="error template-errors" role="alert" data-testid="template-errors">
                    { for problems.subject.iter().map(|e| html! { <li>{ format!("Subject, {e}") }</li> }) }
                    { for problems.body.iter().map(|e| html! { <li>{ format!("Template, {e}") }</li> }) }
                </ul>
            }
        </fieldset>
    }
}

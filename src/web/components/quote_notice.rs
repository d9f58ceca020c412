//! A runaway quote in the file: what it swallowed, a preview of reading it as an ordinary
//! character, and the choice to read it that way (undoable like any other step).

use yew::prelude::*;

use crate::import::{ImportOptions, import_with};
use crate::web::by_address::WorkflowHandle;
use crate::workflow::Action;

/// Props of [`QuoteNotice`].
#[derive(Properties, PartialEq)]
pub(crate) struct QuoteNoticeProps {
    pub(crate) workflow: WorkflowHandle,
    pub(crate) on_action: Callback<Action>,
}

/// What the re-read would give, shown before the organizer accepts it.
#[derive(Clone, PartialEq)]
struct Preview {
    line: u64,
    records: usize,
    problems: usize,
}

/// The notice, shown only while the file has a runaway quote or one is read as a character.
#[function_component]
pub(crate) fn QuoteNotice(props: &QuoteNoticeProps) -> Html {
    let preview = use_state(|| None::<Preview>);
    let Some(source) = props.workflow.source.as_ref() else { return html! {} };
    if let Some(line) = source.options.literal_quote_line {
        let on_undo = props.on_action.reform(|_| Action::SetLiteralQuote(None));
        return html! {
            <div class="notice" data-testid="runaway-quote">
                <p>{ format!("The quote on line {line} is read as an ordinary character.") }</p>
                <button data-testid="runaway-undo" onclick={on_undo}>{ "Read it as a quote again" }</button>
            </div>
        };
    }
    let Some(quote) = source.import.runaway_quote.clone() else { return html! {} };
    let message = source
        .import
        .problems
        .iter()
        .find(|p| p.kind == crate::import::ProblemKind::RunawayQuote)
        .map(|p| p.message.clone())
        .unwrap_or_default();
    let on_preview = {
        let (preview, bytes, options) = (preview.clone(), source.bytes.clone(), source.options.clone());
        Callback::from(move |_| {
            let options = ImportOptions { literal_quote_line: Some(quote.line), ..options.clone() };
            let reread = import_with(&bytes, &options);
            preview.set(Some(Preview {
                line: quote.line,
                records: reread.records.len(),
                problems: reread.problems.len(),
            }));
        })
    };
    let shown = (*preview).clone().filter(|p| p.line == quote.line);
    html! {
        <div class="notice warning" role="alert" data-testid="runaway-quote">
            <p>{ message }</p>
            if let Some(shown) = shown {
                <p data-testid="runaway-preview-result">{ format!(
                    "Read that way: {} records and {} problems (now {} records and {} problems).",
                    shown.records, shown.problems, source.import.records.len(), source.import.problems.len()
                ) }</p>
                <button data-testid="runaway-accept"
                    onclick={props.on_action.reform(move |_| Action::SetLiteralQuote(Some(shown.line)))}>
                    { "Read it as a character" }
                </button>
                <button data-testid="runaway-cancel" onclick={{ let preview = preview.clone(); move |_| preview.set(None) }}>
                    { "Keep the file as read" }
                </button>
            } else {
                <button data-testid="runaway-preview" onclick={on_preview}>
                    { format!("Preview reading the quote on line {} as a character", quote.line) }
                </button>
            }
        </div>
    }
}

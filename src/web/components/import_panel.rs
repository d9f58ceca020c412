//! Step 1: bring the applicants in — the sample, a file (picker or drop) or pasted text.

use web_sys::{File, HtmlTextAreaElement};
use yew::prelude::*;

use crate::sample::{SAMPLE_CSV, SAMPLE_NAME};
use crate::web::chosen_file::{on_file_chosen, read_file};
use crate::workflow::{Action, Workflow};

/// Props of [`ImportPanel`].
#[derive(Properties, PartialEq)]
pub(crate) struct ImportPanelProps {
    pub(crate) workflow: UseReducerHandle<Workflow>,
    pub(crate) on_action: Callback<Action>,
    /// Whether a file is being dragged over the page.
    pub(crate) dragging: bool,
    /// Shown below the summary once a file is loaded (the problem list).
    #[prop_or_default]
    pub(crate) children: Html,
}

/// Reads a file's bytes and loads them as the applicants' file.
pub(crate) fn load_file(file: File, on_action: Callback<Action>) {
    read_file(file, on_action, |name, bytes| Action::LoadCsv { name, bytes });
}

/// The import step.
#[function_component]
pub(crate) fn ImportPanel(props: &ImportPanelProps) -> Html {
    let pasted = use_state(crate::web::hand_over::pasted_text);
    // Text pasted on the first screen shows, as it did there; after that the organizer opens
    // and closes the box (this value never changes, so the page never does it for them).
    let paste_open = *use_state(|| !pasted.is_empty());

    let on_sample = {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| {
            on_action.emit(Action::LoadCsv { name: SAMPLE_NAME.to_owned(), bytes: SAMPLE_CSV.to_vec() });
        })
    };
    let on_file = on_file_chosen(&props.on_action, |name, bytes| Action::LoadCsv { name, bytes });
    let on_paste_input = {
        let pasted = pasted.clone();
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            pasted.set(area.value());
        })
    };
    let on_paste_submit = {
        let (pasted, on_action) = (pasted.clone(), props.on_action.clone());
        Callback::from(move |_: MouseEvent| {
            on_action.emit(Action::LoadCsv { name: "pasted text".to_owned(), bytes: pasted.as_bytes().to_vec() });
        })
    };
    let summary = props.workflow.source.as_ref().map(|source| {
        let import = &source.import;
        let delimiter = match import.dialect.delimiter.as_str() {
            "\t" => "tab".to_owned(),
            other => format!("\"{other}\""),
        };
        html! {
            <p class="summary" data-testid="import-summary">
                <strong>{ &source.name }</strong>
                { format!(" — {} records, {} columns, delimiter {delimiter}, {}",
                    import.records.len(), import.columns.len(), import.dialect.encoding.name()) }
                if import.empty_rows > 0 {
                    { format!(" ({} empty row{} left out)", import.empty_rows, if import.empty_rows == 1 { "" } else { "s" }) }
                }
            </p>
        }
    });
    html! {
        <section class="step" aria-labelledby="step-import">
            <h2 id="step-import"><span class="step-number">{ "1" }</span>{ "Applicants" }</h2>
            <div class={classes!("drop-zone", props.dragging.then_some("dragging"))}>
                <div class="import-actions">
                    <button class="primary" data-testid="load-sample" onclick={on_sample}>{ "Try the sample" }</button>
                    <label class="file-button">
                        { "Choose a CSV file…" }
                        <input type="file" accept=".csv,.tsv,.txt,text/csv,text/plain" data-testid="csv-file" onchange={on_file} />
                    </label>
                    <span class="hint">{ "or drop it anywhere on this page" }</span>
                </div>
                <details class="paste" open={paste_open}>
                    <summary>{ "Paste CSV text instead" }</summary>
                    <textarea
                        data-testid="csv-paste" rows="6" spellcheck="false"
                        placeholder="Name,Email,Where are you based?,…"
                        value={(*pasted).clone()} oninput={on_paste_input}
                    />
                    <button data-testid="csv-paste-submit" onclick={on_paste_submit} disabled={pasted.trim().is_empty()}>
                        { "Use pasted text" }
                    </button>
                </details>
                <super::ProjectControls workflow={props.workflow.clone()} on_action={props.on_action.clone()} />
            </div>
            { for summary }
            if props.workflow.source.is_some() {
                { props.children.clone() }
            }
        </section>
    }
}

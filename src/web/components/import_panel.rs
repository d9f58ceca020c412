//! Step 1: bring the applicants in — the sample, a file (picker or drop) or pasted text.

use std::cell::Cell;
use std::rc::Rc;

use web_sys::{File, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::import::ImportOptions;
use crate::project::Project;
use crate::sample::{SAMPLE_CSV, SAMPLE_NAME};
use crate::web::by_address::WorkflowHandle;
use crate::web::chosen_file::file_bytes;
use crate::web::core_worker::read_in_worker;
use crate::workflow::{Action, Workflow};

/// From this size a file is read in the page's worker: 10,000 applicants (1.6 MB) take 35 to
/// 85 ms to read, too long to hold the page; 256 KB (some 1,500 applicants) well under 10 ms,
/// less than the trip to the worker and back.
const READ_IN_WORKER_FROM: usize = 256 * 1024;

thread_local! {
    /// How many loads have begun: a file is shown only if no other was chosen after it, so the
    /// one chosen last stays however long each takes to read.
    static LOADS: Cell<u64> = const { Cell::new(0) };
}

/// Begins a load, giving its number.
fn begin_load() -> u64 {
    LOADS.with(|loads| {
        loads.set(loads.get() + 1);
        loads.get()
    })
}

/// Whether load `number` is the last one begun.
fn is_latest(number: u64) -> bool {
    LOADS.with(Cell::get) == number
}

/// Loads a CSV's bytes as the applicants' file.
pub(crate) fn load_csv(name: String, bytes: Vec<u8>, on_action: Callback<Action>) {
    load_as(begin_load(), name, bytes, on_action);
}

/// Reads a file's bytes and loads them as the applicants' file.
pub(crate) fn load_file(file: File, on_action: Callback<Action>) {
    let number = begin_load();
    wasm_bindgen_futures::spawn_local(async move {
        match file_bytes(&file).await {
            Ok(bytes) => load_as(number, file.name(), bytes, on_action),
            Err(problem) if is_latest(number) => on_action.emit(Action::ReportProblem(problem)),
            Err(_) => {}
        }
    });
}

/// Load `number`: a large file is read in the page's worker (should the worker fail, on the page
/// itself), a small one at once.
fn load_as(number: u64, name: String, bytes: Vec<u8>, on_action: Callback<Action>) {
    if bytes.len() < READ_IN_WORKER_FROM {
        if is_latest(number) {
            on_action.emit(Action::LoadCsv { name, bytes });
        }
        return;
    }
    on_action.emit(Action::ReadingStarted(name.clone()));
    wasm_bindgen_futures::spawn_local(async move {
        let bytes: Rc<[u8]> = bytes.into();
        let action = match read_in_worker(bytes.to_vec(), ImportOptions::default()).await {
            Ok(import) => Action::CsvRead { name, bytes, import: Rc::new(import) },
            Err(_) => Action::LoadCsv { name, bytes: bytes.to_vec() },
        };
        if is_latest(number) {
            on_action.emit(action);
        }
    });
}

/// Opens a saved project as a load of its file: a large file is read in the page's worker (should
/// the worker fail, on the page itself), and the project opens only if nothing was chosen since.
pub(crate) fn open_project(project: Project, on_action: Callback<Action>) {
    let number = begin_load();
    if project.file.len() < READ_IN_WORKER_FROM {
        on_action.emit(Action::OpenProject(Box::new(project)));
        return;
    }
    on_action.emit(Action::ReadingStarted(project.file_name.clone()));
    wasm_bindgen_futures::spawn_local(async move {
        let action = match read_in_worker(project.file.clone(), project.options.clone()).await {
            Ok(import) => Action::ProjectRead { project: Box::new(project), import: Rc::new(import) },
            Err(_) => Action::OpenProject(Box::new(project)),
        };
        if is_latest(number) {
            on_action.emit(action);
        }
    });
}

/// Sends `action` on, unless it asks to read a large file again: that is done in the page's
/// worker, and the reading sent on as an [`Action::Reread`] (should the worker fail, `action`
/// itself is sent on and the page reads the file).
pub(crate) fn read_again_in_worker(workflow: &Workflow, action: Action, on_action: &Callback<Action>) {
    let Some((bytes, options)) =
        workflow.reread_request(&action).filter(|(bytes, _)| bytes.len() >= READ_IN_WORKER_FROM)
    else {
        on_action.emit(action);
        return;
    };
    if let Some(source) = &workflow.source {
        on_action.emit(Action::ReadingStarted(source.name.clone()));
    }
    let on_action = on_action.clone();
    wasm_bindgen_futures::spawn_local(async move {
        match read_in_worker(bytes.to_vec(), options.clone()).await {
            Ok(import) => on_action.emit(Action::Reread { bytes, options, import: Rc::new(import) }),
            Err(_) => on_action.emit(action),
        }
    });
}

/// Props of [`ImportPanel`].
#[derive(Properties, PartialEq)]
pub(crate) struct ImportPanelProps {
    pub(crate) workflow: WorkflowHandle,
    pub(crate) on_action: Callback<Action>,
    /// Whether a file is being dragged over the page.
    pub(crate) dragging: bool,
    /// Shown below the summary once a file is loaded (the problem list).
    #[prop_or_default]
    pub(crate) children: Html,
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
            load_csv(SAMPLE_NAME.to_owned(), SAMPLE_CSV.to_vec(), on_action.clone());
        })
    };
    // The input is cleared, so that the same file can be chosen again after an edit on disk.
    let on_file = {
        let on_action = props.on_action.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                load_file(file, on_action.clone());
            }
            input.set_value("");
        })
    };
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
            load_csv("pasted text".to_owned(), pasted.as_bytes().to_vec(), on_action.clone());
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
            if let Some(name) = &props.workflow.reading {
                <p class="hint" role="status" data-testid="reading">{ format!("Reading {name}…") }</p>
            }
            { for summary }
            if props.workflow.source.is_some() {
                { props.children.clone() }
            }
        </section>
    }
}

//! The root component: holds the `Workflow` in a reducer, owns the worker run, lays out the steps.

use std::rc::Rc;

use yew::prelude::*;

use super::by_address::{ByAddress, WorkflowHandle};
use super::components::{
    CircleBoard, ColumnMapper, ComposePanel, ImportPanel, PlacesPanel, ProblemList, SendPanel, StepNav, load_csv,
    load_file, read_again_in_worker,
};
use super::core_worker::{SolverRun, survey_places, worker_count};
use super::download::save_csv;
use super::places_data::load_gazetteer;
use crate::compose::ComposeJob;
use crate::model::{ColumnRole, RecordId};
use crate::places::{SharedGazetteer, survey};
use crate::sample::{SAMPLE_CSV, SAMPLE_NAME};
use crate::workflow::{Action, Workflow};

impl Reducible for Workflow {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(Rc::unwrap_or_clone(self).apply(action))
    }
}

/// A link ending in #sample opens with the bundled sample loaded (the serve command prints one).
#[hook]
fn use_sample_link(dispatch: Callback<Action>) {
    use_effect_with((), move |()| {
        let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
        if hash == "#sample" {
            load_csv(SAMPLE_NAME.to_owned(), SAMPLE_CSV.to_vec(), dispatch.clone());
        }
    });
}

/// Whether a file is dragged over the page, and the page's drag and drop handlers.
struct FileDrop {
    dragging: bool,
    on_drag_over: Callback<DragEvent>,
    on_drag_leave: Callback<DragEvent>,
    on_drop: Callback<DragEvent>,
}

/// The whole page takes dropped files: a file dropped anywhere else would make the browser open
/// it instead, leaving the app and losing the session.
#[hook]
fn use_file_drop(dispatch: Callback<Action>) -> FileDrop {
    let dragging = use_state(|| false);
    // Only files: a person dragged across the board is the board's to handle.
    let carries_files =
        |event: &DragEvent| event.data_transfer().is_some_and(|t| t.types().includes(&"Files".into(), 0));
    let on_drag_over = {
        let dragging = dragging.clone();
        Callback::from(move |event: DragEvent| {
            if carries_files(&event) {
                event.prevent_default();
                dragging.set(true);
            }
        })
    };
    let on_drag_leave = {
        let dragging = dragging.clone();
        Callback::from(move |event: DragEvent| {
            // Leaving a child element fires too; only leaving the window ends the drag.
            if event.related_target().is_none() {
                dragging.set(false);
            }
        })
    };
    let on_drop = {
        let dragging = dragging.clone();
        Callback::from(move |event: DragEvent| {
            if !carries_files(&event) {
                return;
            }
            event.prevent_default();
            dragging.set(false);
            if let Some(file) = event.data_transfer().and_then(|t| t.files()).and_then(|files| files.get(0)) {
                load_file(file, dispatch.clone());
            }
        })
    };
    FileDrop { dragging: *dragging, on_drag_over, on_drag_leave, on_drop }
}

/// Fetches the gazetteer from the page's origin the first time `wanted` is true.
#[hook]
fn use_gazetteer_when(wanted: bool, dispatch: Callback<Action>) {
    let requested = use_mut_ref(|| false);
    use_effect_with(wanted, move |&wanted| {
        if wanted && !*requested.borrow() {
            *requested.borrow_mut() = true;
            wasm_bindgen_futures::spawn_local(async move {
                match load_gazetteer().await {
                    Ok(gazetteer) => dispatch.emit(Action::GazetteerLoaded(gazetteer)),
                    Err(message) => dispatch.emit(Action::ReportProblem(message)),
                }
            });
        }
    });
}

/// Up to this many location answers are surveyed on the page itself once it has the place list:
/// a few milliseconds, where the worker would first have to load and read the list (half a
/// second more before the sample's places show). From this many, in the worker.
const SURVEY_IN_WORKER_FROM: usize = 300;

/// Surveys the places whenever the workflow wants a survey: a few answers on the page, many in
/// the page's worker (should the worker fail, on the page too, slower but so that nothing waits
/// forever).
#[hook]
fn use_survey(wanted: Option<Rc<[String]>>, gazetteer: Option<SharedGazetteer>, dispatch: Callback<Action>) {
    use_effect_with((), |()| super::core_worker::warm_standing());
    // The place list matters only to a survey on the page: its arrival must not send a large
    // survey to the worker twice.
    let on_page = wanted.as_ref().is_some_and(|answers| answers.len() < SURVEY_IN_WORKER_FROM);
    let list = gazetteer.as_ref().filter(|_| on_page).map(|g| ByAddress::of(&g.0));
    use_effect_with((wanted.map(|answers| ByAddress::of(&answers)), list), move |(wanted, _)| {
        let Some(ByAddress(answers)) = wanted.clone() else { return };
        if answers.len() < SURVEY_IN_WORKER_FROM {
            // Once the page has the place list; this effect runs again when it arrives.
            if let Some(gazetteer) = gazetteer {
                let report = survey(&gazetteer.0, answers.iter().map(String::as_str));
                dispatch.emit(Action::PlacesSurveyed { answers, report });
            }
            return;
        }
        wasm_bindgen_futures::spawn_local(async move {
            let report = match survey_places(answers.to_vec()).await {
                Ok(report) => Ok(report),
                Err(_) => {
                    let gazetteer = match gazetteer {
                        Some(gazetteer) => Ok(gazetteer),
                        None => load_gazetteer().await,
                    };
                    gazetteer.map(|g| survey(&g.0, answers.iter().map(String::as_str)))
                }
            };
            match report {
                Ok(report) => dispatch.emit(Action::PlacesSurveyed { answers, report }),
                Err(message) => dispatch.emit(Action::ReportProblem(message)),
            }
        });
    });
}

/// One callback for the whole session, so that components whose other props are unchanged need
/// not draw again when the workflow changes. Reading a large file again goes to the worker first,
/// so the callback keeps the workflow as last drawn.
#[hook]
fn use_dispatch(workflow: &WorkflowHandle) -> Callback<Action> {
    let drawn = use_mut_ref(|| workflow.clone());
    *drawn.borrow_mut() = workflow.clone();
    let dispatcher = workflow.dispatcher();
    (*use_memo((), move |()| {
        let raw = Callback::from(move |action: Action| dispatcher.dispatch(action));
        Callback::from(move |action: Action| {
            // A copy of the handle: the dispatch may draw the page, which replaces it.
            let current = drawn.borrow().clone();
            read_again_in_worker(&current, action, &raw);
        })
    }))
    .clone()
}

/// The whole page.
#[function_component]
pub(crate) fn App() -> Html {
    let workflow = WorkflowHandle::new(use_reducer(Workflow::surveying_elsewhere));
    let run = use_mut_ref(|| None::<SolverRun>);
    // The record shown in the column preview, chosen from the problem list.
    let focus = use_state(|| None::<RecordId>);
    let on_focus = {
        let focus = focus.clone();
        Callback::from(move |record: RecordId| focus.set(Some(record)))
    };
    let dispatch = use_dispatch(&workflow);

    use_sample_link(dispatch.clone());
    let keep = super::keep::use_keep_on_device(&workflow, dispatch.clone());
    super::hand_over::use_hand_over(dispatch.clone(), keep.start.clone());
    let drop = use_file_drop(dispatch.clone());
    // The gazetteer is fetched once, the first time a file has a location column.
    let wants_places = workflow.source.as_ref().is_some_and(|s| s.import.column_with(ColumnRole::Location).is_some());
    use_gazetteer_when(wants_places, dispatch.clone());
    use_survey(workflow.survey_wanted(), workflow.gazetteer.clone(), dispatch.clone());

    // Starting a run replaces the handle, which abandons any earlier run and ends its worker.
    let start_run = {
        let (run, dispatch) = (run.clone(), dispatch.clone());
        move |job: Option<ComposeJob>, started: Action| {
            let Some(job) = job else { return };
            run.borrow_mut().take();
            dispatch.emit(started);
            *run.borrow_mut() = Some(SolverRun::start(job, worker_count(), dispatch.clone()));
        }
    };
    let on_compose = {
        let (workflow, start_run) = (workflow.clone(), start_run.clone());
        Callback::from(move |()| start_run(workflow.compose_job(), Action::ComposeStarted))
    };
    // Re-composing keeps what the board locks and pins, with the next seed for an alternative.
    let on_recompose = {
        let workflow = workflow.clone();
        Callback::from(move |()| start_run(workflow.recompose_job(), Action::RecomposeStarted))
    };
    let on_stop = {
        let run = run.clone();
        Callback::from(move |()| {
            if let Some(run) = run.borrow().as_ref() {
                run.stop();
            }
        })
    };
    let on_download = {
        let (workflow, dispatch) = (workflow.clone(), dispatch.clone());
        Callback::from(move |()| {
            let Some(roster) = workflow.roster_csv() else { return };
            if save_csv("circles-roster.csv", &roster).is_err() {
                dispatch.emit(Action::ReportProblem("The browser refused the download; try again.".to_owned()));
            }
        })
    };
    let on_forget = {
        let (run, dispatch, forget_kept) = (run.clone(), dispatch.clone(), keep.forget.clone());
        let focus = focus.clone();
        Callback::from(move |_: MouseEvent| {
            run.borrow_mut().take();
            focus.set(None);
            super::stored_data::forget_stored_data();
            super::hand_over::forget();
            forget_kept.emit(());
            dispatch.emit(Action::ForgetAll);
        })
    };

    // Steps are keyed on the session, so "Forget all data" also drops what lives only in a
    // component: pasted text, a half-filled rule form, a places filter.
    let session = workflow.session.to_string();
    html! {
        <div class="page" ondragover={drop.on_drag_over} ondragleave={drop.on_drag_leave} ondrop={drop.on_drop}>
            <header class="masthead">
                <div>
                    <h1>{ "Circle Composer" }</h1>
                    <p class="tagline">{ "Compose peer learning circles from your sign-up form." }</p>
                </div>
                <div class="privacy-note">
                    <strong>{ "Private by design" }</strong>
                    { " Everything happens in this browser tab. Nothing is uploaded." }
                    if workflow.source.is_some() {
                        <button class="link" data-testid="forget-all" onclick={on_forget}>{ "Forget all data" }</button>
                    }
                    <label class="keep">
                        <input type="checkbox" data-testid="keep-on-device" checked={keep.on} onchange={keep.on_toggle}
                            data-save-ms={keep.last_save_ms.map(|ms| format!("{ms:.1}"))} />
                        { " Keep my work on this device" }
                        <span class="hint">{ " (encrypted in this browser, until you untick this or forget all data)" }</span>
                    </label>
                </div>
            </header>
            <StepNav workflow={workflow.clone()} />
            <main>
                if keep.restored && workflow.source.is_some() {
                    <p class="notice update-notice" role="status" data-testid="restored-notice">
                        { "Your work kept on this device is back where you left it. " }
                        { "\"Forget all data\" removes it from this device." }
                    </p>
                }
                if let Some(notice) = &workflow.notice {
                    <div class="notice" role="alert" data-testid="notice">
                        <span>{ notice }</span>
                        <button class="link" onclick={dispatch.reform(|_: MouseEvent| Action::DismissNotice)}>{ "Dismiss" }</button>
                    </div>
                }
                <ImportPanel key={format!("import-{session}")} workflow={workflow.clone()} on_action={dispatch.clone()} dragging={drop.dragging}>
                    <ProblemList workflow={workflow.clone()} on_action={dispatch.clone()} {on_focus} />
                </ImportPanel>
                if workflow.source.is_some() {
                    <ColumnMapper key={format!("columns-{session}")} workflow={workflow.clone()} on_action={dispatch.clone()} focus={*focus} />
                }
                if wants_places && workflow.source.as_ref().is_some_and(|s| !s.import.records.is_empty()) {
                    <PlacesPanel key={format!("places-{session}")} workflow={workflow.clone()} on_action={dispatch.clone()} />
                }
                if workflow.source.as_ref().is_some_and(|source| !source.import.records.is_empty()) {
                    <ComposePanel key={format!("compose-{session}")} workflow={workflow.clone()} on_action={dispatch.clone()} {on_compose} {on_stop} />
                }
                // A new composition replaces the board; re-composing shows it until the new one comes.
                if workflow.board.is_some() && (!workflow.is_composing() || workflow.is_recomposing()) {
                    <CircleBoard key={format!("board-{session}")} workflow={workflow.clone()} on_action={dispatch.clone()} {on_download} {on_recompose} />
                    <SendPanel key={format!("send-{session}")} workflow={workflow.clone()} on_action={dispatch.clone()} />
                }
            </main>
            <footer class="about" data-testid="about">
                <p>
                    { "Circle Composer runs entirely in this browser tab: the applicants' answers are never uploaded, and \
                       nothing is loaded from any other site. " }
                    { "Place data: " }<strong>{ "GeoNames" }</strong>{ " (geonames.org), licensed under CC BY 4.0; time zones from the IANA time zone database; postal codes from the zipcodes, pypostalcode (Statistics Canada) and uk-postcodes-parsing (ONS Postcode Directory) packages (MIT licence)." }
                </p>
            </footer>
        </div>
    }
}

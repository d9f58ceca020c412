//! The root component: holds the `Workflow` in a reducer, owns the worker run, lays out the steps.

use std::rc::Rc;

use yew::prelude::*;

use super::components::{CircleBoard, ComposePanel, ImportPanel, Preview};
use super::download::save_csv;
use super::solver_worker::SolverRun;
use crate::sample::{SAMPLE_CSV, SAMPLE_NAME};
use crate::workflow::{Action, Workflow};

impl Reducible for Workflow {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(Rc::unwrap_or_clone(self).apply(action))
    }
}

/// The whole page.
#[function_component]
pub(crate) fn App() -> Html {
    let workflow = use_reducer(Workflow::default);
    let run = use_mut_ref(|| None::<SolverRun>);
    let dispatch = {
        let workflow = workflow.clone();
        Callback::from(move |action: Action| workflow.dispatch(action))
    };

    // A link ending in #sample opens with the bundled sample loaded (the serve command prints one).
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |()| {
            let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
            if hash == "#sample" {
                dispatch.emit(Action::LoadCsv { name: SAMPLE_NAME.to_owned(), bytes: SAMPLE_CSV.to_vec() });
            }
        });
    }

    let on_compose = {
        let (workflow, run, dispatch) = (workflow.clone(), run.clone(), dispatch.clone());
        Callback::from(move |()| {
            let Some(job) = workflow.compose_job() else { return };
            // Replacing the handle abandons any earlier run and ends its worker.
            run.borrow_mut().take();
            dispatch.emit(Action::ComposeStarted);
            *run.borrow_mut() = Some(SolverRun::start(job, dispatch.clone()));
        })
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
                dispatch.emit(Action::SolveFailed("The browser refused the download.".to_owned()));
            }
        })
    };
    let on_forget = {
        let (run, dispatch) = (run.clone(), dispatch.clone());
        Callback::from(move |_: MouseEvent| {
            run.borrow_mut().take();
            dispatch.emit(Action::ForgetAll);
        })
    };

    html! {
        <>
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
                </div>
            </header>
            <main>
                <ImportPanel workflow={workflow.clone()} on_action={dispatch.clone()} />
                if workflow.source.is_some() {
                    <Preview workflow={workflow.clone()} />
                    <ComposePanel workflow={workflow.clone()} on_action={dispatch.clone()} {on_compose} {on_stop} />
                }
                if workflow.composition().is_some() {
                    <CircleBoard workflow={workflow.clone()} {on_download} />
                }
            </main>
        </>
    }
}

//! The feasibility notes under the rules, recomputed only when something they read changes, so
//! typing elsewhere stays fast. For a large file they come from the page's worker: at 10,000
//! applicants they take about a tenth of a second, too long to hold the page.

use std::rc::Rc;

use yew::prelude::*;

use super::RulesProps;
use crate::compose::{Finding, feasibility};
use crate::web::by_address::ByAddress;
use crate::web::core_worker::findings_of;

/// From this many applicants the notes are worked out in the worker (the page's own thread takes
/// about 11 µs an applicant, so 2,000 stay well under a frame budget of 50 ms with the drawing);
/// below, on the page, where they are there at once.
const NOTES_IN_WORKER_FROM: usize = 2_000;

/// The live feasibility notes. While the worker works out new ones, the last stay in view and
/// the list is marked busy.
#[function_component]
pub(super) fn FeasibilityNotes(props: &RulesProps) -> Html {
    let workflow = &props.workflow;
    let source = workflow.source.as_ref();
    let findings = use_state(|| Rc::new(Vec::<Finding>::new()));
    let busy = use_state(|| false);
    // Which request's answer may still be shown: a later edit makes earlier answers stale.
    let latest = use_mut_ref(|| 0u64);
    let deps = (
        workflow.rules(),
        workflow.place_decisions.clone(),
        source.map(|s| ByAddress::of(&s.import)),
        source.map(|s| s.merged.clone()),
        workflow.gazetteer.is_some(),
        workflow.places.as_ref().map(ByAddress::of),
    );
    {
        let (workflow, findings, busy) = (workflow.clone(), findings.clone(), busy.clone());
        use_effect_with(deps, move |_| {
            *latest.borrow_mut() += 1;
            let request = *latest.borrow();
            // Notes before the places are in would say everyone's place is unknown; the places
            // are a moment away, and with them the notes.
            if workflow.waiting_for_places() {
                busy.set(true);
                return;
            }
            if workflow.applicant_count() >= NOTES_IN_WORKER_FROM {
                busy.set(true);
                wasm_bindgen_futures::spawn_local(async move {
                    // The job is built and sent in a task of its own (about 35 ms at 10,000
                    // applicants), not in the one that drew the step, and not at all once stale.
                    gloo_timers::future::TimeoutFuture::new(0).await;
                    if *latest.borrow() != request {
                        return;
                    }
                    let Some(job) = workflow.compose_job() else {
                        findings.set(Rc::new(Vec::new()));
                        busy.set(false);
                        return;
                    };
                    // Should the worker fail, the page works them out itself.
                    let found = match findings_of(job).await {
                        Ok(found) => found,
                        Err(_) => workflow.compose_job().map(|job| feasibility(&job)).unwrap_or_default(),
                    };
                    if *latest.borrow() == request {
                        findings.set(Rc::new(found));
                        busy.set(false);
                    }
                });
            } else {
                findings.set(Rc::new(workflow.compose_job().map(|job| feasibility(&job)).unwrap_or_default()));
                busy.set(false);
            }
        });
    }
    html! {
        <ul class="findings" data-testid="feasibility" aria-live="polite" aria-busy={busy.to_string()}>
            { for findings.iter().map(|finding| {
                let level = finding.level.label();
                html! { <li data-testid="finding" data-level={level} class={level}>{ &finding.message }</li> }
            }) }
        </ul>
    }
}

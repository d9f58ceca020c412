//! The feasibility notes under the rules, recomputed only when something they read changes, so
//! typing elsewhere stays fast.

use std::rc::Rc;

use yew::prelude::*;

use super::RulesProps;
use crate::compose::{Finding, feasibility};
use crate::web::by_address::ByAddress;

/// The live feasibility notes.
#[function_component]
pub(super) fn FeasibilityNotes(props: &RulesProps) -> Html {
    let workflow = &props.workflow;
    let source = workflow.source.as_ref();
    let findings: Rc<Vec<Finding>> = {
        let deps = (
            workflow.rules(),
            workflow.place_decisions.clone(),
            source.map(|s| ByAddress::of(&s.import)),
            source.map(|s| s.merged.clone()),
            workflow.gazetteer.is_some(),
        );
        let workflow = workflow.clone();
        use_memo(deps, move |_| workflow.compose_job().map(|job| feasibility(&job)).unwrap_or_default())
    };
    html! {
        <ul class="findings" data-testid="feasibility" aria-live="polite">
            { for findings.iter().map(|finding| {
                let level = finding.level.label();
                html! { <li data-testid="finding" data-level={level} class={level}>{ &finding.message }</li> }
            }) }
        </ul>
    }
}

//! What the import repaired or doubts, one entry per problem, each naming its record, line and
//! column; choosing one shows that record in the preview. Duplicates offer merge or keep both.

use yew::prelude::*;

use crate::import::ProblemKind;
use crate::model::RecordId;
use crate::web::by_address::WorkflowHandle;
use crate::workflow::Action;

/// Problems listed before the rest are folded away.
const SHOWN: usize = 50;

/// Props of [`ProblemList`].
#[derive(Properties, PartialEq)]
pub(crate) struct ProblemListProps {
    pub(crate) workflow: WorkflowHandle,
    pub(crate) on_action: Callback<Action>,
    /// Called with the record to show in the preview.
    pub(crate) on_focus: Callback<RecordId>,
}

/// The problem list.
#[function_component]
pub(crate) fn ProblemList(props: &ProblemListProps) -> Html {
    let show_all = use_state(|| false);
    let Some(source) = props.workflow.source.as_ref() else { return html! {} };
    let problems = &source.import.problems;
    if problems.is_empty() {
        return html! { <p class="all-clear" data-testid="problems-none">{ "No problems found: every record reads cleanly." }</p> };
    }
    let shown = if *show_all { problems.len() } else { SHOWN.min(problems.len()) };
    let on_show_all = {
        let show_all = show_all.clone();
        Callback::from(move |_: MouseEvent| show_all.set(true))
    };

    html! {
        <section class="problems" data-testid="problems" aria-label="Problems found">
            <h3>{ format!("{} problem{} found", problems.len(), if problems.len() == 1 { "" } else { "s" }) }</h3>
            <ul>
                { for problems.iter().take(shown).map(|problem| {
                    let position = match (problem.record, problem.line) {
                        (Some(record), Some(line)) => format!("record {record}, line {line}"),
                        (None, Some(line)) => format!("line {line}"),
                        _ => "whole file".to_owned(),
                    };
                    let where_ = match &problem.column {
                        Some(column) => format!("{position} · {column}"),
                        None => position,
                    };
                    let jump = problem.record.map(|record| {
                        let on_focus = props.on_focus.reform(move |_: MouseEvent| record);
                        html! { <button class="link" onclick={on_focus}>{ "show" }</button> }
                    });
                    let choice = problem.record.filter(|_| problem.kind == ProblemKind::DuplicateEmail).map(|record| {
                        let merged_here = source.merged.values().any(|&kept| kept == record);
                        let on_merge = props.on_action.reform(move |_: MouseEvent| Action::MergeDuplicates { keep: record, merge: !merged_here });
                        html! {
                            <button class="small" onclick={on_merge} data-testid="merge-duplicate">
                                { if merged_here { "Keep both" } else { "Merge, keeping this answer" } }
                            </button>
                        }
                    });
                    html! {
                        <li class={classes!("problem", format!("kind-{}", kind_class(problem.kind)))} data-testid="problem">
                            <span class="problem-where">{ where_ }</span>
                            <span class="problem-message">{ &problem.message }</span>
                            { for jump }
                            { for choice }
                        </li>
                    }
                }) }
            </ul>
            if shown < problems.len() {
                <button class="link" onclick={on_show_all}>{ format!("Show all {}", problems.len()) }</button>
            }
        </section>
    }
}

fn kind_class(kind: ProblemKind) -> &'static str {
    match kind {
        ProblemKind::Unreadable => "unreadable",
        ProblemKind::MissingName | ProblemKind::MissingEmail | ProblemKind::MalformedEmail => "contact",
        ProblemKind::DuplicateEmail => "duplicate",
        _ => "repaired",
    }
}

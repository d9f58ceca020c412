//! The steps at a glance: a bar that stays at the top of the page, one link per step that has
//! appeared, each with what is left to look at there (problems, unresolved places, people waiting),
//! so that the organizer can jump between steps instead of scrolling through all of them.

use yew::prelude::*;

use crate::places::PlaceStatus;
use crate::web::by_address::WorkflowHandle;

/// Props of [`StepNav`].
#[derive(Properties, PartialEq)]
pub(crate) struct StepNavProps {
    pub(crate) workflow: WorkflowHandle,
}

/// One step: its heading's id, its name, and what is open there (none when nothing is).
struct Step {
    anchor: &'static str,
    name: &'static str,
    open: Option<String>,
}

fn count(n: usize, one: &str, many: &str) -> Option<String> {
    match n {
        0 => None,
        1 => Some(format!("1 {one}")),
        n => Some(format!("{n} {many}")),
    }
}

/// The bar; nothing before a file is read.
#[function_component]
pub(crate) fn StepNav(props: &StepNavProps) -> Html {
    let workflow = &props.workflow;
    let Some(source) = workflow.source.as_ref() else { return html! {} };
    let mut steps = vec![
        Step {
            anchor: "step-import",
            name: "Applicants",
            open: count(source.import.problems.len(), "problem", "problems"),
        },
        Step { anchor: "step-columns", name: "Columns", open: None },
    ];
    if let Some(rows) = workflow.place_rows() {
        let unresolved: usize =
            rows.iter().filter(|row| row.status == PlaceStatus::Unresolved).map(|row| row.count).sum();
        steps.push(Step { anchor: "step-places", name: "Places", open: count(unresolved, "unresolved", "unresolved") });
    }
    if !source.import.records.is_empty() {
        steps.push(Step { anchor: "step-rules", name: "Rules", open: None });
    }
    if let Some(board) = workflow.board.as_ref() {
        steps.push(Step {
            anchor: "step-circles",
            name: "Circles",
            open: count(board.waitlist.len(), "waiting", "waiting"),
        });
        steps.push(Step { anchor: "step-send", name: "Send", open: None });
    }
    html! {
        <nav class="step-nav" aria-label="Steps" data-testid="step-nav">
            <ol>
                { for steps.into_iter().enumerate().map(|(index, step)| html! {
                    <li>
                        <a href={format!("#{}", step.anchor)} data-testid="step-link" data-step={step.anchor}>
                            <span class="nav-number">{ index + 1 }</span>
                            { step.name }
                            if let Some(open) = step.open {
                                <span class="step-open">{ format!(" · {open}") }</span>
                            }
                        </a>
                    </li>
                }) }
            </ol>
        </nav>
    }
}

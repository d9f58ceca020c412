//! The rules of step 4, every one editable, with the feasibility notes recomputed as the
//! organizer edits. One small component per fieldset; each sends `RuleEdit` messages, whose
//! meaning (defaults, what an empty metro list means) lives in the core.

mod column_rules;
mod findings;
mod match_rules;
mod people_rules;
mod place_rules;

use yew::prelude::*;

use crate::compose::RuleEdit;
use crate::model::ColumnRole;
use crate::web::by_address::WorkflowHandle;
use crate::workflow::Action;

/// Props of the rules editor and of each of its fieldsets.
#[derive(Properties, PartialEq)]
pub(crate) struct RulesProps {
    pub(crate) workflow: WorkflowHandle,
    pub(crate) on_action: Callback<Action>,
}

/// A callback that sends one rule edit built from an event.
pub(super) fn edit<E: 'static>(
    on_action: &Callback<Action>,
    make: impl Fn(E) -> Option<RuleEdit> + 'static,
) -> Callback<E> {
    let on_action = on_action.clone();
    Callback::from(move |event: E| {
        if let Some(edit) = make(event) {
            on_action.emit(Action::EditRules(edit));
        }
    })
}

/// Roles whose columns never make sense to spread, keep distinct or match.
pub(super) fn is_answer_column(role: ColumnRole) -> bool {
    !matches!(
        role,
        ColumnRole::Name
            | ColumnRole::FirstName
            | ColumnRole::LastName
            | ColumnRole::Email
            | ColumnRole::Notes
            | ColumnRole::Ignore
    )
}

/// The rules editor with live feasibility.
#[function_component]
pub(crate) fn RulesEditor(props: &RulesProps) -> Html {
    let workflow = &props.workflow;
    if workflow.source.is_none() {
        return html! {};
    }
    let on_action = &props.on_action;
    html! {
        <div class="rules-editor" data-testid="rules">
            <place_rules::PlaceRules workflow={workflow.clone()} on_action={on_action.clone()} />
            <column_rules::ColumnRules workflow={workflow.clone()} on_action={on_action.clone()} />
            <match_rules::MatchRules workflow={workflow.clone()} on_action={on_action.clone()} />
            <people_rules::PeopleRules workflow={workflow.clone()} on_action={on_action.clone()} />
            <div class="rules-actions">
                <button class="small" onclick={on_action.reform(|_: MouseEvent| Action::UndoRules)}
                    disabled={!workflow.rules_history.can_undo()} data-testid="undo-rules">{ "Undo" }</button>
                <button class="small" onclick={on_action.reform(|_: MouseEvent| Action::RedoRules)}
                    disabled={!workflow.rules_history.can_redo()} data-testid="redo-rules">{ "Redo" }</button>
                <button class="small" onclick={on_action.reform(|_: MouseEvent| Action::ResetRules)}
                    data-testid="reset-rules" disabled={workflow.rules_edited.is_none()}>
                    { "Back to suggested rules" }
                </button>
            </div>
            <findings::FeasibilityNotes workflow={workflow.clone()} on_action={on_action.clone()} />
        </div>
    }
}

//! Never isolate and share rules over identity answers: the rules set, and a form for a new one
//! that lists a column's answers with how many people gave each, counted as the rules match them.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::{RulesProps, edit, is_answer_column};
use crate::compose::{
    ColumnMatch, DEFAULT_NEVER_ISOLATE_K, NeverIsolateRule, RuleEdit, ShareRule, Strength, matches_label,
};
use crate::model::ColumnRole;
use crate::web::by_address::ByAddress;
use crate::workflow::Action;

/// The form for a new never-isolate or share rule.
#[derive(Clone, Debug, PartialEq)]
struct MatchDraft {
    column: String,
    values: Vec<String>,
    share: bool,
    k: u32,
    percent: u32,
    hard: bool,
}

impl Default for MatchDraft {
    fn default() -> Self {
        MatchDraft {
            column: String::new(),
            values: Vec::new(),
            share: false,
            k: DEFAULT_NEVER_ISOLATE_K,
            percent: 34,
            hard: true,
        }
    }
}

impl MatchDraft {
    /// The rule this form describes, if it names any answer.
    fn rule(&self, column: &str) -> Option<RuleEdit> {
        if self.values.is_empty() {
            return None;
        }
        let matches = vec![ColumnMatch { column: column.to_owned(), values: self.values.clone() }];
        let strength = if self.hard { Strength::Hard } else { Strength::preferred() };
        Some(if self.share {
            RuleEdit::AddShare(ShareRule { matches, at_least: f64::from(self.percent) / 100.0, strength })
        } else {
            RuleEdit::AddNeverIsolate(NeverIsolateRule { matches, k: self.k, strength })
        })
    }
}

/// The "Never isolate, share" fieldset: the rules set, and the form for a new one.
#[function_component]
pub(super) fn MatchRules(props: &RulesProps) -> Html {
    let rules = props.workflow.rules();
    let remove = |edit_of: fn(usize) -> RuleEdit, index: usize| {
        edit(&props.on_action, move |_: MouseEvent| Some(edit_of(index)))
    };
    html! {
        <fieldset>
            <legend>{ "Never isolate, share" }</legend>
            <ul class="match-rules">
                { for rules.never_isolate.iter().enumerate().map(|(index, rule)| html! {
                    <li data-testid="never-isolate-rule">
                        { format!("Never isolate {} — none or at least {} per circle ({})",
                            matches_label(&rule.matches), rule.k, rule.strength.label()) }
                        <button class="small" onclick={remove(RuleEdit::RemoveNeverIsolate, index)} aria-label="remove this rule">{ "Remove" }</button>
                    </li>
                }) }
                { for rules.share.iter().enumerate().map(|(index, rule)| html! {
                    <li data-testid="share-rule">
                        { format!("Share of {} at least {:.0} % in circles that have any ({})",
                            matches_label(&rule.matches), rule.at_least * 100.0, rule.strength.label()) }
                        <button class="small" onclick={remove(RuleEdit::RemoveShare, index)} aria-label="remove this rule">{ "Remove" }</button>
                    </li>
                }) }
            </ul>
            <MatchForm workflow={props.workflow.clone()} on_action={props.on_action.clone()} />
        </fieldset>
    }
}

/// The form for a new never-isolate or share rule: kind, column, k or share, strength, and the
/// column's answers with how many gave each.
#[function_component]
fn MatchForm(props: &RulesProps) -> Html {
    let workflow = &props.workflow;
    let draft = use_state(MatchDraft::default);
    let source = workflow.source.as_ref();
    let columns: Vec<&String> = source
        .map(|s| s.import.columns.iter().filter(|c| is_answer_column(c.role)).map(|c| &c.header).collect())
        .unwrap_or_default();
    // Until the organizer picks a column, the first identity column is the natural one, else the
    // first other answer than a location (whose thousands of spellings make a poor rule and a
    // long count).
    let column = if draft.column.is_empty() {
        let first = |wanted: &dyn Fn(ColumnRole) -> bool| {
            source.and_then(|s| s.import.columns.iter().find(|c| is_answer_column(c.role) && wanted(c.role)))
        };
        let identity = first(&|role| role == ColumnRole::Identity);
        let other = first(&|role| role != ColumnRole::Location);
        identity.or(other).map(|c| &c.header).or(columns.first().copied()).cloned().unwrap_or_default()
    } else {
        draft.column.clone()
    };
    // Counting a column's answers reads every record: only again when the column or data change.
    let answers = {
        let deps = (column.clone(), source.map(|s| (ByAddress::of(&s.import), s.merged.clone())));
        let workflow = workflow.clone();
        use_memo(deps, move |(column, _)| workflow.answers_of(column))
    };
    let update = |change: fn(&mut MatchDraft, String)| {
        let draft = draft.clone();
        Callback::from(move |event: Event| {
            let mut next = (*draft).clone();
            change(&mut next, event.target_unchecked_into::<HtmlSelectElement>().value());
            draft.set(next);
        })
    };
    let on_column = update(|d, column| *d = MatchDraft { column, values: Vec::new(), ..d.clone() });
    // Never-isolate is hard and share preferred unless the organizer says otherwise.
    let on_kind = update(|d, kind| {
        d.share = kind == "share";
        d.hard = !d.share;
    });
    let on_strength = update(|d, strength| d.hard = strength == "hard");
    let on_number = {
        let draft = draft.clone();
        Callback::from(move |event: Event| {
            let Ok(value) = event.target_unchecked_into::<HtmlInputElement>().value().trim().parse::<u32>() else {
                return;
            };
            let mut next = (*draft).clone();
            if next.share {
                next.percent = value.clamp(1, 100);
            } else {
                next.k = value.max(2);
            }
            draft.set(next);
        })
    };
    let toggle_value = |value: String| {
        let draft = draft.clone();
        Callback::from(move |event: Event| {
            let on = event.target_unchecked_into::<HtmlInputElement>().checked();
            let mut next = (*draft).clone();
            next.values.retain(|v| *v != value);
            if on {
                next.values.push(value.clone());
            }
            draft.set(next);
        })
    };
    let on_add = {
        let (draft, column, on_action) = (draft.clone(), column.clone(), props.on_action.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(rule) = draft.rule(&column) {
                on_action.emit(Action::EditRules(rule));
                draft.set(MatchDraft { values: Vec::new(), ..(*draft).clone() });
            }
        })
    };
    html! {
        <div class="match-form">
            <label>
                { "Rule" }
                <select onchange={on_kind} data-testid="match-kind">
                    <option value="never-isolate" selected={!draft.share}>{ "never isolate" }</option>
                    <option value="share" selected={draft.share}>{ "share at least" }</option>
                </select>
            </label>
            <label>
                { "Column" }
                <select onchange={on_column} data-testid="match-column">
                    { for columns.iter().map(|header| html! {
                        <option value={(*header).clone()} selected={**header == column}>{ *header }</option>
                    }) }
                </select>
            </label>
            <label>
                { if draft.share { "Share (%)" } else { "At least (k)" } }
                <input type="number" class="narrow" data-testid="match-number" onchange={on_number}
                    value={if draft.share { draft.percent.to_string() } else { draft.k.to_string() }} />
            </label>
            <label>
                { "Strength" }
                <select onchange={on_strength} data-testid="match-strength">
                    <option value="hard" selected={draft.hard}>{ Strength::Hard.label() }</option>
                    <option value="soft" selected={!draft.hard}>{ Strength::preferred().label() }</option>
                </select>
            </label>
            <div class="match-values">
                { for answers.iter().take(12).map(|(answer, count)| html! {
                    <label class="inline">
                        <input type="checkbox" data-testid="match-value" data-value={answer.clone()}
                            checked={draft.values.contains(answer)} onchange={toggle_value(answer.clone())} />
                        { format!("{answer} ({count})") }
                    </label>
                }) }
            </div>
            <button class="small" data-testid="add-match-rule" onclick={on_add} disabled={draft.values.is_empty()}>
                { "Add rule" }
            </button>
        </div>
    }
}

//! Availability and people: a common time from a multi-select column, pairs of earlier rounds kept
//! apart (from their roster CSV), and pairs kept together or apart by email.

use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::{RulesProps, edit};
use crate::compose::{PersonPair, RuleEdit, RuleKind};
use crate::export::circles_of_roster;
use crate::model::ColumnRole;
use crate::web::chosen_file::on_file_chosen;
use crate::workflow::Action;

/// "1 pair", "3 pairs".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Pairs as "a@x, b@y" lines; lines that do not read are returned apart.
fn read_pairs(text: &str) -> (Vec<PersonPair>, Vec<String>) {
    let mut pairs = Vec::new();
    let mut bad = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        match PersonPair::parse(line) {
            Ok(pair) => pairs.push(pair),
            Err(_) => bad.push(line.to_owned()),
        }
    }
    (pairs, bad)
}

fn pairs_text(pairs: &[PersonPair]) -> String {
    pairs.iter().map(|p| format!("{}, {}", p.a, p.b)).collect::<Vec<_>>().join("\n")
}

/// A textarea's callback: its pairs as one edit, and a notice for any line that is not a pair.
fn on_pairs(on_action: &Callback<Action>, edit_of: fn(Vec<PersonPair>) -> RuleEdit) -> Callback<Event> {
    let on_action = on_action.clone();
    Callback::from(move |event: Event| {
        let (pairs, bad) = read_pairs(&event.target_unchecked_into::<HtmlTextAreaElement>().value());
        if let Some(line) = bad.first() {
            on_action.emit(Action::ReportProblem(format!(
                "Line “{line}” is not two emails separated by a comma; that line was left out."
            )));
        }
        on_action.emit(Action::EditRules(edit_of(pairs)));
    })
}

/// Reads an earlier round's roster and keeps its pairs apart.
fn on_previous(on_action: &Callback<Action>) -> Callback<Event> {
    on_file_chosen(on_action, |name, bytes| match circles_of_roster(&bytes) {
        Ok(circles) => Action::EditRules(RuleEdit::AddEarlierRound(circles)),
        Err(error) => Action::ReportProblem(format!("{name}: {error}.")),
    })
}

/// The "Availability and people" fieldset.
#[function_component]
pub(super) fn PeopleRules(props: &RulesProps) -> Html {
    let workflow = &props.workflow;
    let rules = workflow.rules();
    let Some(source) = &workflow.source else { return html! {} };
    let on_availability = edit(&props.on_action, |event: Event| {
        let column = event.target_unchecked_into::<HtmlSelectElement>().value();
        Some(RuleEdit::Availability(Some(column).filter(|c| !c.is_empty())))
    });
    let on_availability_hard = edit(&props.on_action, |event: Event| {
        Some(RuleEdit::AvailabilityHard(event.target_unchecked_into::<HtmlInputElement>().checked()))
    });
    let on_forget_previous = edit(&props.on_action, |_: MouseEvent| Some(RuleEdit::Clear(RuleKind::NotAgain)));
    let earlier_pairs: usize = rules.not_again.iter().map(|c| c.len() * c.len().saturating_sub(1) / 2).sum();
    let availability_columns = source
        .import
        .columns
        .iter()
        .filter(|c| c.role == ColumnRole::Availability || c.separator.is_some())
        .map(|c| &c.header);
    let chosen = rules.availability.as_ref().map(|a| a.column.as_str());
    html! {
        <fieldset>
            <legend>{ "Availability and people" }</legend>
            <label class="inline">
                { "Members share a time from " }
                <select onchange={on_availability} data-testid="rule-availability">
                    <option value="" selected={chosen.is_none()}>{ "(no availability rule)" }</option>
                    { for availability_columns.map(|header| html! {
                        <option value={header.clone()} selected={chosen == Some(header.as_str())}>{ header }</option>
                    }) }
                </select>
            </label>
            if let Some(rule) = &rules.availability {
                <label class="inline">
                    <input type="checkbox" data-testid="rule-availability-hard" onchange={on_availability_hard}
                        checked={rule.strength.is_hard()} />
                    { "must hold (otherwise preferred)" }
                </label>
            }
            <div class="previous">
                <label class="file-button small">
                    { "Previous rounds (roster CSV)…" }
                    <input type="file" accept=".csv,text/csv" data-testid="previous-roster" onchange={on_previous(&props.on_action)} />
                </label>
                if rules.not_again.is_empty() {
                    <span class="hint">{ "Pairs who met in an earlier round are kept apart when possible." }</span>
                } else {
                    <span data-testid="previous-summary">
                        { format!("{}: {} avoided when possible. ",
                            count(rules.not_again.len(), "earlier circle", "earlier circles"), count(earlier_pairs, "pair", "pairs")) }
                    </span>
                    <button class="small" onclick={on_forget_previous}>{ "Forget them" }</button>
                }
            </div>
            <div class="pairs">
                <label>
                    { "Keep together (one pair of emails per line)" }
                    <textarea rows="2" data-testid="rule-together" onchange={on_pairs(&props.on_action, RuleEdit::Together)}
                        value={pairs_text(&rules.together)} />
                </label>
                <label>
                    { "Keep apart (one pair of emails per line)" }
                    <textarea rows="2" data-testid="rule-apart" onchange={on_pairs(&props.on_action, RuleEdit::Apart)}
                        value={pairs_text(&rules.apart)} />
                </label>
            </div>
        </fieldset>
    }
}

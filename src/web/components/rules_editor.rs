//! The rules of step 4, every one editable, with the feasibility notes recomputed as the
//! organizer edits: where circles meet, which columns to spread or keep distinct, never-isolate
//! and share rules over identity answers, common availability, and pairs kept together or apart.

use std::collections::BTreeMap;
use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::compose::{
    AvailabilityRule, ColumnMatch, DistinctRule, Finding, Level, NeverIsolateRule, PersonPair, Rules, ShareRule,
    SpreadRule, Strength, feasibility,
};
use crate::export::circles_of_roster;
use crate::import::ImportReport;
use crate::model::ColumnRole;
use crate::workflow::{Action, Workflow};

/// Props of [`RulesEditor`].
#[derive(Properties, PartialEq)]
pub(crate) struct RulesEditorProps {
    pub(crate) workflow: UseReducerHandle<Workflow>,
    pub(crate) on_action: Callback<Action>,
}

/// Roles whose columns never make sense to spread, keep distinct or match.
fn is_answer_column(role: ColumnRole) -> bool {
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

/// Each answer of a column (split on its separator) with how many people gave it, most common first.
fn answers_of(import: &ImportReport, header: &str) -> Vec<(String, usize)> {
    let Some(column) = import.columns.iter().find(|c| c.header == header) else { return Vec::new() };
    let mut counts: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for record in &import.records {
        for answer in column.answers(&record.fields[column.index]) {
            counts.entry(answer.to_lowercase()).or_insert_with(|| (answer.to_owned(), 0)).1 += 1;
        }
    }
    let mut answers: Vec<(String, usize)> = counts.into_values().collect();
    answers.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    answers
}

/// "1 pair", "3 pairs".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn strength_label(strength: Strength) -> &'static str {
    if strength.is_hard() { "must hold" } else { "preferred" }
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

/// The rules editor with live feasibility.
#[function_component]
pub(crate) fn RulesEditor(props: &RulesEditorProps) -> Html {
    let workflow = &props.workflow;
    let rules = workflow.rules();
    let source = workflow.source.as_ref();
    let import = source.map(|s| s.import.clone());
    let draft = use_state(|| MatchDraft {
        column: String::new(),
        values: Vec::new(),
        share: false,
        k: 2,
        percent: 34,
        hard: true,
    });

    // Recomputed only when something it reads changes, so typing elsewhere stays fast.
    let findings: Rc<Vec<Finding>> = {
        let deps = (
            rules.clone(),
            workflow.place_decisions.clone(),
            import.as_ref().map(|i| Rc::as_ptr(i) as usize),
            source.map(|s| s.merged.clone()),
            workflow.gazetteer.is_some(),
        );
        let workflow = workflow.clone();
        use_memo(deps, move |_| workflow.compose_job().map(|job| feasibility(&job)).unwrap_or_default())
    };
    let Some(import) = import else { return html! {} };

    let set = {
        let (on_action, rules) = (props.on_action.clone(), rules.clone());
        move |change: Box<dyn Fn(&mut Rules)>| {
            let mut next = rules.clone();
            change(&mut next);
            on_action.emit(Action::SetRules(next));
        }
    };
    let set = Rc::new(set);
    let columns: Vec<(String, ColumnRole)> =
        import.columns.iter().filter(|c| is_answer_column(c.role)).map(|c| (c.header.clone(), c.role)).collect();

    let on_in_person = {
        let set = set.clone();
        Callback::from(move |event: Event| {
            let checked = event.target_unchecked_into::<HtmlInputElement>().checked();
            set(Box::new(move |r| r.place.in_person = checked));
        })
    };
    let on_in_person_min = {
        let set = set.clone();
        Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<HtmlInputElement>().value();
            let min = value.trim().parse::<u32>().ok().filter(|m| *m > 0);
            set(Box::new(move |r| r.place.in_person_min = min));
        })
    };
    let metros: Vec<(String, usize)> = workflow.applicants_per_metro().map(|(m, _)| m).unwrap_or_default();
    let threshold = rules.place.in_person_min.unwrap_or(rules.size.min) as usize;
    let hosting: Vec<String> = metros.iter().filter(|(_, c)| *c >= threshold).map(|(m, _)| m.clone()).collect();
    let toggle_metro = |metro: String| {
        let (set, hosting) = (set.clone(), hosting.clone());
        Callback::from(move |event: Event| {
            let on = event.target_unchecked_into::<HtmlInputElement>().checked();
            let (metro, hosting) = (metro.clone(), hosting.clone());
            set(Box::new(move |r| {
                // An empty list means every metro with enough people; unticking one lists the rest.
                let mut allowed = if r.place.in_person_metros.is_empty() {
                    hosting.clone()
                } else {
                    r.place.in_person_metros.clone()
                };
                allowed.retain(|m| *m != metro);
                if on {
                    allowed.push(metro.clone());
                }
                let every = hosting.iter().all(|m| allowed.contains(m));
                // No metro ticked means no in-person circles, not "any metro".
                r.place.in_person = !allowed.is_empty();
                r.place.in_person_metros = if every || allowed.is_empty() { Vec::new() } else { allowed };
            }));
        })
    };
    let on_spread_hours = {
        let set = set.clone();
        Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<HtmlInputElement>().value();
            // Empty means any spread; anything else that is not 0–26 hours is ignored.
            let hours = match value.trim() {
                "" => None,
                text => match text.parse::<f64>() {
                    Ok(h) if (0.0..=26.0).contains(&h) => Some(h),
                    _ => return,
                },
            };
            set(Box::new(move |r| r.place.max_tz_spread_hours = hours));
        })
    };
    let toggle_spread = |header: String| {
        let set = set.clone();
        Callback::from(move |event: Event| {
            let on = event.target_unchecked_into::<HtmlInputElement>().checked();
            let header = header.clone();
            set(Box::new(move |r| {
                r.spread.retain(|s| s.column != header);
                if on {
                    r.spread.push(SpreadRule { column: header.clone(), weight: 1.0 });
                }
            }));
        })
    };
    let choose_distinct = |header: String| {
        let set = set.clone();
        Callback::from(move |event: Event| {
            let choice = event.target_unchecked_into::<HtmlSelectElement>().value();
            let header = header.clone();
            set(Box::new(move |r| {
                let strength = match choice.as_str() {
                    "hard" => Some(Strength::Hard),
                    "soft" => Some(Strength::Soft(4.0)),
                    _ => None,
                };
                match (r.distinct.iter_mut().find(|d| d.column == header), strength) {
                    (Some(rule), Some(strength)) => rule.strength = strength,
                    (None, Some(strength)) => r.distinct.push(DistinctRule { column: header.clone(), strength }),
                    (_, None) => r.distinct.retain(|d| d.column != header),
                }
            }));
        })
    };
    let on_spread_weight = |header: String| {
        let set = set.clone();
        Callback::from(move |event: Event| {
            let Ok(weight) = event.target_unchecked_into::<HtmlInputElement>().value().trim().parse::<f64>() else {
                return;
            };
            let header = header.clone();
            set(Box::new(move |r| {
                if let Some(rule) = r.spread.iter_mut().find(|s| s.column == header) {
                    rule.weight = weight.clamp(0.0, 100.0);
                }
            }));
        })
    };
    let on_availability = {
        let set = set.clone();
        Callback::from(move |event: Event| {
            let column = event.target_unchecked_into::<HtmlSelectElement>().value();
            set(Box::new(move |r| {
                r.availability = (!column.is_empty()).then(|| AvailabilityRule {
                    column: column.clone(),
                    strength: r.availability.as_ref().map_or(Strength::Soft(2.0), |a| a.strength),
                });
            }));
        })
    };
    let on_availability_hard = {
        let set = set.clone();
        Callback::from(move |event: Event| {
            let hard = event.target_unchecked_into::<HtmlInputElement>().checked();
            set(Box::new(move |r| {
                if let Some(rule) = &mut r.availability {
                    rule.strength = if hard { Strength::Hard } else { Strength::Soft(2.0) };
                }
            }));
        })
    };
    let on_pairs = |together: bool| {
        let (set, on_action) = (set.clone(), props.on_action.clone());
        Callback::from(move |event: Event| {
            let text = event.target_unchecked_into::<HtmlTextAreaElement>().value();
            let (pairs, bad) = read_pairs(&text);
            if let Some(line) = bad.first() {
                on_action.emit(Action::ReportProblem(format!(
                    "“{line}” is not two emails separated by a comma; that line was left out."
                )));
            }
            set(Box::new(move |r| {
                if together {
                    r.together = pairs.clone();
                } else {
                    r.apart = pairs.clone();
                }
            }));
        })
    };
    let remove_match_rule = |share: bool, index: usize| {
        let set = set.clone();
        Callback::from(move |_: MouseEvent| {
            set(Box::new(move |r| {
                if share {
                    r.share.remove(index);
                } else {
                    r.never_isolate.remove(index);
                }
            }));
        })
    };
    let on_reset = props.on_action.reform(|_: MouseEvent| Action::ResetRules);
    let on_previous = {
        let (set, on_action) = (set.clone(), props.on_action.clone());
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
            input.set_value("");
            let (set, on_action) = (set.clone(), on_action.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let name = file.name();
                let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await;
                let Ok(buffer) = buffer else {
                    on_action.emit(Action::ReportProblem(format!("The browser could not read {name}.")));
                    return;
                };
                match circles_of_roster(&js_sys::Uint8Array::new(&buffer).to_vec()) {
                    Ok(circles) => set(Box::new(move |r| r.not_again.extend(circles.iter().cloned()))),
                    Err(error) => on_action.emit(Action::ReportProblem(format!("{name}: {error}."))),
                }
            });
        })
    };
    let on_forget_previous = {
        let set = set.clone();
        Callback::from(move |_: MouseEvent| set(Box::new(|r| r.not_again.clear())))
    };
    let earlier_pairs: usize = rules.not_again.iter().map(|c| c.len() * c.len().saturating_sub(1) / 2).sum();

    // The new-rule form.
    let draft_column = if draft.column.is_empty() {
        import
            .columns
            .iter()
            .find(|c| c.role == ColumnRole::Identity)
            .or_else(|| import.columns.iter().find(|c| is_answer_column(c.role)))
            .map(|c| c.header.clone())
            .unwrap_or_default()
    } else {
        draft.column.clone()
    };
    let draft_answers = answers_of(&import, &draft_column);
    let on_draft_column = {
        let draft = draft.clone();
        Callback::from(move |event: Event| {
            let column = event.target_unchecked_into::<HtmlSelectElement>().value();
            draft.set(MatchDraft { column, values: Vec::new(), ..(*draft).clone() });
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
    let on_kind = {
        let draft = draft.clone();
        Callback::from(move |event: Event| {
            let share = event.target_unchecked_into::<HtmlSelectElement>().value() == "share";
            // Never-isolate is hard and share soft unless the organizer says otherwise.
            draft.set(MatchDraft { share, hard: !share, ..(*draft).clone() });
        })
    };
    let on_draft_hard = {
        let draft = draft.clone();
        Callback::from(move |event: Event| {
            let hard = event.target_unchecked_into::<HtmlSelectElement>().value() == "hard";
            draft.set(MatchDraft { hard, ..(*draft).clone() });
        })
    };
    let on_draft_number = {
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
    let on_add_rule = {
        let (set, draft, column) = (set.clone(), draft.clone(), draft_column.clone());
        Callback::from(move |_: MouseEvent| {
            if draft.values.is_empty() {
                return;
            }
            let matches = vec![ColumnMatch { column: column.clone(), values: draft.values.clone() }];
            let d = (*draft).clone();
            let strength = if d.hard { Strength::Hard } else { Strength::Soft(2.0) };
            set(Box::new(move |r| {
                if d.share {
                    r.share.push(ShareRule {
                        matches: matches.clone(),
                        at_least: f64::from(d.percent) / 100.0,
                        strength,
                    });
                } else {
                    r.never_isolate.push(NeverIsolateRule { matches: matches.clone(), k: d.k, strength });
                }
            }));
            draft.set(MatchDraft { values: Vec::new(), ..(*draft).clone() });
        })
    };

    let availability_columns: Vec<&String> = import
        .columns
        .iter()
        .filter(|c| c.role == ColumnRole::Availability || c.separator.is_some())
        .map(|c| &c.header)
        .collect();
    let spread_hours = rules.place.max_tz_spread_hours.map_or(String::new(), |h| h.to_string());

    html! {
        <div class="rules-editor" data-testid="rules">
            <fieldset>
                <legend>{ "Where circles meet" }</legend>
                <label class="inline">
                    <input type="checkbox" checked={rules.place.in_person} onchange={on_in_person} data-testid="rule-in-person" />
                    { "In person where a metro has at least " }
                    <input type="number" min="1" class="narrow" data-testid="rule-in-person-min"
                        value={rules.place.in_person_min.unwrap_or(rules.size.min).to_string()} onchange={on_in_person_min} />
                    { " applicants" }
                </label>
                if rules.place.in_person && !hosting.is_empty() {
                    <div class="metro-ticks">
                        { for metros.iter().filter(|(_, c)| *c >= threshold).map(|(metro, count)| html! {
                            <label class="inline">
                                <input type="checkbox" data-testid="rule-host-metro" data-metro={metro.clone()}
                                    checked={rules.place.may_host(metro)} onchange={toggle_metro(metro.clone())} />
                                { format!("{metro} ({count})") }
                            </label>
                        }) }
                    </div>
                }
                <label class="inline">
                    { "Video circles span at most " }
                    <input type="number" min="0" max="26" step="0.5" class="narrow" data-testid="rule-max-tz-spread"
                        value={spread_hours} onchange={on_spread_hours} placeholder="any" />
                    { " hours of time zones" }
                </label>
            </fieldset>
            <fieldset>
                <legend>{ "Mix and keep apart" }</legend>
                <table class="rule-columns">
                    <thead><tr><th>{ "Column" }</th><th>{ "Spread evenly" }</th><th>{ "Weight" }</th><th>{ "Never two alike" }</th></tr></thead>
                    <tbody>
                        { for columns.iter().map(|(header, role)| {
                            let spread = rules.spread.iter().find(|s| s.column == *header);
                            let distinct = rules.distinct.iter().find(|d| d.column == *header).map(|d| d.strength);
                            html! {
                                <tr>
                                    <td>{ header }<span class="hint">{ format!(" · {}", role.label()) }</span></td>
                                    <td><input type="checkbox" checked={spread.is_some()} data-testid="rule-spread" data-column={header.clone()}
                                        aria-label={format!("spread {header}")} onchange={toggle_spread(header.clone())} /></td>
                                    <td>
                                        if let Some(rule) = spread {
                                            <input type="number" class="narrow" min="0" step="0.5" value={rule.weight.to_string()}
                                                aria-label={format!("weight of spreading {header}")} data-testid="rule-spread-weight"
                                                onchange={on_spread_weight(header.clone())} />
                                        }
                                    </td>
                                    <td>
                                        <select data-testid="rule-distinct" data-column={header.clone()}
                                            aria-label={format!("never two alike in {header}")} onchange={choose_distinct(header.clone())}>
                                            <option value="" selected={distinct.is_none()}>{ "—" }</option>
                                            <option value="hard" selected={distinct.is_some_and(Strength::is_hard)}>{ "must hold" }</option>
                                            <option value="soft" selected={distinct.is_some_and(|s| !s.is_hard())}>{ "preferred" }</option>
                                        </select>
                                    </td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </fieldset>
            <fieldset>
                <legend>{ "Never isolate, share" }</legend>
                <ul class="match-rules">
                    { for rules.never_isolate.iter().enumerate().map(|(index, rule)| html! {
                        <li data-testid="never-isolate-rule">
                            { format!("Never isolate {} — none or at least {} per circle ({})",
                                rule.matches.iter().map(ToString::to_string).collect::<Vec<_>>().join(" or "), rule.k, strength_label(rule.strength)) }
                            <button class="small" onclick={remove_match_rule(false, index)} aria-label="remove this rule">{ "Remove" }</button>
                        </li>
                    }) }
                    { for rules.share.iter().enumerate().map(|(index, rule)| html! {
                        <li data-testid="share-rule">
                            { format!("Share of {} at least {:.0} % in circles that have any ({})",
                                rule.matches.iter().map(ToString::to_string).collect::<Vec<_>>().join(" or "), rule.at_least * 100.0, strength_label(rule.strength)) }
                            <button class="small" onclick={remove_match_rule(true, index)} aria-label="remove this rule">{ "Remove" }</button>
                        </li>
                    }) }
                </ul>
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
                        <select onchange={on_draft_column} data-testid="match-column">
                            { for columns.iter().map(|(header, _)| html! {
                                <option value={header.clone()} selected={*header == draft_column}>{ header }</option>
                            }) }
                        </select>
                    </label>
                    <label>
                        { if draft.share { "Share (%)" } else { "At least (k)" } }
                        <input type="number" class="narrow" data-testid="match-number" onchange={on_draft_number}
                            value={if draft.share { draft.percent.to_string() } else { draft.k.to_string() }} />
                    </label>
                    <label>
                        { "Strength" }
                        <select onchange={on_draft_hard} data-testid="match-strength">
                            <option value="hard" selected={draft.hard}>{ "must hold" }</option>
                            <option value="soft" selected={!draft.hard}>{ "preferred" }</option>
                        </select>
                    </label>
                    <div class="match-values">
                        { for draft_answers.iter().take(12).map(|(answer, count)| html! {
                            <label class="inline">
                                <input type="checkbox" data-testid="match-value" data-value={answer.clone()}
                                    checked={draft.values.contains(answer)} onchange={toggle_value(answer.clone())} />
                                { format!("{answer} ({count})") }
                            </label>
                        }) }
                    </div>
                    <button class="small" data-testid="add-match-rule" onclick={on_add_rule} disabled={draft.values.is_empty()}>
                        { "Add rule" }
                    </button>
                </div>
            </fieldset>
            <fieldset>
                <legend>{ "Availability and people" }</legend>
                <label class="inline">
                    { "Members share a time from " }
                    <select onchange={on_availability} data-testid="rule-availability">
                        <option value="" selected={rules.availability.is_none()}>{ "(no availability rule)" }</option>
                        { for availability_columns.iter().map(|header| html! {
                            <option value={(*header).clone()} selected={rules.availability.as_ref().is_some_and(|a| a.column == **header)}>{ *header }</option>
                        }) }
                    </select>
                </label>
                if rules.availability.is_some() {
                    <label class="inline">
                        <input type="checkbox" data-testid="rule-availability-hard" onchange={on_availability_hard}
                            checked={rules.availability.as_ref().is_some_and(|a| a.strength.is_hard())} />
                        { "must hold (otherwise preferred)" }
                    </label>
                }
                <div class="previous">
                    <label class="file-button small">
                        { "Previous rounds (roster CSV)…" }
                        <input type="file" accept=".csv,text/csv" data-testid="previous-roster" onchange={on_previous} />
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
                        <textarea rows="2" data-testid="rule-together" onchange={on_pairs(true)} value={pairs_text(&rules.together)} />
                    </label>
                    <label>
                        { "Keep apart (one pair of emails per line)" }
                        <textarea rows="2" data-testid="rule-apart" onchange={on_pairs(false)} value={pairs_text(&rules.apart)} />
                    </label>
                </div>
            </fieldset>
            <div class="rules-actions">
                <button class="small" onclick={props.on_action.reform(|_: MouseEvent| Action::UndoRules)}
                    disabled={workflow.rules_undo.is_empty()} data-testid="undo-rules">{ "Undo" }</button>
                <button class="small" onclick={props.on_action.reform(|_: MouseEvent| Action::RedoRules)}
                    disabled={workflow.rules_redo.is_empty()} data-testid="redo-rules">{ "Redo" }</button>
                <button class="small" onclick={on_reset} data-testid="reset-rules" disabled={workflow.rules_edited.is_none()}>
                    { "Back to suggested rules" }
                </button>
            </div>
            <ul class="findings" data-testid="feasibility" aria-live="polite">
                { for findings.iter().map(|finding| {
                    let level = match finding.level {
                        Level::Blocking => "blocking",
                        Level::Warning => "warning",
                        Level::Info => "info",
                    };
                    html! { <li data-testid="finding" data-level={level} class={level}>{ &finding.message }</li> }
                }) }
            </ul>
        </div>
    }
}

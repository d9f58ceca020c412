//! Where circles meet: in person in the metros that can fill their own circles (with a tick per
//! metro), otherwise by video within a time-zone spread; and whether applicants whose place is
//! unknown wait or join video circles anyway.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::{RulesProps, edit};
use crate::compose::{RuleEdit, UnresolvedPlaces};
use crate::model::ColumnRole;

/// The "Where circles meet" fieldset.
#[function_component]
pub(super) fn PlaceRules(props: &RulesProps) -> Html {
    let workflow = &props.workflow;
    let rules = workflow.rules();
    let on_in_person = edit(&props.on_action, |event: Event| {
        Some(RuleEdit::InPerson(event.target_unchecked_into::<HtmlInputElement>().checked()))
    });
    let on_in_person_min = edit(&props.on_action, |event: Event| {
        let value = event.target_unchecked_into::<HtmlInputElement>().value();
        Some(RuleEdit::InPersonMin(value.trim().parse::<u32>().ok()))
    });
    let on_spread_hours = edit(&props.on_action, |event: Event| {
        // Empty means any spread; a number outside 0–26 hours is ignored.
        match event.target_unchecked_into::<HtmlInputElement>().value().trim() {
            "" => Some(RuleEdit::MaxTzSpread(None)),
            text => {
                text.parse::<f64>().ok().filter(|h| (0.0..=26.0).contains(h)).map(|h| RuleEdit::MaxTzSpread(Some(h)))
            }
        }
    });
    let on_unresolved = edit(&props.on_action, |event: Event| {
        UnresolvedPlaces::named(&event.target_unchecked_into::<HtmlSelectElement>().value()).map(RuleEdit::Unresolved)
    });
    let has_location = workflow.source.as_ref().is_some_and(|s| s.import.column_with(ColumnRole::Location).is_some());
    let toggle_metro = |metro: String| {
        edit(&props.on_action, move |event: Event| {
            let host = event.target_unchecked_into::<HtmlInputElement>().checked();
            Some(RuleEdit::HostMetro { metro: metro.clone(), host })
        })
    };
    let threshold = rules.place.hosting_threshold(rules.size);
    let per_metro = workflow.applicants_per_metro().map(|(metros, _)| metros).unwrap_or_default();
    let eligible: Vec<&(String, usize)> = per_metro.iter().filter(|(_, count)| *count >= threshold).collect();
    let spread_hours = rules.place.max_tz_spread_hours.map_or(String::new(), |h| h.to_string());
    html! {
        <fieldset>
            <legend>{ "Where circles meet" }</legend>
            <label class="inline">
                <input type="checkbox" checked={rules.place.in_person} onchange={on_in_person} data-testid="rule-in-person" />
                { "In person where a metro has at least " }
                <input type="number" min="1" class="narrow" data-testid="rule-in-person-min"
                    value={threshold.to_string()} onchange={on_in_person_min} />
                { " applicants" }
            </label>
            if rules.place.in_person && !eligible.is_empty() {
                <div class="metro-ticks">
                    { for eligible.iter().map(|(metro, count)| html! {
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
            if has_location {
                <label class="inline">
                    { "Applicants whose place is unknown " }
                    <select data-testid="rule-unresolved" onchange={on_unresolved}>
                        <option value="wait" selected={rules.place.unresolved == UnresolvedPlaces::Wait}>
                            { "wait until you choose their place" }</option>
                        <option value="video" selected={rules.place.unresolved == UnresolvedPlaces::Video}>
                            { "join video circles anyway" }</option>
                    </select>
                </label>
            }
        </fieldset>
    }
}

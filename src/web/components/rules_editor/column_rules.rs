//! Mix and keep apart: per answer column, whether to spread it evenly (with a weight) and whether
//! two members may share an answer (must hold, preferred, or no rule).

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::{RulesProps, edit, is_answer_column};
use crate::compose::{PREFERRED_DISTINCT_WEIGHT, RuleEdit, Strength};

/// The "Mix and keep apart" fieldset.
#[function_component]
pub(super) fn ColumnRules(props: &RulesProps) -> Html {
    let workflow = &props.workflow;
    let rules = workflow.rules();
    let Some(source) = &workflow.source else { return html! {} };
    let toggle_spread = |column: String| {
        edit(&props.on_action, move |event: Event| {
            let on = event.target_unchecked_into::<HtmlInputElement>().checked();
            Some(RuleEdit::Spread { column: column.clone(), on })
        })
    };
    let on_weight = |column: String| {
        edit(&props.on_action, move |event: Event| {
            let weight = event.target_unchecked_into::<HtmlInputElement>().value().trim().parse::<f64>().ok()?;
            Some(RuleEdit::SpreadWeight { column: column.clone(), weight })
        })
    };
    let choose_distinct = |column: String| {
        edit(&props.on_action, move |event: Event| {
            let strength = match event.target_unchecked_into::<HtmlSelectElement>().value().as_str() {
                "hard" => Some(Strength::Hard),
                "soft" => Some(Strength::Soft(PREFERRED_DISTINCT_WEIGHT)),
                _ => None,
            };
            Some(RuleEdit::Distinct { column: column.clone(), strength })
        })
    };
    let columns = source.import.columns.iter().filter(|c| is_answer_column(c.role));
    html! {
        <fieldset>
            <legend>{ "Mix and keep apart" }</legend>
            <table class="rule-columns">
                <thead><tr><th>{ "Column" }</th><th>{ "Spread evenly" }</th><th>{ "Weight" }</th><th>{ "Never two alike" }</th></tr></thead>
                <tbody>
                    { for columns.map(|column| {
                        let header = &column.header;
                        let spread = rules.spread.iter().find(|s| s.column == *header);
                        let distinct = rules.distinct.iter().find(|d| d.column == *header).map(|d| d.strength);
                        html! {
                            <tr>
                                <td>{ header }<span class="hint">{ format!(" · {}", column.role.label()) }</span></td>
                                <td><input type="checkbox" checked={spread.is_some()} data-testid="rule-spread" data-column={header.clone()}
                                    aria-label={format!("spread {header}")} onchange={toggle_spread(header.clone())} /></td>
                                <td>
                                    if let Some(rule) = spread {
                                        <input type="number" class="narrow" min="0" step="0.5" value={rule.weight.to_string()}
                                            aria-label={format!("weight of spreading {header}")} data-testid="rule-spread-weight"
                                            onchange={on_weight(header.clone())} />
                                    }
                                </td>
                                <td>
                                    <select data-testid="rule-distinct" data-column={header.clone()}
                                        aria-label={format!("never two alike in {header}")} onchange={choose_distinct(header.clone())}>
                                        <option value="" selected={distinct.is_none()}>{ "—" }</option>
                                        <option value="hard" selected={distinct.is_some_and(Strength::is_hard)}>{ Strength::Hard.label() }</option>
                                        <option value="soft" selected={distinct.is_some_and(|s| !s.is_hard())}>{ Strength::preferred().label() }</option>
                                    </select>
                                </td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </fieldset>
    }
}

//! Step 3: where the applicants are. A bar chart of applicants per metro, a map, every distinct spelling
//! with its place, clusters of spellings to accept at once, and the organizer's overrides (another
//! city, a custom place, or set aside), with undo and redo.

mod chart;
mod clusters;
mod map;
mod place_editor;

use yew::prelude::*;

use crate::model::UtcOffset;
use crate::places::{PlaceChoice, PlaceRow, PlaceStatus};
use crate::web::by_address::WorkflowHandle;
use crate::workflow::Action;

/// Rows shown before "Show all": thousands of rows would make the page slow to draw.
const ROWS_SHOWN: usize = 200;

/// Props of [`PlacesPanel`].
#[derive(Properties, PartialEq)]
pub(crate) struct PlacesPanelProps {
    pub(crate) workflow: WorkflowHandle,
    pub(crate) on_action: Callback<Action>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Filter {
    All,
    Unresolved,
    Unsure,
}

impl Filter {
    fn shows(self, row: &PlaceRow) -> bool {
        match self {
            Filter::All => true,
            Filter::Unresolved => row.status == PlaceStatus::Unresolved,
            Filter::Unsure => row.status.needs_a_look(),
        }
    }
}

/// The places step.
#[function_component]
pub(crate) fn PlacesPanel(props: &PlacesPanelProps) -> Html {
    let filter = use_state(|| Filter::All);
    let show_all = use_state(|| false);
    let editing = use_state(|| None::<String>);
    let workflow = &props.workflow;
    let on_action = &props.on_action;

    let Some(rows) = workflow.place_rows() else {
        let message = if workflow.gazetteer.is_none() {
            "Loading the list of places…"
        } else if workflow.survey_wanted().is_some() {
            "Finding the places of the answers…"
        } else {
            "No column holds locations: give one the role \"location\" above."
        };
        return html! {
            <section class="step" aria-labelledby="step-places" data-testid="places">
                <h2 id="step-places"><span class="step-number">{ "3" }</span>{ "Places" }</h2>
                <p class="hint">{ message }</p>
            </section>
        };
    };
    let (per_metro, unresolved) = workflow.applicants_per_metro().unwrap_or_default();
    // A custom place keeps the time of its metro, taken from a spelling already placed there.
    let metros: Vec<(String, Option<i32>)> = per_metro
        .iter()
        .map(|(metro, _)| {
            let offset = rows.iter().find(|r| r.metro.as_deref() == Some(metro)).and_then(|r| r.utc_offset_minutes);
            (metro.clone(), offset)
        })
        .collect();
    let map_points = map::points_of(&rows);
    let zone_only: usize =
        rows.iter().filter(|r| r.metro.is_none() && r.utc_offset_minutes.is_some()).map(|r| r.count).sum();
    let set_filter = |value: Filter| {
        let filter = filter.clone();
        Callback::from(move |_: MouseEvent| filter.set(value))
    };
    let shown: Vec<&PlaceRow> = rows.iter().filter(|row| filter.shows(row)).collect();
    let count = |f: Filter| rows.iter().filter(|r| f.shows(r)).count();
    let hidden = if *show_all { 0 } else { shown.len().saturating_sub(ROWS_SHOWN) };
    let on_show_all = {
        let show_all = show_all.clone();
        Callback::from(move |_: MouseEvent| show_all.set(true))
    };
    let row_html = |row: &PlaceRow| -> Html {
        let on_edit = {
            let (editing, spelling) = (editing.clone(), row.raw.clone());
            Callback::from(move |_: MouseEvent| editing.set(Some(spelling.clone())))
        };
        let on_close = {
            let editing = editing.clone();
            Callback::from(move |()| editing.set(None))
        };
        let spelling = row.raw.clone();
        let on_set_aside = on_action.reform(move |_: MouseEvent| Action::ChoosePlace {
            spelling: spelling.clone(),
            choice: PlaceChoice::Unresolved,
        });
        let is_editing = editing.as_deref() == Some(row.raw.as_str());
        html! {
            <tr data-testid="place-row" data-spelling={row.raw.clone()} class={format!("status-{}", row.status.label())}>
                <td class="spelling">{ &row.raw }</td>
                <td class="count">{ row.count }</td>
                <td>{ row.place.clone().unwrap_or_else(|| "—".to_owned()) }</td>
                <td>{ row.metro.clone().unwrap_or_default() }</td>
                <td class="offset">{ row.utc_offset_minutes.map(|m| UtcOffset(m).to_string()).unwrap_or_default() }</td>
                <td><span class={classes!("status", row.status.label())} title={row.reason.clone()}>{ row.status.label() }</span></td>
                <td class="place-actions">
                    <button class="link" onclick={on_edit} data-testid="change-place">{ "Change" }</button>
                    if row.status != PlaceStatus::Unresolved {
                        <button class="link" onclick={on_set_aside}>{ "Set aside" }</button>
                    }
                    if is_editing {
                        <place_editor::PlaceEditor spelling={row.raw.clone()} metro={row.metro.clone()} metros={metros.clone()}
                            gazetteer={workflow.gazetteer.as_ref().map(|g| g.0.clone())} on_action={on_action.clone()} {on_close} />
                    }
                </td>
            </tr>
        }
    };
    // Only clusters that would change something: a member is unresolved or not certain.
    let needing_a_look: std::collections::BTreeSet<&str> =
        rows.iter().filter(|r| r.status.needs_a_look()).map(|r| r.raw.as_str()).collect();
    let unsure = |spelling: &String| needing_a_look.contains(spelling.as_str());
    let clusters: Vec<Vec<String>> = workflow
        .places
        .as_ref()
        .map(|report| report.clusters.iter().filter(|cluster| cluster.iter().any(unsure)).cloned().collect())
        .unwrap_or_default();
    html! {
        <section class="step" aria-labelledby="step-places" data-testid="places">
            <h2 id="step-places"><span class="step-number">{ "3" }</span>{ "Places" }</h2>
            <p class="hint">{ "Where the applicants are, from the place list bundled with the app: no location leaves this page." }</p>
            <div class="places-top">
                <chart::MetroChart metros={per_metro.clone()} {unresolved} />
                <map::PlacesMap points={map_points} metros={per_metro.iter().map(|(m, _)| m.clone()).collect::<Vec<_>>()} {zone_only} {unresolved} />
                <div class="undo-redo">
                    <button onclick={on_action.reform(|_: MouseEvent| Action::UndoPlaces)} disabled={!workflow.place_history.can_undo()} data-testid="undo-places">{ "Undo" }</button>
                    <button onclick={on_action.reform(|_: MouseEvent| Action::RedoPlaces)} disabled={!workflow.place_history.can_redo()} data-testid="redo-places">{ "Redo" }</button>
                </div>
            </div>
            <clusters::Clusters {clusters} on_action={on_action.clone()} />
            <div class="filters" role="group" aria-label="Show">
                <button class={classes!((*filter == Filter::All).then_some("active"))} onclick={set_filter(Filter::All)}>{ format!("All ({})", rows.len()) }</button>
                <button class={classes!((*filter == Filter::Unresolved).then_some("active"))} onclick={set_filter(Filter::Unresolved)} data-testid="filter-unresolved">
                    { format!("Unresolved ({})", count(Filter::Unresolved)) }
                </button>
                <button class={classes!((*filter == Filter::Unsure).then_some("active"))} onclick={set_filter(Filter::Unsure)}>
                    { format!("Needs a look ({})", count(Filter::Unsure)) }
                </button>
            </div>
            <div class="table-scroll places-scroll" tabindex="0" aria-label="Place list">
                <table class="places">
                    <thead><tr><th>{ "Spelling" }</th><th>{ "People" }</th><th>{ "Place" }</th><th>{ "Metro" }</th><th>{ "Time" }</th><th>{ "Status" }</th><th><span class="visually-hidden">{ "Change" }</span></th></tr></thead>
                    <tbody>{ for shown.into_iter().take(if *show_all { usize::MAX } else { ROWS_SHOWN }).map(row_html) }</tbody>
                </table>
            </div>
            if hidden > 0 {
                <button class="link" onclick={on_show_all}>{ format!("Show {hidden} more spellings") }</button>
            }
        </section>
    }
}

//! Step 3: where the applicants are. A bar chart of applicants per metro, a map, every distinct spelling
//! with its place, clusters of spellings to accept at once, and the organizer's overrides (another
//! city, a custom place, or set aside), with undo and redo.

mod chart;
mod clusters;
mod map;
mod place_editor;

use yew::prelude::*;

use crate::model::UtcOffset;
use crate::places::{PlaceChoice, PlaceRow, PlaceStatus, PlacesReport};
use crate::web::by_address::{ByAddress, WorkflowHandle};
use crate::web::in_tasks::{use_a_task_after, use_drawn_in_slices};
use crate::workflow::Action;

/// Rows shown before "Show all": thousands of rows would make the page slow to draw.
const ROWS_SHOWN: usize = 200;

/// Rows drawn at once, then per task: drawing 200 rows at once took 50–80 ms at 10,000 distinct
/// answers. Most files have fewer spellings than the first slice, and see them all at once.
const FIRST_ROWS: usize = 100;
const ROWS_PER_TASK: usize = 50;

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

    // A new survey is drawn a task after it arrives: reading it in and drawing it were one task of
    // 60–70 ms at 10,000 distinct answers.
    let survey = workflow.places.as_ref().map(ByAddress::of);
    let survey_drawn = use_a_task_after(survey.clone());
    let rows = workflow.place_rows().filter(|_| survey_drawn);
    // Worked out once per survey and set of decisions, not on every draw of the page.
    let view =
        use_memo((rows.as_ref().map(ByAddress::of), workflow.places.as_ref().map(ByAddress::of)), |(rows, places)| {
            rows.as_ref().map(|rows| PlacesView::new(&rows.0, places.as_ref().map(|p| &*p.0)))
        });
    // Rows follow a slice per task, from the first slice for a new survey or filter (a decision
    // keeps what is drawn, so that the row just changed stays where it was).
    let total = rows.as_ref().map_or(0, |rows| if *show_all { rows.len() } else { rows.len().min(ROWS_SHOWN) });
    let drawn = use_drawn_in_slices(FIRST_ROWS, ROWS_PER_TASK, total, (survey, *filter));
    let (Some(rows), Some(view)) = (rows, view.as_ref()) else {
        let message = if workflow.gazetteer.is_none() {
            "Loading the list of places…"
        } else if workflow.survey_wanted().is_some() {
            "Finding the places of the answers…"
        } else if workflow.places.is_some() {
            "Drawing the places…"
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
    let PlacesView { per_metro, unresolved, metros, map_points, zone_only, clusters } = view.clone();
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
                    <tbody>{ for shown.into_iter().take(drawn).map(row_html) }</tbody>
                </table>
            </div>
            if hidden > 0 {
                <button class="link" onclick={on_show_all}>{ format!("Show {hidden} more spellings") }</button>
            }
        </section>
    }
}

/// What the step shows besides its rows, worked out from the rows and the survey.
#[derive(Clone)]
struct PlacesView {
    /// Applicants per metro, largest first.
    per_metro: Vec<(String, usize)>,
    unresolved: usize,
    /// Each metro with the time of a spelling placed there: a custom place keeps its metro's time.
    metros: Vec<(String, Option<i32>)>,
    map_points: Vec<map::MapPoint>,
    /// Applicants whose answer names only a time zone.
    zone_only: usize,
    /// Clusters that would change something: a member is unresolved or not certain.
    clusters: Vec<Vec<String>>,
}

impl PlacesView {
    fn new(rows: &[PlaceRow], report: Option<&PlacesReport>) -> PlacesView {
        let mut counts: std::collections::BTreeMap<&str, (usize, Option<i32>)> = std::collections::BTreeMap::new();
        let (mut unresolved, mut zone_only) = (0, 0);
        for row in rows {
            match (&row.metro, row.utc_offset_minutes) {
                (Some(metro), offset) => {
                    counts.entry(metro).or_insert((0, offset)).0 += row.count;
                }
                (None, Some(_)) => zone_only += row.count,
                (None, None) => unresolved += row.count,
            }
        }
        let mut per_metro: Vec<(String, usize)> = counts.iter().map(|(m, (n, _))| ((*m).to_owned(), *n)).collect();
        per_metro.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let metros = per_metro.iter().map(|(m, _)| (m.clone(), counts[m.as_str()].1)).collect();
        let needing_a_look: std::collections::BTreeSet<&str> =
            rows.iter().filter(|r| r.status.needs_a_look()).map(|r| r.raw.as_str()).collect();
        let clusters = report
            .map(|report| {
                report
                    .clusters
                    .iter()
                    .filter(|cluster| cluster.iter().any(|s| needing_a_look.contains(s.as_str())))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        PlacesView { per_metro, unresolved, metros, map_points: map::points_of(rows), zone_only, clusters }
    }
}

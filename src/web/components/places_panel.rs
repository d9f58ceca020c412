//! Step 3: where the applicants are. A bar chart of applicants per metro, every distinct spelling
//! with its place, clusters of spellings to accept at once, and the organizer's overrides (another
//! city, a custom place, or set aside), with undo and redo.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::model::UtcOffset;
use crate::places::{CityId, CustomPlace, PlaceChoice, PlaceRow, PlaceStatus};
use crate::workflow::{Action, Workflow};

/// Metros shown as bars; the rest are summed in one bar.
const CHART_BARS: usize = 10;
/// Rows shown before "Show all": thousands of rows would make the page slow to draw.
const ROWS_SHOWN: usize = 200;
/// Cities offered when searching for a place.
const SEARCH_RESULTS: usize = 8;

/// Props of [`PlacesPanel`].
#[derive(Properties, PartialEq)]
pub(crate) struct PlacesPanelProps {
    pub(crate) workflow: UseReducerHandle<Workflow>,
    pub(crate) on_action: Callback<Action>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Filter {
    All,
    Unresolved,
    Unsure,
}

/// The places step.
#[function_component]
pub(crate) fn PlacesPanel(props: &PlacesPanelProps) -> Html {
    let filter = use_state(|| Filter::All);
    let show_all = use_state(|| false);
    let editing = use_state(|| None::<String>);
    let query = use_state(String::new);
    let custom_metro = use_state(String::new);
    let custom_coordinates = use_state(String::new);
    // Spellings the organizer unticked in a cluster: "not the same place as the others".
    let left_out = use_state(std::collections::BTreeSet::<String>::new);
    let workflow = &props.workflow;
    let on_action = &props.on_action;

    let Some(rows) = workflow.place_rows() else {
        let message = if workflow.gazetteer.is_some() {
            "No column holds locations: give one the role \"location\" above."
        } else {
            "Loading the list of places…"
        };
        return html! {
            <section class="step" aria-labelledby="step-places" data-testid="places">
                <h2 id="step-places"><span class="step-number">{ "3" }</span>{ "Places" }</h2>
                <p class="hint">{ message }</p>
            </section>
        };
    };
    let gazetteer = workflow.gazetteer.as_ref().map(|g| g.0.clone());
    let report = workflow.places.clone();
    let metros: Vec<String> =
        workflow.applicants_per_metro().map(|(m, _)| m.into_iter().map(|(name, _)| name).collect()).unwrap_or_default();
    // A custom place keeps the time of its metro, taken from a spelling already placed there.
    let offset_of_metro =
        |metro: &str| rows.iter().find(|r| r.metro.as_deref() == Some(metro)).and_then(|r| r.utc_offset_minutes);

    let chart = workflow.applicants_per_metro().map(|(metros, unresolved)| {
        let mut bars: Vec<(String, usize)> = metros.iter().take(CHART_BARS).cloned().collect();
        let rest: usize = metros.iter().skip(CHART_BARS).map(|(_, n)| n).sum();
        if rest > 0 {
            bars.push((format!("{} other metros", metros.len() - CHART_BARS), rest));
        }
        if unresolved > 0 {
            bars.push(("Unresolved".to_owned(), unresolved));
        }
        let most = bars.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1);
        let (row_height, label_width, bar_width) = (22, 210, 360);
        let height = bars.len() * row_height + 4;
        html! {
            <svg class="metro-chart" data-testid="places-chart" role="img" width={(label_width + bar_width + 50).to_string()} height={height.to_string()}
                viewBox={format!("0 0 {} {height}", label_width + bar_width + 50)}>
                <title>{ "Applicants per metro" }</title>
                { for bars.iter().enumerate().map(|(index, (metro, count))| {
                    let y = index * row_height + 2;
                    let width = (count * bar_width).div_ceil(most);
                    html! {
                        <g class={classes!((metro == "Unresolved").then_some("unresolved"))}>
                            <text x={(label_width - 8).to_string()} y={(y + 15).to_string()} text-anchor="end">{ metro }</text>
                            <rect x={label_width.to_string()} y={(y + 3).to_string()} width={width.to_string()} height={(row_height - 6).to_string()} rx="3" />
                            <text x={(label_width + width + 6).to_string()} y={(y + 15).to_string()}>{ count }</text>
                        </g>
                    }
                }) }
            </svg>
        }
    });

    let set_filter = |value: Filter| {
        let filter = filter.clone();
        Callback::from(move |_: MouseEvent| filter.set(value))
    };
    let shown: Vec<&PlaceRow> = rows
        .iter()
        .filter(|row| match *filter {
            Filter::All => true,
            Filter::Unresolved => row.status == PlaceStatus::Unresolved,
            Filter::Unsure => row.status.needs_a_look(),
        })
        .collect();
    let count = |f: fn(&PlaceRow) -> bool| rows.iter().filter(|r| f(r)).count();
    let hidden = if *show_all { 0 } else { shown.len().saturating_sub(ROWS_SHOWN) };
    let on_show_all = {
        let show_all = show_all.clone();
        Callback::from(move |_: MouseEvent| show_all.set(true))
    };

    let row_html = |row: &PlaceRow| -> Html {
        let spelling = row.raw.clone();
        let is_editing = editing.as_deref() == Some(row.raw.as_str());
        let on_edit = {
            let (editing, query, spelling) = (editing.clone(), query.clone(), spelling.clone());
            Callback::from(move |_: MouseEvent| {
                query.set(String::new());
                editing.set(Some(spelling.clone()));
            })
        };
        let on_set_aside = {
            let spelling = spelling.clone();
            on_action.reform(move |_: MouseEvent| Action::ChoosePlace {
                spelling: spelling.clone(),
                choice: PlaceChoice::Unresolved,
            })
        };
        let editor = is_editing.then(|| {
            let on_query = {
                let query = query.clone();
                Callback::from(move |event: InputEvent| query.set(event.target_unchecked_into::<HtmlInputElement>().value()))
            };
            let on_close = {
                let editing = editing.clone();
                Callback::from(move |_: MouseEvent| editing.set(None))
            };
            let matches: Vec<CityId> = gazetteer.as_ref().map(|g| g.search(&query, SEARCH_RESULTS)).unwrap_or_default();
            let chosen_metro = if custom_metro.is_empty() {
                row.metro.clone().or_else(|| metros.first().cloned()).unwrap_or_default()
            } else {
                (*custom_metro).clone()
            };
            let coordinates = parse_coordinates(&custom_coordinates);
            let custom_ready = !query.trim().is_empty() && !chosen_metro.is_empty() && coordinates.is_ok();
            let on_custom = {
                let (editing, query, spelling, on_action) = (editing.clone(), query.clone(), spelling.clone(), on_action.clone());
                let place = CustomPlace {
                    name: (*query).trim().to_owned(),
                    metro: chosen_metro.clone(),
                    coordinates: coordinates.clone().ok().flatten(),
                    utc_offset_minutes: offset_of_metro(&chosen_metro),
                };
                Callback::from(move |_: MouseEvent| {
                    on_action.emit(Action::AddCustomPlace { place: place.clone(), spellings: vec![spelling.clone()] });
                    editing.set(None);
                })
            };
            let on_metro = {
                let custom_metro = custom_metro.clone();
                Callback::from(move |event: Event| custom_metro.set(event.target_unchecked_into::<web_sys::HtmlSelectElement>().value()))
            };
            let on_coordinates = {
                let custom_coordinates = custom_coordinates.clone();
                Callback::from(move |event: InputEvent| custom_coordinates.set(event.target_unchecked_into::<HtmlInputElement>().value()))
            };
            html! {
                <div class="place-editor">
                    <input placeholder="Search for a city…" value={(*query).clone()} oninput={on_query} data-testid="place-search"
                        aria-label={format!("Another place for \"{}\"", spelling)} />
                    <ul>
                        { for matches.into_iter().map(|city| {
                            let gazetteer = gazetteer.clone().expect("search needs the gazetteer");
                            let label = format!("{}, {} · {}", gazetteer.name(city), gazetteer.country_code(city), gazetteer.metro(city));
                            let (editing, spelling) = (editing.clone(), spelling.clone());
                            let reference = gazetteer.reference(city);
                            let choose = on_action.reform(move |_: MouseEvent| {
                                editing.set(None);
                                Action::ChoosePlace { spelling: spelling.clone(), choice: PlaceChoice::City(reference.clone()) }
                            });
                            html! { <li><button class="link" onclick={choose} data-testid="place-option">{ label }</button></li> }
                        }) }
                    </ul>
                    if !query.trim().is_empty() {
                        <fieldset class="custom-place">
                            <legend>{ format!("Or add \"{}\" as a place of its own", query.trim()) }</legend>
                            <label>
                                { "in the metro " }
                                <select onchange={on_metro} data-testid="custom-metro">
                                    { for metros.iter().map(|m| html! { <option value={m.clone()} selected={*m == chosen_metro}>{ m }</option> }) }
                                </select>
                            </label>
                            <label>
                                { "at (optional) " }
                                <input placeholder="37.78, -122.40" value={(*custom_coordinates).clone()} oninput={on_coordinates} size="16"
                                    aria-invalid={coordinates.is_err().to_string()} />
                            </label>
                            if let Err(problem) = &coordinates {
                                <span class="error">{ problem }</span>
                            }
                            <button class="small" onclick={on_custom} disabled={!custom_ready} data-testid="add-custom-place">{ "Add place" }</button>
                        </fieldset>
                    }
                    <button class="link" onclick={on_close}>{ "Close" }</button>
                </div>
            }
        });
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
                    { for editor }
                </td>
            </tr>
        }
    };

    // Only clusters that would change something: a member is unresolved or not certain.
    let unsure = |spelling: &String| rows.iter().any(|r| &r.raw == spelling && r.status.needs_a_look());
    let clusters: Vec<Vec<String>> = report
        .map(|report| report.clusters.iter().filter(|cluster| cluster.iter().any(unsure)).cloned().collect())
        .unwrap_or_default();
    html! {
        <section class="step" aria-labelledby="step-places" data-testid="places">
            <h2 id="step-places"><span class="step-number">{ "3" }</span>{ "Places" }</h2>
            <p class="hint">{ "Where the applicants are, from the place list bundled with the app: no location leaves this page." }</p>
            <div class="places-top">
                { for chart }
                <div class="undo-redo">
                    <button onclick={on_action.reform(|_: MouseEvent| Action::UndoPlaces)} disabled={!workflow.place_history.can_undo()} data-testid="undo-places">{ "Undo" }</button>
                    <button onclick={on_action.reform(|_: MouseEvent| Action::RedoPlaces)} disabled={!workflow.place_history.can_redo()} data-testid="redo-places">{ "Redo" }</button>
                </div>
            </div>
            if !clusters.is_empty() {
                <div class="clusters">
                    <h3>{ "Spellings that look alike" }</h3>
                    <p class="hint">{ "Untick a spelling that is not the same place, then accept the rest." }</p>
                    <ul>
                        { for clusters.into_iter().map(|cluster| {
                            let chosen: Vec<String> = cluster.iter().filter(|s| !left_out.contains(*s)).cloned().collect();
                            let accept = on_action.reform(move |_: MouseEvent| Action::AcceptCluster(chosen.clone()));
                            let ready = cluster.iter().filter(|s| !left_out.contains(*s)).count() >= 2;
                            html! {
                                <li data-testid="cluster">
                                    { for cluster.iter().map(|spelling| {
                                        let toggle = {
                                            let (left_out, spelling) = (left_out.clone(), spelling.clone());
                                            Callback::from(move |_: Event| {
                                                let mut next = (*left_out).clone();
                                                if !next.remove(&spelling) {
                                                    next.insert(spelling.clone());
                                                }
                                                left_out.set(next);
                                            })
                                        };
                                        html! {
                                            <label class="cluster-spelling">
                                                <input type="checkbox" checked={!left_out.contains(spelling)} onchange={toggle} />
                                                { spelling }
                                            </label>
                                        }
                                    }) }
                                    <button class="small" onclick={accept} disabled={!ready} data-testid="accept-cluster">{ "Same place" }</button>
                                </li>
                            }
                        }) }
                    </ul>
                </div>
            }
            <div class="filters" role="group" aria-label="Show">
                <button class={classes!((*filter == Filter::All).then_some("active"))} onclick={set_filter(Filter::All)}>{ format!("All ({})", rows.len()) }</button>
                <button class={classes!((*filter == Filter::Unresolved).then_some("active"))} onclick={set_filter(Filter::Unresolved)} data-testid="filter-unresolved">
                    { format!("Unresolved ({})", count(|r| r.status == PlaceStatus::Unresolved)) }
                </button>
                <button class={classes!((*filter == Filter::Unsure).then_some("active"))} onclick={set_filter(Filter::Unsure)}>
                    { format!("Needs a look ({})", count(|r| r.status.needs_a_look())) }
                </button>
            </div>
            <div class="table-scroll">
                <table class="places">
                    <thead><tr><th>{ "Spelling" }</th><th>{ "People" }</th><th>{ "Place" }</th><th>{ "Metro" }</th><th>{ "Time" }</th><th>{ "Status" }</th><th></th></tr></thead>
                    <tbody>{ for shown.into_iter().take(if *show_all { usize::MAX } else { ROWS_SHOWN }).map(row_html) }</tbody>
                </table>
            </div>
            if hidden > 0 {
                <button class="link" onclick={on_show_all}>{ format!("Show {hidden} more spellings") }</button>
            }
        </section>
    }
}

/// "lat, lon" in degrees, or nothing; says what is wrong otherwise.
fn parse_coordinates(text: &str) -> Result<Option<(f64, f64)>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let bad = || "Write the coordinates as latitude, longitude, for example 37.78, -122.40.".to_owned();
    let (lat, lon) = text.split_once(',').ok_or_else(bad)?;
    let (lat, lon): (f64, f64) = (lat.trim().parse().map_err(|_| bad())?, lon.trim().parse().map_err(|_| bad())?);
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return Err("Latitude is between −90 and 90, longitude between −180 and 180.".to_owned());
    }
    Ok(Some((lat, lon)))
}

//! Another place for one spelling: a search of the bundled place list, or a place of the
//! organizer's own (a campus, a transit stop) in one of the metros, with optional coordinates.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::places::{CityId, CustomPlace, Gazetteer, PlaceChoice};
use crate::workflow::Action;

/// Cities offered when searching for a place.
const SEARCH_RESULTS: usize = 8;

/// Props of [`PlaceEditor`].
#[derive(Properties)]
pub(super) struct PlaceEditorProps {
    /// The spelling being given a place.
    pub(super) spelling: String,
    /// Its metro now, if any: the first choice for a place of the organizer's own.
    pub(super) metro: Option<String>,
    /// Every metro of the applicants, largest first, each with its UTC offset when known.
    pub(super) metros: Vec<(String, Option<i32>)>,
    pub(super) gazetteer: Option<Rc<Gazetteer>>,
    pub(super) on_action: Callback<Action>,
    pub(super) on_close: Callback<()>,
}

impl PartialEq for PlaceEditorProps {
    fn eq(&self, other: &Self) -> bool {
        self.spelling == other.spelling
            && self.metro == other.metro
            && self.metros == other.metros
            && self.gazetteer.as_ref().map(Rc::as_ptr) == other.gazetteer.as_ref().map(Rc::as_ptr)
            && self.on_action == other.on_action
            && self.on_close == other.on_close
    }
}

/// The search and the custom-place form under a spelling.
#[function_component]
pub(super) fn PlaceEditor(props: &PlaceEditorProps) -> Html {
    let query = use_state(String::new);
    let custom_metro = use_state(String::new);
    let custom_coordinates = use_state(String::new);
    let spelling = &props.spelling;
    let on_query = {
        let query = query.clone();
        Callback::from(move |event: InputEvent| query.set(event.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let matches: Vec<CityId> = props.gazetteer.as_ref().map(|g| g.search(&query, SEARCH_RESULTS)).unwrap_or_default();
    let chosen_metro = if custom_metro.is_empty() {
        props.metro.clone().or_else(|| props.metros.first().map(|(m, _)| m.clone())).unwrap_or_default()
    } else {
        (*custom_metro).clone()
    };
    let coordinates = parse_coordinates(&custom_coordinates);
    let custom_ready = !query.trim().is_empty() && !chosen_metro.is_empty() && coordinates.is_ok();
    let on_custom = {
        // A custom place keeps the time of its metro.
        let place = CustomPlace {
            name: (*query).trim().to_owned(),
            metro: chosen_metro.clone(),
            coordinates: coordinates.clone().ok().flatten(),
            utc_offset_minutes: props.metros.iter().find(|(m, _)| *m == chosen_metro).and_then(|(_, o)| *o),
        };
        let (spelling, on_action, on_close) = (spelling.clone(), props.on_action.clone(), props.on_close.clone());
        Callback::from(move |_: MouseEvent| {
            on_action.emit(Action::AddCustomPlace { place: place.clone(), spellings: vec![spelling.clone()] });
            on_close.emit(());
        })
    };
    let on_metro = {
        let custom_metro = custom_metro.clone();
        Callback::from(move |event: Event| custom_metro.set(event.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let on_coordinates = {
        let custom_coordinates = custom_coordinates.clone();
        Callback::from(move |event: InputEvent| {
            custom_coordinates.set(event.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    let option = |city: CityId| {
        let gazetteer = props.gazetteer.clone().expect("search needs the gazetteer");
        let label = format!("{}, {} · {}", gazetteer.name(city), gazetteer.country_code(city), gazetteer.metro(city));
        let (on_close, spelling, reference) = (props.on_close.clone(), spelling.clone(), gazetteer.reference(city));
        let choose = props.on_action.reform(move |_: MouseEvent| {
            on_close.emit(());
            Action::ChoosePlace { spelling: spelling.clone(), choice: PlaceChoice::City(reference.clone()) }
        });
        html! { <li><button class="link" onclick={choose} data-testid="place-option">{ label }</button></li> }
    };
    html! {
        <div class="place-editor">
            <input placeholder="Search for a city…" value={(*query).clone()} oninput={on_query} data-testid="place-search"
                aria-label={format!("Another place for \"{spelling}\"")} />
            <ul>{ for matches.into_iter().map(option) }</ul>
            if !query.trim().is_empty() {
                <fieldset class="custom-place">
                    <legend>{ format!("Or add \"{}\" as a place of its own", query.trim()) }</legend>
                    <label>
                        { "in the metro " }
                        <select onchange={on_metro} data-testid="custom-metro">
                            { for props.metros.iter().map(|(m, _)| html! { <option value={m.clone()} selected={*m == chosen_metro}>{ m }</option> }) }
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
            <button class="link" onclick={props.on_close.reform(|_: MouseEvent| ())}>{ "Close" }</button>
        </div>
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

//! Where the applicants are, as a picture: an SVG scatter on a simple projection (equirectangular,
//! its width corrected for the latitude), one dot per place sized by its applicants and coloured
//! by metro, with those who gave only a time zone or no place counted apart. No map tiles: the
//! picture is drawn here, from the coordinates the page already has.

use std::collections::BTreeMap;

use yew::prelude::*;

use crate::places::PlaceRow;

/// The picture's width in SVG units.
const WIDTH: f64 = 640.0;
/// Metros named in the legend, largest first.
const LEGEND: usize = 6;

/// One place on the map.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct MapPoint {
    /// What the dot's tooltip says.
    pub(super) label: String,
    /// Its metro, which gives the colour.
    pub(super) metro: String,
    /// Latitude, longitude.
    pub(super) at: (f64, f64),
    /// Applicants there.
    pub(super) count: usize,
}

/// Spellings of one place shown in a dot's tooltip; the others are counted.
const SPELLINGS_NAMED: usize = 3;

/// One dot per place (not per spelling: 10,000 distinct answers name far fewer places, and each
/// dot is an element to draw), its tooltip naming the spellings, most common first.
pub(super) fn points_of(rows: &[PlaceRow]) -> Vec<MapPoint> {
    let mut places: BTreeMap<(String, i64, i64), (Vec<&str>, usize)> = BTreeMap::new();
    for row in rows {
        let (Some(metro), Some(at)) = (&row.metro, row.coordinates) else { continue };
        // Coordinates to a metre or so: the same gazetteer entry gives the same numbers.
        let key = (metro.clone(), (at.0 * 1e5).round() as i64, (at.1 * 1e5).round() as i64);
        let (spellings, count) = places.entry(key).or_default();
        spellings.push(&row.raw);
        *count += row.count;
    }
    places
        .into_iter()
        .map(|((metro, lat, lon), (spellings, count))| {
            let more = spellings.len().saturating_sub(SPELLINGS_NAMED);
            let mut label = spellings.iter().take(SPELLINGS_NAMED).copied().collect::<Vec<_>>().join(", ");
            if more > 0 {
                label.push_str(&format!(" and {more} more"));
            }
            MapPoint { label, metro, at: (lat as f64 / 1e5, lon as f64 / 1e5), count }
        })
        .collect()
}

/// Props of [`PlacesMap`].
#[derive(Properties, PartialEq)]
pub(super) struct PlacesMapProps {
    /// The places with coordinates.
    pub(super) points: Vec<MapPoint>,
    /// Metros, largest first (their order gives the colours).
    pub(super) metros: Vec<String>,
    /// Applicants who gave a time zone and no place.
    pub(super) zone_only: usize,
    /// Applicants whose place is unknown.
    pub(super) unresolved: usize,
}

/// A metro's colour: hues a golden angle apart, so neighbours in size differ.
fn colour(metros: &[String], metro: &str) -> String {
    let index = metros.iter().position(|m| m == metro).unwrap_or(metros.len());
    format!("hsl({:.0} 62% 44%)", (index as f64 * 137.508) % 360.0)
}

/// The dots' extent, padded, in degrees: (west, east, south, north).
fn extent(points: &[MapPoint]) -> (f64, f64, f64, f64) {
    let lons = points.iter().map(|p| p.at.1);
    let lats = points.iter().map(|p| p.at.0);
    let (mut west, mut east) = (lons.clone().fold(180.0, f64::min) - 4.0, lons.fold(-180.0, f64::max) + 4.0);
    let (mut south, mut north) = (lats.clone().fold(90.0, f64::min) - 4.0, lats.fold(-90.0, f64::max) + 4.0);
    // Never closer than a region's width, so that one city is not a dot alone in a void.
    if east - west < 30.0 {
        let middle = (east + west) / 2.0;
        (west, east) = (middle - 15.0, middle + 15.0);
    }
    if north - south < 15.0 {
        let middle = (north + south) / 2.0;
        (south, north) = (middle - 7.5, middle + 7.5);
    }
    (west.max(-180.0), east.min(180.0), south.max(-85.0), north.min(85.0))
}

/// The map.
#[function_component]
pub(super) fn PlacesMap(props: &PlacesMapProps) -> Html {
    if props.points.is_empty() {
        return html! {};
    }
    let (west, east, south, north) = extent(&props.points);
    let shrink = ((south + north) / 2.0).to_radians().cos().max(0.2);
    let scale = WIDTH / ((east - west) * shrink);
    let height = ((north - south) * scale).clamp(120.0, 420.0);
    let x = |lon: f64| (lon - west) * shrink * scale;
    let y = |lat: f64| (north - lat) * (height / (north - south));
    let step = if east - west > 120.0 { 30.0 } else { 10.0 };
    let meridians = (((west / step).ceil() as i32)..=((east / step).floor() as i32)).map(|i| f64::from(i) * step);
    let parallels = (((south / step).ceil() as i32)..=((north / step).floor() as i32)).map(|i| f64::from(i) * step);
    let people: usize = props.points.iter().map(|p| p.count).sum();
    let label = format!("Map of {people} applicants in {} places", props.points.len());
    html! {
        <figure class="places-map" data-testid="places-map">
            <svg viewBox={format!("0 0 {WIDTH} {height:.0}")} role="img" aria-label={label}>
                <rect width={WIDTH.to_string()} height={format!("{height:.0}")} class="map-sea" />
                { for meridians.map(|lon| html! { <line class="map-grid" x1={format!("{:.1}", x(lon))} x2={format!("{:.1}", x(lon))} y1="0" y2={format!("{height:.0}")} /> }) }
                { for parallels.map(|lat| html! { <line class="map-grid" y1={format!("{:.1}", y(lat))} y2={format!("{:.1}", y(lat))} x1="0" x2={WIDTH.to_string()} /> }) }
                { for props.points.iter().map(|point| html! {
                    <circle data-testid="map-point" cx={format!("{:.1}", x(point.at.1))} cy={format!("{:.1}", y(point.at.0))}
                        r={format!("{:.1}", 2.5 + (point.count as f64).sqrt() * 1.8)} fill={colour(&props.metros, &point.metro)} fill-opacity="0.75">
                        <title>{ format!("{} · {} ({})", point.label, point.metro, point.count) }</title>
                    </circle>
                }) }
            </svg>
            <figcaption class="hint">
                { for props.metros.iter().take(LEGEND).map(|metro| html! {
                    <span class="map-key">
                        // A presentation attribute, not a style: the page's CSP forbids inline styles.
                        <svg class="swatch" viewBox="0 0 10 10" aria-hidden="true"><circle cx="5" cy="5" r="5" fill={colour(&props.metros, metro)} /></svg>
                        { metro }
                    </span>
                }) }
                if props.zone_only > 0 { <span data-testid="map-zone-only">{ format!(" · {} with a time zone only", props.zone_only) }</span> }
                if props.unresolved > 0 { <span data-testid="map-unresolved">{ format!(" · {} whose place is unknown", props.unresolved) }</span> }
            </figcaption>
        </figure>
    }
}

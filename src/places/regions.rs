//! Colloquial regions: the names locals give to parts of a metro ("East Bay", "Puget Sound",
//! "the Main Line", "Lower Mainland") and to regions wider than any metro ("SoCal", "Pacific
//! Northwest", "New England").
//!
//! A region inside one metro resolves to a city in it, its representative point; a name several
//! metros use ("South Bay", "North Shore") lists each, and the survey sends it to the metro where
//! the column's other applicants are. A region wider than a metro gives its time zone only,
//! "a region, not a city": enough for a video circle, never an in-person one.
//!
//! Curated from local usage, not from any service; each entry names the city that stands for it
//! by its GeoNames name, country and first-level region code. A test checks that every one is in
//! the gazetteer.

use super::zones::ZoneChoice;
use super::{CityId, CityRef, Gazetteer, fold};

/// The city standing for a region: its GeoNames name, country and first-level region code.
type Anchor = (&'static str, &'static str, &'static str);

/// Regions inside one metro (or shared by a few metros, each with its city), by their folded
/// names.
const METRO_REGIONS: &[(&[&str], &[Anchor])] = &[
    // San Francisco Bay Area
    (&["east bay"], &[("Oakland", "US", "CA")]),
    (&["south bay"], &[("San Jose", "US", "CA"), ("Torrance", "US", "CA")]),
    (&["peninsula", "the peninsula", "sf peninsula", "mid peninsula", "midpeninsula"], &[("San Mateo", "US", "CA")]),
    (&["north bay", "marin", "marin county", "sonoma county"], &[("Santa Rosa", "US", "CA")]),
    (&["tri valley", "tri-valley"], &[("Pleasanton", "US", "CA")]),
    // Los Angeles
    (&["orange county", "the oc", "oc"], &[("Irvine", "US", "CA")]),
    (&["san fernando valley", "the valley", "sfv"], &[("Van Nuys", "US", "CA")]),
    (&["san gabriel valley", "sgv"], &[("Pasadena", "US", "CA")]),
    (&["inland empire"], &[("Riverside", "US", "CA")]),
    (&["westside", "la westside"], &[("Santa Monica", "US", "CA")]),
    // Seattle
    (&["puget sound", "eastside", "seattle eastside"], &[("Seattle", "US", "WA")]),
    // Portland, Vancouver
    (&["lower mainland", "metro vancouver"], &[("Vancouver", "CA", "02")]),
    // New York
    (
        &["tri state area", "tri-state area", "tristate area", "tri-state", "tri state"],
        &[("New York City", "US", "NY")],
    ),
    (&["long island"], &[("Hempstead", "US", "NY")]),
    (&["westchester", "westchester county"], &[("White Plains", "US", "NY")]),
    (&["north jersey", "northern new jersey"], &[("Newark", "US", "NJ")]),
    // Washington, DC
    (&["nova", "northern virginia", "n virginia"], &[("Arlington", "US", "VA")]),
    // Philadelphia
    (&["main line", "the main line"], &[("Philadelphia", "US", "PA")]),
    // Boston, Chicago, and a name both use
    (&["metrowest"], &[("Framingham", "US", "MA")]),
    (&["north shore"], &[("Evanston", "US", "IL"), ("Lynn", "US", "MA")]),
    (&["chicagoland"], &[("Chicago", "US", "IL")]),
    // Miami
    (&["south florida", "sofla", "so fla"], &[("Miami", "US", "FL")]),
    // Houston, Dallas–Fort Worth
    (&["metroplex", "the metroplex"], &[("Dallas", "US", "TX")]),
    // Paris, London
    (&["ile de france", "ile-de-france", "idf"], &[("Paris", "FR", "11")]),
];

/// Regions wider than any metro: (names, the time zone most of it keeps).
const WIDE_REGIONS: &[(&[&str], ZoneChoice)] = &[
    (&["southern california", "socal", "so cal"], PACIFIC),
    (&["northern california", "norcal", "nor cal"], PACIFIC),
    (&["pacific northwest", "pnw"], PACIFIC),
    (&["west coast", "us west coast"], PACIFIC),
    (&["east coast", "us east coast"], EASTERN),
    (&["new england"], EASTERN),
    (
        &["midwest", "the midwest", "us midwest"],
        ZoneChoice { time_zone: Some("America/Chicago"), standard: -360, summer: -300 },
    ),
    (&["randstad"], ZoneChoice { time_zone: Some("Europe/Amsterdam"), standard: 60, summer: 120 }),
    (
        &["home counties", "south east england", "southeast england"],
        ZoneChoice { time_zone: Some("Europe/London"), standard: 0, summer: 60 },
    ),
];

const PACIFIC: ZoneChoice = ZoneChoice { time_zone: Some("America/Los_Angeles"), standard: -480, summer: -420 };
const EASTERN: ZoneChoice = ZoneChoice { time_zone: Some("America/New_York"), standard: -300, summer: -240 };

/// The cities standing for a region inside a metro, when `answer` names one (a name several
/// metros use gives one city for each).
pub(super) fn region_cities(gazetteer: &Gazetteer, answer: &str) -> Option<Vec<CityId>> {
    let name = fold(answer);
    let name = name.strip_prefix("greater ").unwrap_or(&name);
    let (_, cities) = METRO_REGIONS.iter().find(|(names, _)| names.contains(&name))?;
    let found: Vec<CityId> = cities
        .iter()
        .filter_map(|&(name, country, region)| {
            gazetteer.find(&CityRef { name: name.to_owned(), country: country.to_owned(), region: region.to_owned() })
        })
        .collect();
    (!found.is_empty()).then_some(found)
}

/// The time zone of a region wider than any metro, when `answer` names one.
pub(super) fn wide_region(answer: &str) -> Option<ZoneChoice> {
    let name = fold(answer);
    WIDE_REGIONS.iter().find(|(names, _)| names.contains(&name.as_str())).map(|(_, zone)| *zone)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::places::GAZETTEER_TEXT;

    #[test]
    fn every_region_stands_on_a_city_of_the_gazetteer() {
        let gazetteer = Gazetteer::parse(GAZETTEER_TEXT).unwrap();
        for (names, cities) in METRO_REGIONS {
            for &(name, country, region) in *cities {
                let reference =
                    CityRef { name: name.to_owned(), country: country.to_owned(), region: region.to_owned() };
                assert!(
                    gazetteer.find(&reference).is_some(),
                    "{names:?}: {name}, {country} {region} is not in the gazetteer"
                );
            }
        }
    }
}

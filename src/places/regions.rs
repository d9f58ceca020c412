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

use super::zones::{ATLANTIC, CENTRAL, CENTRAL_EUROPE, EASTERN, JAPAN, MOUNTAIN, PACIFIC, UK, ZoneChoice};
use super::{CityId, CityRef, Gazetteer};

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
    (&["wine country", "napa valley"], &[("Napa", "US", "CA")]),
    // Los Angeles, San Diego
    (&["orange county", "the oc", "oc"], &[("Irvine", "US", "CA")]),
    (&["san fernando valley", "sfv"], &[("Van Nuys", "US", "CA")]),
    (&["the valley"], &[("Van Nuys", "US", "CA"), ("Phoenix", "US", "AZ")]),
    (&["san gabriel valley", "sgv"], &[("Pasadena", "US", "CA")]),
    (&["inland empire"], &[("Riverside", "US", "CA")]),
    (&["westside", "la westside", "the westside"], &[("Santa Monica", "US", "CA")]),
    (&["east county"], &[("El Cajon", "US", "CA")]),
    // Seattle, Portland, Vancouver
    (&["puget sound", "eastside", "seattle eastside"], &[("Seattle", "US", "WA")]),
    (&["south sound"], &[("Tacoma", "US", "WA")]),
    (&["lower mainland", "metro vancouver"], &[("Vancouver", "CA", "02")]),
    (&["tri cities", "tri-cities"], &[("Coquitlam", "CA", "02")]),
    (&["fraser valley"], &[("Abbotsford", "CA", "02")]),
    // New York
    (
        &["tri state area", "tri-state area", "tristate area", "tri-state", "tri state"],
        &[("New York City", "US", "NY")],
    ),
    (&["five boroughs", "the five boroughs", "outer boroughs"], &[("New York City", "US", "NY")]),
    (&["long island"], &[("Hempstead", "US", "NY")]),
    (&["westchester", "westchester county"], &[("White Plains", "US", "NY")]),
    (&["north jersey", "northern new jersey", "northern nj", "nnj", "n nj"], &[("Newark", "US", "NJ")]),
    // Washington, DC
    (&["nova", "northern virginia", "n virginia"], &[("Arlington", "US", "VA")]),
    (&["moco", "suburban maryland"], &[("Rockville", "US", "MD")]),
    (&["pg county", "prince georges"], &[("Bowie", "US", "MD")]),
    // Philadelphia
    (&["main line", "the main line"], &[("Philadelphia", "US", "PA")]),
    (&["south jersey", "southern new jersey", "southern nj"], &[("Camden", "US", "NJ")]),
    (&["delco", "montco", "bucks county", "bucks"], &[("Philadelphia", "US", "PA")]),
    // Boston, Chicago, Montréal, Sydney: shores several metros have
    (&["metrowest"], &[("Framingham", "US", "MA")]),
    (
        &["north shore"],
        &[("Evanston", "US", "IL"), ("Lynn", "US", "MA"), ("Sydney", "AU", "02"), ("North Vancouver", "CA", "02")],
    ),
    (&["south shore"], &[("Quincy", "US", "MA"), ("Longueuil", "CA", "10")]),
    (&["chicagoland", "south side", "the south side"], &[("Chicago", "US", "IL")]),
    // Miami, Atlanta
    (&["south florida", "sofla", "so fla"], &[("Miami", "US", "FL")]),
    (&["itp", "otp", "inside the perimeter", "outside the perimeter"], &[("Atlanta", "US", "GA")]),
    // Houston, Dallas–Fort Worth, Phoenix
    (&["metroplex", "the metroplex"], &[("Dallas", "US", "TX")]),
    (&["mid cities", "mid-cities"], &[("Arlington", "US", "TX")]),
    (&["east valley"], &[("Mesa", "US", "AZ")]),
    (&["west valley"], &[("Glendale", "US", "AZ")]),
    (&["valley of the sun"], &[("Phoenix", "US", "AZ")]),
    // Research Triangle, Norfolk
    (&["triangle", "the triangle", "triangle area"], &[("Raleigh", "US", "NC")]),
    (&["hampton roads", "tidewater"], &[("Norfolk", "US", "VA")]),
    // Toronto, Montréal
    (&["york region"], &[("Markham", "CA", "08")]),
    (&["peel", "peel region", "the 905"], &[("Mississauga", "CA", "08")]),
    (&["halton", "halton region"], &[("Oakville", "CA", "08")]),
    (&["durham region"], &[("Oshawa", "CA", "08")]),
    (&["the 416"], &[("Toronto", "CA", "08")]),
    (&["rive sud", "rive-sud"], &[("Longueuil", "CA", "10")]),
    (&["rive nord", "rive-nord"], &[("Terrebonne", "CA", "10")]),
    (&["west island"], &[("Dollard-Des Ormeaux", "CA", "10")]),
    // London, and East London, South Africa
    (
        &["north london", "south london", "west london", "central london", "zone 1", "zone 2", "the city of london"],
        &[("London", "GB", "ENG")],
    ),
    (&["east london"], &[("London", "GB", "ENG"), ("East London", "ZA", "05")]),
    // Paris, Amsterdam
    (
        &["ile de france", "ile-de-france", "idf", "region parisienne", "banlieue parisienne", "petite couronne"],
        &[("Paris", "FR", "11")],
    ),
    (&["hauts de seine"], &[("Nanterre", "FR", "11")]),
    (&["seine saint denis"], &[("Saint-Denis", "FR", "11")]),
    (&["val de marne"], &[("Créteil", "FR", "11")]),
    // Sydney and Melbourne share a name
    (&["eastern suburbs"], &[("Sydney", "AU", "02"), ("Melbourne", "AU", "07")]),
    (&["western sydney", "greater western sydney"], &[("Parramatta", "AU", "02")]),
    // São Paulo, Mexico City
    (&["abc paulista", "grande abc"], &[("Santo André", "BR", "27")]),
    (&["valle de mexico", "zona metropolitana del valle de mexico", "zmvm"], &[("Mexico City", "MX", "09")]),
];

/// Regions wider than any metro: (names, the time zone most of it keeps).
const WIDE_REGIONS: &[(&[&str], ZoneChoice)] = &[
    (&["southern california", "socal", "so cal"], PACIFIC),
    (&["northern california", "norcal", "nor cal"], PACIFIC),
    (&["pacific northwest", "pnw"], PACIFIC),
    (&["west coast", "us west coast"], PACIFIC),
    (&["east coast", "us east coast"], EASTERN),
    (&["new england", "upstate new york", "upstate ny", "upstate", "hudson valley", "mid atlantic"], EASTERN),
    (&["atlantic canada", "the maritimes", "maritimes"], ATLANTIC),
    (&["front range", "wasatch front", "mountain west"], MOUNTAIN),
    (&["kanto", "kansai"], JAPAN),
    (&["midwest", "the midwest", "us midwest"], CENTRAL),
    (&["randstad"], ZoneChoice::named("Europe/Amsterdam", 60, 120)),
    (
        &[
            "ruhr",
            "ruhr area",
            "ruhrgebiet",
            "dach",
            "benelux",
            "bavaria",
            "bayern",
            "catalonia",
            "catalunya",
            "tuscany",
            "provence",
            "brittany",
            "normandy",
            "andalusia",
            "lombardy",
        ],
        CENTRAL_EUROPE,
    ),
    (
        &[
            "home counties",
            "south east england",
            "southeast england",
            "the midlands",
            "midlands",
            "yorkshire",
            "scottish highlands",
        ],
        UK,
    ),
];

/// The cities standing for a region inside a metro, when the folded answer `name` names one (a name several
/// metros use gives one city for each).
pub(super) fn region_cities(gazetteer: &Gazetteer, name: &str) -> Option<Vec<CityId>> {
    let name = name.strip_prefix("greater ").unwrap_or(name);
    let (_, cities) = METRO_REGIONS.iter().find(|(names, _)| names.contains(&name))?;
    let found: Vec<CityId> = cities
        .iter()
        .filter_map(|&(name, country, region)| {
            gazetteer.find(&CityRef { name: name.to_owned(), country: country.to_owned(), region: region.to_owned() })
        })
        .collect();
    (!found.is_empty()).then_some(found)
}

/// The cities standing for a US county inside a metro, from the folded answer `name` ("san mateo
/// county", "montgomery county md", or "contra costa" when no place has that name): one for each state that has a
/// county of the name inside a metro, narrowed by a state named after it.
pub(super) fn county_cities(gazetteer: &Gazetteer, name: &str) -> Option<Vec<CityId>> {
    let words: Vec<&str> = name.split(' ').collect();
    // "Co." is not read as county: "X, CO" is Colorado.
    let (county, state) = match words.iter().position(|w| *w == "county") {
        Some(at) if at > 0 => (words[..at].join(" "), words[at + 1..].join(" ")),
        // A bare name is a county only when no place or alias has it.
        _ if gazetteer.named(name).is_empty() && gazetteer.alias(name).is_none() => (name.to_owned(), String::new()),
        _ => return None,
    };
    let states: Vec<&str> = gazetteer.regions_of_key(&state).iter().map(|(_, code)| code.as_str()).collect();
    let prefix = format!("us county {county} county ");
    let mut found: Vec<CityId> = Vec::new();
    for (key, cities) in gazetteer.codes_starting_with(&prefix) {
        let key_state = &key[prefix.len()..];
        let in_state = states.is_empty() || states.iter().any(|s| s.eq_ignore_ascii_case(key_state));
        if in_state && (state.is_empty() || !states.is_empty()) {
            for &city in cities {
                if !found.contains(&city) {
                    found.push(city);
                }
            }
        }
    }
    (!found.is_empty()).then_some(found)
}

/// The time zone of a region wider than any metro, when the folded answer `name` names one.
pub(super) fn wide_region(name: &str) -> Option<ZoneChoice> {
    WIDE_REGIONS.iter().find(|(names, _)| names.contains(&name)).map(|(_, zone)| *zone)
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

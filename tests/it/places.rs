//! Places: the bundled gazetteer reads, metros follow the documented rule, and real-world spellings
//! resolve within 60 km of the truth, never wrongly (tests/data/places/truth.csv).

use circle_composer::places::{GAZETTEER_TEXT, Gazetteer, fold, great_circle_km, resolve};

fn gazetteer() -> Gazetteer {
    Gazetteer::parse(GAZETTEER_TEXT).expect("the bundled gazetteer reads")
}

/// Resolved beyond this from the truth counts as wrong.
const TRUTH_KM: f64 = 60.0;

#[test]
fn truth_table() {
    let gazetteer = gazetteer();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/places/truth.csv");
    let mut reader = csv::Reader::from_path(path).unwrap();
    let (mut total, mut right, mut wrong, mut unresolved) = (0, 0, Vec::new(), Vec::new());
    for row in reader.records() {
        let row = row.unwrap();
        let (spelling, lat, lon): (&str, f64, f64) = (&row[0], row[3].parse().unwrap(), row[4].parse().unwrap());
        total += 1;
        let resolution = resolve(&gazetteer, spelling);
        match resolution.city {
            Some(city) => {
                let (city_lat, city_lon) = gazetteer.coordinates(city);
                let km = great_circle_km(lat, lon, city_lat, city_lon);
                if km <= TRUTH_KM {
                    right += 1;
                } else {
                    wrong.push(format!(
                        "{spelling:?} → {}, {} ({km:.0} km off; {})",
                        gazetteer.name(city),
                        gazetteer.country_code(city),
                        resolution.reason
                    ));
                }
            }
            None => unresolved.push(format!("{spelling:?} ({}): {}", &row[5], resolution.reason)),
        }
    }
    let share = right as f64 / total as f64;
    println!(
        "{right} of {total} within {TRUTH_KM} km ({:.1} %), {} wrong, {} unresolved",
        100.0 * share,
        wrong.len(),
        unresolved.len()
    );
    println!("unresolved:\n{}", unresolved.join("\n"));
    assert!(wrong.is_empty(), "resolved wrongly (unresolved is better than wrong):\n{}", wrong.join("\n"));
    assert!(share >= 0.97, "only {:.1} % resolved within {TRUTH_KM} km", 100.0 * share);
}

#[test]
fn answers_that_name_no_place_stay_unresolved() {
    let gazetteer = gazetteer();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/places/unresolvable.txt");
    let guessed: Vec<String> = std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter_map(|answer| {
            resolve(&gazetteer, answer).city.map(|city| format!("{answer:?} → {}", gazetteer.name(city)))
        })
        .collect();
    assert!(guessed.is_empty(), "guessed:\n{}", guessed.join("\n"));
}

fn resolved(gazetteer: &Gazetteer, answer: &str) -> circle_composer::places::CityId {
    resolve(gazetteer, answer).city.unwrap_or_else(|| panic!("{answer:?} did not resolve"))
}

#[test]
fn nearby_cities_share_a_metro() {
    let gazetteer = gazetteer();
    for answer in ["SF", "Oakland", "Palo Alto", "San Jose, CA", "Berkeley, CA"] {
        assert_eq!(gazetteer.metro(resolved(&gazetteer, answer)), "San Francisco Bay Area", "{answer}");
    }
    for answer in ["Brooklyn", "Jersey City", "Manhattan"] {
        assert_eq!(gazetteer.metro(resolved(&gazetteer, answer)), "New York", "{answer}");
    }
    assert_eq!(gazetteer.metro(resolved(&gazetteer, "Boulder, CO")), "Boulder");
}

#[test]
fn time_zones_and_offsets() {
    let gazetteer = gazetteer();
    let sf = resolved(&gazetteer, "San Francisco");
    assert_eq!(
        (gazetteer.time_zone(sf), gazetteer.standard_offset_minutes(sf), gazetteer.summer_offset_minutes(sf)),
        ("America/Los_Angeles", -480, -420)
    );
    let sydney = resolved(&gazetteer, "Sydney");
    assert_eq!((gazetteer.standard_offset_minutes(sydney), gazetteer.summer_offset_minutes(sydney)), (600, 660));
    let mumbai = resolved(&gazetteer, "Bombay");
    assert_eq!((gazetteer.standard_offset_minutes(mumbai), gazetteer.summer_offset_minutes(mumbai)), (330, 330));
}

#[test]
fn hints_settle_ambiguous_names() {
    let gazetteer = gazetteer();
    let check = |answer: &str, country: &str, region: &str| {
        let city = resolved(&gazetteer, answer);
        assert_eq!((gazetteer.country_code(city), gazetteer.region_code(city)), (country, region), "{answer}");
    };
    check("Portland", "US", "OR");
    check("Portland, ME", "US", "ME");
    check("London, Ontario", "CA", "08");
    check("London", "GB", "ENG");
    check("Cambridge, UK", "GB", "ENG");
    check("Cambridge, MA", "US", "MA");
    check("Vancouver, WA", "US", "WA");
    assert_eq!(resolve(&gazetteer, "Cambridge").city, None, "too close to call without a hint");
}

proptest::proptest! {
    #[test]
    fn folding_twice_changes_nothing(text in "\\PC{0,24}") {
        let once = fold(&text);
        proptest::prop_assert_eq!(fold(&once), once);
    }
}

#[test]
fn search_offers_the_largest_matches_first() {
    let gazetteer = gazetteer();
    let names: Vec<String> = gazetteer
        .search("portl", 3)
        .into_iter()
        .map(|c| format!("{}, {}", gazetteer.name(c), gazetteer.region_code(c)))
        .collect();
    assert_eq!(names, ["Portland, OR", "Portland, ME", "Portlaoise, L"]);
    assert!(gazetteer.search("  ", 3).is_empty());
}

proptest::proptest! {
    /// Whatever the spellings and whichever pairs are known to differ, no cluster holds two
    /// different places, every index appears at most once, and every cluster has two or more.
    #[test]
    fn clusters_never_join_known_different_places(
        words in proptest::collection::vec("(Port|port|Sea|sea)(land|tle|ttle)(, (OR|ME|WA))?", 1..30),
        places in proptest::collection::vec(0u8..3, 30),
    ) {
        let spellings: Vec<(&str, usize)> = words.iter().map(|w| (w.as_str(), 1)).collect();
        let different = |a: usize, b: usize| places[a] != places[b];
        let groups = circle_composer::places::clusters(&spellings, different);
        let mut seen = std::collections::BTreeSet::new();
        for group in &groups {
            proptest::prop_assert!(group.len() > 1);
            for &a in group {
                proptest::prop_assert!(seen.insert(a));
                for &b in group {
                    proptest::prop_assert!(!different(a, b));
                }
            }
        }
    }
}

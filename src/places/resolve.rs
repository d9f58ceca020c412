//! From one free-text answer to at most one city, with a confidence and the alternatives.
//!
//! The answer is split into a place and hints ("Portland, OR", "London, Ontario", "Williamsburg,
//! Brooklyn"); noise such as "near", "remote", "greater", "area" and postal codes is set aside.
//! Curated aliases win; otherwise names, narrowed by the hints, then the largest place when it is
//! at least twice the size of the next; then near spellings of large cities. Anything less certain
//! stays unresolved: unresolved is better than wrong.

use super::fold;
use super::gazetteer::{CityId, Gazetteer};
use super::postal::{postal_city, postal_code};
use super::regions::{county_cities, region_cities, wide_region};

/// How sure a resolution is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// A spelling with a near miss (a typo) of a large city.
    Low,
    /// The largest of several places with the name, or a neighbourhood resolved to its city.
    Medium,
    /// A curated alias, a unique name, or a name made unique by a region or country.
    High,
}

/// The outcome for one answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolution {
    /// The city, when the answer could be resolved.
    pub city: Option<CityId>,
    /// How sure (None when unresolved).
    pub confidence: Option<Confidence>,
    /// How it was matched, or why it was not, in a few words.
    pub reason: String,
    /// Other places considered, largest first.
    pub alternatives: Vec<CityId>,
}

impl Resolution {
    fn unresolved(reason: impl Into<String>, alternatives: Vec<CityId>) -> Self {
        Resolution { city: None, confidence: None, reason: reason.into(), alternatives }
    }

    fn found(city: CityId, confidence: Confidence, reason: impl Into<String>, alternatives: Vec<CityId>) -> Self {
        Resolution { city: Some(city), confidence: Some(confidence), reason: reason.into(), alternatives }
    }
}

/// Neighbourhoods and hinted places farther than this from the hinted city do not count as in it.
const NEAR_KM: f64 = 60.0;
/// The largest of several places with a name wins only when it is this many times the next.
const CLEAR_MAJORITY: u64 = 2;
/// Near spellings are only matched to cities at least this big: typos are of well-known places.
const TYPO_MIN_POPULATION: u64 = 100_000;
/// A five-letter answer is matched only to a city this big, and only by adding one letter.
const SHORT_TYPO_MIN_POPULATION: u64 = 500_000;

/// Words that say something about the answer, not the place ("near", "remote", "greater").
const LEADING_NOISE: [&str; 20] = [
    "remote",
    "remotely",
    "based in",
    "living in",
    "located in",
    "currently in",
    "currently",
    "near",
    "nearby",
    "around",
    "close to",
    "just outside",
    "outside of",
    "outside",
    "in",
    "the greater",
    "greater",
    "metro",
    "from",
    "wfh in",
];
const TRAILING_NOISE: [&str; 10] = [
    "metropolitan area",
    "metro area",
    "area",
    "metro",
    "region",
    "and surroundings",
    "suburbs",
    "based",
    "remote",
    "ish",
];

/// A region or country named in a hint: a city matches when its (country, region) is among these.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Within(Vec<(u16, Option<String>)>);

/// Resolves one answer. Never fails; see [`Resolution`].
pub fn resolve(gazetteer: &Gazetteer, answer: &str) -> Resolution {
    // The whole answer may be a name or alias of its own ("NY, NY", "Frankfurt (Oder)").
    let whole = fold(answer);
    if whole.is_empty() {
        return Resolution::unresolved("empty", Vec::new());
    }
    if let Some(city) = gazetteer.alias(&whole) {
        return Resolution::found(city, Confidence::High, "known name", Vec::new());
    }
    // A postal code stands for its area's city, when the tables have it.
    if let Some(code) = postal_code(answer) {
        return match postal_city(gazetteer, &code) {
            Some(city) => {
                Resolution::found(city, Confidence::High, format!("{} of this city", code.kind()), Vec::new())
            }
            None => Resolution::unresolved(format!("{} outside the areas this list knows", code.kind()), Vec::new()),
        };
    }
    // An IANA time zone ("Europe/Berlin") names a zone, not its city; the survey reads it.
    if gazetteer.zone_offsets(answer.trim()).is_some() {
        return Resolution::unresolved("names a time zone", Vec::new());
    }
    // A region wider than a metro ("Upstate New York") gives a time zone only, in the survey.
    if wide_region(&whole).is_some() {
        return Resolution::unresolved("a region, not a city", Vec::new());
    }
    // A region locals name inside a metro ("East Bay"), or a county; one several metros have
    // lists each.
    if let Some(cities) = region_cities(gazetteer, &whole).or_else(|| county_cities(gazetteer, &whole)) {
        return match cities.as_slice() {
            [city] => Resolution::found(*city, Confidence::High, "a region of this metro", Vec::new()),
            _ => Resolution::unresolved("a region of several metros", cities),
        };
    }
    if let [city] = gazetteer.named(&whole) {
        return Resolution::found(*city, Confidence::High, "only place with this name", Vec::new());
    }

    // Parts that name a region or country after the place are hints; a hint that is also a
    // known name ("LA" is Louisiana and Los Angeles) is kept as a fallback city too. Other later
    // parts are places the first should be near ("Williamsburg, Brooklyn").
    let mut within: Vec<Within> = Vec::new();
    let mut places: Vec<String> = Vec::new();
    let mut fallback: Vec<CityId> = Vec::new();
    // Postal codes and house numbers say nothing the gazetteer knows, unless a known name has them.
    let parts = split_parts(answer)
        .into_iter()
        .map(|part| fold(&part))
        .map(|part| if gazetteer.alias(&part).is_some() { part } else { drop_numbers(&part) });
    for part in parts {
        if let (Some(hint), false) = (region_or_country(gazetteer, &part), places.is_empty()) {
            within.push(hint);
            fallback.extend(gazetteer.alias(&part));
            continue;
        }
        // A hint in prose: "Springfield (the one in Illinois)". A negated one says nothing usable.
        if !places.is_empty() {
            if part.starts_with("not ") {
                continue;
            }
            if let Some(hint) = prose_hint(&part).and_then(|words| region_or_country(gazetteer, words)) {
                within.push(hint);
                continue;
            }
        }
        let known = gazetteer.alias(&part).is_some() || !gazetteer.named(&part).is_empty();
        let place = if known { part } else { strip_noise(&part) };
        if !place.is_empty() {
            places.push(place);
        }
    }
    let Some(primary) = places.first().cloned() else {
        return Resolution::unresolved("no place named", Vec::new());
    };
    let near: Vec<CityId> = places[1..].iter().filter_map(|place| certain_city(gazetteer, place, &within)).collect();
    fallback.splice(0..0, near.iter().copied());

    let (candidates, how) = lookup(gazetteer, &primary, &mut within);
    let narrowed = narrow(gazetteer, &candidates, &within, &near);
    if !narrowed.is_empty() {
        // The alias (always first) may have been ruled out by a hint, leaving plain names.
        let how = if how == Match::Alias && narrowed[0] != candidates[0] { Match::Name } else { how };
        return choose(gazetteer, &narrowed, how, &within);
    }
    // A region or country on its own ("California", "Europe") is not a city; a city-state is.
    if candidates.is_empty() && region_or_country(gazetteer, &primary).is_some() {
        return Resolution::unresolved("names a region or country, not a city", Vec::new());
    }
    // A near spelling of a large city ("Seatle", "Pittsburg, PA").
    let typo = narrow(gazetteer, &near_spellings(gazetteer, &drop_numbers(&primary)), &within, &near);
    if !typo.is_empty() {
        let mut chosen = choose(gazetteer, &typo, Match::Typo, &within);
        if chosen.city.is_some() {
            chosen.confidence = Some(Confidence::Low);
            return chosen;
        }
    }
    // A landmark, station or neighbourhood inside the answer ("near 24th St BART", "Midtown
    // Atlanta", "30 min from Seattle"): a known name or a large city among its words.
    let inside = narrow(gazetteer, &landmarks(gazetteer, &primary), &within, &near);
    if !inside.is_empty() {
        let mut chosen = choose(gazetteer, &inside, Match::Inside, &within);
        if chosen.city.is_some() {
            return chosen;
        }
        // Several names of one metro ("Rockridge BART"): the most specific, named first.
        if inside.iter().all(|&city| gazetteer.metro(city) == gazetteer.metro(inside[0])) {
            return Resolution::found(
                inside[0],
                Confidence::Medium,
                "places of one metro named inside the answer",
                Vec::new(),
            );
        }
        chosen.reason = "several places are named in this answer".to_owned();
        return chosen;
    }
    match fallback.first() {
        Some(&city) => Resolution::found(city, Confidence::Medium, "a place in or near this city", candidates),
        None if !candidates.is_empty() => {
            Resolution::unresolved("no place with this name in the region given", candidates)
        }
        None => Resolution::unresolved("no place with this name", Vec::new()),
    }
}

/// The region or country a later part names in prose ("the one in illinois" → "illinois"), once
/// its leading words are taken off; `None` when it has none of them.
fn prose_hint(part: &str) -> Option<&str> {
    const LEADING: [&str; 9] = [
        "the one in ",
        "the one near ",
        "the one from ",
        "the city in ",
        "the state of ",
        "state of ",
        "province of ",
        "in ",
        "near ",
    ];
    LEADING.iter().find_map(|lead| part.strip_prefix(lead)).map(str::trim).filter(|rest| !rest.is_empty())
}

/// Words after a name that make it a street or a stop, not a city ("st" is folded to "saint").
const STREET_WORDS: [&str; 16] = [
    "ave",
    "avenue",
    "saint",
    "street",
    "rd",
    "road",
    "blvd",
    "boulevard",
    "lane",
    "drive",
    "dr",
    "way",
    "station",
    "stop",
    "line",
    "sq",
];

/// Known names among the words of a place ("24th saint bart" → BART), and cities of at least
/// 100,000 people named by one or more consecutive words ("midtown atlanta" → Atlanta).
fn landmarks(gazetteer: &Gazetteer, place: &str) -> Vec<CityId> {
    let words: Vec<&str> = place.split(' ').collect();
    let mut found = Vec::new();
    for length in (1..words.len()).rev() {
        for start in 0..=words.len() - length {
            let phrase = words[start..start + length].join(" ");
            if phrase.len() < 3 {
                continue;
            }
            found.extend(gazetteer.alias(&phrase));
            // A city's name before a street word names the street ("Bedford Ave", "Jefferson St").
            let street = words.get(start + length).is_some_and(|next| STREET_WORDS.contains(next));
            // Short names ("San", "Pa") are more often words than places.
            if phrase.len() >= 4 && !street {
                found.extend(
                    gazetteer.named(&phrase).iter().filter(|&&c| gazetteer.population(c) >= TYPO_MIN_POPULATION),
                );
            }
        }
        if !found.is_empty() {
            return found;
        }
    }
    found
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Match {
    Alias,
    Name,
    Inside,
    Typo,
}

/// Splits on commas, semicolons, slashes, parentheses and spaced dashes.
fn split_parts(answer: &str) -> Vec<String> {
    let mut text = answer.to_owned();
    for separator in [" - ", " – ", " — ", " | "] {
        text = text.replace(separator, ",");
    }
    text.split([',', ';', '/', '(', ')', '|']).map(str::trim).filter(|p| !p.is_empty()).map(str::to_owned).collect()
}

/// Removes leading and trailing noise words from a folded part, repeatedly.
fn strip_noise(part: &str) -> String {
    let mut text = part.to_owned();
    loop {
        let before = text.clone();
        for noise in LEADING_NOISE {
            if let Some(rest) = text.strip_prefix(noise).filter(|rest| rest.is_empty() || rest.starts_with(' ')) {
                text = rest.trim().to_owned();
            }
        }
        for noise in TRAILING_NOISE {
            if let Some(rest) = text.strip_suffix(noise).filter(|rest| rest.is_empty() || rest.ends_with(' ')) {
                text = rest.trim().to_owned();
            }
        }
        if text == before {
            return text;
        }
    }
}

fn drop_numbers(text: &str) -> String {
    text.split(' ').filter(|w| !w.chars().any(|c| c.is_ascii_digit())).collect::<Vec<_>>().join(" ")
}

/// The regions and countries a folded text names, if any.
fn region_or_country(gazetteer: &Gazetteer, text: &str) -> Option<Within> {
    let mut allowed: Vec<(u16, Option<String>)> =
        gazetteer.regions_of_key(text).iter().map(|(country, region)| (*country, Some(region.clone()))).collect();
    if let Some(country) = gazetteer.country_of_key(text) {
        allowed.push((country, None));
    }
    (!allowed.is_empty()).then_some(Within(allowed))
}

/// Candidates for a folded place name: its alias and every city with the name. When there are
/// none, trailing words that name a region or country are peeled off one at a time and become
/// hints ("austin tx usa", "portland oregon"), and numbers (postal codes) are dropped.
fn lookup(gazetteer: &Gazetteer, place: &str, within: &mut Vec<Within>) -> (Vec<CityId>, Match) {
    let found = |key: &str| -> (Vec<CityId>, Match) {
        let alias = gazetteer.alias(key);
        let how = if alias.is_some() { Match::Alias } else { Match::Name };
        let mut cities: Vec<CityId> = alias.into_iter().chain(gazetteer.named(key).iter().copied()).collect();
        cities.dedup();
        (cities, how)
    };
    let mut words: Vec<&str> = place.split(' ').filter(|w| !w.chars().any(|c| c.is_ascii_digit())).collect();
    let mut peeled = Vec::new();
    loop {
        let key = words.join(" ");
        let (cities, how) = found(&key);
        if !cities.is_empty() {
            within.extend(peeled);
            return (cities, how);
        }
        if words.len() < 2 {
            return (Vec::new(), Match::Name);
        }
        let Some(hint) = region_or_country(gazetteer, words[words.len() - 1]) else { return (Vec::new(), Match::Name) };
        peeled.push(hint);
        words.pop();
    }
}

/// A city that a later part names without doubt (used as "near this city").
fn certain_city(gazetteer: &Gazetteer, place: &str, within: &[Within]) -> Option<CityId> {
    let mut hints = within.to_vec();
    let (candidates, how) = lookup(gazetteer, place, &mut hints);
    let narrowed = narrow(gazetteer, &candidates, &hints, &[]);
    choose(gazetteer, &narrowed, how, &hints).city
}

/// Candidates that match every region or country hint and lie near every hinted city.
fn narrow(gazetteer: &Gazetteer, candidates: &[CityId], within: &[Within], near: &[CityId]) -> Vec<CityId> {
    candidates
        .iter()
        .copied()
        .filter(|&city| {
            within.iter().all(|Within(allowed)| {
                allowed.iter().any(|(country, region)| {
                    gazetteer.country_index(city) == *country
                        && region.as_deref().is_none_or(|r| gazetteer.region_code(city) == r)
                })
            }) && near.iter().all(|&hub| gazetteer.distance_km(city, hub) <= NEAR_KM)
        })
        .collect()
}

/// One city from candidates that passed the hints: the only one, or the clear largest.
fn choose(gazetteer: &Gazetteer, candidates: &[CityId], how: Match, within: &[Within]) -> Resolution {
    // A curated alias comes first in the candidates and outranks places that merely share its
    // spelling ("Frisco" is San Francisco, unless a hint such as "TX" ruled that out).
    if let (Match::Alias, [alias, others @ ..]) = (how, candidates) {
        return Resolution::found(*alias, Confidence::High, "known name", others.to_vec());
    }
    let mut by_size = candidates.to_vec();
    by_size.sort_by_key(|&city| (std::cmp::Reverse(gazetteer.population(city)), city));
    by_size.dedup();
    let Some(&largest) = by_size.first() else { return Resolution::unresolved("no place with this name", Vec::new()) };
    let others = by_size[1..].iter().take(4).copied().collect();
    if by_size.len() == 1 {
        let (confidence, reason) = match (how, within.is_empty()) {
            (Match::Alias, _) => (Confidence::High, "known name"),
            (Match::Typo, _) => (Confidence::Low, "near spelling"),
            (Match::Inside, _) => (Confidence::Medium, "a place named inside the answer"),
            (Match::Name, true) => (Confidence::High, "only place with this name"),
            (Match::Name, false) => (Confidence::High, "only place with this name in the region given"),
        };
        return Resolution::found(largest, confidence, reason, others);
    }
    let runner_up = gazetteer.population(by_size[1]);
    if gazetteer.population(largest) >= CLEAR_MAJORITY * runner_up {
        let reason = format!("largest of {} places with this name", by_size.len());
        return Resolution::found(largest, Confidence::Medium, reason, others);
    }
    // Namesakes of similar size in one metro ("Chevy Chase" town and village) are one answer.
    if by_size.iter().all(|&city| gazetteer.metro(city) == gazetteer.metro(largest)) {
        let reason = format!("largest of {} places with this name, all in one metro", by_size.len());
        return Resolution::found(largest, Confidence::Medium, reason, others);
    }
    Resolution::unresolved(
        format!("{} places of similar size have this name", by_size.len()),
        by_size.into_iter().take(5).collect(),
    )
}

/// Cities of at least 100,000 people whose name or alias is one or two edits away.
fn near_spellings(gazetteer: &Gazetteer, place: &str) -> Vec<CityId> {
    let place: Vec<char> = place.chars().collect();
    let length = place.len();
    // Short words have too many near neighbours ("home" → Rome, "Bondi" → Būndi); five letters
    // may only be missing one letter of a city of half a million ("Berln", "Bostn").
    if length < 5 {
        return Vec::new();
    }
    let allowed = if length >= 9 { 2 } else { 1 };
    let short = length == 5;
    let minimum = if short { SHORT_TYPO_MIN_POPULATION } else { TYPO_MIN_POPULATION };
    let (first, last) = (place[0], place[length - 1]);
    let mut best = allowed + 1;
    let mut found = Vec::new();
    let (mut key_chars, mut rows) = (Vec::new(), Vec::new());
    for (key, cities) in gazetteer.keys_starting_with(first) {
        // Only large cities are typo targets: checked first, as it is much cheaper than the
        // distance and rules out most keys.
        if !cities.iter().any(|&c| gazetteer.population(c) >= minimum) {
            continue;
        }
        key_chars.clear();
        key_chars.extend(key.chars());
        if key_chars.len().abs_diff(length) > allowed || (short && key_chars.len() != 6) {
            continue;
        }
        // Typos rarely change the first letter (hence the range above); two of them must also
        // leave the last one.
        let Some(distance) = edit_distance_within(&place, &key_chars, allowed, &mut rows) else { continue };
        if (distance == 2 && key_chars.last() != Some(&last)) || distance > best {
            continue;
        }
        if distance < best {
            best = distance;
            found.clear();
        }
        found.extend(cities.iter().copied().filter(|&c| gazetteer.population(c) >= minimum));
    }
    found
}

/// Optimal string alignment distance (edits: insert, delete, substitute, swap neighbours), or
/// `None` when it exceeds `limit`. `rows` is scratch space, reused across calls.
fn edit_distance_within(a: &[char], b: &[char], limit: usize, rows: &mut Vec<usize>) -> Option<usize> {
    let width = b.len() + 1;
    rows.clear();
    rows.resize((a.len() + 1) * width, 0);
    let at = |i: usize, j: usize| i * width + j;
    for (j, cell) in rows[..width].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        rows[at(i, 0)] = i;
        let mut row_min = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut value = (rows[at(i - 1, j)] + 1).min(rows[at(i, j - 1)] + 1).min(rows[at(i - 1, j - 1)] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                value = value.min(rows[at(i - 2, j - 2)] + 1);
            }
            rows[at(i, j)] = value;
            row_min = row_min.min(value);
        }
        if row_min > limit {
            return None;
        }
    }
    let distance = rows[at(a.len(), b.len())];
    (distance <= limit).then_some(distance)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noise_is_set_aside() {
        assert_eq!(strip_noise("near boston"), "boston");
        assert_eq!(strip_noise("greater seattle area"), "seattle");
        assert_eq!(strip_noise("remote based in austin"), "austin");
        assert_eq!(strip_noise("remote"), "");
        assert_eq!(strip_noise("inverness"), "inverness", "a noise word must be a whole word");
    }

    #[test]
    fn edit_distances() {
        let mut rows = Vec::new();
        let mut distance = |a: &str, b: &str, limit: usize| {
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            edit_distance_within(&a, &b, limit, &mut rows)
        };
        assert_eq!(distance("seatle", "seattle", 1), Some(1));
        assert_eq!(distance("chciago", "chicago", 1), Some(1));
        assert_eq!(distance("home", "rome", 0), None);
        assert_eq!(distance("philadephia", "philadelphia", 2), Some(1));
        assert_eq!(distance("münchen", "munchen", 1), Some(1), "letters, not bytes");
    }
}

//! Every distinct spelling of a location column with how many people wrote it and the place it
//! resolves to: what the organizer reviews in the Places step and what `circle-composer places`
//! prints.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::regions::wide_region;
use super::{CityId, Confidence, Gazetteer, Resolution, ZoneChoice, ZoneReading, clusters, read_time_zone, resolve};

/// A spelling that resolved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResolvedSpelling {
    /// The answer as written (trimmed).
    pub raw: String,
    /// The city's position in this gazetteer (not a stable identifier, so not written out).
    #[serde(skip)]
    pub city: u32,
    /// How many people wrote it.
    pub count: usize,
    /// The city.
    pub name: String,
    /// Its metro (a named metro, or the city itself).
    pub metro: String,
    /// ISO country code.
    pub country: String,
    /// First-level region code.
    pub region: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// IANA time zone.
    pub time_zone: String,
    /// UTC offset outside summer time, in minutes.
    pub utc_offset_minutes: i32,
    /// UTC offset in summer time, in minutes.
    pub summer_offset_minutes: i32,
    /// How sure the resolution is.
    pub confidence: Confidence,
    /// How it was matched.
    pub reason: String,
}

/// A spelling that did not resolve.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnresolvedSpelling {
    /// The answer as written (trimmed).
    pub raw: String,
    /// How many people wrote it.
    pub count: usize,
    /// Why it did not resolve.
    pub reason: String,
    /// Places considered, as "City, CC".
    pub alternatives: Vec<String>,
}

/// A spelling that names a time zone and no place ("Remote - PST", "GMT-3"): enough for video
/// circles.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZoneSpelling {
    /// The answer as written (trimmed).
    pub raw: String,
    /// How many people wrote it.
    pub count: usize,
    /// The IANA zone it names, if it names one (a bare offset names none).
    pub time_zone: Option<String>,
    /// UTC offset outside summer time, in minutes.
    pub utc_offset_minutes: i32,
    /// UTC offset in summer time, in minutes.
    pub summer_offset_minutes: i32,
    /// How sure the reading is: low for an abbreviation with several meanings.
    pub confidence: Confidence,
    /// How it was read.
    pub reason: String,
    /// The other meanings of an ambiguous abbreviation, as "Europe/Dublin (UTC)".
    pub alternatives: Vec<String>,
}

/// The survey of one location column.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PlacesReport {
    /// Resolved spellings, most common first.
    pub places: Vec<ResolvedSpelling>,
    /// Unresolved spellings, most common first.
    pub unresolved: Vec<UnresolvedSpelling>,
    /// Spellings that name a time zone and no place, most common first.
    #[serde(default)]
    pub zones: Vec<ZoneSpelling>,
    /// Spellings that probably mean the same place (see [`clusters`]), biggest group first.
    pub clusters: Vec<Vec<String>>,
}

/// A survey as it crosses from the page's worker, whose codec writes every field in order: the
/// city positions, which the JSON outputs leave out (they mean nothing outside this gazetteer),
/// travel beside the report and are put back on arrival.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SurveyInTransit {
    report: PlacesReport,
    cities: Vec<u32>,
}

impl From<PlacesReport> for SurveyInTransit {
    fn from(report: PlacesReport) -> Self {
        let cities = report.places.iter().map(|place| place.city).collect();
        SurveyInTransit { report, cities }
    }
}

impl SurveyInTransit {
    /// The report as it was surveyed, city positions included.
    pub fn into_report(mut self) -> PlacesReport {
        for (place, city) in self.report.places.iter_mut().zip(self.cities) {
            place.city = city;
        }
        self.report
    }
}

/// Resolves each distinct (trimmed, non-empty) answer once.
///
/// A name shared by places of similar size ("San Mateo", "Hoboken") goes to the one whose metro
/// already has the most of these applicants, when one clearly does: the organizer's own people
/// are the best hint there is.
pub fn survey<'a>(gazetteer: &Gazetteer, answers: impl IntoIterator<Item = &'a str>) -> PlacesReport {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for answer in answers.into_iter().map(str::trim).filter(|a| !a.is_empty()) {
        *counts.entry(answer).or_default() += 1;
    }
    let mut by_count: Vec<(&str, usize)> = counts.into_iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut resolutions: Vec<(&str, usize, Resolution)> =
        by_count.into_iter().map(|(raw, count)| (raw, count, resolve(gazetteer, raw))).collect();
    let mut people_per_metro: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, count, resolution) in &resolutions {
        if let Some(city) = resolution.city {
            *people_per_metro.entry(gazetteer.metro(city)).or_default() += count;
        }
    }
    for (_, count, resolution) in &mut resolutions {
        // The largest of several namesakes gives way to a smaller one where the column's other
        // applicants clearly are ("Atherton" in a column of Bay Area answers).
        if let (Some(largest), Some(Confidence::Medium)) = (resolution.city, resolution.confidence)
            && resolution.reason.starts_with("largest of")
        {
            let others = |city: CityId| {
                let people = people_per_metro.get(gazetteer.metro(city)).copied().unwrap_or(0);
                if gazetteer.metro(city) == gazetteer.metro(largest) { people - *count } else { people }
            };
            let own = others(largest);
            let best =
                resolution.alternatives.iter().copied().max_by_key(|&city| (others(city), std::cmp::Reverse(city)));
            if let Some(best) =
                best.filter(|&city| others(city) > own && gazetteer.metro(city) != gazetteer.metro(largest))
            {
                resolution.alternatives.retain(|&city| city != best);
                resolution.alternatives.insert(0, largest);
                resolution.city = Some(best);
                resolution.reason = "the one of several places with this name where other applicants are".to_owned();
            }
            continue;
        }
        if resolution.city.is_some() || resolution.alternatives.len() < 2 {
            continue;
        }
        let mut by_neighbours: Vec<(usize, CityId)> = resolution
            .alternatives
            .iter()
            .map(|&city| (people_per_metro.get(gazetteer.metro(city)).copied().unwrap_or(0), city))
            .collect();
        by_neighbours.sort_by_key(|&(people, _)| std::cmp::Reverse(people));
        if by_neighbours[0].0 > 0 && by_neighbours[0].0 > by_neighbours[1].0 {
            resolution.city = Some(by_neighbours[0].1);
            resolution.confidence = Some(Confidence::Medium);
            resolution.reason = format!(
                "the one of {} places with this name where other applicants are",
                resolution.alternatives.len()
            );
        }
    }
    // How many applicants live at each standard offset: the column's own hint for an
    // ambiguous zone abbreviation.
    let mut offsets: BTreeMap<i32, usize> = BTreeMap::new();
    for (_, count, resolution) in &resolutions {
        if let Some(city) = resolution.city {
            *offsets.entry(gazetteer.standard_offset_minutes(city)).or_default() += count;
        }
    }
    let spellings: Vec<(&str, usize)> = resolutions.iter().map(|(raw, count, _)| (*raw, *count)).collect();
    let cities: Vec<Option<CityId>> = resolutions.iter().map(|(_, _, r)| r.city).collect();
    let different = |a: usize, b: usize| matches!((cities[a], cities[b]), (Some(x), Some(y)) if x != y);
    let mut report = PlacesReport {
        clusters: clusters(&spellings, different)
            .into_iter()
            .map(|group| group.into_iter().map(|i| spellings[i].0.to_owned()).collect())
            .collect(),
        ..PlacesReport::default()
    };
    for (raw, count, resolution) in resolutions {
        match (resolution.city, resolution.confidence) {
            (Some(city), Some(confidence)) => {
                let (lat, lon) = gazetteer.coordinates(city);
                report.places.push(ResolvedSpelling {
                    raw: raw.to_owned(),
                    city: city.0,
                    count,
                    name: gazetteer.name(city).to_owned(),
                    metro: gazetteer.metro(city).to_owned(),
                    country: gazetteer.country_code(city).to_owned(),
                    region: gazetteer.region_code(city).to_owned(),
                    lat,
                    lon,
                    time_zone: gazetteer.time_zone(city).to_owned(),
                    utc_offset_minutes: gazetteer.standard_offset_minutes(city),
                    summer_offset_minutes: gazetteer.summer_offset_minutes(city),
                    confidence,
                    reason: resolution.reason,
                });
            }
            _ if let Some((zone, standard, summer)) = gazetteer.zone_offsets(raw) => report.zones.push(ZoneSpelling {
                raw: raw.to_owned(),
                count,
                time_zone: Some(zone.to_owned()),
                utc_offset_minutes: standard,
                summer_offset_minutes: summer,
                confidence: Confidence::High,
                reason: "time zone named".to_owned(),
                alternatives: Vec::new(),
            }),
            _ if let Some(zone) = wide_region(&super::fold(raw)) => {
                let reading = ZoneReading { choices: vec![zone], alone: true };
                let spelling = zone_spelling(raw, count, reading, &offsets);
                report.zones.push(ZoneSpelling { reason: "a region, not a city".to_owned(), ..spelling });
            }
            _ if let Some(reading) = read_time_zone(raw) => {
                report.zones.push(zone_spelling(raw, count, reading, &offsets));
            }
            _ => report.unresolved.push(UnresolvedSpelling {
                raw: raw.to_owned(),
                count,
                reason: resolution.reason,
                alternatives: resolution
                    .alternatives
                    .iter()
                    .map(|&c| format!("{}, {}", gazetteer.name(c), gazetteer.country_code(c)))
                    .collect(),
            }),
        }
    }
    report
}

/// A zone spelling from its reading: of several meanings, the one with the most of the column's
/// applicants within three hours of it (the first, most common one, on a tie), at low confidence.
fn zone_spelling(raw: &str, count: usize, reading: ZoneReading, offsets: &BTreeMap<i32, usize>) -> ZoneSpelling {
    let near = |standard: i32| -> usize {
        offsets.iter().filter(|&(&offset, _)| (offset - standard).abs() <= 180).map(|(_, &people)| people).sum()
    };
    // Among meanings as near to as many, the closest: the smallest total distance in hours.
    let distance = |standard: i32| -> i64 {
        offsets.iter().map(|(&offset, &people)| i64::from((offset - standard).abs()) * people as i64).sum()
    };
    let mut choices = reading.choices;
    let confidence = if choices.len() > 1 {
        // Another meaning wins only with at least two applicants near it and more than near the
        // most common meaning, which otherwise stays first.
        let usual = near(choices[0].standard);
        let mut best: Option<usize> = None;
        for index in 1..choices.len() {
            let (people, far) = (near(choices[index].standard), distance(choices[index].standard));
            let better = match best {
                None => true,
                Some(b) => (people, -far) > (near(choices[b].standard), -distance(choices[b].standard)),
            };
            if people >= 2 && people > usual && better {
                best = Some(index);
            }
        }
        if let Some(best) = best {
            choices.swap(0, best);
        }
        Confidence::Low
    } else if reading.alone {
        Confidence::High
    } else {
        Confidence::Medium
    };
    let chosen = choices[0];
    ZoneSpelling {
        raw: raw.to_owned(),
        count,
        time_zone: chosen.time_zone.map(str::to_owned),
        utc_offset_minutes: chosen.standard,
        summer_offset_minutes: chosen.summer,
        confidence,
        reason: "time zone named".to_owned(),
        alternatives: choices[1..].iter().map(ZoneChoice::label).collect(),
    }
}

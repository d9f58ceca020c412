//! The organizer's say over locations: a spelling can be given another city, a custom place (a
//! campus, a transit stop, a neighbourhood) or be set aside as unresolved. Plain data, kept with
//! the settings; the workflow applies it as actions with undo and redo.

use std::collections::BTreeMap;
use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::model::UtcOffset;

use super::{CityRef, Gazetteer, PlacesReport};

/// The bundled gazetteer, shared (it is large) and compared by identity.
#[derive(Clone)]
pub struct SharedGazetteer(pub Rc<Gazetteer>);

impl PartialEq for SharedGazetteer {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for SharedGazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Gazetteer({} cities)", self.0.len())
    }
}

/// A place the organizer added because the gazetteer has nothing closer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomPlace {
    /// What to call it ("Montgomery St BART").
    pub name: String,
    /// The metro it belongs to ("San Francisco Bay Area").
    pub metro: String,
    /// Latitude and longitude, if known.
    pub coordinates: Option<(f64, f64)>,
    /// UTC offset outside summer time, in minutes, if known (from the metro's city otherwise).
    pub utc_offset_minutes: Option<i32>,
}

/// What the organizer chose for one spelling.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlaceChoice {
    /// This gazetteer city.
    City(CityRef),
    /// The custom place with this index.
    Custom(usize),
    /// Not a place (or not this one): leave it unresolved.
    Unresolved,
}

/// Every choice, keyed by the trimmed spelling.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PlaceDecisions {
    /// Spelling → choice; beats the automatic resolution.
    pub choices: BTreeMap<String, PlaceChoice>,
    /// Places the organizer added.
    pub custom: Vec<CustomPlace>,
}

/// How sure the resolution of a spelling is, once the organizer's choices are applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PlaceStatus {
    /// Resolved automatically with high confidence.
    High,
    /// Resolved automatically, worth a look.
    Medium,
    /// Resolved automatically, doubtful.
    Low,
    /// Chosen by the organizer.
    Chosen,
    /// Not resolved.
    Unresolved,
}

impl PlaceStatus {
    /// "high", "medium", "low", "chosen" or "unresolved".
    pub fn label(self) -> &'static str {
        match self {
            PlaceStatus::High => "high",
            PlaceStatus::Medium => "medium",
            PlaceStatus::Low => "low",
            PlaceStatus::Chosen => "chosen",
            PlaceStatus::Unresolved => "unresolved",
        }
    }

    /// Whether the organizer should look at it: unresolved, or resolved without high confidence.
    pub fn needs_a_look(self) -> bool {
        matches!(self, PlaceStatus::Unresolved | PlaceStatus::Low | PlaceStatus::Medium)
    }
}

/// Where a spelling ends up once the organizer's choices are applied.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaceRow {
    /// The spelling.
    pub raw: String,
    /// How many people wrote it.
    pub count: usize,
    /// The place's name, if resolved.
    pub place: Option<String>,
    /// Its metro.
    pub metro: Option<String>,
    /// UTC offset outside summer time, in minutes.
    pub utc_offset_minutes: Option<i32>,
    /// The IANA time zone, when the place comes from the gazetteer.
    pub time_zone: Option<String>,
    /// Latitude and longitude, when known (for the map).
    pub coordinates: Option<(f64, f64)>,
    /// How sure the resolution is.
    pub status: PlaceStatus,
    /// How it was resolved, or why not.
    pub reason: String,
}

impl PlaceDecisions {
    /// The report's spellings with the organizer's choices applied, in the report's order.
    pub fn rows(&self, report: &PlacesReport, gazetteer: &Gazetteer) -> Vec<PlaceRow> {
        let automatic = report.places.iter().map(|p| {
            let confidence = match p.confidence {
                super::Confidence::High => PlaceStatus::High,
                super::Confidence::Medium => PlaceStatus::Medium,
                super::Confidence::Low => PlaceStatus::Low,
            };
            PlaceRow {
                raw: p.raw.clone(),
                count: p.count,
                place: Some(format!("{}, {}", p.name, p.country)),
                metro: Some(p.metro.clone()),
                utc_offset_minutes: Some(p.utc_offset_minutes),
                time_zone: Some(p.time_zone.clone()),
                coordinates: Some((p.lat, p.lon)),
                status: confidence,
                reason: p.reason.clone(),
            }
        });
        let unresolved = report.unresolved.iter().map(|u| PlaceRow {
            raw: u.raw.clone(),
            count: u.count,
            place: None,
            metro: None,
            utc_offset_minutes: None,
            time_zone: None,
            coordinates: None,
            status: PlaceStatus::Unresolved,
            reason: u.reason.clone(),
        });
        let zones = report.zones.iter().map(|z| PlaceRow {
            raw: z.raw.clone(),
            count: z.count,
            place: Some(match &z.time_zone {
                Some(zone) => format!("time zone {zone} ({})", UtcOffset(z.utc_offset_minutes)),
                None => format!("time zone {}", UtcOffset(z.utc_offset_minutes)),
            }),
            metro: None,
            utc_offset_minutes: Some(z.utc_offset_minutes),
            time_zone: z.time_zone.clone(),
            coordinates: None,
            status: match z.confidence {
                super::Confidence::High => PlaceStatus::High,
                super::Confidence::Medium => PlaceStatus::Medium,
                super::Confidence::Low => PlaceStatus::Low,
            },
            reason: if z.alternatives.is_empty() {
                z.reason.clone()
            } else {
                format!("{}; it could also be {}", z.reason, z.alternatives.join(" or "))
            },
        });
        automatic.chain(zones).chain(unresolved).map(|row| self.apply(row, gazetteer)).collect()
    }

    fn apply(&self, row: PlaceRow, gazetteer: &Gazetteer) -> PlaceRow {
        let Some(choice) = self.choices.get(&row.raw) else { return row };
        match choice {
            PlaceChoice::City(reference) => match gazetteer.find(reference) {
                Some(city) => PlaceRow {
                    place: Some(format!("{}, {}", gazetteer.name(city), gazetteer.country_code(city))),
                    metro: Some(gazetteer.metro(city).to_owned()),
                    utc_offset_minutes: Some(gazetteer.standard_offset_minutes(city)),
                    time_zone: Some(gazetteer.time_zone(city).to_owned()),
                    coordinates: Some(gazetteer.coordinates(city)),
                    status: PlaceStatus::Chosen,
                    reason: "chosen by the organizer".to_owned(),
                    ..row
                },
                None => PlaceRow { reason: format!("{} is not in this place list", reference.name), ..row },
            },
            PlaceChoice::Custom(index) => match self.custom.get(*index) {
                Some(custom) => PlaceRow {
                    place: Some(custom.name.clone()),
                    metro: Some(custom.metro.clone()),
                    utc_offset_minutes: custom.utc_offset_minutes,
                    time_zone: None,
                    coordinates: custom.coordinates,
                    status: PlaceStatus::Chosen,
                    reason: "a place the organizer added".to_owned(),
                    ..row
                },
                None => row,
            },
            PlaceChoice::Unresolved => PlaceRow {
                place: None,
                metro: None,
                utc_offset_minutes: None,
                time_zone: None,
                coordinates: None,
                status: PlaceStatus::Unresolved,
                reason: "set aside by the organizer".to_owned(),
                ..row
            },
        }
    }
}

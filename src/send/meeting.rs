//! A circle's first meeting as the organizer writes it ("2027-01-12T18:30:00-08:00", or a local
//! time with a zone name: "2027-01-12T18:30 America/Los_Angeles" or "…[America/Los_Angeles]"),
//! and the words an email uses for it, in the circle's zone and in a member's own.
//!
//! Time zone rules are asked of a [`ZoneRules`] the caller passes, so the core carries no copy of
//! the time zone database: the command line bundles one, the page asks the browser's.

use jiff::civil::DateTime;
use jiff::fmt::temporal::{Pieces, TimeZoneAnnotationKind};
use jiff::tz::Offset;
use jiff::{SignedDuration, Timestamp};

use crate::model::UtcOffset;

/// Where time zone rules come from: the UTC offset a named zone has at an instant.
pub trait ZoneRules {
    /// The offset of `zone` (an IANA name such as "Europe/Berlin") at `unix_seconds`, in seconds
    /// east of UTC; `None` when the zone is unknown.
    fn offset_seconds(&self, zone: &str, unix_seconds: i64) -> Option<i32>;
}

/// Rules that know no named zone: only meeting times with a UTC offset can be read.
pub struct NoZoneRules;

impl ZoneRules for NoZoneRules {
    fn offset_seconds(&self, _zone: &str, _unix_seconds: i64) -> Option<i32> {
        None
    }
}

/// The time zone database bundled into the native binary.
#[cfg(not(target_arch = "wasm32"))]
pub struct BundledZoneRules;

#[cfg(not(target_arch = "wasm32"))]
impl ZoneRules for BundledZoneRules {
    fn offset_seconds(&self, zone: &str, unix_seconds: i64) -> Option<i32> {
        let zone = jiff::tz::TimeZone::get(zone).ok()?;
        Some(zone.to_offset(Timestamp::from_second(unix_seconds).ok()?).seconds())
    }
}

/// A person's own time zone, as far as it is known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PersonZone {
    /// An IANA zone, whose summer time the rules know.
    Named(String),
    /// Only the offset outside summer time (a custom place).
    Standard(i32),
}

/// The zone a meeting time was written in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MeetingZone {
    /// A UTC offset, in seconds.
    Offset(i32),
    /// An IANA zone name.
    Named(String),
}

/// A first meeting, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeetingTime {
    /// The instant.
    pub at: Timestamp,
    /// The date and time on the organizer's clock.
    pub local: DateTime,
    /// The offset at that instant in the circle's zone.
    pub offset: Offset,
    /// The zone as written.
    pub zone: MeetingZone,
}

impl MeetingTime {
    /// Reads a meeting time; the error is one sentence that says what to write.
    pub fn parse(text: &str, zones: &dyn ZoneRules) -> Result<MeetingTime, String> {
        const EXAMPLE: &str = "write the date and time with its UTC offset or time zone, for example \
                               2027-01-12T18:30:00-08:00 or 2027-01-12T18:30 America/Los_Angeles";
        let text = text.trim();
        // "… America/Los_Angeles" is this tool's friendlier spelling of "…[America/Los_Angeles]".
        let bracketed;
        let text = match text.split_once(' ') {
            Some((date_time, zone)) if zone.contains('/') || zone.eq_ignore_ascii_case("UTC") => {
                bracketed = format!("{date_time}[{}]", zone.trim());
                bracketed.as_str()
            }
            _ => text,
        };
        let pieces = Pieces::parse(text).map_err(|_| format!("“{text}” is not a date and time: {EXAMPLE}"))?;
        let Some(time) = pieces.time() else {
            return Err(format!("“{text}” has no time of day: {EXAMPLE}"));
        };
        let local = pieces.date().to_datetime(time);
        let named = pieces.time_zone_annotation().and_then(|annotation| match annotation.kind() {
            TimeZoneAnnotationKind::Named(name) => Some(name.as_str().to_owned()),
            _ => None,
        });
        match (pieces.to_numeric_offset(), named) {
            (_, Some(name)) => {
                let offset = offset_of_local(zones, &name, local)
                    .ok_or_else(|| format!("the time zone “{name}” is not known: {EXAMPLE}"))?;
                let at = offset.to_timestamp(local).map_err(|error| error.to_string())?;
                Ok(MeetingTime { at, local, offset, zone: MeetingZone::Named(name) })
            }
            (Some(offset), None) => {
                let at = offset.to_timestamp(local).map_err(|error| error.to_string())?;
                Ok(MeetingTime { at, local, offset, zone: MeetingZone::Offset(offset.seconds()) })
            }
            (None, None) => Err(format!("“{text}” has no UTC offset or time zone: {EXAMPLE}")),
        }
    }

    /// How an email says when, in the circle's zone: "Tuesday 12 January 2027, 18:30
    /// (America/Los_Angeles, UTC−8)".
    pub fn describe(&self) -> String {
        let zone = match &self.zone {
            MeetingZone::Named(name) => format!("{name}, {}", utc_label(self.offset)),
            MeetingZone::Offset(_) => utc_label(self.offset),
        };
        format!("{} ({zone})", self.local.strftime("%A %-d %B %Y, %H:%M"))
    }

    /// The same instant on a person's clock, when their offset then differs from the
    /// circle's: "Wednesday 13 January 2027, 03:30 (Europe/Berlin, UTC+1)".
    pub fn describe_for(&self, person: &PersonZone, zones: &dyn ZoneRules) -> Option<String> {
        let (offset, name) = match person {
            PersonZone::Named(name) => {
                (Offset::from_seconds(zones.offset_seconds(name, self.at.as_second())?).ok()?, Some(name))
            }
            PersonZone::Standard(minutes) => (Offset::from_seconds(minutes * 60).ok()?, None),
        };
        if offset == self.offset {
            return None;
        }
        let local = offset.to_datetime(self.at);
        let zone = match name {
            Some(name) => format!("{name}, {}", utc_label(offset)),
            None => utc_label(offset),
        };
        Some(format!("{} ({zone})", local.strftime("%A %-d %B %Y, %H:%M")))
    }

    /// The end of a meeting that lasts `minutes`.
    pub fn ends(&self, minutes: u32) -> Timestamp {
        self.at.saturating_add(SignedDuration::from_mins(i64::from(minutes))).unwrap_or(self.at)
    }
}

/// "UTC−8", "UTC+5:30": the project's one way of writing an offset.
fn utc_label(offset: Offset) -> String {
    UtcOffset(offset.seconds() / 60).to_string()
}

/// The offset a named zone has at a local date and time: the offset at the instant that local
/// time would be under the first guess, checked once more so that a meeting just after a change
/// of clocks gets the new offset.
fn offset_of_local(zones: &dyn ZoneRules, zone: &str, local: DateTime) -> Option<Offset> {
    let as_if_utc = Offset::UTC.to_timestamp(local).ok()?.as_second();
    let first = zones.offset_seconds(zone, as_if_utc)?;
    let second = zones.offset_seconds(zone, as_if_utc - i64::from(first))?;
    Offset::from_seconds(second).ok()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn an_offset_or_a_zone_name_gives_the_same_instant() {
        let with_offset = MeetingTime::parse("2027-01-12T18:30:00-08:00", &NoZoneRules).unwrap();
        let named = MeetingTime::parse("2027-01-12T18:30 America/Los_Angeles", &BundledZoneRules).unwrap();
        let bracketed = MeetingTime::parse("2027-01-12T18:30[America/Los_Angeles]", &BundledZoneRules).unwrap();
        assert_eq!(with_offset.at, named.at);
        assert_eq!(named, bracketed);
        assert_eq!(with_offset.describe(), "Tuesday 12 January 2027, 18:30 (UTC−8)");
        assert_eq!(named.describe(), "Tuesday 12 January 2027, 18:30 (America/Los_Angeles, UTC−8)");
    }

    #[test]
    fn summer_time_follows_the_zone_rules() {
        let july = MeetingTime::parse("2027-07-06T18:30 America/Los_Angeles", &BundledZoneRules).unwrap();
        assert_eq!(july.offset.seconds(), -7 * 3600);
        // Berlin is on summer time too in July: 18:30 in Los Angeles is 03:30 the next day there.
        let berlin = PersonZone::Named("Europe/Berlin".to_owned());
        assert_eq!(
            july.describe_for(&berlin, &BundledZoneRules).as_deref(),
            Some("Wednesday 7 July 2027, 03:30 (Europe/Berlin, UTC+2)")
        );
        let kolkata = PersonZone::Named("Asia/Kolkata".to_owned());
        let january = MeetingTime::parse("2027-01-12T18:30 America/Los_Angeles", &BundledZoneRules).unwrap();
        assert_eq!(
            january.describe_for(&kolkata, &BundledZoneRules).as_deref(),
            Some("Wednesday 13 January 2027, 08:00 (Asia/Kolkata, UTC+5:30)")
        );
        // Someone in the circle's own zone is not told the time twice.
        let home = PersonZone::Named("America/Vancouver".to_owned());
        assert_eq!(july.describe_for(&home, &BundledZoneRules), None);
    }

    #[test]
    fn unreadable_times_say_what_to_write() {
        for text in ["next Tuesday", "2027-01-12T18:30", "2027-01-12 Europe/Berlin", "2027-01-12T18:30 Mars/Olympus"] {
            let error = MeetingTime::parse(text, &BundledZoneRules).unwrap_err();
            assert!(error.contains("2027-01-12T18:30:00-08:00"), "{text}: {error}");
        }
        assert!(MeetingTime::parse("2027-01-12T18:30 Europe/Berlin", &NoZoneRules).is_err());
    }
}

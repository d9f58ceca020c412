//! circles.ics: one event per circle whose first meeting is set, written by an iCalendar
//! library (escaping, line folding). A time with a zone name keeps it (TZID), so a weekly
//! meeting stays at the same local hour across summer time; a time with only an offset is
//! written in UTC.

use ics::parameters::{CN, RSVP, Role, TzIDParam};
use ics::properties::{Attendee, Description, DtStart, Duration, Location, Organizer, RRule, Summary};
use ics::{Event, ICalendar, escape_text};
use jiff::Timestamp;
use jiff::tz::Offset;

use super::emails::Sender;
use crate::board::Board;
use crate::send::{Directory, MeetingTime, MeetingZone, ZoneRules};

/// The calendar of the board's circles. `stamp` (seconds since 1970, from the caller's clock)
/// is every event's DTSTAMP; `round` tells this round's circles from another's in the UIDs, so
/// that importing the file again updates the same events.
pub fn circles_ics(
    board: &Board,
    directory: &Directory,
    organizer: &Sender,
    zones: &dyn ZoneRules,
    stamp: i64,
    round: &str,
) -> String {
    let mut calendar = ICalendar::new("2.0", "-//Circle Composer//Circles//EN");
    let stamp = utc_text(Timestamp::from_second(stamp).unwrap_or(Timestamp::UNIX_EPOCH));
    for circle in &board.circles {
        let Ok(meeting) = MeetingTime::parse(&circle.details.starts, zones) else { continue };
        let mut event = Event::new(format!("circle-{}.{round}@circle-composer.invalid", circle.id), stamp.clone());
        event.push(start(&meeting));
        if let Some(minutes) = circle.details.minutes.filter(|&m| m > 0) {
            event.push(Duration::new(format!("PT{minutes}M")));
        }
        let repeat = circle.details.repeat.trim();
        if !repeat.is_empty() {
            event.push(RRule::new(repeat.trim_start_matches("RRULE:").to_owned()));
        }
        event.push(Summary::new(escape_text(circle.name.clone())));
        if !circle.details.place.trim().is_empty() {
            event.push(Location::new(escape_text(circle.details.place.trim().to_owned())));
        }
        let names: Vec<String> = circle
            .members
            .iter()
            .filter_map(|&m| directory.get(m))
            .filter_map(|m| m.view.name().map(str::to_owned))
            .collect();
        if !names.is_empty() {
            event.push(Description::new(escape_text(format!("Members: {}", names.join(", ")))));
        }
        if !organizer.email.is_empty() {
            let mut by = Organizer::new(format!("mailto:{}", organizer.email));
            if !organizer.name.is_empty() {
                by.add(CN::new(quoted(&organizer.name)));
            }
            event.push(by);
        }
        for member in circle.members.iter().filter_map(|&m| directory.get(m)).filter(|m| !m.email.is_empty()) {
            let mut attendee = Attendee::new(format!("mailto:{}", member.email));
            if let Some(name) = member.view.name() {
                attendee.add(CN::new(quoted(name)));
            }
            attendee.add(Role::REQ_PARTICIPANT);
            attendee.add(RSVP::True);
            event.push(attendee);
        }
        calendar.add_event(event);
    }
    calendar.to_string()
}

/// DTSTART: local time with TZID for a named zone, else UTC.
fn start(meeting: &MeetingTime) -> DtStart<'static> {
    match &meeting.zone {
        MeetingZone::Named(zone) => {
            let mut start = DtStart::new(meeting.local.strftime("%Y%m%dT%H%M%S").to_string());
            start.add(TzIDParam::new(zone.clone()));
            start
        }
        MeetingZone::Offset(_) => DtStart::new(utc_text(meeting.at)),
    }
}

/// An instant as iCalendar's UTC form, "20270113T023000Z".
fn utc_text(at: Timestamp) -> String {
    Offset::UTC.to_datetime(at).strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// A parameter value in double quotes, as RFC 5545 wants for names with commas, colons or
/// semicolons; a double quote cannot appear inside one and becomes an apostrophe.
fn quoted(value: &str) -> String {
    format!("\"{}\"", value.replace('"', "'"))
}

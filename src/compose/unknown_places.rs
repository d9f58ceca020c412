//! Applicants whose place is unknown. When the file has a location column, someone whose answer
//! was not resolved has neither a metro nor a time zone; placed blindly, they can land in a video
//! circle many hours from home with nothing said. So, by default, they wait with a reason the
//! organizer can act on, and a note names them before composing; the organizer may let them join
//! video circles anyway, where their circle's place check names them.

use std::collections::BTreeMap;

use super::contradictions::{names_of, together_groups};
use super::feasibility::{Finding, Level};
use super::job::ComposeJob;
use super::judge::RuleBook;
use super::rule_id::RuleKind;
use super::rules::UnresolvedPlaces;
use crate::model::ColumnRole;

/// Why someone whose place is unknown waits.
pub(crate) const UNKNOWN_PLACE_REASON: &str = "place unknown: choose it in Places";

/// Who (by position in `book`) has neither a metro nor a time zone, when the job's file has a
/// location column; nobody otherwise (no place rule can concern them).
pub(crate) fn unknown_places(job: &ComposeJob, book: &RuleBook) -> Vec<usize> {
    if !job.columns.iter().any(|c| c.role == ColumnRole::Location) {
        return Vec::new();
    }
    let roster = &book.roster;
    (0..roster.n).filter(|&p| roster.metro[p].is_none() && roster.offset[p].is_none()).collect()
}

/// The people who wait because of unknown places, with their reasons: the people themselves,
/// and anyone kept together with one of them (a together group shares a circle or waits whole).
pub(crate) fn waiting_for_places(book: &RuleBook, unknown: &[usize]) -> BTreeMap<usize, String> {
    let mut waiting: BTreeMap<usize, String> = unknown.iter().map(|&p| (p, UNKNOWN_PLACE_REASON.to_owned())).collect();
    for group in together_groups(book) {
        let lost: Vec<usize> = group.iter().copied().filter(|p| unknown.contains(p)).collect();
        if lost.is_empty() {
            continue;
        }
        for &person in group.iter().filter(|p| !unknown.contains(p)) {
            let reason =
                format!("Kept together with {}, whose place is unknown: choose it in Places.", names_of(book, &lost));
            waiting.insert(person, reason);
        }
    }
    waiting
}

/// The note before composing: how many have no place or time zone, who, and what happens to them.
pub(crate) fn unknown_places_finding(book: &RuleBook, unknown: &[usize], option: UnresolvedPlaces) -> Finding {
    let count = unknown.len();
    let who = if count == 1 { "1 applicant has".to_owned() } else { format!("{count} applicants have") };
    let what = match option {
        UnresolvedPlaces::Wait => {
            "They wait until you choose their places in Places (or let them join video circles anyway)."
        }
        UnresolvedPlaces::Video => {
            "They join video circles anyway, where their circle's place check names them; choose their places in Places."
        }
    };
    Finding {
        level: Level::Warning,
        rule: RuleKind::Place,
        message: format!("{who} no resolved place or time zone: {}. {what}", listed(book, unknown, 12)),
    }
}

/// Names of `people`, the first `most` of them and how many more.
pub(crate) fn listed(book: &RuleBook, people: &[usize], most: usize) -> String {
    if people.len() <= most {
        return names_of(book, people);
    }
    let first: Vec<&str> = people[..most].iter().map(|&p| book.roster.labels[p].as_str()).collect();
    format!("{} and {} more", first.join(", "), people.len() - most)
}

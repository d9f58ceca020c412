//! Why each waiting person waits, in one sentence an organizer can act on: the hard rule that
//! keeps them out of most circles near them, full circles, or a plan with no circle for them.

use std::collections::BTreeMap;

use super::judge::RuleBook;
use super::plan::PlannedCircle;
use super::roster::{PairKind, Venue};
use super::rule_id::RuleId;
use crate::model::{UtcOffset, hours_label};

/// Why `person` waits, given the circles formed (`members` per planned circle).
pub(crate) fn reason(book: &RuleBook, person: usize, circles: &[PlannedCircle], members: &[Vec<usize>]) -> String {
    let size = book.rules.size;
    let open: Vec<(Venue, &Vec<usize>)> =
        members.iter().enumerate().filter(|(_, m)| !m.is_empty()).map(|(c, m)| (circles[c].venue, m)).collect();
    if open.is_empty() {
        return if book.roster.n < size.min as usize {
            format!("Only {} applicants: a circle needs at least {}.", book.roster.n, size.min)
        } else {
            "No circle could be formed under the hard rules: see the feasibility notes.".to_owned()
        };
    }
    // Circles the place rule keeps them out of are far; among the near ones, the rule that keeps
    // them out of most is the reason (far circles are the reason only if all are far).
    let mut near: BTreeMap<RuleId, usize> = BTreeMap::new();
    let mut fits_but_full = 0;
    for &(venue, people) in &open {
        // Cheap tests first: the rules are named only for the near circles that refuse them.
        if book.is_far(venue, people, person) {
            continue;
        }
        if book.admits(venue, people, person) {
            fits_but_full += 1;
            continue;
        }
        let mut joined = people.clone();
        joined.push(person);
        for rule in book.broken_hard_rules(venue, &joined) {
            *near.entry(rule).or_default() += 1;
        }
    }
    if fits_but_full > 0 {
        return format!(
            "Signed up after the circles that fit them were full (at most {} each); allow larger circles, or a few \
             more applicants like them would open another.",
            size.max
        );
    }
    // Only in-person circles of other metros are open: too few people were left for video.
    if open.iter().all(|(venue, _)| matches!(venue, Venue::InPerson(metro) if !book.roster.lives_in(person, *metro))) {
        return format!(
            "Every circle meets in person in another metro, and too few people outside them can form a video circle \
             of {}: allow smaller circles, or let fewer metros host.",
            size.min
        );
    }
    if let Some(partner) = book.roster.named_with(person, PairKind::Together).next() {
        return format!("Kept together with {}, and no circle fits both.", book.roster.labels[partner]);
    }
    let rule = near.into_iter().max_by_key(|&(_, count)| count).map(|(rule, _)| rule);
    blocking_reason(book, person, rule.unwrap_or(RuleId::Place))
}

/// The sentence for a person whom `rule` keeps out of most circles near them.
fn blocking_reason(book: &RuleBook, person: usize, rule: RuleId) -> String {
    let roster = &book.roster;
    match rule {
        RuleId::Place => match (roster.offset[person], book.rules.place.max_tz_spread_minutes()) {
            (Some(offset), Some(width)) => format!(
                "No circle is within {} of their time zone ({}): widen the time-zone spread, or allow smaller circles \
                 so that one can form nearby.",
                hours_label(width),
                UtcOffset(offset)
            ),
            _ => "No circle fits where they are.".to_owned(),
        },
        RuleId::Distinct(header) => {
            let value = roster.distinct.iter().find(|d| d.header == header).map_or("", |d| d.written[person].as_str());
            format!("Every circle near them already has someone with the same {header} ({value}).")
        }
        RuleId::NeverIsolate(_) => "In every circle that fits them they would be the only one matching never-isolate: \
             lower k, make the rule soft, or add people who match."
            .to_owned(),
        RuleId::Share(_) => "In every circle that fits them the matching share would be too low.".to_owned(),
        RuleId::Availability => match &roster.availability {
            Some(column) if column.answers[person].is_empty() => {
                format!("They gave no answer in “{}”, so they share no time with a circle.", column.header)
            }
            _ => "No circle that fits them shares a time with them.".to_owned(),
        },
        RuleId::Apart => "Every circle that fits them has someone they are kept apart from.".to_owned(),
        RuleId::Size | RuleId::Spread(_) | RuleId::Together | RuleId::NotAgain => {
            "No circle fits them under the hard rules.".to_owned()
        }
    }
}

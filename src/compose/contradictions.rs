//! Rules that contradict each other for some people, found before solving and never resolved
//! silently: a pair both kept together and kept apart, people kept together who are more than the
//! largest circle holds, and people kept together who would break a rule that must hold in any
//! circle (two colleagues when companies must differ, time zones too far apart, no common time,
//! or too few others matching a never-isolate or share rule to join them). Those people wait from
//! the start with the reason, and a note of level error names them.

use std::collections::BTreeMap;

use super::feasibility::{Finding, Level};
use super::judge::RuleBook;
use super::roster::{PairKind, Venue};
use super::rule_id::{RuleId, RuleKind};
use crate::solver::share_needed;

/// People who cannot be placed whatever the search does.
#[derive(Clone, Debug, Default)]
pub(crate) struct Contradictions {
    /// Each such person (by position in the job) with the reason they wait, by position.
    pub waiting: BTreeMap<usize, String>,
    /// One note per contradiction, naming the people.
    pub findings: Vec<Finding>,
}

impl Contradictions {
    /// Every contradiction of the book's rules among its people.
    pub(crate) fn find(book: &RuleBook) -> Contradictions {
        let mut found = Contradictions::default();
        // A group of people joined by together pairs shares a circle or waits whole: one of them
        // who cannot be placed keeps the others out too.
        for group in together_groups(book) {
            let max = book.rules.size.max as usize;
            let apart = book.roster.together_and_apart.iter().find(|(a, _)| group.contains(a));
            if let Some(&(a, b)) = apart {
                let who = if group.len() == 2 { "they".to_owned() } else { names_of(book, &[a, b]) };
                found.add(
                    &group,
                    book,
                    RuleKind::Apart,
                    &format!("{who} are also kept apart; remove one of the two pairs"),
                );
            } else if group.len() > max {
                let why = format!(
                    "together they are {} people, more than the largest circle ({max}); remove a pair or allow \
                     larger circles",
                    group.len()
                );
                found.add(&group, book, RuleKind::Size, &why);
            } else if let Some((kind, why)) = broken_together(book, &group) {
                found.add(&group, book, kind, &why);
            }
        }
        found
    }

    /// Records that `people`, kept together, wait because `why`, which a rule of `kind` causes.
    fn add(&mut self, people: &[usize], book: &RuleBook, kind: RuleKind, why: &str) {
        for &person in people {
            let others: Vec<usize> = people.iter().copied().filter(|&p| p != person).collect();
            let reason = format!("Kept together with {}, but {why}.", names_of(book, &others));
            self.waiting.entry(person).or_insert(reason);
        }
        self.findings.push(Finding {
            level: Level::Error,
            rule: kind,
            message: format!("{} will wait: kept together, but {why}.", names_of(book, people)),
        });
    }
}

/// "Ana", "Ana and Bo", "Ana, Bo and Cy".
pub(crate) fn names_of(book: &RuleBook, people: &[usize]) -> String {
    let labels: Vec<&str> = people.iter().map(|&p| book.roster.labels[p].as_str()).collect();
    match labels.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// The groups of people joined by together pairs (two or more each), in order of their first member.
pub(crate) fn together_groups(book: &RuleBook) -> Vec<Vec<usize>> {
    let n = book.roster.n;
    let mut root: Vec<usize> = (0..n).collect();
    fn find(root: &mut [usize], mut x: usize) -> usize {
        while root[x] != x {
            root[x] = root[root[x]];
            x = root[x];
        }
        x
    }
    for person in 0..n {
        for other in book.roster.named_with(person, PairKind::Together) {
            let (a, b) = (find(&mut root, person), find(&mut root, other));
            root[a.max(b)] = a.min(b);
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for person in 0..n {
        let top = find(&mut root, person);
        groups.entry(top).or_default().push(person);
    }
    groups.into_values().filter(|g| g.len() > 1).collect()
}

/// Why a together group can share no circle, if it cannot: a hard rule that the group alone
/// breaks wherever it meets, or a never-isolate or share rule that too few others can mend.
fn broken_together(book: &RuleBook, group: &[usize]) -> Option<(RuleKind, String)> {
    let broken: Vec<(RuleKind, String)> = book
        .judge(Venue::Video, group)
        .into_iter()
        .filter(|j| j.hard && !j.ok)
        .filter(|j| matches!(j.rule, RuleId::Place | RuleId::Distinct(_) | RuleId::Apart | RuleId::Availability))
        .map(|j| (j.rule.kind(), format!("{} ({})", j.rule, j.detail)))
        .collect();
    if let Some(&(kind, _)) = broken.first() {
        let words: Vec<&str> = broken.iter().map(|(_, words)| words.as_str()).collect();
        return Some((kind, format!("together they break a rule that must hold: {}", words.join("; "))));
    }
    let roster = &book.roster;
    let size = book.rules.size;
    let smallest = size.min.max(group.len() as u32);
    let tallies =
        book.rules.never_isolate.iter().zip(&roster.never_isolate).map(|(rule, m)| {
            (RuleKind::NeverIsolate, rule.strength, rule.k.min(size.max.max(1)), &m.matches, &m.label)
        });
    let shares =
        book.rules.share.iter().zip(&roster.share).map(|(rule, m)| {
            (RuleKind::Share, rule.strength, share_needed(rule.at_least, smallest), &m.matches, &m.label)
        });
    for (kind, strength, needed, matches, label) in tallies.chain(shares) {
        let inside = group.iter().filter(|&&p| matches[p]).count() as u32;
        let others = (0..roster.n).filter(|p| matches[*p] && !group.contains(p)).count() as u32;
        if strength.is_hard() && inside > 0 && inside < needed && inside + others < needed {
            return Some((
                kind,
                format!(
                    "{inside} of them {} {kind} ({label}), which needs at least {needed} in their circle, and only \
                     {others} other {} to join them; make the rule preferred or remove the pair",
                    if inside == 1 { "matches" } else { "match" },
                    if others == 1 { "person matches" } else { "people match" }
                ),
            ));
        }
    }
    None
}

//! The one judgement of every rule: [`RuleBook::holds`] says whether a circle meets a rule, and
//! everything else asks it. The checks shown to the organizer, the repair after the search, the
//! test of whether a waiting person fits a circle, the waitlist reasons, the contradictions found
//! before solving and `check` of any roster all use it, so they cannot disagree. The solver's own
//! penalties (pair scores, tallies) are tested against it.
//!
//! Each rule has a shape that says how it is judged: by circle size, member by member (an
//! in-person circle's metro), pair by pair (a video circle's time zones, distinct answers, apart
//! pairs, pairs that met before), by a count of matching members (never-isolate, share, the same
//! test as the solver's tallies), by a common answer (availability), by partners (together), or by
//! how evenly answers mix (spread, always soft).

use std::collections::BTreeMap;

use super::job::ComposeJob;
use super::outcome::{Check, Circle, Mode};
use super::roster::{MetroId, PairKind, Roster, Venue};
use super::rule_id::RuleId;
use super::rules::{Rules, Strength};
use super::unknown_places::listed;
use crate::model::{GroupId, RecordId, hours_label, utc_band};
use crate::solver::TallyShape;

/// The rules as they apply to the people of one job: who each person is to the rules, which rules
/// there are, and their one judgement. Judges any circle of the job's people.
#[derive(Clone, Debug)]
pub struct RuleBook {
    pub(crate) roster: Roster,
    pub(crate) rules: Rules,
    /// Each person's record, by position in the job.
    pub(crate) records: Vec<RecordId>,
    /// Each record's position in the job.
    positions: BTreeMap<RecordId, usize>,
    /// Every rule the organizer set, in the order checks are listed.
    rule_ids: Vec<RuleId>,
}

/// How a rule is judged (see the module doc).
enum Shape<'a> {
    Size,
    Members(MetroId),
    Pairs,
    Tally(TallyShape, &'a [bool]),
    CommonAnswer,
    Partners,
    Spread(usize),
}

/// One rule judged for one circle.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Judgement {
    pub rule: RuleId,
    pub ok: bool,
    pub hard: bool,
    pub detail: String,
}

impl RuleBook {
    /// Reads the job's people as the rules see them.
    pub fn new(job: &ComposeJob) -> RuleBook {
        let roster = Roster::read(job);
        let rules = job.rules.clone();
        let mut rule_ids = vec![RuleId::Size, RuleId::Place];
        rule_ids.extend(rules.spread.iter().map(|r| RuleId::Spread(r.column.clone())));
        rule_ids.extend(rules.distinct.iter().map(|r| RuleId::Distinct(r.column.clone())));
        rule_ids.extend((0..rules.never_isolate.len()).map(RuleId::NeverIsolate));
        rule_ids.extend((0..rules.share.len()).map(RuleId::Share));
        rule_ids.extend(rules.availability.iter().map(|_| RuleId::Availability));
        rule_ids.extend((!rules.together.is_empty()).then_some(RuleId::Together));
        rule_ids.extend((!rules.apart.is_empty()).then_some(RuleId::Apart));
        rule_ids.extend((!rules.not_again.is_empty()).then_some(RuleId::NotAgain));
        let records: Vec<RecordId> = job.people.iter().map(|p| p.applicant.record).collect();
        let positions = records.iter().enumerate().map(|(position, &record)| (record, position)).collect();
        RuleBook { roster, rules, records, positions, rule_ids }
    }

    /// Every rule that applies to a circle at `venue`: the place rule of a video circle only when
    /// the organizer limits the time-zone spread.
    pub(crate) fn rules_at(&self, venue: Venue) -> impl Iterator<Item = &RuleId> + '_ {
        let place = matches!(venue, Venue::InPerson(_)) || self.rules.place.max_tz_spread_hours.is_some();
        self.rule_ids.iter().filter(move |rule| **rule != RuleId::Place || place)
    }

    /// Whether a rule must hold.
    pub(crate) fn is_hard(&self, rule: &RuleId) -> bool {
        let strength = match rule {
            RuleId::Size | RuleId::Place | RuleId::Together | RuleId::Apart => return true,
            RuleId::Spread(_) | RuleId::NotAgain => return false,
            RuleId::Distinct(column) => self.distinct_index(column).map(|i| self.roster.distinct[i].strength),
            RuleId::NeverIsolate(index) => self.rules.never_isolate.get(*index).map(|r| r.strength),
            RuleId::Share(index) => self.rules.share.get(*index).map(|r| r.strength),
            RuleId::Availability => self.roster.availability.as_ref().map(|a| a.strength),
        };
        strength.is_some_and(Strength::is_hard)
    }

    fn distinct_index(&self, column: &str) -> Option<usize> {
        self.roster.distinct.iter().position(|d| d.header == column)
    }

    fn shape(&self, rule: &RuleId, venue: Venue) -> Shape<'_> {
        match (rule, venue) {
            (RuleId::Size, _) => Shape::Size,
            (RuleId::Place, Venue::InPerson(metro)) => Shape::Members(metro),
            (RuleId::Place | RuleId::Distinct(_) | RuleId::Apart | RuleId::NotAgain, _) => Shape::Pairs,
            (RuleId::NeverIsolate(index), _) => Shape::Tally(
                TallyShape::NoneOrAtLeast(self.rules.never_isolate[*index].k),
                &self.roster.never_isolate[*index].matches,
            ),
            (RuleId::Share(index), _) => Shape::Tally(
                TallyShape::ShareAtLeast(self.rules.share[*index].at_least),
                &self.roster.share[*index].matches,
            ),
            (RuleId::Availability, _) => Shape::CommonAnswer,
            (RuleId::Together, _) => Shape::Partners,
            (RuleId::Spread(column), _) => {
                Shape::Spread(self.roster.spread.iter().position(|s| s.header == *column).unwrap_or(0))
            }
        }
    }

    /// Whether a pair-shaped rule lets `a` and `b` share a circle.
    fn pair_allowed(&self, rule: &RuleId, a: usize, b: usize) -> bool {
        let roster = &self.roster;
        match rule {
            RuleId::Place => match (roster.offset[a], roster.offset[b], self.rules.place.max_tz_spread_minutes()) {
                (Some(x), Some(y), Some(max)) => (x - y).abs() <= max,
                _ => true,
            },
            RuleId::Distinct(column) => self.distinct_index(column).is_none_or(|i| {
                let groups = &roster.distinct[i].groups;
                groups[a] == 0 || groups[a] != groups[b]
            }),
            RuleId::Apart => !roster.named_with(a, PairKind::Apart).any(|other| other == b),
            RuleId::NotAgain => !roster.named_with(a, PairKind::MetBefore).any(|other| other == b),
            _ => true,
        }
    }

    /// The one judgement: whether a circle at `venue` with these members (by position in the job)
    /// meets `rule`.
    pub(crate) fn holds(&self, rule: &RuleId, venue: Venue, members: &[usize]) -> bool {
        let size = members.len() as u32;
        match self.shape(rule, venue) {
            Shape::Size => (self.rules.size.min..=self.rules.size.max).contains(&size),
            Shape::Members(metro) => members.iter().all(|&m| self.roster.lives_in(m, metro)),
            Shape::Pairs => members
                .iter()
                .enumerate()
                .all(|(index, &a)| members[index + 1..].iter().all(|&b| self.pair_allowed(rule, a, b))),
            Shape::Tally(shape, matches) => {
                let count = members.iter().filter(|&&m| matches[m]).count() as u32;
                shape.missing(size, &[count]) == 0
            }
            Shape::CommonAnswer => TallyShape::CommonTag.missing(size, &self.answer_counts(members)) == 0,
            Shape::Partners => {
                members.iter().all(|&m| self.roster.named_with(m, PairKind::Together).all(|p| members.contains(&p)))
            }
            Shape::Spread(index) => {
                let (distinct, most) = self.spread_counts(index, members);
                most * 2 <= members.len().max(1) || distinct == 1 && members.len() <= 1
            }
        }
    }

    /// Whether `rule` still holds once `person` joins `members`, which meet it already: only the
    /// newcomer's pairs are looked at for pair-shaped rules.
    pub(crate) fn holds_joined(&self, rule: &RuleId, venue: Venue, members: &[usize], person: usize) -> bool {
        match self.shape(rule, venue) {
            Shape::Members(metro) => self.roster.lives_in(person, metro),
            Shape::Pairs => members.iter().all(|&m| self.pair_allowed(rule, person, m)),
            _ => {
                let mut joined = members.to_vec();
                joined.push(person);
                self.holds(rule, venue, &joined)
            }
        }
    }

    /// How many members give each availability answer.
    fn answer_counts(&self, members: &[usize]) -> Vec<u32> {
        let Some(availability) = &self.roster.availability else { return Vec::new() };
        let mut counts = vec![0u32; availability.n_answers];
        for &m in members {
            for &answer in &availability.answers[m] {
                counts[answer as usize] += 1;
            }
        }
        counts
    }

    /// The answer most members give (the first on a tie), with its count.
    fn best_answer(&self, members: &[usize]) -> Option<(usize, u32)> {
        let counts = self.answer_counts(members);
        counts.into_iter().enumerate().max_by_key(|&(answer, count)| (count, std::cmp::Reverse(answer)))
    }

    /// How many different answers a spread column has in the circle, and the most common one's count.
    fn spread_counts(&self, index: usize, members: &[usize]) -> (usize, usize) {
        let Some(column) = self.roster.spread.get(index) else { return (0, 0) };
        let mut values: Vec<u32> = members.iter().map(|&m| column.values[m]).collect();
        values.sort_unstable();
        let runs = values.chunk_by(|a, b| a == b);
        let distinct = runs.clone().count();
        (distinct, runs.map(<[u32]>::len).max().unwrap_or(0))
    }

    /// Whether any hard pair rule keeps two people out of one circle, wherever it meets.
    pub(crate) fn hard_pair_conflict(&self, a: usize, b: usize) -> bool {
        self.rule_ids
            .iter()
            .filter(|rule| matches!(rule, RuleId::Place | RuleId::Distinct(_) | RuleId::Apart) && self.is_hard(rule))
            .any(|rule| !self.pair_allowed(rule, a, b))
    }

    /// Whether `person` is far from a circle: not of its hosting metro, or too many time zones
    /// from a member.
    pub(crate) fn is_far(&self, venue: Venue, members: &[usize], person: usize) -> bool {
        !self.holds_joined(&RuleId::Place, venue, members, person)
    }

    /// Whether `person` could join a circle that meets every hard rule without breaking one (its
    /// size and together pairs aside, which the caller weighs).
    pub(crate) fn admits(&self, venue: Venue, members: &[usize], person: usize) -> bool {
        self.rules_at(venue)
            .filter(|rule| !matches!(rule, RuleId::Size | RuleId::Together) && self.is_hard(rule))
            .all(|rule| self.holds_joined(rule, venue, members, person))
    }

    /// The hard rules a circle breaks, its size aside.
    pub(crate) fn broken_hard_rules(&self, venue: Venue, members: &[usize]) -> Vec<RuleId> {
        self.rules_at(venue)
            .filter(|rule| **rule != RuleId::Size && self.is_hard(rule) && !self.holds(rule, venue, members))
            .cloned()
            .collect()
    }

    /// Members whose leaving mends the first hard rule the circle breaks (none when every hard
    /// rule holds), one rule at a time; the size rule is left to the caller.
    pub(crate) fn members_to_leave(&self, venue: Venue, members: &[usize]) -> Vec<usize> {
        let Some(rule) = self.broken_hard_rules(venue, members).into_iter().next() else { return Vec::new() };
        match self.shape(&rule, venue) {
            Shape::Members(metro) => members.iter().copied().filter(|&m| !self.roster.lives_in(m, metro)).collect(),
            Shape::Pairs => {
                // The member in most forbidden pairs leaves first (the later sign-up on a tie), one
                // at a time, since that often mends the other pairs too.
                let conflicts =
                    |a: usize| members.iter().filter(|&&b| b != a && !self.pair_allowed(&rule, a, b)).count();
                members
                    .iter()
                    .copied()
                    .filter(|&m| conflicts(m) > 0)
                    .max_by_key(|&m| (conflicts(m), m))
                    .into_iter()
                    .collect()
            }
            Shape::Tally(_, matches) => members.iter().copied().filter(|&m| matches[m]).collect(),
            Shape::CommonAnswer => {
                let best = self.best_answer(members).map(|(answer, _)| answer as u16);
                let answers = self.roster.availability.as_ref().map(|a| &a.answers);
                members
                    .iter()
                    .copied()
                    .filter(|&m| !best.is_some_and(|b| answers.is_some_and(|a| a[m].contains(&b))))
                    .collect()
            }
            Shape::Partners => members
                .iter()
                .copied()
                .filter(|&m| self.roster.named_with(m, PairKind::Together).any(|p| !members.contains(&p)))
                .collect(),
            Shape::Size | Shape::Spread(_) => Vec::new(),
        }
    }

    /// Every rule that applies, judged, with a detail in words.
    pub(crate) fn judge(&self, venue: Venue, members: &[usize]) -> Vec<Judgement> {
        self.rules_at(venue)
            .map(|rule| Judgement {
                rule: rule.clone(),
                ok: self.holds(rule, venue, members),
                hard: self.is_hard(rule),
                detail: self.detail(rule, venue, members),
            })
            .collect()
    }

    /// Judges any circle of this job's people: one check per rule. Records the job does not
    /// have are left out; an in-person circle's place names its metro.
    pub fn judge_circle(&self, circle: &Circle) -> Vec<Check> {
        let members: Vec<usize> = circle.members.iter().filter_map(|record| self.position(*record)).collect();
        let venue = self.venue(circle.mode, circle.place.as_deref());
        self.judge(venue, &members)
            .into_iter()
            .map(|j| Check { group: circle.id, rule: j.rule, hard: j.hard, ok: j.ok, detail: j.detail })
            .collect()
    }

    /// "UTC−8 … UTC−5": the UTC offsets of these people, when any is known.
    pub fn band(&self, members: &[RecordId]) -> Option<String> {
        let offsets: Vec<i32> =
            members.iter().filter_map(|&r| self.position(r)).filter_map(|p| self.roster.offset[p]).collect();
        Some(utc_band(*offsets.iter().min()?, *offsets.iter().max()?))
    }

    /// The position in the job of the person of this record.
    pub fn position(&self, record: RecordId) -> Option<usize> {
        self.positions.get(&record).copied()
    }

    /// Where a circle of this mode and place meets; an in-person circle in a metro where none of
    /// the job's people live is a metro nobody lives in.
    pub(crate) fn venue(&self, mode: Mode, place: Option<&str>) -> Venue {
        match mode {
            Mode::Video => Venue::Video,
            Mode::InPerson => Venue::InPerson(
                place
                    .and_then(|name| self.roster.metro_named(name))
                    .unwrap_or(MetroId(self.roster.metro_names.len() as u32)),
            ),
        }
    }

    /// A circle's checks, as the composition reports them.
    pub(crate) fn checks(&self, group: GroupId, venue: Venue, members: &[usize]) -> Vec<Check> {
        self.judge(venue, members)
            .into_iter()
            .map(|j| Check { group, rule: j.rule, hard: j.hard, ok: j.ok, detail: j.detail })
            .collect()
    }

    /// A short detail in words: "8 members (6–9)", "video, UTC−8 … UTC−5, spread 3 h", "2 of 8 match".
    fn detail(&self, rule: &RuleId, venue: Venue, members: &[usize]) -> String {
        let size = members.len() as u32;
        let roster = &self.roster;
        match rule {
            RuleId::Size => format!("{size} members ({}–{})", self.rules.size.min, self.rules.size.max),
            RuleId::Place => self.place_detail(venue, members),
            RuleId::Spread(column) => {
                let index = roster.spread.iter().position(|s| s.header == *column).unwrap_or(0);
                let (distinct, most) = self.spread_counts(index, members);
                let spread = &roster.spread[index];
                let common = members
                    .iter()
                    .map(|&m| spread.values[m])
                    .filter(|&v| members.iter().filter(|&&o| spread.values[o] == v).count() == most)
                    .min()
                    .unwrap_or(0);
                let label = match spread.ids.label(common) {
                    "" => "blank",
                    label => label,
                };
                format!("{distinct} different; most common: {label} ×{most}")
            }
            RuleId::Distinct(column) => self.distinct_detail(column, members),
            RuleId::NeverIsolate(index) => {
                let matching = &roster.never_isolate[*index];
                let count = members.iter().filter(|&&m| matching.matches[m]).count() as u32;
                let label =
                    if self.rules.never_isolate.len() > 1 { format!(" {}", matching.label) } else { String::new() };
                match count {
                    0 => format!("none match{label}"),
                    _ if self.holds(rule, venue, members) => format!("{count} of {size} match{label}"),
                    _ => format!(
                        "{count} of {size} match{label}; needs none or at least {}",
                        self.rules.never_isolate[*index].k
                    ),
                }
            }
            RuleId::Share(index) => {
                let count = members.iter().filter(|&&m| roster.share[*index].matches[m]).count() as u32;
                let needed = crate::solver::share_needed(self.rules.share[*index].at_least, size);
                match count {
                    0 => "none match".to_owned(),
                    _ => format!("{count} of {size} match (at least {needed} wanted)"),
                }
            }
            RuleId::Availability => match (self.best_answer(members), &roster.availability) {
                (Some((answer, count)), Some(availability)) if count > 0 => {
                    let label = availability.ids.label(answer as u32 + 1);
                    if count == size {
                        format!("all can do {label}")
                    } else {
                        format!("no common time; {label} suits {count} of {size}")
                    }
                }
                _ => "no availability given".to_owned(),
            },
            RuleId::Together => self.together_detail(members),
            RuleId::Apart => {
                let pairs = self.named_pairs_inside(members, PairKind::Apart);
                if pairs.is_empty() { "no pair kept apart is here".to_owned() } else { pairs.join("; ") }
            }
            RuleId::NotAgain => match self.named_pairs_inside(members, PairKind::MetBefore).len() {
                0 => "no pair met before".to_owned(),
                1 => "1 pair met before".to_owned(),
                met => format!("{met} pairs met before"),
            },
        }
    }

    fn place_detail(&self, venue: Venue, members: &[usize]) -> String {
        let roster = &self.roster;
        if let Venue::InPerson(metro) = venue {
            let away = members.iter().filter(|&&m| !roster.lives_in(m, metro)).count();
            let name = roster.metro_name(metro);
            let name = if name.is_empty() { "its metro" } else { name };
            return if away == 0 { format!("all in {name}") } else { format!("{away} not in {name}") };
        }
        let offsets: Vec<i32> = members.iter().filter_map(|&m| roster.offset[m]).collect();
        // Whoever has no time zone is named, so that the organizer can fix their place.
        let unknown: Vec<usize> = members.iter().copied().filter(|&m| roster.offset[m].is_none()).collect();
        let unknown_note = match unknown.len() {
            0 => String::new(),
            _ => format!("; time zone unknown: {}", listed(self, &unknown, 5)),
        };
        match (offsets.iter().min(), offsets.iter().max()) {
            (Some(&low), Some(&high)) => {
                format!("video, {}, spread {}{unknown_note}", utc_band(low, high), hours_label(high - low))
            }
            _ => format!("video; time zones unknown{unknown_note}"),
        }
    }

    fn distinct_detail(&self, column: &str, members: &[usize]) -> String {
        let Some(index) = self.distinct_index(column) else { return String::new() };
        let column = &self.roster.distinct[index];
        let mut by_group: Vec<(u32, &str)> = members
            .iter()
            .filter(|&&m| column.groups[m] != 0)
            .map(|&m| (column.groups[m], column.written[m].as_str()))
            .collect();
        by_group.sort_unstable();
        let shared: Vec<String> = by_group
            .chunk_by(|a, b| a.0 == b.0)
            .filter(|run| run.len() > 1)
            .map(|run| {
                let mut written: Vec<&str> = run.iter().map(|(_, w)| *w).collect();
                written.dedup();
                format!("{} from {}", run.len(), written.join(" / "))
            })
            .collect();
        if shared.is_empty() { format!("{} all distinct", column.header.to_lowercase()) } else { shared.join(", ") }
    }

    /// "Ana with Bo; Cy without Di": pairs kept together, those split first.
    fn together_detail(&self, members: &[usize]) -> String {
        let name = |person: usize| self.roster.labels[person].as_str();
        let (mut with, mut without) = (Vec::new(), Vec::new());
        for &m in members {
            for other in self.roster.named_with(m, PairKind::Together) {
                if !members.contains(&other) {
                    without.push(format!("{} without {}", name(m), name(other)));
                } else if other > m {
                    with.push(format!("{} with {}", name(m), name(other)));
                }
            }
        }
        if with.is_empty() && without.is_empty() {
            return "no pair kept together is here".to_owned();
        }
        without.into_iter().chain(with).collect::<Vec<_>>().join("; ")
    }

    /// "Ana with Bo" for each pair of members named as `kind`.
    fn named_pairs_inside(&self, members: &[usize], kind: PairKind) -> Vec<String> {
        let name = |person: usize| self.roster.labels[person].as_str();
        let mut pairs = Vec::new();
        for &m in members {
            for other in self.roster.named_with(m, kind) {
                if other > m && members.contains(&other) {
                    pairs.push(format!("{} with {}", name(m), name(other)));
                }
            }
        }
        pairs
    }
}

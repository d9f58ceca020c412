//! What the rules need to know of each person, read once from the job: answer ids per spread
//! column, groups per distinct column, who matches never-isolate and share rules, availability
//! answers, metro and UTC offset, and the named pairs. Also the pairwise part of the score.

use std::collections::BTreeMap;

use super::answers::{AnswerIds, RoleFamily, distinct_groups, normalize_words};
use super::rules::{ColumnMatch, Rules, Strength};
use super::{ComposeJob, Person};
use crate::import::Column;
use crate::model::ColumnRole;
use crate::solver::Distances;

/// A spread column, read.
#[derive(Clone, Debug)]
pub(crate) struct SpreadColumn {
    pub header: String,
    pub weight: f64,
    /// Answer id per person (0: blank).
    pub values: Vec<u32>,
    pub ids: AnswerIds,
}

/// A distinct column, read.
#[derive(Clone, Debug)]
pub(crate) struct DistinctColumn {
    pub header: String,
    pub strength: Strength,
    /// Group per person (0: blank); spellings of one company share a group.
    pub groups: Vec<u32>,
    /// Each person's answer as written.
    pub written: Vec<String>,
}

/// Who matches a never-isolate or share rule.
#[derive(Clone, Debug)]
pub(crate) struct Matching {
    pub label: String,
    pub matches: Vec<bool>,
}

/// The availability column, read.
#[derive(Clone, Debug)]
pub(crate) struct AvailabilityColumn {
    pub header: String,
    pub strength: Strength,
    /// Each person's answer ids, ascending.
    pub answers: Vec<Vec<u16>>,
    pub ids: AnswerIds,
    pub n_answers: usize,
}

/// How two named people relate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum PairKind {
    Together,
    Apart,
    MetBefore,
}

/// The people of a job as the rules see them, by position in the job.
#[derive(Clone, Debug)]
pub(crate) struct Roster {
    pub n: usize,
    /// How each person is named in details: name, else email, else record number.
    pub labels: Vec<String>,
    pub spread: Vec<SpreadColumn>,
    pub distinct: Vec<DistinctColumn>,
    pub never_isolate: Vec<Matching>,
    pub share: Vec<Matching>,
    pub availability: Option<AvailabilityColumn>,
    /// Metro id per person (0: unknown), and the metros' names (id − 1).
    pub metro: Vec<u32>,
    pub metro_names: Vec<String>,
    /// UTC offset per person, in minutes, when known.
    pub offset: Vec<Option<i32>>,
    /// Named pairs per person, sorted by the other person.
    pub pairs: Vec<Vec<(u32, PairKind)>>,
    /// Emails named by together / apart rules that match nobody.
    pub unknown_emails: Vec<(String, &'static str)>,
}

impl Roster {
    pub(crate) fn read(job: &ComposeJob) -> Roster {
        let people = &job.people;
        let rules = &job.rules;
        let n = people.len();
        let column = |header: &str| job.columns.iter().position(|c| c.header == header);
        fn cell(person: &Person, index: Option<usize>) -> &str {
            index.map_or("", |i| person.answers[i].as_str())
        }

        let spread = rules
            .spread
            .iter()
            .map(|rule| {
                let index = column(&rule.column);
                let is_role = index.is_some_and(|i| job.columns[i].role == ColumnRole::Role);
                let mut ids = AnswerIds::default();
                let values = people
                    .iter()
                    .map(|p| {
                        let answer = cell(p, index).trim();
                        if is_role && !answer.is_empty() {
                            let family = RoleFamily::of(answer).label();
                            ids.id(family.to_owned(), family)
                        } else {
                            ids.id(normalize_words(answer), answer)
                        }
                    })
                    .collect();
                SpreadColumn { header: rule.column.clone(), weight: rule.weight, values, ids }
            })
            .collect();

        let distinct = rules
            .distinct
            .iter()
            .map(|rule| {
                let index = column(&rule.column);
                let written: Vec<String> = people.iter().map(|p| cell(p, index).trim().to_owned()).collect();
                DistinctColumn {
                    header: rule.column.clone(),
                    strength: rule.strength,
                    groups: distinct_groups(written.iter().map(String::as_str)),
                    written,
                }
            })
            .collect();

        let matching = |matches: &[ColumnMatch]| Matching {
            label: matches.iter().map(ToString::to_string).collect::<Vec<_>>().join(" or "),
            matches: people.iter().map(|p| matches.iter().any(|m| person_matches(job, p, m))).collect(),
        };
        let never_isolate = rules.never_isolate.iter().map(|r| matching(&r.matches)).collect();
        let share = rules.share.iter().map(|r| matching(&r.matches)).collect();

        let availability = rules.availability.as_ref().map(|rule| {
            let index = column(&rule.column);
            let mut ids = AnswerIds::default();
            let answers: Vec<Vec<u16>> = people
                .iter()
                .map(|p| {
                    let mut own: Vec<u16> = index
                        .map(|i| job.columns[i].answers(&p.answers[i]))
                        .unwrap_or_default()
                        .into_iter()
                        .map(|answer| ids.id(normalize_words(answer), answer))
                        .filter(|&id| id != 0)
                        .map(|id| (id - 1) as u16)
                        .collect();
                    own.sort_unstable();
                    own.dedup();
                    own
                })
                .collect();
            let n_answers = answers_len(&answers);
            AvailabilityColumn { header: rule.column.clone(), strength: rule.strength, answers, ids, n_answers }
        });

        let mut metro_ids: BTreeMap<&str, u32> = BTreeMap::new();
        let mut metro_names = Vec::new();
        let metro = people
            .iter()
            .map(|p| match &p.locale {
                Some(locale) if !locale.metro.is_empty() => *metro_ids.entry(&locale.metro).or_insert_with(|| {
                    metro_names.push(locale.metro.clone());
                    metro_names.len() as u32
                }),
                _ => 0,
            })
            .collect();
        let offset = people.iter().map(|p| p.locale.as_ref().and_then(|l| l.utc_offset_minutes)).collect();

        let (pairs, unknown_emails) = named_pairs(people, rules);
        let labels = people
            .iter()
            .map(|p| match (p.applicant.name.trim(), p.applicant.email.trim()) {
                ("", "") => format!("record {}", p.applicant.record),
                ("", email) => email.to_owned(),
                (name, _) => name.to_owned(),
            })
            .collect();
        Roster {
            n,
            labels,
            spread,
            distinct,
            never_isolate,
            share,
            availability,
            metro,
            metro_names,
            offset,
            pairs,
            unknown_emails,
        }
    }

    /// The name of metro `id` (from 1).
    pub(crate) fn metro_name(&self, id: u32) -> &str {
        id.checked_sub(1).and_then(|i| self.metro_names.get(i as usize)).map_or("", String::as_str)
    }
}

fn answers_len(answers: &[Vec<u16>]) -> usize {
    answers.iter().flatten().map(|&a| a as usize + 1).max().unwrap_or(0)
}

/// Whether one of the person's answers in the match's column is one of its values (without case).
fn person_matches(job: &ComposeJob, person: &Person, wanted: &ColumnMatch) -> bool {
    let Some(column) = job.columns.iter().position(|c| c.header == wanted.column) else { return false };
    let values: Vec<String> = wanted.values.iter().map(|v| normalize_words(v)).collect();
    let spec: &Column = &job.columns[column];
    spec.answers(&person.answers[column]).into_iter().any(|answer| values.contains(&normalize_words(answer)))
}

/// Together, apart and met-before pairs per person, from the rules' emails (without case).
/// Per person, the people they are named with and how.
type NamedPairs = Vec<Vec<(u32, PairKind)>>;
/// Emails that match nobody, with the rule naming them.
type UnknownEmails = Vec<(String, &'static str)>;

fn named_pairs(people: &[Person], rules: &Rules) -> (NamedPairs, UnknownEmails) {
    let mut by_email: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (index, person) in people.iter().enumerate() {
        let email = person.applicant.email.trim().to_lowercase();
        if !email.is_empty() {
            by_email.entry(email).or_default().push(index as u32);
        }
    }
    let mut pairs: Vec<Vec<(u32, PairKind)>> = vec![Vec::new(); people.len()];
    let mut unknown = Vec::new();
    let mut add = |a: &str, b: &str, kind: PairKind, unknown: &mut Vec<(String, &'static str)>, rule: &'static str| {
        let find = |email: &str| by_email.get(&email.trim().to_lowercase());
        let (found_a, found_b) = (find(a), find(b));
        for (email, found) in [(a, found_a), (b, found_b)] {
            if found.is_none() && rule != "not again" {
                unknown.push((email.to_owned(), rule));
            }
        }
        for &x in found_a.into_iter().flatten() {
            for &y in found_b.into_iter().flatten() {
                if x != y {
                    pairs[x as usize].push((y, kind));
                    pairs[y as usize].push((x, kind));
                }
            }
        }
    };
    for pair in &rules.together {
        add(&pair.a, &pair.b, PairKind::Together, &mut unknown, "together");
    }
    for pair in &rules.apart {
        add(&pair.a, &pair.b, PairKind::Apart, &mut unknown, "apart");
    }
    for circle in &rules.not_again {
        for (index, a) in circle.iter().enumerate() {
            for b in &circle[index + 1..] {
                add(a, b, PairKind::MetBefore, &mut unknown, "not again");
            }
        }
    }
    for list in &mut pairs {
        // One relation per pair: together or apart (the organizer's word) over met before.
        list.sort_unstable();
        list.dedup_by_key(|(other, _)| *other);
    }
    (pairs, unknown)
}

/// The pairwise part of the score: diversity of spread answers, less penalties for pairs that
/// break distinct, time-zone and apart rules, plus a bonus for pairs kept together.
#[derive(Clone, Debug)]
pub struct PairScores {
    n: usize,
    spread_width: usize,
    /// Person-major spread answer ids.
    spread_values: Vec<u32>,
    spread_weights: Vec<f64>,
    distinct_width: usize,
    /// Person-major distinct groups.
    distinct_groups: Vec<u32>,
    distinct_costs: Vec<f64>,
    offsets: Vec<Option<i32>>,
    max_spread_minutes: Option<i32>,
    pairs: Vec<Vec<(u32, f64)>>,
    hard: f64,
}

/// What a pair that met in a previous round costs, in units of one spread column's difference.
pub(crate) const MET_BEFORE_COST: f64 = 2.0;

impl PairScores {
    pub(crate) fn new(roster: &Roster, rules: &Rules, hard: f64) -> Self {
        let n = roster.n;
        let spread_width = roster.spread.len();
        let mut spread_values = vec![0; n * spread_width];
        for (column, spread) in roster.spread.iter().enumerate() {
            for (person, &value) in spread.values.iter().enumerate() {
                spread_values[person * spread_width + column] = value;
            }
        }
        let distinct_width = roster.distinct.len();
        let mut distinct_groups = vec![0; n * distinct_width];
        for (column, distinct) in roster.distinct.iter().enumerate() {
            for (person, &group) in distinct.groups.iter().enumerate() {
                distinct_groups[person * distinct_width + column] = group;
            }
        }
        let cost = |strength: Strength| match strength {
            Strength::Hard => hard,
            Strength::Soft(weight) => weight,
        };
        let pairs = roster
            .pairs
            .iter()
            .map(|list| {
                list.iter()
                    .map(|&(other, kind)| {
                        let value = match kind {
                            PairKind::Together => hard,
                            PairKind::Apart => -hard,
                            PairKind::MetBefore => -MET_BEFORE_COST,
                        };
                        (other, value)
                    })
                    .collect()
            })
            .collect();
        PairScores {
            n,
            spread_width,
            spread_values,
            spread_weights: roster.spread.iter().map(|s| s.weight).collect(),
            distinct_width,
            distinct_groups,
            distinct_costs: roster.distinct.iter().map(|d| cost(d.strength)).collect(),
            offsets: roster.offset.clone(),
            max_spread_minutes: rules.place.max_tz_spread_minutes(),
            pairs,
            hard,
        }
    }

    /// Whether two people may never share a circle under the hard pair rules (a together bonus
    /// does not excuse them: a pair kept together may still break a hard distinct rule).
    pub(crate) fn hard_conflict(&self, i: usize, j: usize) -> bool {
        let (di, dj) = (i * self.distinct_width, j * self.distinct_width);
        let same_distinct = (0..self.distinct_width).any(|column| {
            let group = self.distinct_groups[di + column];
            self.distinct_costs[column] >= self.hard && group != 0 && group == self.distinct_groups[dj + column]
        });
        same_distinct || self.too_far(i, j) || self.pair_value(i, j) <= -self.hard
    }

    /// The score of a pair without the hard terms (penalties and the together bonus): the
    /// spread diversity less soft penalties, as reported to the organizer.
    pub(crate) fn reported(&self, i: usize, j: usize) -> f64 {
        let mut score = self.spread_score(i, j);
        let (di, dj) = (i * self.distinct_width, j * self.distinct_width);
        for column in 0..self.distinct_width {
            let group = self.distinct_groups[di + column];
            if self.distinct_costs[column] < self.hard && group != 0 && group == self.distinct_groups[dj + column] {
                score -= self.distinct_costs[column];
            }
        }
        let named = self.pair_value(i, j);
        if named.abs() < self.hard {
            score += named;
        }
        score
    }

    fn spread_score(&self, i: usize, j: usize) -> f64 {
        let (si, sj) = (i * self.spread_width, j * self.spread_width);
        (0..self.spread_width)
            .filter(|&column| self.spread_values[si + column] != self.spread_values[sj + column])
            .map(|column| self.spread_weights[column])
            .sum()
    }

    /// The value of a named pair (together, apart, met before), 0 for others.
    fn pair_value(&self, i: usize, j: usize) -> f64 {
        let list = &self.pairs[i];
        if list.is_empty() {
            return 0.0;
        }
        list.binary_search_by_key(&(j as u32), |&(other, _)| other).map_or(0.0, |at| list[at].1)
    }

    /// Whether the offsets of two people are too far apart for one video circle.
    pub(crate) fn too_far(&self, i: usize, j: usize) -> bool {
        match (self.offsets[i], self.offsets[j], self.max_spread_minutes) {
            (Some(a), Some(b), Some(max)) => (a - b).abs() > max,
            _ => false,
        }
    }
}

impl Distances for PairScores {
    fn len(&self) -> usize {
        self.n
    }

    #[inline]
    fn get(&self, i: usize, j: usize) -> f64 {
        let mut score = self.spread_score(i, j);
        let (di, dj) = (i * self.distinct_width, j * self.distinct_width);
        for column in 0..self.distinct_width {
            let group = self.distinct_groups[di + column];
            if group != 0 && group == self.distinct_groups[dj + column] {
                score -= self.distinct_costs[column];
            }
        }
        if self.too_far(i, j) {
            score -= self.hard;
        }
        score + self.pair_value(i, j)
    }
}

//! What the rules need to know of each person, read once from the job: answer ids per spread
//! column, groups per distinct column, who matches never-isolate and share rules, availability
//! answers, metro and UTC offset, and the named pairs.

use std::collections::BTreeMap;

use super::answers::{AnswerIds, RoleFamily, distinct_groups, normalize_words};
use super::job::{ComposeJob, Person};
use super::rule_id::RuleKind;
use super::rules::{ColumnMatch, Rules, Strength, matches_label};
use crate::import::Column;
use crate::model::ColumnRole;

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

/// How two named people relate, strongest first (a pair both together and apart is a
/// contradiction, found before solving; such people wait).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum PairKind {
    Apart,
    Together,
    MetBefore,
}

/// A metro that someone of the job lives in: an index into [`Roster::metro_names`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct MetroId(pub u32);

/// Where a circle meets: by video, or in person in one metro.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Venue {
    Video,
    InPerson(MetroId),
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
    /// The metro of each person, when known, and the metros' names.
    pub metro: Vec<Option<MetroId>>,
    pub metro_names: Vec<String>,
    /// UTC offset per person, in minutes, when known.
    pub offset: Vec<Option<i32>>,
    /// Named pairs per person, sorted by the other person.
    pub pairs: Vec<Vec<(u32, PairKind)>>,
    /// Emails named by together / apart rules that match nobody.
    pub unknown_emails: Vec<(String, RuleKind)>,
    /// Pairs (by position, first < second) named both together and apart.
    pub together_and_apart: Vec<(usize, usize)>,
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
                // Forms repeat their answers: each spelling is read once.
                let mut read: BTreeMap<&str, u32> = BTreeMap::new();
                let values = people
                    .iter()
                    .map(|p| {
                        let answer = cell(p, index).trim();
                        *read.entry(answer).or_insert_with(|| {
                            if is_role && !answer.is_empty() {
                                let family = RoleFamily::of(answer).label();
                                ids.id(family.to_owned(), family)
                            } else {
                                ids.id(normalize_words(answer), answer)
                            }
                        })
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

        let matching = |matches: &[ColumnMatch]| {
            let wanted: Vec<WantedAnswers> = matches.iter().map(|m| WantedAnswers::of(job, m)).collect();
            let mut read: BTreeMap<(usize, &str), bool> = BTreeMap::new();
            let matching = people
                .iter()
                .map(|p| {
                    wanted.iter().enumerate().any(|(which, wanted)| {
                        let Some(column) = wanted.column else { return false };
                        *read.entry((which, p.answers[column].as_str())).or_insert_with(|| wanted.matches(job, p))
                    })
                })
                .collect();
            Matching { label: matches_label(matches), matches: matching }
        };
        let never_isolate = rules.never_isolate.iter().map(|r| matching(&r.matches)).collect();
        let share = rules.share.iter().map(|r| matching(&r.matches)).collect();

        let availability = rules.availability.as_ref().map(|rule| {
            let index = column(&rule.column);
            let mut ids = AnswerIds::default();
            let mut read: BTreeMap<&str, Vec<u16>> = BTreeMap::new();
            let answers: Vec<Vec<u16>> = people
                .iter()
                .map(|p| {
                    let Some(i) = index else { return Vec::new() };
                    let own = read.entry(p.answers[i].as_str()).or_insert_with(|| {
                        let mut own: Vec<u16> = job.columns[i]
                            .answers(&p.answers[i])
                            .into_iter()
                            .map(|answer| ids.id(normalize_words(answer), answer))
                            .filter(|&id| id != 0)
                            .map(|id| (id - 1) as u16)
                            .collect();
                        own.sort_unstable();
                        own.dedup();
                        own
                    });
                    own.clone()
                })
                .collect();
            let n_answers = answers_len(&answers);
            AvailabilityColumn { header: rule.column.clone(), strength: rule.strength, answers, ids, n_answers }
        });

        let mut metro_ids: BTreeMap<&str, MetroId> = BTreeMap::new();
        let mut metro_names = Vec::new();
        let metro = people
            .iter()
            .map(|p| {
                let locale = p.locale.as_ref().filter(|l| !l.metro.is_empty())?;
                Some(*metro_ids.entry(&locale.metro).or_insert_with(|| {
                    metro_names.push(locale.metro.clone());
                    MetroId(metro_names.len() as u32 - 1)
                }))
            })
            .collect();
        let offset = people.iter().map(|p| p.locale.as_ref().and_then(|l| l.utc_offset_minutes)).collect();

        let NamedPairs { pairs, unknown_emails, together_and_apart } = named_pairs(people, rules);
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
            together_and_apart,
        }
    }

    /// The name of a metro.
    pub(crate) fn metro_name(&self, metro: MetroId) -> &str {
        self.metro_names.get(metro.0 as usize).map_or("", String::as_str)
    }

    /// The metro of this name, if anyone of the job lives there.
    pub(crate) fn metro_named(&self, name: &str) -> Option<MetroId> {
        self.metro_names.iter().position(|m| m == name).map(|index| MetroId(index as u32))
    }

    /// Whether a person lives in a metro.
    pub(crate) fn lives_in(&self, person: usize, metro: MetroId) -> bool {
        self.metro[person] == Some(metro)
    }

    /// The people named with `person` as `kind`.
    pub(crate) fn named_with(&self, person: usize, kind: PairKind) -> impl Iterator<Item = usize> + '_ {
        self.pairs[person].iter().filter(move |&&(_, k)| k == kind).map(|&(other, _)| other as usize)
    }
}

fn answers_len(answers: &[Vec<u16>]) -> usize {
    answers.iter().flatten().map(|&a| a as usize + 1).max().unwrap_or(0)
}

/// What a match asks for, read once: its column, and its values as the rules compare them.
struct WantedAnswers {
    column: Option<usize>,
    values: Vec<String>,
}

impl WantedAnswers {
    fn of(job: &ComposeJob, wanted: &ColumnMatch) -> WantedAnswers {
        WantedAnswers {
            column: job.columns.iter().position(|c| c.header == wanted.column),
            values: wanted.values.iter().map(|v| normalize_words(v)).collect(),
        }
    }

    /// Whether one of the person's answers in the match's column is one of its values (without
    /// case).
    fn matches(&self, job: &ComposeJob, person: &Person) -> bool {
        let Some(column) = self.column else { return false };
        let spec: &Column = &job.columns[column];
        spec.answers(&person.answers[column]).into_iter().any(|answer| self.values.contains(&normalize_words(answer)))
    }
}

/// Together, apart and met-before pairs per person, from the rules' emails (without case).
struct NamedPairs {
    /// Per person, the people they are named with and how, sorted by the other person.
    pairs: Vec<Vec<(u32, PairKind)>>,
    /// Emails that match nobody, with the kind of rule naming them.
    unknown_emails: Vec<(String, RuleKind)>,
    /// Pairs named both together and apart.
    together_and_apart: Vec<(usize, usize)>,
}

fn named_pairs(people: &[Person], rules: &Rules) -> NamedPairs {
    let mut by_email: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    // Without a rule naming people, nobody's address needs reading.
    let names_anyone = !(rules.together.is_empty() && rules.apart.is_empty() && rules.not_again.is_empty());
    for (index, person) in people.iter().enumerate().filter(|_| names_anyone) {
        let email = crate::import::email_match_key(&person.applicant.email);
        if !email.is_empty() {
            by_email.entry(email).or_default().push(index as u32);
        }
    }
    let mut pairs: Vec<Vec<(u32, PairKind)>> = vec![Vec::new(); people.len()];
    let mut unknown = Vec::new();
    let mut add = |a: &str, b: &str, kind: PairKind, rule: RuleKind, unknown: &mut Vec<(String, RuleKind)>| {
        let find = |email: &str| by_email.get(&crate::import::email_match_key(email));
        let (found_a, found_b) = (find(a), find(b));
        for (email, found) in [(a, found_a), (b, found_b)] {
            if found.is_none() && rule != RuleKind::NotAgain {
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
        add(&pair.a, &pair.b, PairKind::Together, RuleKind::Together, &mut unknown);
    }
    for pair in &rules.apart {
        add(&pair.a, &pair.b, PairKind::Apart, RuleKind::Apart, &mut unknown);
    }
    for circle in &rules.not_again {
        for (index, a) in circle.iter().enumerate() {
            for b in &circle[index + 1..] {
                add(a, b, PairKind::MetBefore, RuleKind::NotAgain, &mut unknown);
            }
        }
    }
    let mut together_and_apart = Vec::new();
    for (person, list) in pairs.iter_mut().enumerate() {
        list.sort_unstable();
        for same in list.chunk_by(|a, b| a.0 == b.0) {
            let kinds: Vec<PairKind> = same.iter().map(|&(_, kind)| kind).collect();
            let other = same[0].0 as usize;
            if person < other && kinds.contains(&PairKind::Together) && kinds.contains(&PairKind::Apart) {
                together_and_apart.push((person, other));
            }
        }
        // The organizer's word (together, apart) over an earlier round's; a pair both together and
        // apart keeps both, for the contradiction to be found and explained.
        list.dedup();
        let named: Vec<u32> = list.iter().filter(|(_, kind)| *kind != PairKind::MetBefore).map(|(o, _)| *o).collect();
        list.retain(|&(other, kind)| kind != PairKind::MetBefore || !named.contains(&other));
    }
    NamedPairs { pairs, unknown_emails: unknown, together_and_apart }
}

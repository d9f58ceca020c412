//! An independent judge of composed circles: random small organizer problems with every kind of
//! hard rule (contradictory ones included) are composed, and the circles *reported* are judged
//! here from the problem's own data, by rules written out again in this file. Nothing here reads
//! the composer's checks, so a check that wrongly says "ok" cannot hide a broken rule.

use circle_composer::compose::{
    AvailabilityRule, ColumnMatch, ComposeJob, Composition, DistinctRule, Level, Locale, Mode, NeverIsolateRule,
    Person, PersonPair, PlaceRule, Rules, ShareRule, SpreadRule, Strength, UnresolvedPlaces, compose,
};
use circle_composer::import::Column;
use circle_composer::model::{Applicant, ColumnRole, RecordId};
use circle_composer::solver::SizeBounds;
use proptest::prelude::*;

/// Every metro's UTC offset: two near each other, one three hours east, one far away.
const METRO_OFFSETS: [i32; 4] = [-480, -420, -300, 60];

#[derive(Clone, Debug)]
struct Case {
    /// Company per person (0: blank).
    companies: Vec<u8>,
    women: Vec<bool>,
    /// Metro per person (an index of `METRO_OFFSETS`), or none with a bare offset, or nothing.
    metros: Vec<Option<usize>>,
    bare_offsets: Vec<Option<i32>>,
    /// Availability answers per person, from 0..3.
    times: Vec<Vec<u8>>,
    together: Vec<(usize, usize)>,
    apart: Vec<(usize, usize)>,
    min: u32,
    max: u32,
    in_person: bool,
    never_isolate_k: Option<u32>,
    /// A hard share rule: at least numerator / denominator.
    share: Option<(u32, u32)>,
    availability_hard: bool,
    distinct_hard: bool,
    /// Whether the file has a location column and, if so, whether people whose place is unknown
    /// join video circles anyway (else they wait).
    location: Option<bool>,
}

fn cases() -> impl Strategy<Value = Case> {
    (4usize..=12, 2u32..=4, 0u32..=3).prop_flat_map(|(n, min, extra)| {
        let people = (
            prop::collection::vec(0u8..5, n),
            prop::collection::vec(prop::bool::weighted(0.35), n),
            prop::collection::vec(prop::option::weighted(0.7, 0usize..4), n),
            prop::collection::vec(prop::option::of(prop::sample::select(vec![-480, -300, 0, 330])), n),
            prop::collection::vec(prop::collection::vec(0u8..3, 0..3), n),
        );
        let pairs = (prop::collection::vec((0..n, 0..n), 0..4), prop::collection::vec((0..n, 0..n), 0..4));
        let rules = (
            any::<bool>(),
            prop::option::of(2u32..=3),
            prop::option::weighted(0.3, (1u32..=2, 2u32..=3)),
            prop::bool::weighted(0.3),
            prop::bool::weighted(0.8),
            prop::option::of(any::<bool>()),
        );
        (people, pairs, rules).prop_map(
            move |(
                (companies, women, metros, bare_offsets, times),
                (together, apart),
                (in_person, never_isolate_k, share, availability_hard, distinct_hard, location),
            )| {
                let distinct = |pairs: Vec<(usize, usize)>| pairs.into_iter().filter(|(a, b)| a != b).collect();
                Case {
                    companies,
                    women,
                    metros,
                    bare_offsets,
                    times,
                    together: distinct(together),
                    apart: distinct(apart),
                    min,
                    max: min + extra,
                    in_person,
                    never_isolate_k,
                    share: share.filter(|(num, den)| num < den),
                    availability_hard,
                    distinct_hard,
                    location,
                }
            },
        )
    })
}

const TIMES: [&str; 3] = ["Mornings", "Lunch", "Evenings"];

impl Case {
    fn n(&self) -> usize {
        self.companies.len()
    }

    fn offset(&self, person: usize) -> Option<i32> {
        self.metros[person].map(|m| METRO_OFFSETS[m]).or(self.bare_offsets[person])
    }

    fn job(&self, seed: u64) -> ComposeJob {
        // The location column's answers are never read: each person's place is their locale.
        let location = if self.location.is_some() { ColumnRole::Location } else { ColumnRole::Ignore };
        let headers = [
            ("Where", location, None),
            ("Email", ColumnRole::Email, None),
            ("Company", ColumnRole::Company, None),
            ("Gender", ColumnRole::Identity, None),
            ("Times", ColumnRole::Availability, Some(", ".to_owned())),
            ("Role", ColumnRole::Role, None),
        ];
        let columns = headers
            .iter()
            .enumerate()
            .map(|(index, (header, role, separator))| Column {
                index,
                header: (*header).to_owned(),
                role: *role,
                separator: separator.clone(),
            })
            .collect();
        let people = (0..self.n())
            .map(|p| {
                let company = if self.companies[p] == 0 { String::new() } else { format!("Co {}", self.companies[p]) };
                let times: Vec<&str> = self.times[p].iter().map(|&t| TIMES[t as usize]).collect();
                let role = ["CTO", "VP", "Staff Engineer"][p % 3].to_owned();
                let applicant = Applicant {
                    record: RecordId(p as u32 + 1),
                    name: format!("Person {}", p + 1),
                    email: format!("p{}@example.com", p + 1),
                    location: String::new(),
                    company: company.clone(),
                    role: role.clone(),
                };
                let locale = match (self.metros[p], self.offset(p)) {
                    (Some(metro), offset) => {
                        Some(Locale { metro: format!("Metro {metro}"), utc_offset_minutes: offset })
                    }
                    (None, Some(offset)) => Some(Locale { metro: String::new(), utc_offset_minutes: Some(offset) }),
                    (None, None) => None,
                };
                let gender = if self.women[p] { "Woman" } else { "Man" };
                Person {
                    answers: vec![
                        String::new(),
                        applicant.email.clone(),
                        company,
                        gender.to_owned(),
                        times.join(", "),
                        role,
                    ],
                    applicant,
                    locale,
                }
            })
            .collect();
        let women = vec![ColumnMatch { column: "Gender".to_owned(), values: vec!["woman".to_owned()] }];
        let pairs = |pairs: &[(usize, usize)]| {
            pairs
                .iter()
                .map(|&(a, b)| PersonPair {
                    a: format!("p{}@example.com", a + 1),
                    b: format!("P{}@example.com", b + 1),
                })
                .collect()
        };
        let rules = Rules {
            place: PlaceRule {
                in_person: self.in_person,
                in_person_min: None,
                in_person_metros: Vec::new(),
                max_tz_spread_hours: Some(3.0),
                unresolved: if self.location == Some(true) { UnresolvedPlaces::Video } else { UnresolvedPlaces::Wait },
            },
            spread: vec![SpreadRule { column: "Role".to_owned(), weight: 1.0 }],
            distinct: vec![DistinctRule {
                column: "Company".to_owned(),
                strength: if self.distinct_hard { Strength::Hard } else { Strength::Soft(4.0) },
            }],
            never_isolate: self
                .never_isolate_k
                .map(|k| NeverIsolateRule { matches: women.clone(), k, strength: Strength::Hard })
                .into_iter()
                .collect(),
            share: self
                .share
                .map(|(num, den)| ShareRule {
                    matches: women.clone(),
                    at_least: f64::from(num) / f64::from(den),
                    strength: Strength::Hard,
                })
                .into_iter()
                .collect(),
            availability: Some(AvailabilityRule {
                column: "Times".to_owned(),
                strength: if self.availability_hard { Strength::Hard } else { Strength::Soft(2.0) },
            }),
            together: pairs(&self.together),
            apart: pairs(&self.apart),
            ..Rules::of_size(SizeBounds { min: self.min, max: self.max })
        };
        ComposeJob { people, columns, rules, seed, max_moves: 1_500, keep: Vec::new() }
    }

    /// Pairs named both together and apart: their people must wait.
    fn contradictory(&self) -> Vec<usize> {
        let mut people: Vec<usize> = self
            .together
            .iter()
            .filter(|&&(a, b)| self.apart.contains(&(a, b)) || self.apart.contains(&(b, a)))
            .flat_map(|&(a, b)| [a, b])
            .collect();
        people.sort_unstable();
        people.dedup();
        people
    }

    /// Why a reported circle breaks a hard rule, judged from the case's own data.
    fn broken(&self, mode: Mode, place: Option<&str>, members: &[usize]) -> Option<String> {
        let size = members.len() as u32;
        if size < self.min || size > self.max {
            return Some(format!("size {size} outside {}–{}", self.min, self.max));
        }
        match mode {
            Mode::InPerson => {
                let metro = place?;
                if let Some(&away) =
                    members.iter().find(|&&m| self.metros[m].map(|x| format!("Metro {x}")).as_deref() != Some(metro))
                {
                    return Some(format!("person {away} is not in {metro}"));
                }
            }
            Mode::Video => {
                for &a in members {
                    for &b in members {
                        if let (Some(x), Some(y)) = (self.offset(a), self.offset(b))
                            && (x - y).abs() > 180
                        {
                            return Some(format!("persons {a} and {b} are {} minutes apart", (x - y).abs()));
                        }
                    }
                }
            }
        }
        for (i, &a) in members.iter().enumerate() {
            for &b in &members[i + 1..] {
                if self.distinct_hard && self.companies[a] != 0 && self.companies[a] == self.companies[b] {
                    return Some(format!("persons {a} and {b} share a company"));
                }
                if self.apart.contains(&(a, b)) || self.apart.contains(&(b, a)) {
                    return Some(format!("persons {a} and {b} are kept apart"));
                }
            }
        }
        let women = members.iter().filter(|&&m| self.women[m]).count() as u32;
        if let Some(k) = self.never_isolate_k
            && women > 0
            && women < k
        {
            return Some(format!("{women} women, fewer than {k}"));
        }
        if let Some((num, den)) = self.share
            && women > 0
            && women * den < num * size
        {
            return Some(format!("{women} of {size} women, less than {num}/{den}"));
        }
        if self.availability_hard && !(0..3u8).any(|t| members.iter().all(|&m| self.times[m].contains(&t))) {
            return Some("no common time".to_owned());
        }
        None
    }

    /// Judges a composition: everyone once, no hard rule broken in any circle, pairs kept together
    /// sharing a circle or both waiting, contradictions waiting with a note of level error.
    fn judge(&self, composition: &Composition) -> Result<(), String> {
        let mut circle_of: Vec<Option<usize>> = vec![None; self.n()];
        let mut seen = vec![0; self.n()];
        for (index, circle) in composition.groups.iter().enumerate() {
            let members: Vec<usize> = circle.members.iter().map(|r| r.0 as usize - 1).collect();
            for &m in &members {
                seen[m] += 1;
                circle_of[m] = Some(index);
            }
            if let Some(why) = self.broken(circle.mode, circle.place.as_deref(), &members) {
                return Err(format!("circle {} {:?}: {why}", circle.id, circle.members));
            }
        }
        for waiting in &composition.waitlist {
            seen[waiting.record.0 as usize - 1] += 1;
            if waiting.reason.trim().is_empty() {
                return Err(format!("record {} waits without a reason", waiting.record));
            }
        }
        if let Some(person) = seen.iter().position(|&s| s != 1) {
            return Err(format!("person {person} is listed {} times", seen[person]));
        }
        for &(a, b) in &self.together {
            if circle_of[a] != circle_of[b] {
                return Err(format!(
                    "persons {a} and {b} are kept together but split: {:?}",
                    (circle_of[a], circle_of[b])
                ));
            }
        }
        // With a location column, nobody without a place or time zone is placed unless the
        // organizer said so, and a note names them before composing.
        let unknown: Vec<usize> =
            (0..self.n()).filter(|&p| self.metros[p].is_none() && self.offset(p).is_none()).collect();
        if self.location == Some(false)
            && let Some(&person) = unknown.iter().find(|&&p| circle_of[p].is_some())
        {
            return Err(format!("person {person} has no place and waits by default, yet is placed"));
        }
        if self.location.is_some()
            && !unknown.is_empty()
            && !composition
                .feasibility
                .iter()
                .any(|f| f.level == Level::Warning && f.message.contains("no resolved place"))
        {
            return Err("people without a place and no note naming them".to_owned());
        }
        let contradictory = self.contradictory();
        if let Some(&person) = contradictory.iter().find(|&&p| circle_of[p].is_some()) {
            return Err(format!("person {person} is kept together and apart with someone, yet placed"));
        }
        if !contradictory.is_empty() && !composition.feasibility.iter().any(|f| f.level == Level::Error) {
            return Err("a contradiction without a note of level error".to_owned());
        }
        Ok(())
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    /// The reported circles of any small problem keep every hard rule, judged independently.
    #[test]
    fn reported_circles_keep_every_hard_rule(case in cases(), seed in 0u64..8) {
        let composition = compose(case.job(seed));
        if let Err(why) = case.judge(&composition) {
            prop_assert!(false, "{why}\n{case:?}\n{composition:#?}");
        }
    }
}

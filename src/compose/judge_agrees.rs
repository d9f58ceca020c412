//! The solver's penalties against the one judgement: on random small jobs and random circles, a
//! tally (never-isolate, share, availability) costs nothing exactly when the judge says its rule
//! holds, and a pair carries a hard penalty exactly when a hard pair rule forbids it.

use proptest::prelude::*;

use super::judge::RuleBook;
use super::objective::{Weights, terms};
use super::pairs::PairScores;
use super::plan::PlannedCircle;
use super::roster::Venue;
use super::rule_id::RuleId;
use super::rules::{
    AvailabilityRule, ColumnMatch, DistinctRule, NeverIsolateRule, PersonPair, PlaceRule, Rules, ShareRule, Strength,
};
use super::{ComposeJob, Locale, Person};
use crate::import::Column;
use crate::model::{Applicant, ColumnRole, RecordId};
use crate::solver::{Distances, SizeBounds};

/// A job of `n` people with answers drawn from `draws` (company, gender, time zone, times).
fn job(people: &[(u8, bool, u8, u8)], apart: &[(usize, usize)], share: f64, k: u32) -> ComposeJob {
    let headers = [
        ("Email", ColumnRole::Email, None),
        ("Company", ColumnRole::Company, None),
        ("Gender", ColumnRole::Identity, None),
        ("Times", ColumnRole::Availability, Some(", ".to_owned())),
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
    let times = ["Mornings", "Lunch", "Evenings"];
    let people = people
        .iter()
        .enumerate()
        .map(|(p, &(company, woman, zone, mask))| {
            let email = format!("p{p}@example.com");
            let answered: Vec<&str> = (0..3).filter(|t| mask & (1 << t) != 0).map(|t| times[t]).collect();
            let company = if company == 0 { String::new() } else { format!("Co {company}") };
            Person {
                applicant: Applicant {
                    record: RecordId(p as u32 + 1),
                    name: String::new(),
                    email: email.clone(),
                    location: String::new(),
                    company: company.clone(),
                    role: String::new(),
                },
                answers: vec![email, company, if woman { "Woman" } else { "Man" }.to_owned(), answered.join(", ")],
                locale: Some(Locale { metro: String::new(), utc_offset_minutes: Some([-480, -300, 0][zone as usize]) }),
            }
        })
        .collect();
    let women = vec![ColumnMatch { column: "Gender".to_owned(), values: vec!["Woman".to_owned()] }];
    let rules = Rules {
        place: PlaceRule { in_person: false, max_tz_spread_hours: Some(3.0), ..PlaceRule::default() },
        distinct: vec![DistinctRule { column: "Company".to_owned(), strength: Strength::Hard }],
        never_isolate: vec![NeverIsolateRule { matches: women.clone(), k, strength: Strength::Hard }],
        share: vec![ShareRule { matches: women, at_least: share, strength: Strength::Hard }],
        availability: Some(AvailabilityRule { column: "Times".to_owned(), strength: Strength::Hard }),
        apart: apart
            .iter()
            .filter(|(a, b)| a != b)
            .map(|&(a, b)| PersonPair { a: format!("p{a}@example.com"), b: format!("p{b}@example.com") })
            .collect(),
        ..Rules::of_size(SizeBounds { min: 2, max: 9 })
    };
    ComposeJob { people, columns, rules, seed: 1, max_moves: 0, keep: Vec::new() }
}

fn jobs() -> impl Strategy<Value = (ComposeJob, Vec<usize>)> {
    (2usize..=12).prop_flat_map(|n| {
        (
            prop::collection::vec((0u8..4, any::<bool>(), 0u8..3, 0u8..8), n),
            prop::collection::vec((0..n, 0..n), 0..4),
            prop::sample::select(vec![0.25, 0.5, 2.0 / 3.0, 1.0]),
            2u32..=3,
            prop::sample::subsequence((0..n).collect::<Vec<_>>(), 1..=n),
        )
            .prop_map(|(people, apart, share, k, circle)| (job(&people, &apart, share, k), circle))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn tallies_cost_nothing_exactly_when_the_judge_says_their_rule_holds((job, circle) in jobs()) {
        let book = RuleBook::new(&job);
        let weights = Weights::of(&book.rules);
        let planned = [PlannedCircle::new(Venue::Video, 9, None, book.rules.size)];
        let tallies = terms(&book, &planned, &[], &weights).tallies;
        let count = |tag: u16| circle.iter().filter(|&&m| tallies.element_tags[m].contains(&tag)).count() as u32;
        let rules = [RuleId::NeverIsolate(0), RuleId::Share(0), RuleId::Availability];
        prop_assert_eq!(tallies.rules.len(), rules.len());
        for (tally, rule) in tallies.rules.iter().zip(&rules) {
            // The search pays `cost`; the judge's rule holds exactly when it is zero.
            let free = tally.cost(circle.len() as u32, count) == 0.0;
            prop_assert_eq!(free, tally.missing(circle.len() as u32, count) == 0);
            prop_assert_eq!(free, book.holds(rule, Venue::Video, &circle), "{}", rule);
        }
    }

    #[test]
    fn pairs_carry_a_hard_penalty_exactly_when_the_judge_forbids_them((job, circle) in jobs()) {
        let book = RuleBook::new(&job);
        let weights = Weights::of(&book.rules);
        let pairs = PairScores::new(&book.roster, &book.rules, weights.hard);
        for &a in &circle {
            for &b in circle.iter().filter(|&&b| b != a) {
                let penalised = pairs.get(a, b) - pairs.reported(a, b) <= -weights.hard / 2.0;
                prop_assert_eq!(penalised, book.hard_pair_conflict(a, b), "pair {} {}", a, b);
            }
        }
        // A circle holds every pair rule exactly when none of its pairs is penalised.
        let pair_rules = [RuleId::Place, RuleId::Distinct("Company".to_owned()), RuleId::Apart];
        let judged = pair_rules.iter().filter(|r| book.rules_at(Venue::Video).any(|x| x == *r)).all(|r| book.holds(r, Venue::Video, &circle));
        let penalised = circle.iter().any(|&a| circle.iter().any(|&b| a != b && book.hard_pair_conflict(a, b)));
        prop_assert_eq!(judged, !penalised);
    }
}

//! The rules as the solver's score: weights that make the objective lexicographic (no hard rule
//! broken, then fewest waiting, then soft rules and diversity), and the terms beyond pairs: the
//! waitlist, metros hosting in-person circles, tallies of matching members, balance and fairness.

use std::collections::BTreeMap;

use super::judge::RuleBook;
use super::pairs::MET_BEFORE_COST;
use super::plan::PlannedCircle;
use super::roster::{Roster, Venue};
use super::rules::{Rules, Strength};
use crate::solver::{Balance, Fairness, Hosts, Tallies, TallyRule, TallyShape, Terms};

/// The weights that make the objective lexicographic.
#[derive(Clone, Debug)]
pub(crate) struct Weights {
    /// One unit of diversity: what a pair differing in every spread column is worth.
    pub unit: f64,
    /// What a waiting person costs at least.
    pub waiting: f64,
    /// What breaking a hard rule once costs.
    pub hard: f64,
}

impl Weights {
    pub(crate) fn of(rules: &Rules) -> Weights {
        let unit = rules.spread.iter().map(|s| s.weight.max(0.0)).sum::<f64>().max(1.0);
        let soft = |strength: Strength| match strength {
            Strength::Soft(weight) => weight.max(0.0),
            Strength::Hard => 0.0,
        };
        let soft_total: f64 = rules.distinct.iter().map(|r| soft(r.strength)).sum::<f64>()
            + rules.never_isolate.iter().map(|r| soft(r.strength) * f64::from(r.k)).sum::<f64>()
            + rules.share.iter().map(|r| soft(r.strength)).sum::<f64>()
            + rules.availability.iter().map(|r| soft(r.strength)).sum::<f64>()
            + balance_weight(rules, unit) / unit
            + MET_BEFORE_COST;
        let max = f64::from(rules.size.max.max(1));
        // A person adds at most (max − 1) pair units and removes at most the soft penalties of
        // their circle; waiting must cost more than both.
        let waiting = 2.0 * unit * (max + soft_total * max) + 1.0;
        Weights { unit, waiting, hard: 4.0 * waiting }
    }
}

/// What a member beyond a circle's balanced size costs: about what they add in pairs.
fn balance_weight(rules: &Rules, unit: f64) -> f64 {
    unit * f64::from(rules.size.max) * 0.75
}

/// Up to this many people the search starts hot (see `terms`).
const HOT_START_MAX_PEOPLE: usize = 500;

/// How much more a unit of diversity below the floor counts than one above it.
const FAIRNESS_WEIGHT: f64 = 1.0;

/// The solver's terms for the rules: waitlist, hosting metros, tallies, balance and fairness.
/// People `routed` to video by the plan (see `plan.rs`) count as guests of no metro, so the search
/// keeps them out of their metro's circles, where too few others match for them.
pub(crate) fn terms(book: &RuleBook, circles: &[PlannedCircle], routed: &[usize], weights: &Weights) -> Terms {
    let (roster, rules) = (&book.roster, &book.rules);
    let n = roster.n;
    // Earlier sign-ups cost more to leave waiting, so the latest wait first when room is short.
    let waitlist = (0..n).map(|p| weights.waiting * (1.0 + 0.5 * (n - 1 - p) as f64 / n as f64)).collect();
    let hosts = circles.iter().any(|c| c.venue != Venue::Video).then(|| Hosts {
        element_place: (0..n).map(|p| roster.metro[p].filter(|_| !routed.contains(&p)).map(|m| m.0)).collect(),
        group_place: circles
            .iter()
            .map(|c| match c.venue {
                Venue::InPerson(metro) => Some(metro.0),
                Venue::Video => None,
            })
            .collect(),
        penalty: weights.hard,
    });
    Terms {
        waitlist: Some(waitlist),
        hosts,
        tallies: tallies(roster, rules, weights),
        balance: Some(Balance {
            target: circles.iter().map(|c| c.target).collect(),
            weight: balance_weight(rules, weights.unit),
        }),
        fairness: fairness(roster),
        // Starting as hot as a waiting person costs lets the search cross infeasible ground to
        // plans that place more people (it left 8–10 of 60 waiting, against 9–12 when starting
        // at diversity's scale, on a hard synthetic case); above a few hundred people every
        // accepted move costs an O(n) table update, the construction is already close, and
        // the cooler start composes 1,200 people three times faster to the same score.
        typical_change: Some(if n <= HOT_START_MAX_PEOPLE { weights.waiting } else { 2.0 * weights.unit }),
    }
}

/// Never-isolate and share rules each count the people who match them under one tag; the
/// availability rule counts each answer under its own tag.
pub(crate) fn tallies(roster: &Roster, rules: &Rules, weights: &Weights) -> Tallies {
    let weight = |strength: Strength| match strength {
        Strength::Hard => weights.hard,
        Strength::Soft(w) => w.max(0.0) * weights.unit,
    };
    let mut tally_rules = Vec::new();
    let mut element_tags: Vec<Vec<u16>> = vec![Vec::new(); roster.n];
    let mut n_tags: u16 = 0;
    let isolating = rules.never_isolate.iter().map(|r| (TallyShape::NoneOrAtLeast(r.k), r.strength));
    let sharing = rules.share.iter().map(|r| (TallyShape::ShareAtLeast(r.at_least), r.strength));
    let matchings = roster.never_isolate.iter().chain(&roster.share);
    for ((shape, strength), matching) in isolating.chain(sharing).zip(matchings) {
        tally_rules.push(TallyRule { tags: vec![n_tags], shape, weight: weight(strength) });
        for (tags, &matched) in element_tags.iter_mut().zip(&matching.matches) {
            if matched {
                tags.push(n_tags);
            }
        }
        n_tags += 1;
    }
    if let Some(column) = &roster.availability {
        let first = n_tags;
        n_tags += column.n_answers as u16;
        tally_rules.push(TallyRule {
            tags: (first..n_tags).collect(),
            shape: TallyShape::CommonTag,
            weight: weight(column.strength),
        });
        for (tags, answers) in element_tags.iter_mut().zip(&column.answers) {
            tags.extend(answers.iter().map(|&a| first + a));
        }
    }
    if tally_rules.is_empty() {
        Tallies::default()
    } else {
        Tallies { n_tags: n_tags as usize, element_tags, rules: tally_rules }
    }
}

/// What a circle's pairs should reach on average: the spread diversity of two applicants drawn
/// at random, so no circle ends up less mixed than chance would make it. Below that floor,
/// diversity counts twice: the search lifts the worst circles before adding to the best.
fn fairness(roster: &Roster) -> Option<Fairness> {
    if roster.spread.is_empty() || roster.n < 2 {
        return None;
    }
    let n = roster.n as f64;
    let floor = roster
        .spread
        .iter()
        .map(|column| {
            let mut counts: BTreeMap<u32, usize> = BTreeMap::new();
            for &value in &column.values {
                *counts.entry(value).or_default() += 1;
            }
            // The chance that two different people drawn at random answer differently.
            let same: f64 = counts.values().map(|&c| c as f64 * (c as f64 - 1.0)).sum::<f64>() / (n * (n - 1.0));
            column.weight.max(0.0) * (1.0 - same)
        })
        .sum();
    Some(Fairness { floor, weight: FAIRNESS_WEIGHT })
}

//! Advice on hand edits of circles: what a move would change (the rules it breaks or mends in
//! each circle it touches, by the one judgement), and the best moves and swaps for a person, scored
//! by the composer's own objective from its incremental score rather than by composing again.

use super::judge::RuleBook;
use super::objective::{Weights, tallies};
use super::outcome::Circle;
use super::pairs::PairScores;
use super::roster::Venue;
use super::rule_id::RuleId;
use crate::model::{GroupId, RecordId};
use crate::solver::{GroupingState, Hosts, Problem, SizeBounds, Terms};

/// A rule a change breaks or mends in one circle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Effect {
    /// The circle.
    pub circle: GroupId,
    /// The rule.
    pub rule: RuleId,
    /// Whether the rule must hold.
    pub hard: bool,
    /// Whether the change breaks the rule (otherwise it mends it).
    pub breaks: bool,
    /// The rule's detail after the change, e.g. "2 from Stripe".
    pub detail: String,
}

/// The rules a change breaks or mends in the circles it touches: each circle `before` judged
/// against the same circle `after` (same id).
pub fn effects(book: &RuleBook, before: &[Circle], after: &[Circle]) -> Vec<Effect> {
    let mut found = Vec::new();
    for (old, new) in before.iter().zip(after) {
        let (old, new) = (book.judge_circle(old), book.judge_circle(new));
        for check in &new {
            let was_ok = old.iter().find(|c| c.rule == check.rule).is_none_or(|c| c.ok);
            if was_ok != check.ok {
                found.push(Effect {
                    circle: check.group,
                    rule: check.rule.clone(),
                    hard: check.hard,
                    breaks: !check.ok,
                    detail: check.detail.clone(),
                });
            }
        }
    }
    found
}

/// A change the advisor suggests for a person.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// Move them to this circle.
    MoveTo(GroupId),
    /// Swap them with this person.
    SwapWith(RecordId),
}

/// A suggested change and how much it lifts the composer's score.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    /// The change.
    pub change: Change,
    /// The change of score, in units of one spread column's diversity.
    pub score_change: f64,
}

/// Scores changes of a set of circles with the composer's objective: pair scores, tallies of the
/// identity and availability rules, and hosting metros. Waiting costs nothing here, so a change's
/// score is about the circles, not about who waits.
pub struct Advisor<'a> {
    book: &'a RuleBook,
    circles: &'a [Circle],
    problem: Problem<PairScores>,
    state: GroupingState,
    unit: f64,
}

impl<'a> Advisor<'a> {
    /// An advisor over `circles`; everyone else of the book waits.
    pub fn new(book: &'a RuleBook, circles: &'a [Circle]) -> Advisor<'a> {
        let weights = Weights::of(&book.rules);
        let n = book.roster.n;
        let pairs = PairScores::new(&book.roster, &book.rules, weights.hard);
        let waitlist = circles.len() as u32;
        let mut assignment = vec![waitlist; n];
        for (group, circle) in circles.iter().enumerate() {
            for &record in &circle.members {
                if let Some(person) = book.position(record) {
                    assignment[person] = group as u32;
                }
            }
        }
        let venues: Vec<Venue> = circles.iter().map(|c| book.venue(c.mode, c.place.as_deref())).collect();
        let hosts = venues.iter().any(|v| *v != Venue::Video).then(|| Hosts {
            element_place: book.roster.metro.iter().map(|m| m.map(|m| m.0)).collect(),
            group_place: venues
                .iter()
                .map(|v| match v {
                    Venue::InPerson(metro) => Some(metro.0),
                    Venue::Video => None,
                })
                .collect(),
            penalty: weights.hard,
        });
        let terms = Terms {
            waitlist: Some(vec![0.0; n]),
            hosts,
            tallies: tallies(&book.roster, &book.rules, &weights),
            ..Terms::default()
        };
        let bounds = vec![SizeBounds { min: 0, max: n as u32 }; circles.len()];
        let problem = Problem::with_terms(pairs, bounds, terms).expect("any grouping fits circles of 0 to n");
        // Member scans: cheap to build, and a change touches two circles only.
        let state = GroupingState::with_table(&problem, assignment, false);
        Advisor { book, circles, problem, state, unit: weights.unit }
    }

    /// The circles' score, in units of one spread column's diversity.
    pub fn score(&self) -> f64 {
        self.state.score() / self.unit
    }

    /// The `count` best moves and swaps for `record` that break no rule that must hold in the
    /// circles they touch (beyond what those circles broke already), best first.
    pub fn suggestions(&self, record: RecordId, count: usize) -> Vec<Suggestion> {
        let Some(person) = self.book.position(record) else { return Vec::new() };
        let from = self.state.assignment()[person];
        let mut candidates: Vec<(Change, f64)> = Vec::new();
        for (group, circle) in self.circles.iter().enumerate().filter(|&(g, _)| g as u32 != from) {
            let delta = self.state.move_delta(&self.problem, person, group as u32);
            candidates.push((Change::MoveTo(circle.id), delta));
        }
        for other in 0..self.book.roster.n {
            let group = self.state.assignment()[other];
            if group != from {
                let delta = self.state.swap_delta(&self.problem, person, other);
                candidates.push((Change::SwapWith(self.book.records[other]), delta));
            }
        }
        candidates.sort_by(|a, b| b.1.total_cmp(&a.1));
        candidates
            .into_iter()
            .filter(|(change, _)| self.keeps_hard_rules(record, change))
            .take(count)
            .map(|(change, delta)| Suggestion { change, score_change: delta / self.unit })
            .collect()
    }

    /// Whether a change breaks no rule that must hold in the circles it touches.
    fn keeps_hard_rules(&self, record: RecordId, change: &Change) -> bool {
        let circle_of = |r: RecordId| self.circles.iter().position(|c| c.members.contains(&r));
        let from = circle_of(record);
        let (to, other) = match change {
            Change::MoveTo(id) => (self.circles.iter().position(|c| c.id == *id), None),
            Change::SwapWith(other) => (circle_of(*other), Some(*other)),
        };
        let mut before: Vec<Circle> = Vec::new();
        let mut after: Vec<Circle> = Vec::new();
        for index in [from, to].into_iter().flatten() {
            let circle = &self.circles[index];
            let mut changed = circle.clone();
            changed.members.retain(|&m| m != record && Some(m) != other);
            if Some(index) == to {
                changed.members.push(record);
            }
            if Some(index) == from {
                changed.members.extend(other);
            }
            changed.members.sort_unstable();
            before.push(circle.clone());
            after.push(changed);
        }
        !effects(self.book, &before, &after).iter().any(|e| e.hard && e.breaks)
    }
}

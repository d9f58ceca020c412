//! The pairwise part of the score the search maximises: diversity of spread answers, less
//! penalties for pairs that break distinct, time-zone and apart rules, plus a bonus for pairs kept
//! together. Built from compact per-person ids, never an n × n matrix, so 10,000 people fit.
//!
//! Whether a pair is allowed is the judge's to say (`judge.rs`); a test checks that the hard
//! penalties here fall on exactly the pairs the judge forbids.

use super::roster::{PairKind, Roster};
use super::rules::{Rules, Strength};
use crate::solver::Distances;

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
    fn too_far(&self, i: usize, j: usize) -> bool {
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

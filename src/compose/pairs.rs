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
    /// For up to `MASKED_SPREAD_COLUMNS` spread columns, the diversity of a pair indexed by the
    /// bit mask of the columns where the two differ, summed in column order as the plain loop
    /// sums: composing spends half its time scoring pairs, and a look-up replaces a branch per
    /// column that goes either way at random.
    spread_by_mask: Vec<f64>,
    distinct_width: usize,
    /// Person-major distinct groups.
    distinct_groups: Vec<u32>,
    distinct_costs: Vec<f64>,
    offsets: Vec<Option<i32>>,
    max_spread_minutes: Option<i32>,
    pairs: Vec<Vec<(u32, f64)>>,
    hard: f64,
}

/// The most spread columns scored by a look-up of `2^columns` sums; beyond, by a loop.
const MASKED_SPREAD_COLUMNS: usize = 8;

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
        let spread_weights: Vec<f64> = roster.spread.iter().map(|s| s.weight).collect();
        let spread_by_mask =
            if spread_width <= MASKED_SPREAD_COLUMNS { weight_by_mask(&spread_weights) } else { Vec::new() };
        PairScores {
            n,
            spread_width,
            spread_values,
            spread_weights,
            spread_by_mask,
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

    #[inline]
    fn spread_score(&self, i: usize, j: usize) -> f64 {
        let width = self.spread_width;
        let (of_i, of_j) = (&self.spread_values[i * width..][..width], &self.spread_values[j * width..][..width]);
        if self.spread_by_mask.is_empty() {
            return differing_weight(&self.spread_weights, |column| of_i[column] != of_j[column]);
        }
        self.spread_by_mask[differing_mask(of_i, of_j)]
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

/// The sum of the weights of the columns that `differs`, in column order.
fn differing_weight(weights: &[f64], differs: impl Fn(usize) -> bool) -> f64 {
    (0..weights.len()).filter(|&column| differs(column)).map(|column| weights[column]).sum()
}

/// `differing_weight` for every set of differing columns, indexed by its bit mask.
fn weight_by_mask(weights: &[f64]) -> Vec<f64> {
    (0..1usize << weights.len()).map(|mask| differing_weight(weights, |column| mask >> column & 1 == 1)).collect()
}

/// The bit mask of the columns where two rows of answers differ, column 0 the lowest bit.
fn differing_mask(a: &[u32], b: &[u32]) -> usize {
    a.iter().zip(b).enumerate().fold(0, |mask, (column, (x, y))| mask | usize::from(x != y) << column)
}

impl Distances for PairScores {
    fn len(&self) -> usize {
        self.n
    }

    #[inline]
    fn get(&self, i: usize, j: usize) -> f64 {
        let mut score = self.spread_score(i, j);
        let width = self.distinct_width;
        let (of_i, of_j) = (&self.distinct_groups[i * width..][..width], &self.distinct_groups[j * width..][..width]);
        for ((&group, &other), &cost) in of_i.iter().zip(of_j).zip(&self.distinct_costs) {
            // Less nothing when the groups differ, which leaves the score as it was, without a
            // branch that goes either way at random.
            score -= if group != 0 && group == other { cost } else { 0.0 };
        }
        if self.too_far(i, j) {
            score -= self.hard;
        }
        score + self.pair_value(i, j)
    }
}

// Property tests run natively, where proptest is a dev-dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use proptest::prelude::*;

    use super::{MASKED_SPREAD_COLUMNS, differing_mask, differing_weight, weight_by_mask};

    proptest! {
        #[test]
        fn a_look_up_by_mask_gives_the_sum_a_loop_over_the_columns_gives(
            rows in (0..=MASKED_SPREAD_COLUMNS).prop_flat_map(|width| (
                prop::collection::vec(0.0f64..10.0, width),
                prop::collection::vec(0u32..3, width),
                prop::collection::vec(0u32..3, width),
            ))
        ) {
            let (weights, a, b) = rows;
            let looked_up = weight_by_mask(&weights)[differing_mask(&a, &b)];
            let summed = differing_weight(&weights, |column| a[column] != b[column]);
            // Bit for bit: the search must take the same steps either way.
            prop_assert_eq!(looked_up.to_bits(), summed.to_bits());
        }
    }
}

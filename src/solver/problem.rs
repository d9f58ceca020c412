//! What the solver is given: pairwise distances, per group the bounds on its size, and optional
//! terms beyond pairs (a waitlist, groups hosted by one place, counts of tagged members) that
//! organizer rules need. Without terms it is the maximally diverse grouping problem.

use serde::{Deserialize, Serialize};

/// Symmetric pairwise distances between `len()` elements. `get(i, i)` is never asked for.
pub trait Distances {
    /// Number of elements.
    fn len(&self) -> usize;
    /// Whether there are no elements.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Distance between two different elements; larger means more diverse together.
    fn get(&self, i: usize, j: usize) -> f64;
    /// Element `i`'s distances to every element, when they are stored as a row (the distance to
    /// itself is then 0), so that a scan over many pairs reads memory in order.
    fn row(&self, _i: usize) -> Option<&[f64]> {
        None
    }
}

/// A full `n × n` matrix, stored row by row so that a row scan is contiguous.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DenseDistances {
    n: usize,
    values: Vec<f64>,
}

impl DenseDistances {
    /// An all-zero matrix for `n` elements.
    pub fn zeros(n: usize) -> Self {
        DenseDistances { n, values: vec![0.0; n * n] }
    }

    /// Sets `d(i, j)` and `d(j, i)`.
    pub fn set(&mut self, i: usize, j: usize, distance: f64) {
        self.values[i * self.n + j] = distance;
        self.values[j * self.n + i] = distance;
    }

    /// Builds a matrix from a function of each unordered pair.
    pub fn from_fn(n: usize, mut distance: impl FnMut(usize, usize) -> f64) -> Self {
        let mut matrix = DenseDistances::zeros(n);
        for i in 0..n {
            for j in i + 1..n {
                matrix.set(i, j, distance(i, j));
            }
        }
        matrix
    }
}

impl Distances for DenseDistances {
    fn len(&self) -> usize {
        self.n
    }
    #[inline]
    fn get(&self, i: usize, j: usize) -> f64 {
        self.values[i * self.n + j]
    }
    #[inline]
    fn row(&self, i: usize) -> Option<&[f64]> {
        Some(&self.values[i * self.n..(i + 1) * self.n])
    }
}

/// The smallest and largest size a group may have, inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SizeBounds {
    /// Fewest members.
    pub min: u32,
    /// Most members.
    pub max: u32,
}

/// A grouping problem whose size bounds can hold every element.
///
/// Invariant: `Σ min ≤ n ≤ Σ max` and `min ≤ max` for each group, so a valid grouping exists.
/// With a waitlist, its group is the last one, bounded by `0..=n`.
///
/// Some elements may be fixed: the search never moves them from the group they start in (an
/// organizer's locked circles and pinned people).
#[derive(Clone, Debug)]
pub struct Problem<D> {
    distances: D,
    groups: Vec<SizeBounds>,
    terms: Terms,
    /// Whether each element is fixed.
    fixed: Vec<bool>,
    /// The elements that are not fixed, ascending: what the search draws from.
    free: Vec<u32>,
}

/// Score terms beyond pairwise distances. The default has none: the plain grouping problem.
///
/// The score of a grouping is the pair sum inside every group but the waitlist, minus the cost
/// of each waitlisted element, minus hosting and tally penalties of every group but the waitlist.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Terms {
    /// When set, one more group is added as the waitlist, and `waitlist[e]` is what leaving
    /// element `e` there costs. Its pairs and tallies count for nothing.
    pub waitlist: Option<Vec<f64>>,
    /// Groups that only take elements of one place.
    pub hosts: Option<Hosts>,
    /// Penalties on how many members of a group carry some tags.
    pub tallies: Tallies,
    /// A gentle cost on members beyond a target size, so groups stay balanced where bounds allow
    /// more (pair sums alone favour the biggest groups).
    pub balance: Option<Balance>,
    /// A cost on groups whose pairs are less diverse on average than a floor, so the search
    /// lifts the worst groups rather than only the total.
    pub fairness: Option<Fairness>,
    /// The size of score changes the search should treat as ordinary, when the terms carry
    /// penalties far larger than the pair distances (the search would otherwise start too hot).
    pub typical_change: Option<f64>,
}

impl Terms {
    /// Whether there are no terms at all, so that a score change is a change of pair sums alone.
    pub fn is_empty(&self) -> bool {
        self.waitlist.is_none()
            && self.hosts.is_none()
            && self.tallies.rules.is_empty()
            && self.balance.is_none()
            && self.fairness.is_none()
    }
}

/// Groups hosted by a place: a member from elsewhere costs `penalty`.
#[derive(Clone, Debug, PartialEq)]
pub struct Hosts {
    /// The place of each element, when known.
    pub element_place: Vec<Option<u32>>,
    /// The place hosting each group (`None`: any), waitlist excluded.
    pub group_place: Vec<Option<u32>>,
    /// What one member from another place costs.
    pub penalty: f64,
}

impl Hosts {
    /// The cost of `element` in `group`.
    #[inline]
    pub fn cost(&self, element: usize, group: u32) -> f64 {
        match self.group_place.get(group as usize) {
            Some(&Some(place)) if self.element_place[element] != Some(place) => self.penalty,
            _ => 0.0,
        }
    }
}

/// Per group a target size, and what each member beyond it costs.
#[derive(Clone, Debug, PartialEq)]
pub struct Balance {
    /// The target of each group, waitlist excluded.
    pub target: Vec<u32>,
    /// The cost of one member beyond the target.
    pub weight: f64,
}

impl Balance {
    /// The cost of `group` having `size` members.
    #[inline]
    pub fn cost(&self, group: u32, size: u32) -> f64 {
        match self.target.get(group as usize) {
            Some(&target) if size > target => self.weight * f64::from(size - target),
            _ => 0.0,
        }
    }
}

/// Per group, what each missing unit of pair sum below `floor` per pair costs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fairness {
    /// The mean pair distance every group should reach.
    pub floor: f64,
    /// The cost of one unit of pair sum missing.
    pub weight: f64,
}

impl Fairness {
    /// The cost of a group of `size` members whose pairs sum to `pair_sum`.
    #[inline]
    pub fn cost(&self, size: u32, pair_sum: f64) -> f64 {
        let pairs = f64::from(size) * f64::from(size.saturating_sub(1)) / 2.0;
        self.weight * (self.floor * pairs - pair_sum).max(0.0)
    }
}

/// Counts of tagged members per group, and rules on those counts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tallies {
    /// How many distinct tags there are.
    pub n_tags: usize,
    /// The tags of each element (ascending, each below `n_tags`); empty when there are no rules.
    pub element_tags: Vec<Vec<u16>>,
    /// The rules.
    pub rules: Vec<TallyRule>,
}

/// A penalty on the counts of some tags in a group.
#[derive(Clone, Debug, PartialEq)]
pub struct TallyRule {
    /// The tags it counts.
    pub tags: Vec<u16>,
    /// How the counts are judged.
    pub shape: TallyShape,
    /// The penalty per missing member.
    pub weight: f64,
}

/// How a tally rule judges a group of `size` members, `count` of which carry its (first) tag.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TallyShape {
    /// None or at least `k`: `k − count` missing when `0 < count < k`.
    NoneOrAtLeast(u32),
    /// When any, at least a share `p` of the group: `⌈p·size⌉ − count` missing.
    ShareAtLeast(f64),
    /// Everyone carries one common tag of the rule: `size − max count` missing.
    CommonTag,
}

impl TallyShape {
    /// The members missing for a group of `size` to meet the shape, given the counts of the
    /// rule's tags (the first alone for `NoneOrAtLeast` and `ShareAtLeast`). The one test of these
    /// rules: the composer's checks call it too.
    pub fn missing(self, size: u32, counts: &[u32]) -> u32 {
        match self {
            TallyShape::NoneOrAtLeast(k) => {
                let count = counts.first().copied().unwrap_or(0);
                if count > 0 && count < k { k - count } else { 0 }
            }
            TallyShape::ShareAtLeast(share) => {
                let count = counts.first().copied().unwrap_or(0);
                let needed = share_needed(share, size);
                if count > 0 && count < needed { needed - count } else { 0 }
            }
            TallyShape::CommonTag => size.saturating_sub(counts.iter().copied().max().unwrap_or(0)),
        }
    }
}

/// How many of `size` members a share `p` asks for: ⌈p·size⌉, computed a hair below the product
/// so that 2/3 of 9 asks for 6, not 7.
pub fn share_needed(share: f64, size: u32) -> u32 {
    libm::ceil(share * f64::from(size) - 1e-9).max(0.0) as u32
}

impl TallyRule {
    /// The members missing for the rule to hold, given a count per tag of the rule.
    pub fn missing(&self, size: u32, count_of: impl Fn(u16) -> u32) -> u32 {
        self.shape.missing(size, &[self.best_count(count_of)])
    }

    /// What the rule costs a group: its weight for each member missing, shaped for share rules so
    /// that the search gathers matching members. Zero exactly when nothing is missing.
    ///
    /// For a share rule, a group with `c` matching members of `n` needed costs
    /// weight · (n² − c²) / n rather than weight · (n − c): each member moved from a group with
    /// fewer matching to one with as many or more lowers the total, where the straight count
    /// would not change it, so matching people scattered over several groups do not stay
    /// scattered. (On a hard never-isolate rule of k = 2 the same slope left 11 of 1,200 people
    /// waiting instead of 1, so the other shapes keep the straight count.)
    pub fn cost(&self, size: u32, count_of: impl Fn(u16) -> u32) -> f64 {
        let count = self.best_count(count_of);
        let missing = self.shape.missing(size, &[count]);
        if missing == 0 {
            return 0.0;
        }
        let shaped = match self.shape {
            TallyShape::ShareAtLeast(_) => {
                let needed = f64::from(count + missing);
                (needed * needed - f64::from(count) * f64::from(count)) / needed
            }
            TallyShape::NoneOrAtLeast(_) | TallyShape::CommonTag => f64::from(missing),
        };
        self.weight * shaped
    }

    /// The count the shape judges: of the first tag, or the largest over the tags for `CommonTag`.
    fn best_count(&self, count_of: impl Fn(u16) -> u32) -> u32 {
        match self.shape {
            TallyShape::NoneOrAtLeast(_) | TallyShape::ShareAtLeast(_) => count_of(self.tags[0]),
            TallyShape::CommonTag => self.tags.iter().map(|&t| count_of(t)).max().unwrap_or(0),
        }
    }
}

/// Why a problem cannot be solved as posed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProblemError {
    /// No groups were asked for although there are elements.
    NoGroups,
    /// A group's minimum exceeds its maximum.
    InvertedBounds {
        /// The group, from 0.
        group: usize,
    },
    /// The bounds cannot hold exactly `n` elements.
    SizesDoNotFit {
        /// Number of elements.
        n: usize,
        /// Sum of the minimum sizes.
        min_total: u64,
        /// Sum of the maximum sizes.
        max_total: u64,
    },
}

impl std::fmt::Display for ProblemError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ProblemError::NoGroups => write!(f, "there are elements but no groups"),
            ProblemError::InvertedBounds { group } => {
                write!(f, "group {group} has a minimum size above its maximum")
            }
            ProblemError::SizesDoNotFit { n, min_total, max_total } => {
                write!(f, "{n} elements cannot fill groups that hold between {min_total} and {max_total} in total")
            }
        }
    }
}

impl std::error::Error for ProblemError {}

impl<D: Distances> Problem<D> {
    /// Checks that the bounds can hold every element.
    pub fn new(distances: D, groups: Vec<SizeBounds>) -> Result<Self, ProblemError> {
        Self::with_terms(distances, groups, Terms::default())
    }

    /// A problem with terms beyond pairs; a waitlist is added as the last group.
    pub fn with_terms(distances: D, mut groups: Vec<SizeBounds>, terms: Terms) -> Result<Self, ProblemError> {
        let n = distances.len();
        if terms.waitlist.is_some() {
            groups.push(SizeBounds { min: 0, max: n as u32 });
        }
        if groups.is_empty() && n > 0 {
            return Err(ProblemError::NoGroups);
        }
        if let Some(group) = groups.iter().position(|b| b.min > b.max) {
            return Err(ProblemError::InvertedBounds { group });
        }
        let min_total: u64 = groups.iter().map(|b| u64::from(b.min)).sum();
        let max_total: u64 = groups.iter().map(|b| u64::from(b.max)).sum();
        if (n as u64) < min_total || (n as u64) > max_total {
            return Err(ProblemError::SizesDoNotFit { n, min_total, max_total });
        }
        Ok(Problem { distances, groups, terms, fixed: vec![false; n], free: (0..n as u32).collect() })
    }

    /// The same problem with these elements fixed (`fixed[e]`): a search started from a grouping
    /// never moves them out of the group they start in.
    pub fn with_fixed(mut self, fixed: Vec<bool>) -> Self {
        assert_eq!(fixed.len(), self.n(), "one flag per element");
        self.free = (0..self.n() as u32).filter(|&e| !fixed[e as usize]).collect();
        self.fixed = fixed;
        self
    }

    /// Whether the search may never move `element`.
    #[inline]
    pub fn is_fixed(&self, element: usize) -> bool {
        self.fixed[element]
    }

    /// The elements the search may move, ascending.
    pub fn free_elements(&self) -> &[u32] {
        &self.free
    }

    /// The terms beyond pairs.
    pub fn terms(&self) -> &Terms {
        &self.terms
    }

    /// The waitlist group, if there is one.
    #[inline]
    pub fn waitlist_group(&self) -> Option<u32> {
        self.terms.waitlist.as_ref().map(|_| self.groups.len() as u32 - 1)
    }

    /// The distances.
    pub fn distances(&self) -> &D {
        &self.distances
    }

    /// The size bounds, one per group.
    pub fn groups(&self) -> &[SizeBounds] {
        &self.groups
    }

    /// Number of elements.
    pub fn n(&self) -> usize {
        self.distances.len()
    }
}

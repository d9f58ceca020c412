//! What the solver is given: pairwise distances and, per group, the bounds on its size.

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
#[derive(Clone, Debug)]
pub struct Problem<D> {
    distances: D,
    groups: Vec<SizeBounds>,
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
        let n = distances.len();
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
        Ok(Problem { distances, groups })
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

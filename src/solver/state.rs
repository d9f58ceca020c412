//! A grouping under construction and the one place scoring lives.
//!
//! The element-to-group sum table `sum[i][g] = Σ d(i, j) over j in g` makes the score change of a
//! move or a swap an O(1) lookup; applying a move updates the table in O(n).

use super::problem::{Distances, Problem};

/// The group of each element, from 0. Invariant (when built by the solver): sizes within bounds.
pub type Assignment = Vec<u32>;

/// An assignment with its incrementally maintained score.
#[derive(Clone, Debug)]
pub struct GroupingState {
    assignment: Assignment,
    sizes: Vec<u32>,
    /// Row-major `n × k`: the distance sum from element `i` to the members of group `g`.
    sum: Vec<f64>,
    n_groups: usize,
    score: f64,
}

impl GroupingState {
    /// Builds the table for `assignment` (which must give each element a group below `k`).
    pub fn new<D: Distances>(problem: &Problem<D>, assignment: Assignment) -> Self {
        let n_groups = problem.groups().len();
        let n = problem.n();
        debug_assert_eq!(assignment.len(), n);
        let mut sizes = vec![0; n_groups];
        for &g in &assignment {
            sizes[g as usize] += 1;
        }
        let d = problem.distances();
        let mut sum = vec![0.0; n * n_groups];
        for i in 0..n {
            for j in 0..n {
                if i != j {
                    sum[i * n_groups + assignment[j] as usize] += d.get(i, j);
                }
            }
        }
        let mut state = GroupingState { assignment, sizes, sum, n_groups, score: 0.0 };
        state.score = state.full_score();
        state
    }

    /// The group of each element.
    pub fn assignment(&self) -> &Assignment {
        &self.assignment
    }

    /// How many members each group has.
    pub fn sizes(&self) -> &[u32] {
        &self.sizes
    }

    /// The incrementally maintained score: the sum of distances over pairs in the same group.
    pub fn score(&self) -> f64 {
        self.score
    }

    /// The score recomputed from the sum table (used to check the incremental one).
    pub fn full_score(&self) -> f64 {
        let own: f64 = (0..self.assignment.len()).map(|i| self.sum_to(i, self.assignment[i])).sum();
        own / 2.0
    }

    #[inline]
    fn sum_to(&self, element: usize, group: u32) -> f64 {
        self.sum[element * self.n_groups + group as usize]
    }

    /// Score change if `element` moved to `to`.
    #[inline]
    pub fn move_delta(&self, element: usize, to: u32) -> f64 {
        self.sum_to(element, to) - self.sum_to(element, self.assignment[element])
    }

    /// Score change if two elements of different groups traded places.
    #[inline]
    pub fn swap_delta<D: Distances>(&self, d: &D, a: usize, b: usize) -> f64 {
        let (ga, gb) = (self.assignment[a], self.assignment[b]);
        let dab = d.get(a, b);
        (self.sum_to(a, gb) - dab - self.sum_to(a, ga)) + (self.sum_to(b, ga) - dab - self.sum_to(b, gb))
    }

    /// Moves `element` to group `to`, updating sizes, table and score. Does not check bounds.
    pub fn apply_move<D: Distances>(&mut self, d: &D, element: usize, to: u32) {
        let from = self.assignment[element];
        if from == to {
            return;
        }
        self.score += self.move_delta(element, to);
        self.assignment[element] = to;
        self.sizes[from as usize] -= 1;
        self.sizes[to as usize] += 1;
        let (from, to) = (from as usize, to as usize);
        for other in 0..self.assignment.len() {
            if other != element {
                let distance = d.get(other, element);
                let row = other * self.n_groups;
                self.sum[row + from] -= distance;
                self.sum[row + to] += distance;
            }
        }
    }

    /// Trades the groups of two elements.
    pub fn apply_swap<D: Distances>(&mut self, d: &D, a: usize, b: usize) {
        let (ga, gb) = (self.assignment[a], self.assignment[b]);
        self.apply_move(d, a, gb);
        self.apply_move(d, b, ga);
    }
}

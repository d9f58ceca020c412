//! A grouping under construction and the one place scoring lives.
//!
//! The score change of a move or a swap needs each element's distance sum to a group. For small
//! problems (n × k up to four million) those sums live in an element-to-group table, an O(1)
//! lookup that costs O(n) to update per move. For large problems with small groups (10,000
//! applicants in circles of 8) the table would not fit, and the sum is computed by scanning the
//! group's members instead, O(group size), with member lists updated in O(1). Either way the
//! state is deterministic: member lists change in a fixed order.

use super::problem::{Distances, Problem};

/// The group of each element, from 0. Invariant (when built by the solver): sizes within bounds.
pub type Assignment = Vec<u32>;

/// Above this many table entries (32 MB of f64), sums are computed from member lists.
const TABLE_LIMIT: usize = 4_000_000;

/// An assignment with its incrementally maintained score.
#[derive(Clone, Debug)]
pub struct GroupingState {
    assignment: Assignment,
    /// The members of each group, in an order fixed by the history of moves.
    members: Vec<Vec<u32>>,
    /// Where each element sits in its group's member list.
    position: Vec<u32>,
    /// Row-major `n × k` distance sums from element to group, when small enough to keep.
    table: Option<Vec<f64>>,
    n_groups: usize,
    score: f64,
}

impl GroupingState {
    /// Builds the state for `assignment` (which must give each element a group below `k`),
    /// keeping a sum table when it is small enough.
    pub fn new<D: Distances>(problem: &Problem<D>, assignment: Assignment) -> Self {
        let keep_table = problem.n() * problem.groups().len() <= TABLE_LIMIT;
        Self::with_table(problem, assignment, keep_table)
    }

    /// Builds the state choosing the storage: a sum table, or member scans.
    pub fn with_table<D: Distances>(problem: &Problem<D>, assignment: Assignment, keep_table: bool) -> Self {
        let n_groups = problem.groups().len();
        let n = problem.n();
        debug_assert_eq!(assignment.len(), n);
        let mut members = vec![Vec::new(); n_groups];
        let mut position = vec![0; n];
        for (element, &group) in assignment.iter().enumerate() {
            position[element] = members[group as usize].len() as u32;
            members[group as usize].push(element as u32);
        }
        let d = problem.distances();
        let table = keep_table.then(|| {
            let mut sum = vec![0.0; n * n_groups];
            for i in 0..n {
                for j in 0..n {
                    if i != j {
                        sum[i * n_groups + assignment[j] as usize] += d.get(i, j);
                    }
                }
            }
            sum
        });
        let mut state = GroupingState { assignment, members, position, table, n_groups, score: 0.0 };
        state.score = state.full_score(d);
        state
    }

    /// The group of each element.
    pub fn assignment(&self) -> &Assignment {
        &self.assignment
    }

    /// Whether score changes are O(1) table lookups rather than member scans.
    pub fn has_sum_table(&self) -> bool {
        self.table.is_some()
    }

    /// How many members group `group` has.
    pub fn size(&self, group: u32) -> u32 {
        self.members[group as usize].len() as u32
    }

    /// The incrementally maintained score: the sum of distances over pairs in the same group.
    pub fn score(&self) -> f64 {
        self.score
    }

    /// The score recomputed from scratch, pair by pair (used to check the incremental one).
    pub fn full_score<D: Distances>(&self, d: &D) -> f64 {
        let mut total = 0.0;
        for group in &self.members {
            for (index, &a) in group.iter().enumerate() {
                for &b in &group[index + 1..] {
                    total += d.get(a as usize, b as usize);
                }
            }
        }
        total
    }

    /// The distance sum from `element` to the members of `group` (itself excluded).
    #[inline]
    fn sum_to<D: Distances>(&self, d: &D, element: usize, group: u32) -> f64 {
        match &self.table {
            Some(table) => table[element * self.n_groups + group as usize],
            None => self.members[group as usize]
                .iter()
                .filter(|&&other| other as usize != element)
                .map(|&other| d.get(element, other as usize))
                .sum(),
        }
    }

    /// Score change if `element` moved to `to`.
    #[inline]
    pub fn move_delta<D: Distances>(&self, d: &D, element: usize, to: u32) -> f64 {
        self.sum_to(d, element, to) - self.sum_to(d, element, self.assignment[element])
    }

    /// Score change if two elements of different groups traded places.
    #[inline]
    pub fn swap_delta<D: Distances>(&self, d: &D, a: usize, b: usize) -> f64 {
        let (ga, gb) = (self.assignment[a], self.assignment[b]);
        let dab = d.get(a, b);
        (self.sum_to(d, a, gb) - dab - self.sum_to(d, a, ga)) + (self.sum_to(d, b, ga) - dab - self.sum_to(d, b, gb))
    }

    /// Moves `element` to group `to`, updating members, sums and score. Does not check bounds.
    pub fn apply_move<D: Distances>(&mut self, d: &D, element: usize, to: u32) {
        let from = self.assignment[element];
        if from == to {
            return;
        }
        self.score += self.move_delta(d, element, to);
        // Out of `from` by swapping with its last member, into the end of `to`.
        let slot = self.position[element] as usize;
        let leaving = &mut self.members[from as usize];
        leaving.swap_remove(slot);
        if let Some(&moved) = leaving.get(slot) {
            self.position[moved as usize] = slot as u32;
        }
        self.position[element] = self.members[to as usize].len() as u32;
        self.members[to as usize].push(element as u32);
        self.assignment[element] = to;
        if let Some(table) = &mut self.table {
            let (from, to) = (from as usize, to as usize);
            for other in 0..self.assignment.len() {
                if other != element {
                    let distance = d.get(other, element);
                    let row = other * self.n_groups;
                    table[row + from] -= distance;
                    table[row + to] += distance;
                }
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

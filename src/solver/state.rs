//! A grouping under construction and the one place scoring lives.
//!
//! The score change of a move or a swap needs each element's distance sum to a group. For small
//! problems (n × k up to four million) those sums live in an element-to-group table, an O(1)
//! lookup that costs O(n) to update per move. For large problems with small groups (10,000
//! applicants in circles of 8) the table would not fit, and the sum is computed by scanning the
//! group's members instead, O(group size), with member lists updated in O(1). Either way the
//! state is deterministic: member lists change in a fixed order.
//!
//! The terms beyond pairs (waitlist, hosts, tallies) cost O(1) per move for the first two and
//! O(rules × tags) for tallies, from per-group tag counts kept here.

use super::problem::{Distances, Problem};

/// The group of each element, from 0. Invariant (when built by the solver): sizes within bounds.
pub type Assignment = Vec<u32>;

/// Keeps `candidate` as the best grouping if it scores better: how every engine tracks its best.
pub(super) fn keep_if_better(best: &mut Assignment, best_score: &mut f64, candidate: &Assignment, score: f64) {
    if score > *best_score {
        *best_score = score;
        best.clone_from(candidate);
    }
}

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
    /// Row-major `k × tags` count of members carrying each tag.
    counts: Vec<u32>,
    n_tags: usize,
    /// The pair sum inside each group, kept only when a fairness term needs it.
    inner: Vec<f64>,
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
        let tallies = &problem.terms().tallies;
        let n_tags = tallies.n_tags;
        let mut counts = vec![0; n_groups * n_tags];
        if n_tags > 0 {
            for (element, &group) in assignment.iter().enumerate() {
                for &tag in &tallies.element_tags[element] {
                    counts[group as usize * n_tags + tag as usize] += 1;
                }
            }
        }
        let mut state = GroupingState {
            assignment,
            members,
            position,
            table,
            n_groups,
            counts,
            n_tags,
            inner: Vec::new(),
            score: 0.0,
        };
        if problem.terms().fairness.is_some() {
            state.inner = (0..n_groups as u32).map(|g| state.pair_sum_of(d, g)).collect();
        }
        state.score = state.full_score(problem);
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

    /// The members of group `group`, in an order fixed by the history of moves.
    pub fn members(&self, group: u32) -> &[u32] {
        &self.members[group as usize]
    }

    /// The change of the pair sum if `element` moved to `to`, read from the sum table: the score
    /// change when the score is the pair sum alone, without `move_delta`'s look at every term.
    /// Panics without a sum table.
    #[inline]
    pub fn pair_sum_move_delta(&self, element: usize, to: u32) -> f64 {
        let table = self.table.as_ref().expect("a pair-sum move delta without a sum table");
        let row = element * self.n_groups;
        table[row + to as usize] - table[row + self.assignment[element] as usize]
    }

    /// The element-to-group distance sums, row-major `n × k`, when kept: for searches scored by
    /// the pair sum alone, which read them in their innermost loops.
    pub fn sum_table(&self) -> Option<&[f64]> {
        self.table.as_deref()
    }

    /// The incrementally maintained score: the pair sum inside groups, less the terms' costs.
    pub fn score(&self) -> f64 {
        self.score
    }

    /// The score recomputed from scratch, pair by pair (used to check the incremental one).
    pub fn full_score<D: Distances>(&self, problem: &Problem<D>) -> f64 {
        let d = problem.distances();
        let terms = problem.terms();
        let waitlist = problem.waitlist_group();
        let mut total = 0.0;
        for (group, members) in self.members.iter().enumerate() {
            let group = group as u32;
            if Some(group) == waitlist {
                if let Some(costs) = &terms.waitlist {
                    total -= members.iter().map(|&e| costs[e as usize]).sum::<f64>();
                }
                continue;
            }
            for (index, &a) in members.iter().enumerate() {
                for &b in &members[index + 1..] {
                    total += d.get(a as usize, b as usize);
                }
            }
            if let Some(hosts) = &terms.hosts {
                total -= members.iter().map(|&e| hosts.cost(e as usize, group)).sum::<f64>();
            }
            if let Some(balance) = &terms.balance {
                total -= balance.cost(group, self.size(group));
            }
            if let Some(fairness) = &terms.fairness {
                total -= fairness.cost(self.size(group), self.pair_sum_of(d, group));
            }
            let counts = self.group_counts(group);
            for rule in &terms.tallies.rules {
                total -= rule.cost(self.size(group), |tag| counts[tag as usize]);
            }
        }
        total
    }

    /// The pair sum inside `group`, from scratch.
    fn pair_sum_of<D: Distances>(&self, d: &D, group: u32) -> f64 {
        let members = &self.members[group as usize];
        let mut total = 0.0;
        for (index, &a) in members.iter().enumerate() {
            for &b in &members[index + 1..] {
                total += d.get(a as usize, b as usize);
            }
        }
        total
    }

    fn group_counts(&self, group: u32) -> &[u32] {
        let start = group as usize * self.n_tags;
        &self.counts[start..start + self.n_tags]
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

    /// How much the tally penalties of `group` grow if `leaving` leaves it and `joining` joins.
    fn tally_growth<D: Distances>(
        &self,
        problem: &Problem<D>,
        group: u32,
        leaving: Option<usize>,
        joining: Option<usize>,
    ) -> f64 {
        let tallies = &problem.terms().tallies;
        if tallies.rules.is_empty() || Some(group) == problem.waitlist_group() {
            return 0.0;
        }
        let counts = self.group_counts(group);
        let size = self.size(group);
        let new_size = size - u32::from(leaving.is_some()) + u32::from(joining.is_some());
        let tags_of = |element: Option<usize>| element.map_or(&[][..], |e| tallies.element_tags[e].as_slice());
        let (out, into) = (tags_of(leaving), tags_of(joining));
        // Compared tag by tag: these lists hold a few tags, too few for a call to compare memory.
        if new_size == size && out.len() == into.len() && out.iter().zip(into).all(|(a, b)| a == b) {
            // A trade of two members with the same tags leaves every count as it is.
            return 0.0;
        }
        let mut growth = 0.0;
        for rule in &tallies.rules {
            let before = rule.cost(size, |tag| counts[tag as usize]);
            let after = rule.cost(new_size, |tag| {
                counts[tag as usize] + u32::from(into.contains(&tag)) - u32::from(out.contains(&tag))
            });
            growth += after - before;
        }
        growth
    }

    /// Calls `visit(to, delta)` with the score change of moving `element` to each other group.
    /// When the score is the pair sum alone, the changes come straight from the element's row of
    /// the sum table.
    #[inline]
    pub fn for_each_move<D: Distances>(&self, problem: &Problem<D>, element: usize, mut visit: impl FnMut(u32, f64)) {
        let from = self.assignment[element];
        match &self.table {
            Some(table) if problem.terms().is_empty() => {
                let sums = &table[element * self.n_groups..(element + 1) * self.n_groups];
                let own = sums[from as usize];
                for (to, &sum) in sums.iter().enumerate() {
                    if to as u32 != from {
                        visit(to as u32, sum - own);
                    }
                }
            }
            _ => {
                for to in (0..self.n_groups as u32).filter(|&to| to != from) {
                    visit(to, self.move_delta(problem, element, to));
                }
            }
        }
    }

    /// Calls `visit(b, delta)` with the score change of swapping `a` with each later element `b`
    /// of another group. When the score is the pair sum alone and the distances are stored as
    /// rows, this is one pass over memory in order with no branch on terms, which is where a full
    /// scan of swaps spends its time; otherwise each change comes from `swap_delta`.
    #[inline]
    pub fn for_each_swap_after<D: Distances>(&self, problem: &Problem<D>, a: usize, mut visit: impl FnMut(usize, f64)) {
        let group_a = self.assignment[a] as usize;
        let k = self.n_groups;
        match (&self.table, problem.distances().row(a)) {
            (Some(table), Some(distances_from_a)) if problem.terms().is_empty() => {
                let sums_a = &table[a * k..(a + 1) * k];
                let own_a = sums_a[group_a];
                let later = a + 1;
                let rows = table[later * k..].chunks_exact(k);
                for (offset, ((&group_b, sums_b), &distance)) in
                    self.assignment[later..].iter().zip(rows).zip(&distances_from_a[later..]).enumerate()
                {
                    let group_b = group_b as usize;
                    if group_b != group_a {
                        // What each element gains by joining the other's group without the other.
                        let delta = (sums_a[group_b] - own_a) + (sums_b[group_a] - sums_b[group_b]) - 2.0 * distance;
                        visit(later + offset, delta);
                    }
                }
            }
            _ => {
                for b in a + 1..self.assignment.len() {
                    if self.assignment[b] as usize != group_a {
                        visit(b, self.swap_delta(problem, a, b));
                    }
                }
            }
        }
    }

    /// Score change if `element` moved to `to`.
    #[inline]
    pub fn move_delta<D: Distances>(&self, problem: &Problem<D>, element: usize, to: u32) -> f64 {
        let d = problem.distances();
        let from = self.assignment[element];
        if from == to {
            return 0.0;
        }
        let waitlist = problem.waitlist_group();
        let terms = problem.terms();
        // Each sum is looked up (or, without a table, scanned) once, for pairs and fairness alike.
        let to_sum = if Some(to) != waitlist { self.sum_to(d, element, to) } else { 0.0 };
        let from_sum = if Some(from) != waitlist { self.sum_to(d, element, from) } else { 0.0 };
        let mut delta = to_sum - from_sum;
        if let Some(costs) = &terms.waitlist {
            if Some(from) == waitlist {
                delta += costs[element];
            }
            if Some(to) == waitlist {
                delta -= costs[element];
            }
        }
        if let Some(hosts) = &terms.hosts {
            delta += hosts.cost(element, from) - hosts.cost(element, to);
        }
        if let Some(balance) = &terms.balance {
            let (size_from, size_to) = (self.size(from), self.size(to));
            delta += balance.cost(from, size_from) - balance.cost(from, size_from - 1);
            delta += balance.cost(to, size_to) - balance.cost(to, size_to + 1);
        }
        if let Some(fairness) = &terms.fairness {
            if Some(from) != waitlist {
                let (size, sum) = (self.size(from), self.inner[from as usize]);
                delta += fairness.cost(size, sum) - fairness.cost(size - 1, sum - from_sum);
            }
            if Some(to) != waitlist {
                let (size, sum) = (self.size(to), self.inner[to as usize]);
                delta += fairness.cost(size, sum) - fairness.cost(size + 1, sum + to_sum);
            }
        }
        if !terms.tallies.rules.is_empty() {
            delta -= self.tally_growth(problem, from, Some(element), None);
            delta -= self.tally_growth(problem, to, None, Some(element));
        }
        delta
    }

    /// Score change if two elements of different groups traded places.
    #[inline]
    pub fn swap_delta<D: Distances>(&self, problem: &Problem<D>, a: usize, b: usize) -> f64 {
        let d = problem.distances();
        let (ga, gb) = (self.assignment[a], self.assignment[b]);
        let waitlist = problem.waitlist_group();
        let terms = problem.terms();
        let dab = d.get(a, b);
        // What each group's pair sum gains: the newcomer's sum less the leaver's, each looked up
        // once for pairs and fairness alike.
        let gain_b = if Some(gb) != waitlist { self.sum_to(d, a, gb) - dab - self.sum_to(d, b, gb) } else { 0.0 };
        let gain_a = if Some(ga) != waitlist { self.sum_to(d, b, ga) - dab - self.sum_to(d, a, ga) } else { 0.0 };
        let mut delta = gain_a + gain_b;
        if let Some(costs) = &terms.waitlist {
            if Some(ga) == waitlist {
                delta += costs[a] - costs[b];
            }
            if Some(gb) == waitlist {
                delta += costs[b] - costs[a];
            }
        }
        if let Some(hosts) = &terms.hosts {
            delta += hosts.cost(a, ga) + hosts.cost(b, gb) - hosts.cost(a, gb) - hosts.cost(b, ga);
        }
        if let Some(fairness) = &terms.fairness {
            for (group, gain) in [(ga, gain_a), (gb, gain_b)] {
                if Some(group) != waitlist {
                    let (size, sum) = (self.size(group), self.inner[group as usize]);
                    delta += fairness.cost(size, sum) - fairness.cost(size, sum + gain);
                }
            }
        }
        if !terms.tallies.rules.is_empty() {
            delta -= self.tally_growth(problem, ga, Some(a), Some(b));
            delta -= self.tally_growth(problem, gb, Some(b), Some(a));
        }
        delta
    }

    /// Moves `element` to group `to`, updating members, sums, counts and score. Does not check
    /// bounds.
    pub fn apply_move<D: Distances>(&mut self, problem: &Problem<D>, element: usize, to: u32) {
        let from = self.assignment[element];
        if from == to {
            return;
        }
        self.score += self.move_delta(problem, element, to);
        if !self.inner.is_empty() {
            let d = problem.distances();
            self.inner[from as usize] -= self.sum_to(d, element, from);
            self.inner[to as usize] += self.sum_to(d, element, to);
        }
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
        let (from, to) = (from as usize, to as usize);
        if let Some(table) = &mut self.table {
            let d = problem.distances();
            let k = self.n_groups;
            if let Some(distances) = d.row(element) {
                // The element's own row, read in order; its distance to itself is 0 and changes nothing.
                for (sums, &distance) in table.chunks_exact_mut(k).zip(distances) {
                    sums[from] -= distance;
                    sums[to] += distance;
                }
            } else {
                for other in (0..self.assignment.len()).filter(|&other| other != element) {
                    let distance = d.get(other, element);
                    table[other * k + from] -= distance;
                    table[other * k + to] += distance;
                }
            }
        }
        if self.n_tags > 0 {
            for &tag in &problem.terms().tallies.element_tags[element] {
                self.counts[from * self.n_tags + tag as usize] -= 1;
                self.counts[to * self.n_tags + tag as usize] += 1;
            }
        }
    }

    /// Trades the groups of two elements.
    pub fn apply_swap<D: Distances>(&mut self, problem: &Problem<D>, a: usize, b: usize) {
        let (ga, gb) = (self.assignment[a], self.assignment[b]);
        self.apply_move(problem, a, gb);
        self.apply_move(problem, b, ga);
    }
}

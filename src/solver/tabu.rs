//! Iterated tabu search, for problems small enough to look at the whole neighbourhood at each step.
//!
//! Each step applies the best admissible change in the neighbourhood: relocating one element to
//! another group, or swapping two elements of different groups. An element that changed group
//! recently is frozen for a few steps, unless changing it again reaches a new best; this keeps the
//! walk from undoing itself and lets it climb out of local optima. When a run of steps stops
//! improving on its own best, the search restarts from that best (or from the best grouping found
//! so far, if the run fell well short of it), shaken by random swaps and, when group sizes may
//! vary, by moving a batch of elements from one group to another.
//!
//! Every score change comes from `GroupingState`, an O(1) lookup in its element-to-group sum table.
//! Up to 200 elements a step scans all n²/2 swaps, one element's row at a time, and can pause
//! between rows: a `step(chunk)` does about `chunk` evaluations, and since the sequence of rows
//! does not depend on where the pauses fall, chunking never changes the result. Larger problems
//! look at every relocation but only at swaps between each pair of groups' most promising
//! elements, O(n·k) per step; such a step is short enough to run whole between pauses.

use rand_pcg::Pcg64Mcg;

use super::problem::{Distances, Problem};
use super::state::{Assignment, GroupingState};
use super::{uniform_below, unit_interval};

/// Up to this many elements a step scans all n²/2 swaps; the tuning below was measured there.
const FULL_SCAN_MAX_ELEMENTS: usize = 200;
/// Above `FULL_SCAN_MAX_ELEMENTS` and up to this many, a step looks at shortlisted swaps only (see
/// `scan_shortlists`). With full scans the tabu search did no better than annealing at n = 240 and
/// worse at n = 480; with shortlists it beats annealing at both (tests/bench/mdgp-results.md).
const MAX_ELEMENTS: usize = 600;
/// With shortlists, the elements kept per ordered pair of groups. Measured on the n = 240
/// instances: 3 did better than 5, and 5 better than 8, since cheaper steps mean more of them;
/// 4 did better than 3 on Geo (smooth distances, whose best swaps the shortest lists miss) and
/// no worse on RanReal.
const SHORTLIST_LENGTH: usize = 4;
/// Below this many steps in the budget, annealing's many cheap tries do better.
const MIN_STEPS_IN_BUDGET: u64 = 100;

// The tuning below was measured on the MDGPLIB RanReal/RanInt instances with n = 120 (see
// tests/bench/mdgp-results.md); sizes are fractions of n so that they scale with the problem.

/// A changed element stays frozen for at least this fraction of n steps…
const TENURE_MIN: f64 = 0.03;
/// …plus a random number of steps below this fraction of n, so that cycles are unlikely.
const TENURE_SPREAD: f64 = 0.05;
/// Steps without improving on the run's best, as a multiple of n, before a restart.
const PATIENCE: f64 = 5.0;
/// A restart shakes the run's best rather than the elite when it is within this fraction of it:
/// a new arrangement of group sizes needs several runs to catch up with the polished elite.
const NEAR_ELITE: f64 = 0.01;
/// A restart applies at least this fraction of n random swaps…
const SHAKE_MIN: f64 = 0.05;
/// …plus a random number below this fraction of n.
const SHAKE_SPREAD: f64 = 0.1;
/// Share of restarts that also move elements between two groups whose sizes can change. Single
/// relocations cannot cross to a better set of group sizes: the first few lose many pairs.
const SIZE_SHIFT_SHARE: f64 = 0.5;

/// One change of the neighbourhood.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Change {
    /// `element` leaves its group for `to`.
    Relocate { element: usize, to: u32 },
    /// `a` and `b` trade groups.
    Swap { a: usize, b: usize },
}

/// Per element and target group, the elements most worth swapping, when a step looks at a
/// shortlist of swaps instead of all of them.
#[derive(Clone, Debug)]
struct Shortlists {
    /// How many elements each list keeps.
    length: usize,
    /// Row-major `k × k × length`: list (g, h) holds elements of group g that gain most by
    /// moving to h, best first.
    elements: Vec<u32>,
    /// Their relocation gains, in the same layout.
    gains: Vec<f64>,
    /// How many entries each list holds so far.
    filled: Vec<u32>,
}

/// The tabu search's own bookkeeping; the grouping itself is the caller's `GroupingState`.
#[derive(Clone, Debug)]
pub(super) struct TabuSearch {
    /// The step before which each element may not change group again (without aspiration).
    frozen_until: Vec<u64>,
    /// Steps applied so far.
    steps: u64,
    /// The next element whose relocations and swaps (with later elements) the scan evaluates.
    next_row: usize,
    /// The best admissible change of the scan so far, with its score change.
    chosen: Option<(Change, f64)>,
    /// How many changes tie with `chosen`, so that one of them is picked uniformly.
    ties: u32,
    /// Best score since the last restart.
    run_best: f64,
    /// The grouping scoring `run_best`.
    run_best_assignment: Assignment,
    /// Steps since `run_best` last improved.
    steps_without_progress: u64,
    /// The best grouping found, where restarts begin.
    elite: Assignment,
    elite_score: f64,
    /// `TENURE_MIN` and the others, in steps or swaps for this n.
    tenure_min: u64,
    tenure_spread: u64,
    patience: u64,
    shake_min: usize,
    shake_spread: usize,
    /// Present when each step looks only at swaps between shortlisted elements.
    shortlists: Option<Shortlists>,
}

impl TabuSearch {
    /// Whether the tabu search suits this problem and budget: the sum table exists, the problem
    /// is small enough for a step to look at the neighbourhood, and the budget pays for enough
    /// steps.
    pub(super) fn suits<D: Distances>(problem: &Problem<D>, state: &GroupingState, max_moves: u64) -> bool {
        let n = problem.n();
        state.has_sum_table()
            && (2..=MAX_ELEMENTS).contains(&n)
            && problem.groups().len() >= 2
            && max_moves / step_size(n, problem.groups().len()) >= MIN_STEPS_IN_BUDGET
    }

    /// Starts from `state`, which is also the first elite.
    pub(super) fn new<D: Distances>(problem: &Problem<D>, state: &GroupingState) -> Self {
        let n = state.assignment().len();
        let nf = n as f64;
        let n_groups = problem.groups().len();
        TabuSearch {
            frozen_until: vec![0; n],
            steps: 0,
            next_row: 0,
            chosen: None,
            ties: 0,
            run_best: state.score(),
            run_best_assignment: state.assignment().clone(),
            steps_without_progress: 0,
            elite: state.assignment().clone(),
            elite_score: state.score(),
            tenure_min: (TENURE_MIN * nf).max(1.0) as u64,
            tenure_spread: (TENURE_SPREAD * nf).max(1.0) as u64,
            patience: (PATIENCE * nf).max(10.0) as u64,
            shake_min: (SHAKE_MIN * nf).max(1.0) as usize,
            shake_spread: (SHAKE_SPREAD * nf).max(1.0) as usize,
            shortlists: (n > FULL_SCAN_MAX_ELEMENTS).then(|| Shortlists {
                length: SHORTLIST_LENGTH,
                elements: vec![0; n_groups * n_groups * SHORTLIST_LENGTH],
                gains: vec![0.0; n_groups * n_groups * SHORTLIST_LENGTH],
                filled: vec![0; n_groups * n_groups],
            }),
        }
    }

    /// The best grouping found and its score.
    pub(super) fn elite(&self) -> (&Assignment, f64) {
        (&self.elite, self.elite_score)
    }

    /// Scans and steps until `moves_done` reaches `end`, counting every evaluated change as a move.
    pub(super) fn advance<D: Distances>(
        &mut self,
        problem: &Problem<D>,
        current: &mut GroupingState,
        rng: &mut Pcg64Mcg,
        moves_done: &mut u64,
        end: u64,
    ) {
        let n = problem.n();
        while *moves_done < end {
            if self.shortlists.is_some() {
                *moves_done += self.scan_shortlists(problem, current, rng);
                *moves_done += self.take_step(problem, current, rng);
            } else if self.next_row < n {
                *moves_done += self.scan_row(problem, current, rng);
                self.next_row += 1;
            } else {
                *moves_done += self.take_step(problem, current, rng);
                self.next_row = 0;
            }
        }
    }

    /// Evaluates the relocations of element `next_row` and its swaps with every later element.
    /// Returns the number of changes looked at.
    fn scan_row<D: Distances>(&mut self, problem: &Problem<D>, current: &GroupingState, rng: &mut Pcg64Mcg) -> u64 {
        let bounds = problem.groups();
        let n = problem.n();
        let a = self.next_row;
        let group_a = current.assignment()[a];
        let a_free = self.frozen_until[a] <= self.steps;
        // A frozen element may still change if that beats the elite by more than rounding noise.
        let aspiration = self.elite_score + epsilon(self.elite_score) - current.score();
        if current.size(group_a) > bounds[group_a as usize].min {
            current.for_each_move(problem, a, |to, delta| {
                if current.size(to) < bounds[to as usize].max && (a_free || delta > aspiration) {
                    self.consider(Change::Relocate { element: a, to }, delta, rng);
                }
            });
        }
        current.for_each_swap_after(problem, a, |b, delta| {
            if (a_free && self.frozen_until[b] <= self.steps) || delta > aspiration {
                self.consider(Change::Swap { a, b }, delta, rng);
            }
        });
        (bounds.len() + n - a - 1) as u64
    }

    /// Evaluates every relocation and, for each pair of groups, the swaps between the elements of
    /// either that gain most by moving to the other. A swap's change is both relocation gains less
    /// twice the pair's distance, so the best swaps are nearly always among those elements, and
    /// the step costs O(n·k) instead of O(n²). Returns the number of changes looked at.
    fn scan_shortlists<D: Distances>(
        &mut self,
        problem: &Problem<D>,
        current: &GroupingState,
        rng: &mut Pcg64Mcg,
    ) -> u64 {
        let bounds = problem.groups();
        let n_groups = bounds.len();
        let mut lists = self.shortlists.take().expect("shortlists");
        lists.filled.fill(0);
        let aspiration = self.elite_score + epsilon(self.elite_score) - current.score();
        for a in 0..problem.n() {
            let group_a = current.assignment()[a];
            let a_free = self.frozen_until[a] <= self.steps;
            let can_leave = current.size(group_a) > bounds[group_a as usize].min;
            current.for_each_move(problem, a, |to, delta| {
                if can_leave && current.size(to) < bounds[to as usize].max && (a_free || delta > aspiration) {
                    self.consider(Change::Relocate { element: a, to }, delta, rng);
                }
                if a_free {
                    lists.insert(group_a as usize * n_groups + to as usize, a as u32, delta);
                }
            });
        }
        let mut work = (problem.n() * (n_groups - 1)) as u64;
        for g in 0..n_groups {
            for h in g + 1..n_groups {
                let (from_g, from_h) = (lists.list(g * n_groups + h), lists.list(h * n_groups + g));
                for &a in from_g {
                    for &b in from_h {
                        let delta = current.swap_delta(problem, a as usize, b as usize);
                        self.consider(Change::Swap { a: a as usize, b: b as usize }, delta, rng);
                    }
                }
                work += (from_g.len() * from_h.len()) as u64;
            }
        }
        self.shortlists = Some(lists);
        work
    }

    /// Keeps the better of `change` and the scan's choice so far, breaking ties uniformly.
    fn consider(&mut self, change: Change, delta: f64, rng: &mut Pcg64Mcg) {
        match self.chosen {
            Some((_, best)) if delta < best => {}
            Some((_, best)) if delta == best => {
                self.ties += 1;
                if uniform_below(rng, self.ties as usize) == 0 {
                    self.chosen = Some((change, delta));
                }
            }
            _ => {
                self.chosen = Some((change, delta));
                self.ties = 1;
            }
        }
    }

    /// Applies the scan's choice, freezes what moved, and restarts when progress has stalled.
    /// Returns the work done, in evaluations.
    fn take_step<D: Distances>(
        &mut self,
        problem: &Problem<D>,
        current: &mut GroupingState,
        rng: &mut Pcg64Mcg,
    ) -> u64 {
        self.steps += 1;
        let mut work = problem.n() as u64;
        match self.chosen.take() {
            Some((Change::Relocate { element, to }, _)) => {
                current.apply_move(problem, element, to);
                self.freeze(element, rng);
            }
            Some((Change::Swap { a, b }, _)) => {
                current.apply_swap(problem, a, b);
                self.freeze(a, rng);
                self.freeze(b, rng);
            }
            // Everything was frozen; the next step thaws something.
            None => {}
        }
        self.ties = 0;
        let score = current.score();
        if score > self.elite_score {
            self.elite_score = score;
            self.elite.clone_from(current.assignment());
        }
        if score > self.run_best + epsilon(self.run_best) {
            self.run_best = score;
            self.run_best_assignment.clone_from(current.assignment());
            self.steps_without_progress = 0;
        } else {
            self.steps_without_progress += 1;
            if self.steps_without_progress >= self.patience {
                work += self.restart(problem, current, rng);
            }
        }
        work
    }

    fn freeze(&mut self, element: usize, rng: &mut Pcg64Mcg) {
        let tenure = self.tenure_min + uniform_below(rng, self.tenure_spread as usize) as u64;
        self.frozen_until[element] = self.steps + tenure;
    }

    /// Continues from the run's best (or the elite, if the run fell well short of it) shaken by
    /// random swaps and sometimes a shift of group sizes. Returns the work done, in evaluations.
    fn restart<D: Distances>(&mut self, problem: &Problem<D>, current: &mut GroupingState, rng: &mut Pcg64Mcg) -> u64 {
        let n = problem.n();
        let near_elite = self.run_best >= self.elite_score - NEAR_ELITE * self.elite_score.abs();
        let mut shaken = if near_elite { self.run_best_assignment.clone() } else { self.elite.clone() };
        let swaps = self.shake_min + uniform_below(rng, self.shake_spread);
        for _ in 0..swaps {
            let a = uniform_below(rng, n);
            let b = uniform_below(rng, n);
            shaken.swap(a, b);
        }
        if unit_interval(rng) < SIZE_SHIFT_SHARE {
            shift_sizes(problem, &mut shaken, rng);
        }
        // Rebuilding also clears the rounding drift of the incremental score.
        *current = GroupingState::new(problem, shaken);
        self.run_best = current.score();
        self.run_best_assignment.clone_from(current.assignment());
        self.steps_without_progress = 0;
        self.frozen_until.fill(0);
        (n * n / 2) as u64
    }
}

impl Shortlists {
    /// Adds `element` to list `list` if its gain ranks among the best `length`.
    fn insert(&mut self, list: usize, element: u32, gain: f64) {
        let start = list * self.length;
        let filled = self.filled[list] as usize;
        if filled == self.length && gain <= self.gains[start + filled - 1] {
            return;
        }
        // Insertion into a short sorted list: shift the worse entries down by one.
        let mut slot = filled.min(self.length - 1);
        while slot > 0 && self.gains[start + slot - 1] < gain {
            self.gains[start + slot] = self.gains[start + slot - 1];
            self.elements[start + slot] = self.elements[start + slot - 1];
            slot -= 1;
        }
        self.gains[start + slot] = gain;
        self.elements[start + slot] = element;
        self.filled[list] = (filled + 1).min(self.length) as u32;
    }

    /// The elements of list `list`, best first.
    fn list(&self, list: usize) -> &[u32] {
        let start = list * self.length;
        &self.elements[start..start + self.filled[list] as usize]
    }
}

/// Evaluations in one step: every relocation, and every pair or the shortlisted pairs.
fn step_size(n: usize, n_groups: usize) -> u64 {
    let swaps = if n > FULL_SCAN_MAX_ELEMENTS {
        n_groups * (n_groups - 1) / 2 * SHORTLIST_LENGTH * SHORTLIST_LENGTH
    } else {
        n * (n - 1) / 2
    };
    (n * n_groups + swaps) as u64
}

/// Score differences below this are rounding noise, not progress.
fn epsilon(score: f64) -> f64 {
    1e-9 * (1.0 + score.abs())
}

/// Moves random elements from a random group that can shrink to a random group that can grow, as
/// many as the bounds of both allow.
fn shift_sizes<D: Distances>(problem: &Problem<D>, assignment: &mut Assignment, rng: &mut Pcg64Mcg) {
    let bounds = problem.groups();
    let mut sizes = vec![0u32; bounds.len()];
    for &g in assignment.iter() {
        sizes[g as usize] += 1;
    }
    let shrinkable: Vec<usize> = (0..bounds.len()).filter(|&g| sizes[g] > bounds[g].min).collect();
    let growable: Vec<usize> = (0..bounds.len()).filter(|&g| sizes[g] < bounds[g].max).collect();
    if shrinkable.is_empty() || growable.is_empty() {
        return;
    }
    let from = shrinkable[uniform_below(rng, shrinkable.len())];
    let to = growable[uniform_below(rng, growable.len())];
    if from == to {
        return;
    }
    // As many as both allow: a partial shift mostly lands in the valley between the two sizes.
    let count = (sizes[from] - bounds[from].min).min(bounds[to].max - sizes[to]) as usize;
    let mut leaving: Vec<usize> = (0..assignment.len()).filter(|&e| assignment[e] as usize == from).collect();
    for _ in 0..count {
        let pick = uniform_below(rng, leaving.len());
        assignment[leaving.swap_remove(pick)] = to as u32;
    }
}

//! Iterated tabu search, for problems small enough to look at the whole neighbourhood at each step.
//!
//! Each step applies the best admissible change in the neighbourhood: relocating one element to
//! another group, or swapping two elements of different groups. An element that changed group
//! recently is frozen for a few steps, unless changing it again reaches a new best; this keeps the
//! walk from undoing itself and lets it climb out of local optima. When a run of steps stops
//! improving on its own best, the search restarts from that best (or from the best grouping found
//! so far, if the run fell well short of it), shaken by random swaps and, when group sizes may
//! vary, by moving a batch of elements from one group to another; with rankings, each group's
//! least diverse member is then dealt again. As the budget runs out, restarts shake less, so that
//! the last runs search near where they begin.
//!
//! Every score change comes from `GroupingState`, an O(1) lookup in its element-to-group sum table.
//! A step finds its change in one of three ways:
//!
//! - Up to 30 elements, and up to 100 when the score has terms beyond the pair sum, it scans all
//!   n²/2 swaps, one element's row at a time, and can pause between rows: a `step(chunk)` does
//!   about `chunk` evaluations, and since the sequence of rows does not depend on where the pauses
//!   fall, chunking never changes the result.
//! - From 31 to 300 elements, when the score is the pair sum alone, it walks rankings of each
//!   group's members by their gain towards each other group (`ranked`): the same best change as a
//!   full scan, from a fraction of the evaluations (three to four times the steps a second at
//!   n = 120).
//!
//! With the pair sum alone, nobody fixed and a budget of 2,000 evaluations per pair or more, the
//! memetic search (`memetic.rs`) takes problems of 31 to 600 elements instead, and does better.
//! - Otherwise, above 100 elements, it looks only at relocations and swaps among each pair of
//!   groups' most promising elements, in lists kept up to date as the groups change, O(n + k²)
//!   per step.
//!
//! The last two keep what they know between steps, and a step is short enough to run whole
//! between pauses.

mod ranked;

use rand_pcg::Pcg64Mcg;

use self::ranked::Rankings;
use super::kicks::{redeal_weakest, shift_sizes};
use super::problem::{Distances, Problem};
use super::state::{Assignment, GroupingState, keep_if_better};
use super::{uniform_below, unit_interval};

/// Up to this many elements a step scans all n²/2 swaps. Above, the shortlists' cheaper steps win:
/// at n = 120 they cut the mean gap over the ten MDGPLIB instances from 0.153 % to 0.123–0.125 %
/// (two runs of 10 seeds at 3 s, side by side with the full scan), best on RanReal with varying
/// sizes, though a little behind on Geo, whose smooth distances the short lists serve less well.
const FULL_SCAN_MAX_ELEMENTS: usize = 100;
/// Above `FULL_SCAN_MAX_ELEMENTS` and up to this many, a step looks at shortlisted swaps only (see
/// `scan_shortlists`). With full scans the tabu search did no better than annealing at n = 240 and
/// worse at n = 480; with shortlists it beats annealing at both (tests/bench/mdgp-results.md).
const MAX_ELEMENTS: usize = 600;
/// With shortlists, the elements kept per ordered pair of groups. Measured on the n = 240
/// instances: 3 did better than 5, and 5 better than 8, since cheaper steps mean more of them;
/// 4 did better than 3 on Geo (smooth distances, whose best swaps the shortest lists miss) and
/// no worse on RanReal. With the lists kept up to date, 6 did worse than 4 at n = 120, 240 and 480.
const SHORTLIST_LENGTH: usize = 4;
/// Up to this many elements a full scan takes as long as keeping rankings, or less: for problems
/// scored by the pair sum alone, steps per second at n = 12 were 1.7 M (full scans) against
/// 0.9 M (rankings), level at n = 30, and 78 k against 130 k at n = 60.
const SMALL_MAX_ELEMENTS: usize = 30;
/// Up to this many elements, a problem scored by the pair sum alone is searched through rankings;
/// above, through shortlists. Side by side with the shortlists, rankings cut the mean gap from
/// 0.131 % to 0.112 % at n = 120 (10 seeds) and from 0.179 % to 0.147 % at n = 240 (5 seeds).
/// At n = 480 a ranked step is slower than a shortlisted one (14 k steps a second against 19 k),
/// and over 2 seeds the varying-size instance got worse (0.398 % → 0.623 %) while the equal-size
/// one got better (0.218 % → 0.091 %), so the shortlists stay there until more is measured.
const RANKED_MAX_ELEMENTS: usize = 300;
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
/// a new arrangement of group sizes needs several runs to catch up with the polished elite. Runs
/// at n = 240 end 0.2–0.4 % below the elite, so nearly every restart continues from the run's
/// best. Shrinking the fraction to nothing over the budget did better at n = 240 (mean gap
/// 0.121 % → 0.094 %, seeds 1–6) but worse at n = 120 (0.083 % → 0.107 %, varying sizes most);
/// shrinking it from half the budget was level at n = 120 and worse at n = 240 over seeds 1–6
/// (0.112 % → 0.120 %).
const NEAR_ELITE: f64 = 0.01;
/// A restart applies at least this fraction of n random swaps…
const SHAKE_MIN: f64 = 0.05;
/// …plus a random number below this fraction of n.
const SHAKE_SPREAD: f64 = 0.1;
/// A restart's swaps shrink with the budget spent, to this share of them at its end: early
/// restarts explore, late ones search near where they begin. Shrinking the shake, the mean gap
/// (seeds 1–6 at n = 240, 1–10 at n = 120, side by side) went from 0.138 % to 0.124 % at n = 240
/// and from 0.085 % to 0.076 % at n = 120.
const SHAKE_FINAL: f64 = 0.1;
/// Share of restarts that also move elements between two groups whose sizes can change. Single
/// relocations cannot cross to a better set of group sizes: the first few lose many pairs. Even
/// where every good run ends on the same sizes, the shift is the kick that moves many people at
/// once: with rankings, every restart instead of half cut the mean gap on the n = 120
/// varying-size instances from 0.207 % to 0.178 % (seeds 1–10) and from 0.202 % to 0.182 % (seeds
/// 11–20), and at n = 240 from 0.196 % to 0.190 % (seeds 1–5); with none it was 0.597 %.
const SIZE_SHIFT_SHARE: f64 = 1.0;

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
///
/// The lists are kept up to date rather than rebuilt at each step. An element's gain from
/// moving to group h depends only on the members of its own group and of h, so after a step that
/// changed two groups only the lists from or to those two need rebuilding (2·(2k − 3) of k(k − 1));
/// the others just take in the elements that thawed. Likewise the best swap of a pair of groups
/// depends only on the pair's two lists, and is looked for again only when one of them changed.
#[derive(Clone, Debug)]
struct Shortlists {
    /// How many elements each list keeps.
    length: usize,
    /// How many groups there are.
    n_groups: usize,
    /// Row-major `k × k × length`: list (g, h) holds free elements of group g that gain most by
    /// moving to h, best first.
    elements: Vec<u32>,
    /// Their relocation gains, in the same layout.
    gains: Vec<f64>,
    /// How many entries each list holds.
    filled: Vec<u32>,
    /// Groups whose members changed since the lists were last brought up to date (every group,
    /// at the start and after a restart).
    stale: Vec<bool>,
    /// Lists that changed in the latest update, at `g · k + h`.
    changed: Vec<bool>,
    /// For each pair of groups g < h, at `g · k + h`, the best swap between lists (g, h) and
    /// (h, g): the two elements and the score change.
    best_swaps: Vec<Option<(u32, u32, f64)>>,
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
    /// How a step looks at the neighbourhood.
    neighbourhood: Neighbourhood,
    /// The search's whole budget, in evaluations: restarts shake less as it runs out.
    budget: u64,
    /// What each evaluation counts for in the budget, in tenths: 10, or more when it finishes
    /// another search's budget (`finishing`).
    work_tenths: u64,
    /// Tenths of a move counted but not yet added to the budget, so that rounding never depends
    /// on where the steps fall.
    work_carry: u64,
}

/// How a step finds the best change.
#[derive(Clone, Debug)]
enum Neighbourhood {
    /// Every relocation and swap, one element's row at a time.
    FullScan,
    /// The swaps between shortlisted elements only.
    Shortlisted(Shortlists),
    /// The exact best, from rankings walked best-first (the score is the pair sum alone).
    Ranked(Rankings),
}

impl Neighbourhood {
    /// The members of these groups changed.
    fn groups_changed(&mut self, g: u32, h: u32) {
        match self {
            Neighbourhood::FullScan => {}
            Neighbourhood::Shortlisted(lists) => {
                lists.stale[g as usize] = true;
                lists.stale[h as usize] = true;
            }
            Neighbourhood::Ranked(rankings) => {
                rankings.mark_stale(g);
                rankings.mark_stale(h);
            }
        }
    }

    /// Every group changed (a restart).
    fn all_changed(&mut self) {
        match self {
            Neighbourhood::FullScan => {}
            Neighbourhood::Shortlisted(lists) => lists.stale.fill(true),
            Neighbourhood::Ranked(rankings) => rankings.mark_all_stale(),
        }
    }
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
    pub(super) fn new<D: Distances>(problem: &Problem<D>, state: &GroupingState, budget: u64) -> Self {
        let n = state.assignment().len();
        let nf = n as f64;
        let n_groups = problem.groups().len();
        TabuSearch {
            frozen_until: (0..n).map(|e| if problem.is_fixed(e) { u64::MAX } else { 0 }).collect(),
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
            neighbourhood: if (SMALL_MAX_ELEMENTS + 1..=RANKED_MAX_ELEMENTS).contains(&n)
                && problem.terms().is_empty()
                && state.has_sum_table()
            {
                Neighbourhood::Ranked(Rankings::new(problem))
            } else if n > FULL_SCAN_MAX_ELEMENTS {
                Neighbourhood::Shortlisted(Shortlists {
                    length: SHORTLIST_LENGTH,
                    n_groups,
                    elements: vec![0; n_groups * n_groups * SHORTLIST_LENGTH],
                    gains: vec![0.0; n_groups * n_groups * SHORTLIST_LENGTH],
                    filled: vec![0; n_groups * n_groups],
                    stale: vec![true; n_groups],
                    changed: vec![false; n_groups * n_groups],
                    best_swaps: vec![None; n_groups * n_groups],
                })
            } else {
                Neighbourhood::FullScan
            },
            budget,
            work_tenths: 10,
            work_carry: 0,
        }
    }

    /// Steps taken so far.
    pub(super) fn steps_taken(&self) -> u64 {
        self.steps
    }

    /// Starts from `state` to finish the budget of a memetic search, counting its work in that
    /// search's evaluations (about 2 ns each in its descents), so that its share of the budget is
    /// a share of the time: rankings and shortlists do work besides the changes they count. Timed
    /// within one run (`moves` per second of CPU time in the memetic search's second half against
    /// the tabu search's, RanReal and RanInt, 2–5 seeds), an evaluation with rankings costs 3.3
    /// memetic evaluations at n = 120 and 3.0–3.2 at n = 240, and one with shortlists 6.0 at n = 480.
    pub(super) fn finishing<D: Distances>(problem: &Problem<D>, state: &GroupingState, budget: u64) -> Self {
        let mut search = Self::new(problem, state, budget);
        search.work_tenths = match search.neighbourhood {
            Neighbourhood::FullScan => 10,
            Neighbourhood::Ranked(_) => 32,
            Neighbourhood::Shortlisted(_) => 60,
        };
        search
    }

    /// Counts `evaluations` at this search's weight.
    fn count(&mut self, evaluations: u64, moves_done: &mut u64) {
        let tenths = self.work_carry + self.work_tenths * evaluations;
        *moves_done += tenths / 10;
        self.work_carry = tenths % 10;
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
            let spent = *moves_done as f64 / self.budget.max(1) as f64;
            let scanned = match self.neighbourhood {
                // Whole steps: the lists keep what they know between steps.
                Neighbourhood::Shortlisted(_) => self.scan_shortlists(problem, current, rng),
                Neighbourhood::Ranked(_) => self.scan_rankings(problem, current, rng),
                // A row at a time, stepping after the last.
                Neighbourhood::FullScan if self.next_row < n => {
                    let scanned = self.scan_row(problem, current, rng);
                    self.count(scanned, moves_done);
                    self.next_row += 1;
                    continue;
                }
                Neighbourhood::FullScan => {
                    self.next_row = 0;
                    0
                }
            };
            let stepped = self.take_step(problem, current, rng, spent);
            self.count(scanned + stepped, moves_done);
        }
    }

    /// Evaluates the relocations of element `next_row` and its swaps with every later element.
    /// Returns the number of changes looked at.
    fn scan_row<D: Distances>(&mut self, problem: &Problem<D>, current: &GroupingState, rng: &mut Pcg64Mcg) -> u64 {
        let bounds = problem.groups();
        let n = problem.n();
        let a = self.next_row;
        let looked_at = (bounds.len() + n - a - 1) as u64;
        if problem.is_fixed(a) {
            return looked_at;
        }
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
            let b_free = self.frozen_until[b] <= self.steps;
            if !problem.is_fixed(b) && ((a_free && b_free) || delta > aspiration) {
                self.consider(Change::Swap { a, b }, delta, rng);
            }
        });
        looked_at
    }

    /// Looks at the best relocation and the best swap between each pair of groups, among the
    /// free elements of either that gain most by moving to the other. A swap's change is both
    /// relocation gains less twice the pair's distance, so the best swaps are nearly always among
    /// those elements, and with the lists kept up to date (see `Shortlists`) a step costs O(n + k²)
    /// instead of O(n²). Frozen elements are left out of the lists, so unlike a full scan this
    /// one has no aspiration. Returns the number of changes looked at.
    fn scan_shortlists<D: Distances>(
        &mut self,
        problem: &Problem<D>,
        current: &GroupingState,
        rng: &mut Pcg64Mcg,
    ) -> u64 {
        let Neighbourhood::Shortlisted(mut lists) = std::mem::replace(&mut self.neighbourhood, Neighbourhood::FullScan)
        else {
            unreachable!("a shortlisted scan without shortlists")
        };
        let mut work = lists.update(problem, current, &self.frozen_until, self.steps);
        let bounds = problem.groups();
        let k = bounds.len();
        for g in 0..k {
            if current.size(g as u32) <= bounds[g].min {
                continue;
            }
            for h in (0..k).filter(|&h| h != g && current.size(h as u32) < bounds[h].max) {
                if let (Some(&element), Some(&gain)) =
                    (lists.list(g * k + h).first(), lists.gains_of(g * k + h).first())
                {
                    self.consider(Change::Relocate { element: element as usize, to: h as u32 }, gain, rng);
                }
            }
        }
        work += (k * k) as u64;
        for g in 0..k {
            for h in g + 1..k {
                if lists.changed[g * k + h] || lists.changed[h * k + g] {
                    work += lists.find_best_swap(problem, current, g, h);
                }
                if let Some((a, b, delta)) = lists.best_swaps[g * k + h] {
                    self.consider(Change::Swap { a: a as usize, b: b as usize }, delta, rng);
                }
            }
        }
        #[cfg(debug_assertions)]
        lists.assert_up_to_date(problem, current, &self.frozen_until, self.steps);
        self.neighbourhood = Neighbourhood::Shortlisted(lists);
        work
    }

    /// Finds the best admissible relocation and swap between each pair of groups from the
    /// rankings (see `ranked`): the same choice as a full scan, at a fraction of the evaluations.
    /// Returns the number of changes looked at.
    fn scan_rankings<D: Distances>(
        &mut self,
        problem: &Problem<D>,
        current: &GroupingState,
        rng: &mut Pcg64Mcg,
    ) -> u64 {
        let Neighbourhood::Ranked(mut rankings) = std::mem::replace(&mut self.neighbourhood, Neighbourhood::FullScan)
        else {
            unreachable!("a ranked scan without rankings")
        };
        let mut work = rankings.update(problem, current, &self.frozen_until, self.steps, rng);
        let (frozen_until, steps) = (&self.frozen_until, self.steps);
        let is_free = |element: u32| frozen_until[element as usize] <= steps;
        // A frozen element may still change if that beats the elite by more than rounding noise.
        let aspiration = self.elite_score + epsilon(self.elite_score) - current.score();
        let bounds = problem.groups();
        let k = bounds.len();
        let mut candidates = Vec::new();
        for g in (0..k).filter(|&g| current.size(g as u32) > bounds[g].min) {
            for h in (0..k).filter(|&h| h != g && current.size(h as u32) < bounds[h].max) {
                if let Some((element, gain, ties)) = rankings.best_relocation(g, h, is_free, aspiration, rng) {
                    candidates.push((Change::Relocate { element: element as usize, to: h as u32 }, gain, ties));
                }
            }
        }
        work += (k * k) as u64;
        for g in 0..k {
            for h in g + 1..k {
                if rankings.is_dirty(g, h) {
                    work += rankings.find_best_swaps(problem, g, h, is_free, rng);
                }
                if let Some(swap) = rankings.best_swap(g, h, aspiration) {
                    candidates.push((Change::Swap { a: swap.a as usize, b: swap.b as usize }, swap.delta, swap.ties));
                }
            }
        }
        #[cfg(debug_assertions)]
        {
            rankings.assert_up_to_date(problem, current, is_free);
            let best = candidates.iter().map(|&(_, delta, _)| delta).fold(f64::NEG_INFINITY, f64::max);
            let expected = self.best_of_full_scan(problem, current, aspiration);
            assert!(best == expected || (best - expected).abs() < 1e-6, "ranked {best}, full scan {expected}");
        }
        for (change, delta, ties) in candidates {
            self.consider_tied(change, delta, ties, rng);
        }
        self.neighbourhood = Neighbourhood::Ranked(rankings);
        work
    }

    /// The score change of the best admissible change, by evaluating every one: what a ranked
    /// scan must find (checked at every step in debug builds).
    #[cfg(debug_assertions)]
    fn best_of_full_scan<D: Distances>(&self, problem: &Problem<D>, current: &GroupingState, aspiration: f64) -> f64 {
        let bounds = problem.groups();
        let assignment = current.assignment();
        let movable = |e: usize| !problem.is_fixed(e);
        let admissible = |free: bool, delta: f64| free || delta > aspiration;
        let mut best = f64::NEG_INFINITY;
        for a in (0..problem.n()).filter(|&a| movable(a)) {
            let (group_a, a_free) = (assignment[a], self.frozen_until[a] <= self.steps);
            for to in (0..bounds.len() as u32).filter(|&to| to != group_a) {
                let fits =
                    current.size(group_a) > bounds[group_a as usize].min && current.size(to) < bounds[to as usize].max;
                let delta = current.move_delta(problem, a, to);
                if fits && admissible(a_free, delta) {
                    best = best.max(delta);
                }
            }
            for b in (a + 1..problem.n()).filter(|&b| movable(b) && assignment[b] != group_a) {
                let delta = current.swap_delta(problem, a, b);
                if admissible(a_free && self.frozen_until[b] <= self.steps, delta) {
                    best = best.max(delta);
                }
            }
        }
        best
    }

    /// Keeps the better of `change` and the scan's choice so far, breaking ties uniformly.
    fn consider(&mut self, change: Change, delta: f64, rng: &mut Pcg64Mcg) {
        self.consider_tied(change, delta, 1, rng);
    }

    /// As `consider`, for a change already drawn among `ties` equal ones, which it stands for.
    fn consider_tied(&mut self, change: Change, delta: f64, ties: u32, rng: &mut Pcg64Mcg) {
        match self.chosen {
            Some((_, best)) if delta < best => {}
            Some((_, best)) if delta == best => {
                self.ties += ties;
                if uniform_below(rng, self.ties as usize) < ties as usize {
                    self.chosen = Some((change, delta));
                }
            }
            _ => {
                self.chosen = Some((change, delta));
                self.ties = ties;
            }
        }
    }

    /// Applies the scan's choice, freezes what moved, and restarts when progress has stalled
    /// (`spent` is the share of the budget spent). Returns the work done, in evaluations.
    fn take_step<D: Distances>(
        &mut self,
        problem: &Problem<D>,
        current: &mut GroupingState,
        rng: &mut Pcg64Mcg,
        spent: f64,
    ) -> u64 {
        self.steps += 1;
        let mut work = problem.n() as u64;
        let changed_groups = match self.chosen.take() {
            Some((Change::Relocate { element, to }, _)) => {
                let from = current.assignment()[element];
                current.apply_move(problem, element, to);
                self.freeze(element, rng);
                Some((from, to))
            }
            Some((Change::Swap { a, b }, _)) => {
                let groups = (current.assignment()[a], current.assignment()[b]);
                current.apply_swap(problem, a, b);
                self.freeze(a, rng);
                self.freeze(b, rng);
                Some(groups)
            }
            // Everything was frozen; the next step thaws something.
            None => None,
        };
        if let Some((g, h)) = changed_groups {
            self.neighbourhood.groups_changed(g, h);
        }
        self.ties = 0;
        let score = current.score();
        keep_if_better(&mut self.elite, &mut self.elite_score, current.assignment(), score);
        if score > self.run_best + epsilon(self.run_best) {
            self.run_best = score;
            self.run_best_assignment.clone_from(current.assignment());
            self.steps_without_progress = 0;
        } else {
            self.steps_without_progress += 1;
            if self.steps_without_progress >= self.patience {
                work += self.restart(problem, current, rng, spent);
            }
        }
        work
    }

    fn freeze(&mut self, element: usize, rng: &mut Pcg64Mcg) {
        let tenure = self.tenure_min + uniform_below(rng, self.tenure_spread as usize) as u64;
        self.frozen_until[element] = self.steps + tenure;
    }

    /// Continues from the run's best (or the elite, if the run fell well short of it) shaken by
    /// random swaps, then, with rankings, by dealing each group's least diverse member again
    /// (`redeal_weakest`), and sometimes by a shift of group sizes. Returns the work done, in
    /// evaluations.
    fn restart<D: Distances>(
        &mut self,
        problem: &Problem<D>,
        current: &mut GroupingState,
        rng: &mut Pcg64Mcg,
        spent: f64,
    ) -> u64 {
        let n = problem.n();
        let near_elite = self.run_best >= self.elite_score - NEAR_ELITE * self.elite_score.abs();
        let mut shaken = if near_elite { self.run_best_assignment.clone() } else { self.elite.clone() };
        let swaps = shake_swaps(self.shake_min + uniform_below(rng, self.shake_spread), spent);
        let free = problem.free_elements();
        for _ in 0..swaps {
            let a = free[uniform_below(rng, free.len())] as usize;
            let b = free[uniform_below(rng, free.len())] as usize;
            shaken.swap(a, b);
        }
        // Rebuilding also clears the rounding drift of the incremental score.
        *current = GroupingState::new(problem, shaken);
        let mut work = (n * n / 2) as u64;
        // Measured with rankings (the pair sum alone) only; Geo did a little worse with it.
        if matches!(self.neighbourhood, Neighbourhood::Ranked(_)) {
            work += redeal_weakest(problem, current, rng);
        }
        if unit_interval(rng) < SIZE_SHIFT_SHARE {
            work += shift_sizes(problem, current, rng);
        }
        self.run_best = current.score();
        self.run_best_assignment.clone_from(current.assignment());
        self.steps_without_progress = 0;
        for (element, frozen) in self.frozen_until.iter_mut().enumerate() {
            *frozen = if problem.is_fixed(element) { u64::MAX } else { 0 };
        }
        self.neighbourhood.all_changed();
        work
    }
}

impl Shortlists {
    /// Brings the lists up to date with `current` and the frozen elements at step `steps`:
    /// rebuilds those from or to a stale group, and takes the elements that thaw at this step into
    /// the others. Marks what changed. Returns the number of relocations looked at.
    fn update<D: Distances>(
        &mut self,
        problem: &Problem<D>,
        current: &GroupingState,
        frozen_until: &[u64],
        steps: u64,
    ) -> u64 {
        let k = self.n_groups;
        self.changed.fill(false);
        for g in 0..k {
            for h in (0..k).filter(|&h| h != g && (self.stale[g] || self.stale[h])) {
                self.filled[g * k + h] = 0;
                self.changed[g * k + h] = true;
            }
        }
        let stale_groups: Vec<u32> = (0..k as u32).filter(|&g| self.stale[g as usize]).collect();
        let mut work = 0;
        for (element, &group) in current.assignment().iter().enumerate() {
            if frozen_until[element] > steps {
                continue;
            }
            let group = group as usize;
            // An element enters every list of its group when that group is rebuilt or when it
            // thaws (the first step it is free again); otherwise only the rebuilt lists to stale
            // groups.
            if self.stale[group] || (frozen_until[element] == steps && steps > 0) {
                current.for_each_move(problem, element, |to, gain| {
                    let list = group * k + to as usize;
                    if self.insert(list, element as u32, gain) {
                        self.changed[list] = true;
                    }
                });
                work += k as u64 - 1;
            } else {
                for &to in stale_groups.iter().filter(|&&to| to as usize != group) {
                    self.insert(group * k + to as usize, element as u32, current.move_delta(problem, element, to));
                }
                work += stale_groups.len() as u64;
            }
        }
        self.stale.fill(false);
        work
    }

    /// Looks for the best swap between lists (g, h) and (h, g), g < h. Returns the number of
    /// swaps looked at.
    fn find_best_swap<D: Distances>(
        &mut self,
        problem: &Problem<D>,
        current: &GroupingState,
        g: usize,
        h: usize,
    ) -> u64 {
        let k = self.n_groups;
        let (from_g, from_h) = (self.list(g * k + h), self.list(h * k + g));
        let mut best: Option<(u32, u32, f64)> = None;
        for &a in from_g {
            for &b in from_h {
                let delta = current.swap_delta(problem, a as usize, b as usize);
                if best.is_none_or(|(_, _, best)| delta > best) {
                    best = Some((a, b, delta));
                }
            }
        }
        let work = (from_g.len() * from_h.len()) as u64;
        self.best_swaps[g * k + h] = best;
        work
    }

    /// Adds `element` to list `list` if its gain ranks among the best `length`; says whether
    /// it did.
    fn insert(&mut self, list: usize, element: u32, gain: f64) -> bool {
        let start = list * self.length;
        let filled = self.filled[list] as usize;
        if filled == self.length && gain <= self.gains[start + filled - 1] {
            return false;
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
        true
    }

    /// The elements of list `list`, best first.
    fn list(&self, list: usize) -> &[u32] {
        let start = list * self.length;
        &self.elements[start..start + self.filled[list] as usize]
    }

    /// Their gains, in the same order.
    fn gains_of(&self, list: usize) -> &[f64] {
        let start = list * self.length;
        &self.gains[start..start + self.filled[list] as usize]
    }

    /// Checks the kept lists and best swaps against ones computed from scratch (tests run with
    /// debug assertions, so every shortlisted search in them checks this at every step).
    #[cfg(debug_assertions)]
    fn assert_up_to_date<D: Distances>(
        &self,
        problem: &Problem<D>,
        current: &GroupingState,
        frozen_until: &[u64],
        steps: u64,
    ) {
        let k = self.n_groups;
        let assignment = current.assignment();
        for g in 0..k {
            for h in (0..k).filter(|&h| h != g) {
                let mut expected: Vec<f64> = (0..assignment.len())
                    .filter(|&e| assignment[e] as usize == g && frozen_until[e] <= steps)
                    .map(|e| current.move_delta(problem, e, h as u32))
                    .collect();
                expected.sort_by(|x, y| y.total_cmp(x));
                expected.truncate(self.length);
                let kept = self.gains_of(g * k + h);
                assert_eq!(kept.len(), expected.len(), "list ({g}, {h}) length");
                for (&kept, &expected) in kept.iter().zip(&expected) {
                    assert!((kept - expected).abs() < 1e-6, "list ({g}, {h}): {kept} kept, {expected} expected");
                }
                for &element in self.list(g * k + h) {
                    assert!(assignment[element as usize] as usize == g && frozen_until[element as usize] <= steps);
                }
            }
        }
        for g in 0..k {
            for h in g + 1..k {
                let best = self
                    .list(g * k + h)
                    .iter()
                    .flat_map(|&a| self.list(h * k + g).iter().map(move |&b| (a, b)))
                    .map(|(a, b)| current.swap_delta(problem, a as usize, b as usize))
                    .fold(None, |best: Option<f64>, delta| Some(best.map_or(delta, |best| best.max(delta))));
                let kept = self.best_swaps[g * k + h].map(|(_, _, delta)| delta);
                assert!(
                    match (kept, best) {
                        (Some(kept), Some(best)) => (kept - best).abs() < 1e-6,
                        (kept, best) => kept.is_none() && best.is_none(),
                    },
                    "best swap of ({g}, {h}): {kept:?} kept, {best:?} expected"
                );
            }
        }
    }
}

/// Evaluations in one step, at most: every relocation, and every pair or the shortlisted pairs.
fn step_size(n: usize, n_groups: usize) -> u64 {
    let swaps = if n > FULL_SCAN_MAX_ELEMENTS {
        n_groups * (n_groups - 1) / 2 * SHORTLIST_LENGTH * SHORTLIST_LENGTH
    } else {
        n * (n - 1) / 2
    };
    (n * n_groups + swaps) as u64
}

/// The random swaps of a restart that drew `drawn` of them, once `spent` of the budget is spent:
/// all of them at first, `SHAKE_FINAL` of them at the end, and always at least one.
fn shake_swaps(drawn: usize, spent: f64) -> usize {
    ((drawn as f64 * (1.0 - (1.0 - SHAKE_FINAL) * spent)).round() as usize).max(1)
}

/// Score differences below this are rounding noise, not progress.
pub(super) fn epsilon(score: f64) -> f64 {
    1e-9 * (1.0 + score.abs())
}

#[cfg(test)]
mod tests {
    use rand_core::SeedableRng;

    use super::super::anneal::random_assignment;
    use super::super::memetic::tests::problem;
    use super::*;

    /// Finishing a memetic search's budget, the tabu search takes the same steps as on its own and
    /// counts each evaluation at its weight (3.2 with rankings, which 40 elements get), the tenths
    /// carried from step to step.
    #[test]
    fn a_finishing_search_counts_its_work_at_its_cost_in_memetic_evaluations() {
        let problem = problem(5);
        let start = GroupingState::new(&problem, random_assignment(&problem, &mut Pcg64Mcg::seed_from_u64(1)));
        let (budget, end) = (4_000_000, 1_500_000);
        let mut alone = (TabuSearch::new(&problem, &start, budget), start.clone(), Pcg64Mcg::seed_from_u64(2), 0);
        let mut finishing =
            (TabuSearch::finishing(&problem, &start, budget * 32 / 10), start.clone(), Pcg64Mcg::seed_from_u64(2), 0);
        alone.0.advance(&problem, &mut alone.1, &mut alone.2, &mut alone.3, end);
        finishing.0.advance(&problem, &mut finishing.1, &mut finishing.2, &mut finishing.3, end * 32 / 10);
        assert!(alone.0.steps_taken() > 100, "{} steps", alone.0.steps_taken());
        assert_eq!(finishing.0.steps_taken(), alone.0.steps_taken());
        assert_eq!(finishing.3, alone.3 * 32 / 10);
        assert_eq!(finishing.0.elite(), alone.0.elite());
    }

    #[test]
    fn restarts_shake_less_as_the_budget_runs_out() {
        assert_eq!(shake_swaps(30, 0.0), 30);
        assert_eq!(shake_swaps(30, 0.5), 17);
        assert_eq!(shake_swaps(30, 1.0), 3);
        assert_eq!(shake_swaps(4, 1.0), 1, "a restart always shakes");
        let shrinking: Vec<usize> = (0..=10).map(|tenth| shake_swaps(36, f64::from(tenth) / 10.0)).collect();
        assert!(shrinking.windows(2).all(|pair| pair[0] >= pair[1]), "{shrinking:?}");
    }
}

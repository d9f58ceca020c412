//! The search: simulated annealing over moves and swaps, then a descent to a local optimum. When
//! the problem is small enough and the budget large enough to scan the whole neighbourhood many
//! times, an iterated tabu search (`tabu`) replaces the annealing; when the score is the pair sum
//! alone, nobody is fixed and the budget is larger still, a memetic search (`memetic`) replaces
//! both for most of the budget, and the tabu search walks on from its best grouping for the rest.
//! The final descent stays.
//!
//! Anytime: `best()` is valid after every `step`. The move budget fixes the cooling schedule, so
//! stepping in chunks of any size gives exactly the same result as one long step.

use rand_core::SeedableRng;
use rand_pcg::Pcg64Mcg;
use serde::{Deserialize, Serialize};

use super::memetic::MemeticSearch;
use super::problem::{Distances, Problem};
use super::state::{Assignment, GroupingState, keep_if_better};
use super::tabu::TabuSearch;
use super::{uniform_below, unit_interval};

/// How much work the search may do. No default: the caller decides, e.g. from the problem size.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchConfig {
    /// Moves to try while annealing; the final descent adds its own evaluations.
    pub max_moves: u64,
}

/// Where a search stands.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// Moves tried so far (including the final descent's evaluations).
    pub moves_done: u64,
    /// The annealing budget.
    pub max_moves: u64,
    /// Score of the best grouping so far.
    pub best_score: f64,
    /// Whether the search has nothing left to do.
    pub finished: bool,
    /// How many searches run at once from one seed this adds up (1 for a single search).
    pub searches: u32,
}

impl Progress {
    /// Where several searches of one job, run at once, stand together: their moves and budgets
    /// add up, the best score is the best of any, and they are finished when every one is.
    pub fn together(parts: &[Progress]) -> Progress {
        Progress {
            moves_done: parts.iter().map(|p| p.moves_done).sum(),
            max_moves: parts.iter().map(|p| p.max_moves).sum(),
            best_score: parts.iter().map(|p| p.best_score).fold(f64::NEG_INFINITY, f64::max),
            finished: parts.iter().all(|p| p.finished),
            searches: parts.iter().map(|p| p.searches).sum(),
        }
    }
}

/// Share of tries that relocate one element rather than swap two, when sizes allow it.
const RELOCATE_SHARE: f64 = 0.2;
/// Share of score-neutral moves and swaps that are applied.
const PLATEAU_STEP_SHARE: f64 = 0.1;
/// The final temperature as a fraction of the starting one.
const FINAL_TEMPERATURE_RATIO: f64 = 1e-4;
/// Above this size the full-neighbourhood descent costs more than it brings.
const DESCENT_MAX_N: usize = 3000;
/// The share of the budget, at its end, in which the tabu search walks on from the memetic
/// search's best grouping (its work counted at its cost in time, so this is a share of the time).
/// The population finds good regions; a tabu walk digs deeper into the best one than kicks and
/// descents do. Side by side with the memetic search alone (`side-by-side/ab`, paper budgets) the
/// mean gap went from 0.055 % to 0.036 % at n = 120 (seeds 21–30), 0.040 % to 0.033 % at n = 240
/// (seeds 11–13) and 0.049 % to 0.017 % at n = 480 (seeds 11–12), best on Geo. Two fifths of the
/// budget counted as tabu evaluations, before they were weighted, did worse than one fifth.
/// At short budgets it depends on the size, not on the budget per pair: replayed with `--moves`
/// (12–16 seeds), it cut the mean gap over ten n = 120 instances from 0.153 % to 0.136 % at
/// 14,000 evaluations per pair and from 0.104 % to 0.084 % at 28,000, but over seven n = 240
/// instances it cost 0.122 % against 0.115 % at 28,000 and was even at 50,000: the five RanReal
/// and RanInt ones lost up to 0.05 points and both Geo ones gained 0.025
/// (`tests/bench/mdgp-results.md`).
const TABU_FINISH_SHARE: f64 = 0.2;

/// An annealing run in progress.
#[derive(Clone, Debug)]
pub struct Search<D> {
    problem: Problem<D>,
    rng: Pcg64Mcg,
    current: GroupingState,
    best: Assignment,
    best_score: f64,
    moves_done: u64,
    max_moves: u64,
    temperature: f64,
    cooling: f64,
    can_relocate: bool,
    /// Present when the tabu search replaces the annealing; it then walks `current`.
    tabu: Option<TabuSearch>,
    /// Present when the memetic search replaces both; it runs until `memetic_until`, then hands
    /// its best grouping to a tabu search.
    memetic: Option<MemeticSearch>,
    memetic_until: u64,
    finished: bool,
}

impl<D: Distances> Search<D> {
    /// Starts from a random valid grouping drawn from `seed`.
    pub fn new(problem: Problem<D>, config: SearchConfig, seed: u64) -> Self {
        Self::from_seed(problem, config, seed, false)
    }

    /// A search to time, not to keep: as `new`, but a memetic search starts with the population
    /// it shrinks to, so that the first part of the budget runs at the rate of the rest and a
    /// short pilot (`moves_for_seconds`) judges the rate of the whole run.
    pub fn timing_pilot(problem: Problem<D>, config: SearchConfig, seed: u64) -> Self {
        Self::from_seed(problem, config, seed, true)
    }

    /// Starts from a random grouping drawn from `seed`.
    fn from_seed(problem: Problem<D>, config: SearchConfig, seed: u64, timing_pilot: bool) -> Self {
        let mut rng = Pcg64Mcg::seed_from_u64(seed);
        let start = random_assignment(&problem, &mut rng);
        Self::from_start(problem, config, rng, start, timing_pilot)
    }

    /// Starts from `start`, which must respect the size bounds (e.g. a grouping built from what
    /// the caller knows of the problem).
    pub fn starting_from(problem: Problem<D>, config: SearchConfig, seed: u64, start: Assignment) -> Self {
        Self::from_start(problem, config, Pcg64Mcg::seed_from_u64(seed), start, false)
    }

    fn from_start(
        problem: Problem<D>,
        config: SearchConfig,
        mut rng: Pcg64Mcg,
        start: Assignment,
        timing_pilot: bool,
    ) -> Self {
        let current = GroupingState::new(&problem, start);
        let can_relocate = problem.groups().iter().any(|b| b.min != b.max);
        let trivial = problem.groups().len() < 2 || problem.free_elements().len() < 2;
        let temperature = if trivial { 0.0 } else { starting_temperature(&problem, &current, &mut rng) };
        let cooling =
            if config.max_moves == 0 { 1.0 } else { libm::pow(FINAL_TEMPERATURE_RATIO, 1.0 / config.max_moves as f64) };
        let memetic = (!trivial && MemeticSearch::suits(&problem, &current, config.max_moves)).then(|| {
            if timing_pilot {
                MemeticSearch::pilot(&current, config.max_moves)
            } else {
                MemeticSearch::new(&current, config.max_moves)
            }
        });
        let tabu = (!trivial && memetic.is_none() && TabuSearch::suits(&problem, &current, config.max_moves))
            .then(|| TabuSearch::new(&problem, &current, config.max_moves));
        Search {
            best: current.assignment().clone(),
            best_score: current.score(),
            problem,
            rng,
            current,
            moves_done: 0,
            max_moves: config.max_moves,
            temperature,
            cooling,
            can_relocate,
            tabu,
            memetic,
            memetic_until: config.max_moves - (TABU_FINISH_SHARE * config.max_moves as f64) as u64,
            finished: trivial,
        }
    }

    /// The problem being solved.
    pub fn problem(&self) -> &Problem<D> {
        &self.problem
    }

    /// The best grouping found so far and its score.
    pub fn best(&self) -> (&Assignment, f64) {
        (&self.best, self.best_score)
    }

    /// Steps taken: by the tabu search, each the best admissible change; by the memetic search,
    /// each a descent to a local optimum (both add up when the tabu search finishes the memetic
    /// search's budget); 0 when annealing. Benchmarks divide it by the time taken
    /// to compare ways of taking a step.
    pub fn steps_taken(&self) -> u64 {
        self.tabu.as_ref().map_or(0, |tabu| tabu.steps_taken())
            + self.memetic.as_ref().map_or(0, |memetic| memetic.descents())
    }

    /// Where the search stands.
    pub fn progress(&self) -> Progress {
        Progress {
            moves_done: self.moves_done,
            max_moves: self.max_moves,
            best_score: self.best_score,
            finished: self.finished,
            searches: 1,
        }
    }

    /// Tries up to `chunk` more moves; once the budget is spent, finishes with a descent.
    pub fn step(&mut self, chunk: u64) -> Progress {
        let end = self.moves_done.saturating_add(chunk).min(self.max_moves);
        let memetic_runs = !self.finished && self.moves_done < self.memetic_until;
        if let Some(memetic) = self.memetic.as_mut().filter(|_| memetic_runs) {
            // It stops between stages, so the hand-over falls at the same place whatever the chunks.
            memetic.advance(&self.problem, &mut self.rng, &mut self.moves_done, end.min(self.memetic_until));
            let (elite, elite_score) = memetic.elite();
            keep_if_better(&mut self.best, &mut self.best_score, elite, elite_score);
            if self.moves_done >= self.memetic_until {
                self.current = GroupingState::new(&self.problem, self.best.clone());
                // Given the whole budget, so that its restarts shake as little as the spent share
                // asks for.
                self.tabu = Some(TabuSearch::finishing(&self.problem, &self.current, self.max_moves));
            }
        }
        if let Some(tabu) = self.tabu.as_mut().filter(|_| !self.finished) {
            tabu.advance(&self.problem, &mut self.current, &mut self.rng, &mut self.moves_done, end);
            let (elite, elite_score) = tabu.elite();
            keep_if_better(&mut self.best, &mut self.best_score, elite, elite_score);
        }
        while self.tabu.is_none() && self.memetic.is_none() && !self.finished && self.moves_done < end {
            self.try_move();
            self.moves_done += 1;
        }
        if !self.finished && self.moves_done >= self.max_moves {
            self.descend_from_best();
            self.finished = true;
        }
        self.progress()
    }

    fn try_move(&mut self) {
        // Drawn among the free elements: all of them, in order, unless some are fixed.
        let free = self.problem.free_elements();
        let n_groups = self.problem.groups().len();
        let element = free[uniform_below(&mut self.rng, free.len())] as usize;
        let from = self.current.assignment()[element];
        if self.can_relocate && unit_interval(&mut self.rng) < RELOCATE_SHARE {
            let mut to = uniform_below(&mut self.rng, n_groups - 1) as u32;
            if to >= from {
                to += 1;
            }
            let bounds = self.problem.groups();
            let current = &self.current;
            if current.size(from) > bounds[from as usize].min && current.size(to) < bounds[to as usize].max {
                let delta = self.current.move_delta(&self.problem, element, to);
                if self.accepts(delta) {
                    self.current.apply_move(&self.problem, element, to);
                    self.remember_if_best();
                }
            }
        } else {
            let free = self.problem.free_elements();
            let other = free[uniform_below(&mut self.rng, free.len())] as usize;
            if self.current.assignment()[other] != from {
                let delta = self.current.swap_delta(&self.problem, element, other);
                if self.accepts(delta) {
                    self.current.apply_swap(&self.problem, element, other);
                    self.remember_if_best();
                }
            }
        }
        self.temperature *= self.cooling;
    }

    fn accepts(&mut self, delta: f64) -> bool {
        if delta == 0.0 {
            // Organizer problems have wide plateaus (people with the same answers); walking every
            // step of them costs a table update each and finds nothing, so only some are taken.
            return unit_interval(&mut self.rng) < PLATEAU_STEP_SHARE;
        }
        delta > 0.0 || (self.temperature > 0.0 && unit_interval(&mut self.rng) < libm::exp(delta / self.temperature))
    }

    fn remember_if_best(&mut self) {
        if self.current.score() > self.best_score {
            self.best_score = self.current.score();
            self.best.clone_from(self.current.assignment());
        }
    }

    /// Restores the best grouping and applies improving moves and swaps until none is left.
    fn descend_from_best(&mut self) {
        let n = self.problem.n();
        if n > DESCENT_MAX_N {
            return;
        }
        let mut state = GroupingState::new(&self.problem, self.best.clone());
        let d = &self.problem;
        let bounds = self.problem.groups();
        let n_groups = bounds.len() as u32;
        // Improvements smaller than this are rounding noise and could make the loop cycle.
        let epsilon = 1e-9 * (1.0 + state.score().abs());
        let mut improved = true;
        while improved {
            improved = false;
            for a in (0..n).filter(|&a| !d.is_fixed(a)) {
                let ga = state.assignment()[a];
                for to in 0..n_groups {
                    self.moves_done += 1;
                    if to != ga
                        && state.size(ga) > bounds[ga as usize].min
                        && state.size(to) < bounds[to as usize].max
                        && state.move_delta(d, a, to) > epsilon
                    {
                        state.apply_move(d, a, to);
                        improved = true;
                        break;
                    }
                }
                for b in (a + 1..n).filter(|&b| !d.is_fixed(b)) {
                    self.moves_done += 1;
                    if state.assignment()[a] != state.assignment()[b] && state.swap_delta(d, a, b) > epsilon {
                        state.apply_swap(d, a, b);
                        improved = true;
                    }
                }
            }
        }
        // Recompute rather than trust the incremental score accumulated over many updates.
        let state = GroupingState::new(&self.problem, state.assignment().clone());
        if state.score() >= self.best_score {
            self.best_score = state.score();
            self.best = state.assignment().clone();
        }
    }
}

/// Fills every group to its minimum, then spreads the rest over groups with room, in random order.
pub(super) fn random_assignment<D: Distances>(problem: &Problem<D>, rng: &mut Pcg64Mcg) -> Assignment {
    let n = problem.n();
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        order.swap(i, uniform_below(rng, i + 1));
    }
    let mut assignment = vec![0u32; n];
    let mut sizes = vec![0u32; problem.groups().len()];
    let mut next = order.into_iter();
    for (group, bounds) in problem.groups().iter().enumerate() {
        for element in next.by_ref().take(bounds.min as usize) {
            assignment[element] = group as u32;
            sizes[group] += 1;
        }
    }
    // The waitlist takes only who fits nowhere else.
    let waitlist = problem.waitlist_group().map(|g| g as usize);
    for element in next {
        let mut open: Vec<usize> =
            (0..sizes.len()).filter(|&g| Some(g) != waitlist && sizes[g] < problem.groups()[g].max).collect();
        if open.is_empty() {
            open.extend(waitlist);
        }
        // Problem::new guarantees room for every element.
        let group = open[uniform_below(rng, open.len())];
        assignment[element] = group as u32;
        sizes[group] += 1;
    }
    assignment
}

/// The mean size of a random swap's score change: the scale at which worse moves start out likely.
fn starting_temperature<D: Distances>(problem: &Problem<D>, state: &GroupingState, rng: &mut Pcg64Mcg) -> f64 {
    if let Some(typical) = problem.terms().typical_change {
        return typical;
    }
    let n = problem.n();
    let (mut total, mut count) = (0.0, 0u32);
    for _ in 0..200 {
        let (a, b) = (uniform_below(rng, n), uniform_below(rng, n));
        if state.assignment()[a] != state.assignment()[b] {
            total += state.swap_delta(problem, a, b).abs();
            count += 1;
        }
    }
    if count == 0 || total == 0.0 { 1.0 } else { total / f64::from(count) }
}

#[cfg(test)]
mod tests {
    use super::super::memetic::tests::problem;
    use super::super::memetic::{FIRST_POPULATION, LAST_POPULATION};
    use super::*;

    /// A timing pilot is the same search but for the memetic search's population, which starts at
    /// the size it shrinks to; a search to keep starts at its first size.
    #[test]
    fn a_timing_pilot_starts_with_the_population_a_search_shrinks_to() {
        let config = SearchConfig { max_moves: 5_000 * 40 * 40 };
        let mut pilot = Search::timing_pilot(problem(3), config, 9);
        let mut kept = Search::new(problem(3), config, 9);
        pilot.step(1);
        kept.step(1);
        for _ in 0..40 {
            pilot.step(1);
            kept.step(1);
            assert_eq!(pilot.memetic.as_ref().unwrap().population(), LAST_POPULATION);
        }
        assert_eq!(kept.memetic.as_ref().unwrap().population(), FIRST_POPULATION);
    }

    #[test]
    fn the_tabu_search_walks_on_from_the_memetic_search_best_for_the_last_share() {
        let problem = problem(3);
        let max_moves = 5_000 * 40 * 40;
        let mut search = Search::new(problem, SearchConfig { max_moves }, 9);
        assert!(search.memetic.is_some() && search.tabu.is_none());
        search.step(search.memetic_until);
        let descents = search.memetic.as_ref().unwrap().descents();
        let handed_over = search.best.clone();
        assert!(descents > 100, "{descents} descents");
        assert!(search.moves_done >= search.memetic_until && search.moves_done < max_moves);
        assert_eq!(search.current.assignment(), &handed_over, "the tabu search starts from the best grouping");
        assert_eq!(search.tabu.as_ref().unwrap().steps_taken(), 0);
        search.step(u64::MAX);
        let tabu_steps = search.tabu.as_ref().unwrap().steps_taken();
        assert!(tabu_steps > 100, "{tabu_steps} tabu steps");
        assert_eq!(search.memetic.as_ref().unwrap().descents(), descents, "the memetic search stopped");
        assert_eq!(search.steps_taken(), descents + tabu_steps);
        assert!(search.progress().finished);
    }
}

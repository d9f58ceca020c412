//! From a time budget to a move budget, for shells that are given seconds: the search itself only
//! counts moves (so that a seed and a budget fix the result), and its schedule needs the budget
//! up front. The shell passes its own clock; this module never reads one.

use super::anneal::{Search, SearchConfig};
use super::problem::{Distances, Problem};

/// Moves per pilot chunk.
const PILOT_CHUNK: u64 = 1_000_000;

/// A search that runs a chunk of moves at a time: the grouping search, or a whole composing run.
pub trait Stepping {
    /// Runs up to `moves` more moves.
    fn step_moves(&mut self, moves: u64);
}

impl<D: Distances + Clone> Stepping for Search<D> {
    fn step_moves(&mut self, moves: u64) {
        self.step(moves);
    }
}

/// The move budget that fills `seconds` on this machine for the grouping search of `problem`
/// (see [`moves_to_fill`]).
pub fn moves_for_seconds<D: Distances + Clone>(
    problem: &Problem<D>,
    seed: u64,
    seconds: f64,
    elapsed: impl FnMut() -> f64,
) -> u64 {
    moves_to_fill(|budget| Search::new(problem.clone(), SearchConfig { max_moves: budget }, seed), seconds, elapsed)
}

/// The move budget that fills `seconds` on this machine, from a short timed pilot of the same
/// search, which `start` builds for a given budget: `elapsed` reports seconds since any fixed
/// instant (wall or CPU time, as the shell prefers). The budget can pick the engine (tabu search
/// or annealing) and the two run at different rates, so the pilot is given a budget of the right
/// order of magnitude (about ten million moves a second) and runs only the first part of it. The
/// pilot's own time, building it included, counts against `seconds`.
pub fn moves_to_fill<S: Stepping>(start: impl FnOnce(u64) -> S, seconds: f64, mut elapsed: impl FnMut() -> f64) -> u64 {
    let started = elapsed();
    let rough_budget = ((seconds * 1e7) as u64).max(100 * PILOT_CHUNK);
    let mut pilot = start(rough_budget);
    // Untimed warm-up: cold caches would make the rate look lower than it is.
    pilot.step_moves(PILOT_CHUNK);
    let pilot_started = elapsed();
    let mut piloted = 0;
    // Long enough (1 % of the budget) that the timer's resolution does not matter.
    while piloted == 0 || elapsed() - pilot_started < seconds * 0.01 {
        pilot.step_moves(PILOT_CHUNK);
        piloted += PILOT_CHUNK;
    }
    let rate = piloted as f64 / (elapsed() - pilot_started).max(1e-6);
    let left = (seconds - (elapsed() - started)).max(0.0);
    // The final descent takes a little time of its own; leave it 5 %. However short the budget,
    // the search gets at least the pilot's own amount of work.
    ((rate * left * 0.95) as u64).max(PILOT_CHUNK)
}

//! From a time budget to a move budget, for shells that are given seconds: the search itself only
//! counts moves (so that a seed and a budget fix the result), and its schedule needs the budget
//! up front. The shell passes its own clock; this module never reads one.

use super::anneal::{Search, SearchConfig};
use super::problem::{Distances, Problem};

/// Moves per pilot chunk.
const PILOT_CHUNK: u64 = 1_000_000;
/// The share of the budget the pilot is timed over. Its time is lost to the search, and a longer
/// pilot would not make the budget much more exact: this machine's speed varies by a tenth from
/// run to run (the same seed and moves at n = 120 took 2.29–2.80 s of CPU time).
const PILOT_SHARE: f64 = 0.02;
/// The share of what is left that the search is not given, for its final descent: a single pass
/// from a local optimum, a few milliseconds at most.
const FINAL_RESERVE: f64 = 0.01;

/// A search that runs a chunk of moves at a time: the grouping search, or a whole composing run.
pub trait Stepping {
    /// Runs about `moves` more moves and returns how many it ran: a search whose steps are
    /// indivisible may run a few more, or none when the last step ran past the chunk.
    fn step_moves(&mut self, moves: u64) -> u64;
}

impl<D: Distances + Clone> Stepping for Search<D> {
    fn step_moves(&mut self, moves: u64) -> u64 {
        let before = self.progress().moves_done;
        self.step(moves).moves_done - before
    }
}

/// The move budget that fills `seconds` on this machine for the grouping search of `problem`
/// (see [`moves_to_fill`]). The pilot is a [`Search::timing_pilot`]: a memetic search's first
/// generations, with many walkers, run slower per move than the rest. A pilot that timed them, and
/// a tabu finish that counted its evaluations above their cost, left runs at n = 120 and 240 about
/// a fifth of their time unused (2.4–2.6 s of 3 s, 4.1 of 5 s).
pub fn moves_for_seconds<D: Distances + Clone>(
    problem: &Problem<D>,
    seed: u64,
    seconds: f64,
    elapsed: impl FnMut() -> f64,
) -> u64 {
    moves_to_fill(
        |budget| Search::timing_pilot(problem.clone(), SearchConfig { max_moves: budget }, seed),
        seconds,
        elapsed,
    )
}

/// The move budget that fills `seconds` on this machine, from a short timed pilot of the same
/// search, which `start` builds for a given budget: `elapsed` reports seconds since any fixed
/// instant (wall or CPU time, as the shell prefers). The pilot is given more moves than any
/// search here runs in `seconds`, and runs only the first part of them. The budget also picks the
/// engine (tabu search when it pays for enough steps, else annealing; the memetic search above
/// 2,000 evaluations per pair), so for budgets of well under a second at several hundred elements
/// the pilot may time a faster engine than the real run takes, and the run then overruns. The
/// pilot's own time, building it included, counts against `seconds`.
pub fn moves_to_fill<S: Stepping>(start: impl FnOnce(u64) -> S, seconds: f64, mut elapsed: impl FnMut() -> f64) -> u64 {
    let started = elapsed();
    // A billion moves a second: above the fastest rate seen (about 300 million, the tabu search at
    // n = 240), so that the pilot stays well inside its budget.
    let rough_budget = ((seconds * 1e9) as u64).max(100 * PILOT_CHUNK);
    let mut pilot = start(rough_budget);
    // Untimed warm-up: cold caches would make the rate look lower than it is.
    pilot.step_moves(PILOT_CHUNK);
    let pilot_started = elapsed();
    // Counting what the pilot ran, not what it was asked for: a step of the memetic search can
    // run several chunks' worth at n = 240, and a pilot that counted chunks misjudged the rate by
    // up to a third.
    let (mut piloted, mut chunks) = (0, 0);
    while chunks == 0 || elapsed() - pilot_started < seconds * PILOT_SHARE {
        piloted += pilot.step_moves(PILOT_CHUNK);
        chunks += 1;
    }
    let rate = piloted as f64 / (elapsed() - pilot_started).max(1e-6);
    let left = (seconds - (elapsed() - started)).max(0.0);
    // However short the budget, the search gets at least the pilot's own amount of work.
    ((rate * left * (1.0 - FINAL_RESERVE)) as u64).max(PILOT_CHUNK)
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    /// A search that runs `rate` moves a second on a simulated clock, and remembers its budget.
    struct Simulated<'a> {
        clock: &'a Cell<f64>,
        rate: f64,
        budget: u64,
        run: &'a Cell<u64>,
    }

    impl Stepping for Simulated<'_> {
        fn step_moves(&mut self, moves: u64) -> u64 {
            // Past its budget a search does nothing, but the clock still moves on.
            let before = self.run.get();
            self.run.set((before + moves).min(self.budget));
            self.clock.set(self.clock.get() + moves as f64 / self.rate);
            self.run.get() - before
        }
    }

    /// The budget `moves_to_fill` gives for `seconds` at `rate`, and how far into its own budget
    /// the pilot went.
    fn fill(seconds: f64, rate: f64) -> (u64, f64) {
        let clock = Cell::new(0.0);
        let run = Cell::new(0);
        let pilot_budget = Cell::new(0);
        let start = |budget| {
            pilot_budget.set(budget);
            Simulated { clock: &clock, rate, budget, run: &run }
        };
        let moves = moves_to_fill(start, seconds, || clock.get());
        (moves, run.get() as f64 / pilot_budget.get() as f64)
    }

    #[test]
    fn the_budget_fills_the_time_the_pilot_leaves() {
        for (seconds, rate) in [(3.0, 2e8), (20.0, 3e8), (5.0, 1e7), (120.0, 1.5e8)] {
            let (moves, _) = fill(seconds, rate);
            let filled = moves as f64 / rate;
            let pilot = seconds * PILOT_SHARE + PILOT_CHUNK as f64 / rate;
            assert!(
                (filled - (seconds - pilot) * (1.0 - FINAL_RESERVE)).abs() < 0.01 * seconds,
                "{seconds} s at {rate} moves a second: {filled} s"
            );
        }
    }

    /// A search whose steps are `grain` moves and indivisible: asked for a chunk, it runs whole
    /// steps until it has run the chunk, as `Search` does, so a step longer than the chunk runs
    /// past it.
    struct Grained<'a> {
        clock: &'a Cell<f64>,
        rate: f64,
        grain: u64,
        run: u64,
    }

    impl Stepping for Grained<'_> {
        fn step_moves(&mut self, moves: u64) -> u64 {
            let (before, end) = (self.run, self.run + moves);
            while self.run < end {
                self.run += self.grain;
            }
            self.clock.set(self.clock.get() + (self.run - before) as f64 / self.rate);
            self.run - before
        }
    }

    #[test]
    fn a_search_whose_steps_run_past_the_chunks_is_timed_by_what_it_ran() {
        let (seconds, rate) = (3.0, 2e8);
        for grain in [PILOT_CHUNK / 3, 5 * PILOT_CHUNK, 7 * PILOT_CHUNK + 11] {
            let clock = Cell::new(0.0);
            let start = |_| Grained { clock: &clock, rate, grain, run: 0 };
            let moves = moves_to_fill(start, seconds, || clock.get());
            // The clock stopped where the pilot did: what is left is filled at the true rate.
            let expected = (seconds - clock.get()) * (1.0 - FINAL_RESERVE) * rate;
            assert!(
                (moves as f64 - expected).abs() < 1e-6 * expected,
                "steps of {grain}: {moves} moves, {expected} expected"
            );
        }
    }

    #[test]
    fn the_pilot_stays_well_inside_its_own_budget() {
        for (seconds, rate) in [(3.0, 3e8), (20.0, 3e8), (120.0, 3e8), (0.1, 1e7)] {
            let (_, share_run) = fill(seconds, rate);
            assert!(share_run < 0.5, "{seconds} s at {rate} moves a second: the pilot ran {share_run} of its budget");
        }
    }
}

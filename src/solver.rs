//! Grouping by local search: split `n` elements into labelled groups with size bounds so that the
//! sum of pairwise distances inside groups is as large as possible (the maximally diverse grouping
//! problem). Organizer rules become distances and bounds in `compose`; this module knows nothing of
//! applicants.
//!
//! Deterministic: the caller passes a seed and a move budget, and the search never reads a clock,
//! so the same inputs give the same groups natively and in the browser.

mod anneal;
mod budget;
mod kicks;
mod memetic;
mod problem;
mod state;
mod tabu;

pub use anneal::{Progress, Search, SearchConfig};
pub use budget::{Stepping, moves_for_seconds, moves_to_fill};
pub use problem::{
    Balance, DenseDistances, Distances, Fairness, Hosts, Problem, ProblemError, SizeBounds, Tallies, TallyRule,
    TallyShape, Terms, share_needed,
};
pub use state::{Assignment, GroupingState};

/// The seed of search `index` among several run at once from `seed`. Search 0 keeps `seed`; the
/// others are spread by an odd multiple of 2^64 / φ, so that they share no seed with the attempts
/// a composer numbers `seed + 1, seed + 2, …` nor with the searches of the next seed (a
/// re-compose), which would repeat work instead of adding alternatives.
pub fn search_seed(seed: u64, index: usize) -> u64 {
    const SPREAD: u64 = 0x9E37_79B9_7F4A_7C15;
    seed.wrapping_add((index as u64).wrapping_mul(SPREAD))
}

/// Draws a number in `0..bound` without modulo bias, from 32 random bits so that 32-bit (wasm32)
/// and 64-bit hosts draw the same sequence. Panics if `bound` is 0.
fn uniform_below(rng: &mut impl rand_core::Rng, bound: usize) -> usize {
    let bound = u32::try_from(bound).expect("fewer than 2^32 choices");
    assert!(bound > 0, "nothing to choose from");
    // Lemire's multiply-and-reject: unbiased, one multiplication in the common case.
    let threshold = bound.wrapping_neg() % bound;
    loop {
        let product = u64::from(rng.next_u32()) * u64::from(bound);
        if (product as u32) >= threshold {
            return (product >> 32) as usize;
        }
    }
}

/// A uniform draw in `[0, 1)` with 53 bits of precision.
fn unit_interval(rng: &mut impl rand_core::Rng) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

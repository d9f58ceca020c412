//! Import benchmark (not a test): reads synthetic exports of 1,000, 10,000 and 20,000 applicants
//! and prints the median of five runs each. Run with `cargo bench --bench import`; the page's own
//! numbers come from `node tests/e2e/bench.mjs dist`, which builds the same exports.

use std::time::{Duration, Instant};

use circle_composer::import::import;
use page_export::synthetic_export;

mod page_export;

#[allow(clippy::disallowed_methods)] // A benchmark measures time; the core never does.
fn main() {
    println!("| applicants | bytes | native import (median of 5) |");
    println!("|---:|---:|---:|");
    for n in [1_000, 10_000, 20_000] {
        let bytes = synthetic_export(n);
        let mut times: Vec<Duration> = (0..5)
            .map(|_| {
                let started = Instant::now();
                let report = import(&bytes);
                let elapsed = started.elapsed();
                assert_eq!(report.records.len(), n);
                elapsed
            })
            .collect();
        times.sort();
        println!("| {n} | {} | {:.1} ms |", bytes.len(), times[2].as_secs_f64() * 1000.0);
    }
}

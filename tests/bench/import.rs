//! Import benchmark (not a test): reads synthetic exports of 1,000, 10,000 and 20,000 applicants
//! and prints the median of five runs each. Run with `cargo bench --bench import`; the page's own
//! numbers come from `node tests/e2e/bench.mjs dist`, which builds the same exports.

use std::time::{Duration, Instant};

use circle_composer::import::import;

/// A form export of `n` applicants, the same as `tests/e2e/bench.mjs` builds: quoted multi-select
/// answers, accents, and one note with a line break every 50 records.
fn synthetic_export(n: usize) -> Vec<u8> {
    let cities = ["SF", "Brooklyn, NY", "São Paulo", "München", "Remote (Atlanta)", "near 4th & King Caltrain"];
    let roles = ["CTO", "VP Engineering", "Staff Engineer", "Engineering Manager", "Tech Lead"];
    let mut out = String::from(
        "Timestamp,Full name,Email address,Where are you based?,Current role / title,Company,Pronouns,\
         Do you identify as a woman or non-binary?,Which times work for you?,Anything else we should know?\n",
    );
    for i in 0..n {
        let note = if i % 50 == 0 { "\"Happy to host,\nif needed\"" } else { "" };
        out += &format!(
            "2026/03/04 9:{:02}:07 AM GMT-8,Person {i} Núñez,person{i}@example.com,\"{}\",{},Company {},they/them,{},\"Weekday mornings, Weekend afternoons\",{note}\n",
            i % 60,
            cities[i % cities.len()],
            roles[i % roles.len()],
            i % 997,
            if i % 10 == 0 { "Yes" } else { "No" },
        );
    }
    out.into_bytes()
}

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

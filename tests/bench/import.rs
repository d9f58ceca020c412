//! Import benchmark (not a test): reads synthetic exports of 1,000, 10,000 and 20,000 applicants
//! and prints the median of five runs each; then, on the same exports with every 20th applicant
//! answering twice (19,000 rather than 20,000, the most a file may have), the time to merge every
//! duplicate and to give the company column no role.
//! Run with `cargo bench --bench import`; the page's own numbers come from
//! `node tests/e2e/bench.mjs dist`, which builds the same exports.

use std::time::{Duration, Instant};

use circle_composer::import::import;
use circle_composer::model::ColumnRole;
use circle_composer::workflow::{Action, Workflow};
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
    println!();
    println!("| applicants | duplicates | merge every duplicate | company column ignored (median of 5) |");
    println!("|---:|---:|---:|---:|");
    // 19,000: with its duplicates, still within the 20,000 records a file may have.
    for n in [1_000, 10_000, 19_000] {
        let mut bytes = synthetic_export(n);
        let text = String::from_utf8(bytes.clone()).expect("the export is UTF-8");
        let again: Vec<&str> = text.lines().skip(1).step_by(20).collect();
        for line in &again {
            bytes.extend_from_slice(format!("\n{line}").as_bytes());
        }
        let loaded = Workflow::default().apply(Action::LoadCsv { name: "applicants.csv".into(), bytes });
        // A repeated line may hold only part of a record whose answer spans lines: count records.
        let records = loaded.source.as_ref().map_or(0, |s| s.import.records.len());
        assert!(records > n, "the repeated applicants were read");
        let median = |edit: &dyn Fn() -> Action| {
            let mut times: Vec<Duration> = (0..5)
                .map(|_| {
                    let workflow = loaded.clone();
                    let started = Instant::now();
                    let edited = workflow.apply(edit());
                    let elapsed = started.elapsed();
                    assert!(edited.source.is_some());
                    elapsed
                })
                .collect();
            times.sort();
            times[2].as_secs_f64() * 1000.0
        };
        let company = loaded.source.as_ref().and_then(|s| s.import.column_with(ColumnRole::Company)).map(|c| c.index);
        let merge = median(&|| Action::MergeAllDuplicates);
        let ignore = median(&|| Action::SetColumnRole { column: company.unwrap_or(0), role: ColumnRole::Ignore });
        println!("| {n} | {} | {merge:.1} ms | {ignore:.1} ms |", records - n);
    }
}

//! Places benchmark (not a test): reading the bundled gazetteer, and resolving 10,000 answers one by
//! one (the spellings of tests/data/places/truth.csv, repeated). Run with `cargo bench --bench places`.

use std::time::Instant;

use circle_composer::places::{GAZETTEER_TEXT, Gazetteer, clusters, resolve, survey};

#[allow(clippy::disallowed_methods)] // A benchmark measures time; the core never does.
fn main() {
    let started = Instant::now();
    let gazetteer = Gazetteer::parse(GAZETTEER_TEXT).expect("bundled gazetteer");
    let parse_ms = started.elapsed().as_secs_f64() * 1000.0;
    println!("gazetteer: {} cities, {} bytes, read in {parse_ms:.1} ms", gazetteer.len(), GAZETTEER_TEXT.len());

    let truth = include_str!("../data/places/truth.csv");
    let spellings: Vec<String> =
        csv::Reader::from_reader(truth.as_bytes()).records().map(|r| r.expect("truth row")[0].to_owned()).collect();
    let answers: Vec<&str> = spellings.iter().map(String::as_str).cycle().take(10_000).collect();
    let started = Instant::now();
    let resolved = answers.iter().filter(|answer| resolve(&gazetteer, answer).city.is_some()).count();
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "resolved {resolved} of {} answers in {:.0} ms ({:.0} µs each; a survey resolves each distinct spelling once)",
        answers.len(),
        elapsed * 1000.0,
        elapsed * 1e6 / answers.len() as f64
    );

    let distinct: Vec<String> = answers.iter().enumerate().map(|(i, a)| format!("{a} #{i}")).collect();
    let spellings: Vec<(&str, usize)> = distinct.iter().map(|s| (s.as_str(), 1)).collect();
    let started = Instant::now();
    let groups = clusters(&spellings, |_, _| false);
    println!(
        "clustered 10,000 distinct spellings into {} groups in {:.0} ms",
        groups.len(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    let started = Instant::now();
    let report = survey(&gazetteer, distinct.iter().map(String::as_str));
    println!(
        "surveyed 10,000 distinct answers ({} resolved, {} clusters) in {:.0} ms",
        report.places.len(),
        report.clusters.len(),
        started.elapsed().as_secs_f64() * 1000.0
    );
}

//! Composing benchmark (not a test): the sample and synthetic forms of 1,200 and 10,000 applicants
//! spread over 24 cities in 11 time zones, with the rules their columns suggest plus a hard
//! never-isolate rule over the identity answer, at the default move budget. Prints the time of the
//! feasibility notes (what the page recomputes after a rule edit), then time, circles, waiting and
//! broken hard rules; then a re-compose of each with 90 % of its circles locked. Run with `cargo bench --bench compose`; the page's numbers come
//! from `node tests/e2e/bench.mjs dist`.

use std::time::Instant;

use circle_composer::board::{Board, BoardEdit};
use circle_composer::compose::{
    ColumnMatch, ComposeJob, Composer, Composition, Locale, NeverIsolateRule, Rules, Strength, default_max_moves,
    feasibility,
};
use circle_composer::import::import;
use circle_composer::places::{GAZETTEER_TEXT, Gazetteer, PlaceDecisions};
use circle_composer::sample::SAMPLE_CSV;
use circle_composer::solver::SizeBounds;

mod synthetic;
use synthetic::synthetic_export;

#[allow(clippy::disallowed_methods)] // A benchmark measures time; the core never does.
fn main() {
    let gazetteer = Gazetteer::parse(GAZETTEER_TEXT).expect("the bundled gazetteer reads");
    let mut recompose_rows = Vec::new();
    println!("| applicants | notes | time | circles (in person) | waiting | hard rules broken | moves |");
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    for (label, bytes) in
        [("86 (sample)", SAMPLE_CSV.to_vec()), ("1,200", synthetic_export(1_200)), ("10,000", synthetic_export(10_000))]
    {
        let report = import(&bytes);
        let locales = Locale::of_import(&report, &gazetteer, &PlaceDecisions::default());
        let mut rules = Rules::suggested(&report.columns, SizeBounds { min: 6, max: 9 });
        rules.never_isolate.push(NeverIsolateRule {
            matches: vec![ColumnMatch {
                column: "Do you identify as a woman or non-binary?".to_owned(),
                values: vec!["Yes".to_owned()],
            }],
            k: 2,
            strength: Strength::Hard,
        });
        let job = ComposeJob::from_import(&report, |_| false, |raw| locales.get(raw).cloned(), rules, 1);
        let recompose_job = job.clone();
        // The notes the page recomputes after every rule edit.
        let started = Instant::now();
        let notes = feasibility(&job).len();
        let notes_took = started.elapsed();
        assert!(notes > 0);
        let started = Instant::now();
        let mut composer = Composer::new(job);
        let progress = composer.run();
        let composition = composer.composition();
        let elapsed = started.elapsed();
        let in_person = composition.groups.iter().filter(|g| g.place.is_some()).count();
        let broken = composition.checks.iter().filter(|c| c.hard && !c.ok).count();
        println!(
            "| {label} | {:.0} ms | {:.2} s | {} ({in_person}) | {} | {broken} | {} |",
            notes_took.as_secs_f64() * 1000.0,
            elapsed.as_secs_f64(),
            composition.groups.len(),
            composition.waitlist.len(),
            progress.moves_done
        );
        recompose_rows.push(recompose_around_locks(label, recompose_job, &composition));
    }
    println!("\n| applicants | re-compose with 90 % of the circles locked | circles | waiting | moves |");
    println!("|---:|---:|---:|---:|---:|");
    for row in recompose_rows {
        println!("{row}");
    }
}

/// Locks the first 90 % of a composition's circles and re-composes the rest around them, as the
/// board's *Re-compose* does (the budget follows the people who may move).
#[allow(clippy::disallowed_methods)] // A benchmark measures time; the core never does.
fn recompose_around_locks(label: &str, mut job: ComposeJob, composition: &Composition) -> String {
    let mut board = Board::from_composition(composition);
    let locked = board.circles.len() * 9 / 10;
    for id in board.circles.iter().take(locked).map(|c| c.id).collect::<Vec<_>>() {
        board.apply(BoardEdit::Lock { circle: id, locked: true }).expect("a circle of the board");
    }
    job.keep = board.kept().into_iter().map(|(_, kept)| kept).collect();
    let kept: usize = job.keep.iter().map(|k| k.staying.len()).sum();
    job.max_moves = default_max_moves(job.people.len() - kept);
    let started = Instant::now();
    let mut composer = Composer::new(job);
    let progress = composer.run();
    let result = composer.composition();
    format!(
        "| {label} | {:.3} s | {} | {} | {} |",
        started.elapsed().as_secs_f64(),
        result.groups.len(),
        result.waitlist.len(),
        progress.moves_done
    )
}

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

/// A form export of `n` applicants: cities weighted towards a few large metros, a fifth of the
/// people at ten large employers, one in five answering yes to the identity question, and a
/// random set of times each.
fn synthetic_export(n: usize) -> Vec<u8> {
    let cities = [
        ("San Francisco", 12),
        ("New York", 10),
        ("Seattle", 5),
        ("Austin", 4),
        ("Chicago", 4),
        ("Boston", 4),
        ("Los Angeles", 4),
        ("Toronto", 3),
        ("Denver", 2),
        ("Atlanta", 2),
        ("Mexico City", 2),
        ("São Paulo", 2),
        ("London", 8),
        ("Berlin", 5),
        ("Paris", 3),
        ("Amsterdam", 3),
        ("Lisbon", 2),
        ("Stockholm", 2),
        ("Lagos", 2),
        ("Nairobi", 1),
        ("Bangalore", 4),
        ("Singapore", 2),
        ("Tokyo", 2),
        ("Sydney", 2),
    ];
    let total: usize = cities.iter().map(|c| c.1).sum();
    let roles =
        ["CTO", "VP Engineering", "Staff Engineer", "Engineering Manager", "Tech Lead", "Director of Engineering"];
    let times = ["Weekday mornings", "Weekday lunch", "Weekday evenings", "Weekend mornings"];
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound as u64) as usize
    };
    let mut out = String::from(
        "Full name,Email address,Where are you based?,Current role / title,Company,\
         Do you identify as a woman or non-binary?,Which times work for you?\n",
    );
    for i in 0..n {
        let mut pick = next(total);
        let city = cities
            .iter()
            .find(|c| {
                pick < c.1 || {
                    pick -= c.1;
                    false
                }
            })
            .unwrap()
            .0;
        // One in five works at one of ten large employers; the rest at one of n / 2 others.
        let company = if next(5) == 0 { next(10) } else { 10 + next(n / 2) };
        let available: Vec<&str> = times.iter().copied().filter(|_| next(2) == 0).collect();
        let available = if available.is_empty() { vec![times[next(4)]] } else { available };
        out += &format!(
            "Person {i},p{i}@example.com,{city},{},Company {company},{},\"{}\"\n",
            roles[next(roles.len())],
            if next(5) == 0 { "Yes" } else { "No" },
            available.join(", ")
        );
    }
    out.into_bytes()
}

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

//! Fuzz target: any bytes through the whole organizer's pipeline, import → places → compose →
//! roster, checking that the roster never loses or duplicates a record: read back, it has each
//! record of the import exactly once, whatever the file held.
#![no_main]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use circle_composer::board::Board;
use circle_composer::compose::{ComposeJob, Locale, Rules, compose};
use circle_composer::export::roster_csv;
use circle_composer::import::import;
use circle_composer::places::{GAZETTEER_TEXT, Gazetteer, PlaceDecisions};
use circle_composer::solver::SizeBounds;
use libfuzzer_sys::fuzz_target;

fn gazetteer() -> &'static Gazetteer {
    static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
    GAZETTEER.get_or_init(|| Gazetteer::parse(GAZETTEER_TEXT).expect("the bundled gazetteer reads"))
}

fuzz_target!(|data: &[u8]| {
    let report = import(data);
    if report.records.is_empty() {
        return;
    }
    let locales = Locale::of_import(&report, gazetteer(), &PlaceDecisions::default());
    let rules = Rules::suggested(&report.columns, SizeBounds { min: 3, max: 5 });
    let mut job = ComposeJob::from_import(&report, |_| false, |raw| locales.get(raw).cloned(), rules, 1);
    // A short search: the invariants hold from the first move on, and the fuzzer wants speed.
    job.max_moves = job.max_moves.min(2_000);
    let composition = compose(job);
    let board = Board::from_composition(&composition);
    let roster = roster_csv(&report, &board, &BTreeMap::new(), |_| None);

    // Read back with a plain CSV reader (the roster is this program's own output, so the
    // importer's guesses have nothing to do): one row per record, each record once.
    let mut reader = csv::Reader::from_reader(roster.as_bytes());
    let record_column = reader.headers().expect("a header").iter().position(|h| h == "Record").expect("a Record column");
    let mut seen: Vec<u32> = reader
        .records()
        .map(|row| row.expect("a well-formed row")[record_column].parse().expect("a record number"))
        .collect();
    seen.sort_unstable();
    let expected: Vec<u32> = (1..=report.records.len() as u32).collect();
    assert_eq!(seen, expected, "the roster has every record exactly once");
});

//! Sending benchmark (not a test): the synthetic forms of 1,200 and 10,000 applicants composed,
//! every circle given a first meeting in a named zone, then the time and size of each download
//! (drafts, emails.zip, mail-merge.csv, circles.ics) as the command line writes them. Run with
//! `cargo bench --bench send`.

use std::rc::Rc;
use std::time::Instant;

use circle_composer::board::{BoardEdit, CircleDetails};
use circle_composer::compose::compose;
use circle_composer::places::{GAZETTEER_TEXT, Gazetteer, SharedGazetteer};
use circle_composer::send::BundledZoneRules;
use circle_composer::workflow::{Action, Workflow};

mod synthetic;
use synthetic::synthetic_export;

#[allow(clippy::disallowed_methods)] // A benchmark measures time; the core never does.
fn main() {
    let gazetteer = SharedGazetteer(Rc::new(Gazetteer::parse(GAZETTEER_TEXT).expect("the bundled gazetteer reads")));
    println!("| applicants | drafts | drafts time | emails.zip | mail-merge.csv | circles.ics |");
    println!("|---:|---:|---:|---:|---:|---:|");
    for (label, n) in [("1,200", 1_200), ("10,000", 10_000)] {
        let workflow = Workflow::default()
            .apply(Action::LoadCsv { name: format!("{n}.csv"), bytes: synthetic_export(n) })
            .apply(Action::GazetteerLoaded(gazetteer.clone()));
        let mut job = workflow.compose_job().expect("people to compose");
        job.max_moves = 1; // The circles' quality does not matter here; only their number.
        let mut workflow = workflow
            .apply(Action::ComposeStarted)
            .apply(Action::SolveFinished { composition: compose(job), elapsed_ms: 0.0 });
        let ids: Vec<_> = workflow.board.as_ref().expect("a board").circles.iter().map(|c| c.id).collect();
        let details = CircleDetails {
            starts: "2027-01-12T18:30 America/Los_Angeles".to_owned(),
            minutes: Some(60),
            repeat: "FREQ=WEEKLY;COUNT=6".to_owned(),
            place: "https://video.example/circle".to_owned(),
            host: None,
        };
        let edits = ids.iter().map(|&circle| BoardEdit::SetDetails { circle, details: details.clone() }).collect();
        workflow = workflow.apply(Action::EditBoardAll(edits));
        let zones = BundledZoneRules;
        let timed = |make: &dyn Fn() -> usize| {
            let started = Instant::now();
            let size = make();
            (size, started.elapsed().as_secs_f64() * 1000.0)
        };
        let (drafts, drafts_ms) = timed(&|| workflow.drafts(&zones).unwrap().unwrap().len());
        let (zip, zip_ms) = timed(&|| workflow.emails_zip(&zones, 1_798_761_600).unwrap().unwrap().len());
        let (merge, merge_ms) = timed(&|| workflow.mail_merge_csv(&zones).unwrap().unwrap().len());
        let (ics, ics_ms) = timed(&|| workflow.circles_ics(&zones, 1_798_761_600).unwrap().len());
        let kb = |bytes: usize| bytes as f64 / 1024.0;
        println!(
            "| {label} | {drafts} | {drafts_ms:.0} ms | {:.0} KB in {zip_ms:.0} ms | {:.0} KB in {merge_ms:.0} ms | {:.0} KB in {ics_ms:.0} ms |",
            kb(zip),
            kb(merge),
            kb(ics)
        );
    }
}

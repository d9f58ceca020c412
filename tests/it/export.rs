//! The roster: golden text for a small import, and a round trip through the importer.

use std::collections::BTreeMap;

use circle_composer::board::{Board, BoardCircle, BoardEdit, CircleDetails};
use circle_composer::compose::{ComposeJob, Composition, Rules, compose};
use circle_composer::export::roster_csv;
use circle_composer::import::{ProblemKind, applicants, import};
use circle_composer::sample::SAMPLE_CSV;
use circle_composer::solver::SizeBounds;
use expect_test::expect;

/// The roster of a fresh composition's board, bands as the composition gives them.
fn roster_of(report: &circle_composer::import::ImportReport, composition: &Composition) -> String {
    let band_of = |circle: &BoardCircle| composition.groups.iter().find(|g| g.id == circle.id)?.band.clone();
    roster_csv(report, &Board::from_composition(composition), &BTreeMap::new(), band_of)
}

#[test]
fn roster_golden() {
    let report = import(
        "Name,Email,City,Company,Title,Identity\nAna,ana@example.com,SF,Acme,CTO,Yes\nBo,bo@example.com,NYC,Bolt,VP,No\n\
         Cy,cy@example.com,SF,Cog,Staff,No\n"
            .as_bytes(),
    );
    let composition = compose(ComposeJob::new(applicants(&report), Rules::of_size(SizeBounds { min: 2, max: 2 }), 1));
    expect![[r#"
        Circle,Circle name,Mode,Place,Locked,Record,Name,Email,City,Company,Title,Starts,Minutes,Repeat,Where,Host,Waitlist reason
        1,Circle 1,video,,,1,Ana,ana@example.com,SF,Acme,CTO,,,,,,
        1,Circle 1,video,,,2,Bo,bo@example.com,NYC,Bolt,VP,,,,,,
        Waitlist,,,,,3,Cy,cy@example.com,SF,Cog,Staff,,,,,,"Signed up after the circles that fit them were full (at most 2 each); allow larger circles, or a few more applicants like them would open another."
    "#]]
    .assert_eq(&roster_of(&report, &composition).replace("\r\n", "\n"));
}

#[test]
fn identity_answers_stay_out_of_the_roster() {
    let report = import(SAMPLE_CSV);
    let composition = compose(ComposeJob::new(applicants(&report), Rules::of_size(SizeBounds { min: 6, max: 9 }), 1));
    let roster = roster_of(&report, &composition);
    assert!(!roster.contains("identify"), "{}", roster.lines().next().unwrap());
}

#[test]
fn roster_imports_back_with_every_applicant_once() {
    let report = import(SAMPLE_CSV);
    let composition = compose(ComposeJob::new(applicants(&report), Rules::of_size(SizeBounds { min: 6, max: 9 }), 1));
    let roster = import(roster_of(&report, &composition).as_bytes());
    // The roster keeps answers as written, so the sample's one email with a trailing space is
    // reported again; nothing else is.
    assert!(roster.problems.iter().all(|p| p.kind == ProblemKind::Whitespace), "{:?}", roster.problems);
    assert_eq!(roster.records.len(), 86);
    let email = roster.columns.iter().position(|c| c.header == "Email address").unwrap();
    let mut emails: Vec<String> = roster.records.iter().map(|r| r.fields[email].trim().to_lowercase()).collect();
    let mut original: Vec<String> = applicants(&report).iter().map(|a| a.email.to_lowercase()).collect();
    emails.sort();
    original.sort();
    assert_eq!(emails, original);
    // Multi-line notes are not in the roster, but names with accents and CJK survive byte for byte.
    let name = roster.columns.iter().position(|c| c.header == "Full name").unwrap();
    let mut names: Vec<&str> = roster.records.iter().map(|r| r.fields[name].as_str()).collect();
    let source_names = applicants(&report);
    let mut expected: Vec<&str> = source_names.iter().map(|a| a.name.as_str()).collect();
    names.sort();
    expected.sort();
    assert_eq!(names, expected);
}

#[test]
fn formula_like_cells_are_quoted_for_spreadsheets() {
    let report = import(
        "Name,Email,Company\n\"=HYPERLINK(\"\"http://x\"\")\",ana@example.com,+1 555 0100\nBo,bo@example.com,@SUM(1)\n"
            .as_bytes(),
    );
    let composition = compose(ComposeJob::new(applicants(&report), Rules::of_size(SizeBounds { min: 2, max: 2 }), 1));
    let roster = roster_of(&report, &composition);
    assert!(roster.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{roster}");
    assert!(roster.contains(",'@SUM(1),"), "{roster}");
    // OWASP's rule is by first character alone, so even a phone number is written as text.
    assert!(roster.contains(",'+1 555 0100,"), "{roster}");
}

#[test]
fn a_roster_reads_back_as_the_circles_of_a_previous_round() {
    let report = import(SAMPLE_CSV);
    let composition = compose(ComposeJob::new(applicants(&report), Rules::of_size(SizeBounds { min: 6, max: 9 }), 1));
    let roster = roster_of(&report, &composition);
    let circles = circle_composer::export::circles_of_roster(roster.as_bytes()).unwrap();
    assert_eq!(circles.len(), composition.groups.len());
    let people = applicants(&report);
    for (circle, group) in circles.iter().zip(&composition.groups) {
        let emails: Vec<&str> = group.members.iter().map(|r| people[r.0 as usize - 1].email.as_str()).collect();
        assert_eq!(circle, &emails);
    }
    let error = circle_composer::export::circles_of_roster(b"Name,Email\nAna,a@example.com\n").unwrap_err();
    assert_eq!(error, "a previous roster needs a Circle column and an email column");
}

#[test]
fn the_roster_says_what_is_locked_and_how_circles_meet() {
    let report = import(
        "Name,Email,Company\nAna,ana@example.com,Acme\nBo,bo@example.com,Bolt\nCy,cy@example.com,Cog\nDi,di@example.com,Dyn\n"
            .as_bytes(),
    );
    let composition = compose(ComposeJob::new(applicants(&report), Rules::of_size(SizeBounds { min: 2, max: 2 }), 1));
    let mut board = Board::from_composition(&composition);
    let (first, second) = (board.circles[0].id, board.circles[1].id);
    let host = board.circles[0].members[0];
    board.apply(BoardEdit::Lock { circle: first, locked: true }).unwrap();
    board.apply(BoardEdit::Rename { circle: first, name: "=Lunch club".into() }).unwrap();
    let details = CircleDetails {
        starts: "2027-01-12T18:30:00-08:00".into(),
        minutes: Some(90),
        repeat: "FREQ=WEEKLY;COUNT=6".into(),
        place: "https://meet.example.org/lunch".into(),
        host: Some(host),
    };
    board.apply(BoardEdit::SetDetails { circle: first, details }).unwrap();
    board.apply(BoardEdit::Pin { record: board.circles[1].members[0], pinned: true }).unwrap();
    let roster = roster_csv(&report, &board, &BTreeMap::new(), |_| None).replace("\r\n", "\n");
    let lines: Vec<&str> = roster.lines().collect();
    assert_eq!(
        lines[0],
        "Circle,Circle name,Mode,Place,Locked,Record,Name,Email,Company,Starts,Minutes,Repeat,Where,Host,Waitlist reason"
    );
    // A name a spreadsheet would run as a formula is quoted; both members of the locked circle
    // and the one pinned person say yes.
    assert!(lines[1].starts_with(&format!("{first},'=Lunch club,video,,yes,")), "{roster}");
    assert!(lines[1].ends_with(&format!(
        ",2027-01-12T18:30:00-08:00,90,FREQ=WEEKLY;COUNT=6,https://meet.example.org/lunch,{host},"
    )));
    assert!(lines[2].contains(",yes,"));
    assert!(lines[3].starts_with(&format!("{second},Circle {second},video,,yes,")), "{roster}");
    assert!(lines[4].starts_with(&format!("{second},Circle {second},video,,,")), "{roster}");
}

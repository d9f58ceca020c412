//! The roster: golden text for a small import, and a round trip through the importer.

use std::collections::BTreeMap;

use circle_composer::compose::{ComposeJob, Rules, compose};
use circle_composer::export::roster_csv;
use circle_composer::import::{ProblemKind, applicants, import};
use circle_composer::sample::SAMPLE_CSV;
use circle_composer::solver::SizeBounds;
use expect_test::expect;

#[test]
fn roster_golden() {
    let report = import(
        "Name,Email,City,Company,Title,Identity\nAna,ana@example.com,SF,Acme,CTO,Yes\nBo,bo@example.com,NYC,Bolt,VP,No\n\
         Cy,cy@example.com,SF,Cog,Staff,No\n"
            .as_bytes(),
    );
    let composition = compose(ComposeJob::new(applicants(&report), Rules::of_size(SizeBounds { min: 2, max: 2 }), 1));
    expect![[r#"
        Circle,Mode,Place,Record,Name,Email,City,Company,Title,Waitlist reason
        1,video,,1,Ana,ana@example.com,SF,Acme,CTO,
        1,video,,2,Bo,bo@example.com,NYC,Bolt,VP,
        Waitlist,,,3,Cy,cy@example.com,SF,Cog,Staff,"Signed up after the circles that fit them were full (at most 2 each); allow larger circles, or a few more applicants like them would open another."
    "#]]
    .assert_eq(&roster_csv(&report, &composition, &BTreeMap::new()).replace("\r\n", "\n"));
}

#[test]
fn identity_answers_stay_out_of_the_roster() {
    let report = import(SAMPLE_CSV);
    let composition = compose(ComposeJob::new(applicants(&report), Rules::of_size(SizeBounds { min: 6, max: 9 }), 1));
    let roster = roster_csv(&report, &composition, &BTreeMap::new());
    assert!(!roster.contains("identify"), "{}", roster.lines().next().unwrap());
}

#[test]
fn roster_imports_back_with_every_applicant_once() {
    let report = import(SAMPLE_CSV);
    let composition = compose(ComposeJob::new(applicants(&report), Rules::of_size(SizeBounds { min: 6, max: 9 }), 1));
    let roster = import(roster_csv(&report, &composition, &BTreeMap::new()).as_bytes());
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
    let roster = roster_csv(&report, &composition, &BTreeMap::new());
    assert!(roster.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{roster}");
    assert!(roster.contains(",'@SUM(1),"), "{roster}");
    assert!(roster.contains(",+1 555 0100,"), "a phone number is left alone: {roster}");
}

#[test]
fn a_roster_reads_back_as_the_circles_of_a_previous_round() {
    let report = import(SAMPLE_CSV);
    let composition = compose(ComposeJob::new(applicants(&report), Rules::of_size(SizeBounds { min: 6, max: 9 }), 1));
    let roster = roster_csv(&report, &composition, &BTreeMap::new());
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

//! Composing the organizer's problem: everyone accounted for, rules checked, waitlist reasons.

use circle_composer::compose::{ComposeJob, Composition, Rules, compose};
use circle_composer::import::{applicants, import};
use circle_composer::model::{Applicant, RecordId};
use circle_composer::sample::SAMPLE_CSV;
use circle_composer::solver::SizeBounds;
use expect_test::expect_file;
use proptest::prelude::*;

fn sample_job(min: u32, max: u32, seed: u64) -> ComposeJob {
    ComposeJob::new(applicants(&import(SAMPLE_CSV)), Rules { size: SizeBounds { min, max } }, seed)
}

fn accounted(composition: &Composition) -> Vec<RecordId> {
    let mut records: Vec<RecordId> = composition.groups.iter().flat_map(|g| g.members.iter().copied()).collect();
    records.extend(composition.waitlist.iter().map(|w| w.record));
    records.sort();
    records
}

#[test]
fn sample_everyone_placed_within_the_size_range_with_companies_apart() {
    let composition = compose(sample_job(6, 9, 1));
    assert_eq!(accounted(&composition), (1..=86).map(RecordId).collect::<Vec<_>>());
    assert!(composition.waitlist.is_empty());
    for circle in &composition.groups {
        assert!((6..=9).contains(&circle.members.len()), "circle {} has {}", circle.id, circle.members.len());
    }
    let failed: Vec<_> = composition.checks.iter().filter(|c| !c.ok).collect();
    assert!(failed.is_empty(), "{failed:#?}");
    // Every circle is checked for every rule.
    assert_eq!(composition.checks.len(), composition.groups.len() * 3);
}

#[test]
fn same_seed_same_circles() {
    assert_eq!(compose(sample_job(6, 9, 7)), compose(sample_job(6, 9, 7)));
    // The browser test `tests/web.rs` compares its own run with this same file, so the golden
    // also proves that native and wasm32 builds compose identical circles.
    expect_file!["../data/expected/sample-size6-9-seed1.txt"].assert_eq(&compose(sample_job(6, 9, 1)).to_string());
}

fn person(record: u32, company: &str, role: &str) -> Applicant {
    Applicant {
        record: RecordId(record),
        name: format!("Person {record}"),
        email: format!("p{record}@example.com"),
        location: String::new(),
        company: company.to_owned(),
        role: role.to_owned(),
    }
}

#[test]
fn latest_sign_ups_wait_with_a_reason_when_circles_cannot_take_them() {
    let people: Vec<Applicant> = (1..=11).map(|r| person(r, &format!("Company {r}"), "CTO")).collect();
    let composition = compose(ComposeJob::new(people, Rules { size: SizeBounds { min: 6, max: 9 } }, 1));
    assert_eq!(composition.groups.len(), 1);
    let waiting: Vec<u32> = composition.waitlist.iter().map(|w| w.record.0).collect();
    assert_eq!(waiting, [10, 11]);
    assert_eq!(
        composition.waitlist[0].reason,
        "Signed up after the only circle of 9 was full; 4 more would open another circle of at least 6."
    );
}

#[test]
fn colleagues_are_kept_apart_when_possible() {
    // Four companies with three people each, in circles of four: each circle can have one of each.
    let people: Vec<Applicant> = (1..=12)
        .map(|r| person(r, ["Acme Inc.", "acme", "Bolt", "Cog", "Dyn"][((r - 1) % 4 + 1) as usize], "Staff Engineer"))
        .collect();
    let composition = compose(ComposeJob::new(people, Rules { size: SizeBounds { min: 4, max: 4 } }, 3));
    assert!(
        composition.checks.iter().filter(|c| c.rule == "distinct company").all(|c| c.ok),
        "{:#?}",
        composition.checks
    );
}

#[test]
fn shared_companies_are_named_in_the_check() {
    let people: Vec<Applicant> =
        (1..=4).map(|r| person(r, if r <= 2 { "Tidewater, Inc." } else { "tidewater" }, "CTO")).collect();
    let composition = compose(ComposeJob::new(people, Rules { size: SizeBounds { min: 4, max: 4 } }, 1));
    let check = composition.checks.iter().find(|c| c.rule == "distinct company").unwrap();
    assert!(!check.ok);
    assert_eq!(check.detail, "4 from Tidewater, Inc. / tidewater");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Whatever the count and range, every applicant is in exactly one circle or on the waitlist,
    /// and every circle respects the range.
    #[test]
    fn every_applicant_accounted_for_exactly_once(n in 0u32..60, min in 2u32..8, spread in 0u32..5, seed in any::<u64>()) {
        let max = min + spread;
        let people: Vec<Applicant> = (1..=n).map(|r| person(r, &format!("Co {}", r % 7), ["CTO", "VP", "Staff"][r as usize % 3])).collect();
        let mut job = ComposeJob::new(people, Rules { size: SizeBounds { min, max } }, seed);
        job.max_moves = 2_000;
        let composition = compose(job);
        prop_assert_eq!(accounted(&composition), (1..=n).map(RecordId).collect::<Vec<_>>());
        for circle in &composition.groups {
            prop_assert!((min as usize..=max as usize).contains(&circle.members.len()));
        }
        for waiting in &composition.waitlist {
            prop_assert!(!waiting.reason.is_empty());
        }
    }
}

#[test]
fn ten_thousand_applicants_compose_without_a_distance_matrix() {
    let people: Vec<Applicant> = (1..=10_000)
        .map(|r| {
            person(
                r,
                &format!("Company {}", r % 997),
                ["CTO", "VP Eng", "Staff Engineer", "Engineering Manager"][r as usize % 4],
            )
        })
        .collect();
    // A short run: this checks that every applicant is placed and memory stays small; the
    // benchmark measures quality and time in release builds.
    let mut job = ComposeJob::new(people, Rules { size: SizeBounds { min: 6, max: 9 } }, 1);
    job.max_moves = 100_000;
    let composition = compose(job);
    assert_eq!(accounted(&composition), (1..=10_000).map(RecordId).collect::<Vec<_>>());
    assert!(composition.groups.iter().all(|g| (6..=9).contains(&g.members.len())));
}

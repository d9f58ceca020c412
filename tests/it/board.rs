//! The board as the organizer edits it, through `Workflow` actions: moves, swaps, locks, pins and
//! re-composing the rest, with undo; and `compose --keep` on the command line.

use std::path::PathBuf;

use circle_composer::board::{BoardEdit, Seat};
use circle_composer::compose::compose;
use circle_composer::model::{GroupId, RecordId};
use circle_composer::workflow::{Action, Workflow};
use proptest::prelude::*;

use crate::cli::run;
use crate::workflow::composed_within;

/// 20 applicants of 7 companies, composed into circles of 3 to 5.
fn composed() -> Workflow {
    let mut csv = String::from("Name,Email,Company,Title\n");
    for i in 1..=20 {
        csv += &format!("Person {i},p{i}@example.org,Company {},{}\n", i % 7, ["CTO", "VP", "Staff Engineer"][i % 3]);
    }
    let workflow = Workflow::default()
        .apply(Action::LoadCsv { name: "twenty.csv".into(), bytes: csv.into_bytes() })
        .apply(Action::SetMinSize(3))
        .apply(Action::SetMaxSize(5));
    composed_within(workflow, 4_000)
}

/// Re-composes the rest, as the page does with the worker.
fn recompose(workflow: Workflow) -> Workflow {
    let Some(mut job) = workflow.recompose_job() else { return workflow };
    job.max_moves = 4_000;
    let composition = compose(job);
    workflow.apply(Action::RecomposeStarted).apply(Action::SolveFinished { composition, elapsed_ms: 1.0 })
}

fn everyone_once(workflow: &Workflow) -> Result<(), TestCaseError> {
    let board = workflow.board.as_ref().unwrap();
    prop_assert_eq!(board.records(), (1..=20).map(RecordId).collect::<Vec<_>>());
    Ok(())
}

#[derive(Clone, Debug)]
enum Step {
    Move(u32, Option<u32>),
    Swap(u32, u32),
    Lock(u32, bool),
    Pin(u32, bool),
    Recompose,
    AddCircle,
    RemoveCircle(u32),
}

fn steps() -> impl Strategy<Value = Vec<Step>> {
    let step = prop_oneof![
        4 => (1u32..=20, prop::option::of(1u32..=8)).prop_map(|(r, c)| Step::Move(r, c)),
        3 => (1u32..=20, 1u32..=20).prop_map(|(a, b)| Step::Swap(a, b)),
        2 => (1u32..=8, any::<bool>()).prop_map(|(c, l)| Step::Lock(c, l)),
        2 => (1u32..=20, any::<bool>()).prop_map(|(r, p)| Step::Pin(r, p)),
        1 => Just(Step::Recompose),
        1 => Just(Step::AddCircle),
        1 => (1u32..=8).prop_map(Step::RemoveCircle),
    ];
    prop::collection::vec(step, 1..12)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// Whatever the organizer does, everyone is in one circle or on the waitlist; locked circles
    /// come out of a re-compose as they went in; and undoing everything gives back the first board.
    #[test]
    fn any_sequence_of_edits_keeps_everyone_once_and_undoes_exactly(steps in steps()) {
        let first = composed();
        let mut workflow = first.clone();
        let mut changes = 0;
        for step in steps {
            let before = workflow.board.clone();
            workflow = match step {
                Step::Move(record, to) => {
                    let to = to.map_or(Seat::Waitlist, |c| Seat::Circle(GroupId(c)));
                    workflow.apply(Action::EditBoard(BoardEdit::Move { record: RecordId(record), to }))
                }
                Step::Swap(a, b) => workflow.apply(Action::EditBoard(BoardEdit::Swap { a: RecordId(a), b: RecordId(b) })),
                Step::Lock(circle, locked) => {
                    workflow.apply(Action::EditBoard(BoardEdit::Lock { circle: GroupId(circle), locked }))
                }
                Step::Pin(record, pinned) => {
                    workflow.apply(Action::EditBoard(BoardEdit::Pin { record: RecordId(record), pinned }))
                }
                Step::AddCircle => workflow.apply(Action::EditBoard(BoardEdit::AddCircle {
                    mode: circle_composer::compose::Mode::Video,
                    place: None,
                })),
                Step::RemoveCircle(circle) => workflow.apply(Action::EditBoard(BoardEdit::RemoveCircle(GroupId(circle)))),
                Step::Recompose => {
                    let locked: Vec<_> =
                        before.as_ref().unwrap().circles.iter().filter(|c| c.locked).cloned().collect();
                    let pinned: Vec<(RecordId, GroupId)> = before.as_ref().unwrap().pinned.iter()
                        .filter_map(|&r| match before.as_ref().unwrap().seat_of(r) { Some(Seat::Circle(c)) => Some((r, c)), _ => None })
                        .collect();
                    let after = recompose(workflow);
                    let board = after.board.as_ref().unwrap();
                    for circle in locked {
                        prop_assert_eq!(board.circle(circle.id), Some(&circle), "a locked circle is kept as it was");
                    }
                    for (record, circle) in pinned {
                        prop_assert_eq!(board.seat_of(record), Some(Seat::Circle(circle)), "a pinned person stays");
                    }
                    after
                }
            };
            everyone_once(&workflow)?;
            if workflow.board != before {
                changes += 1;
            }
        }
        for _ in 0..changes {
            workflow = workflow.apply(Action::UndoBoard);
        }
        prop_assert_eq!(&workflow.board, &first.board);
    }
}

#[test]
fn rules_changed_after_editing_keep_the_board() {
    let workflow = composed();
    let first = workflow.board.clone().unwrap();
    let record = first.circles[0].members[0];
    let moved = workflow
        .apply(Action::EditBoard(BoardEdit::Move { record, to: Seat::Waitlist }))
        .apply(Action::EditRules(circle_composer::compose::RuleEdit::InPerson(false)));
    assert_eq!(moved.board.as_ref().unwrap().seat_of(record), Some(Seat::Waitlist), "the edit survives a rule change");
    let undone = moved.apply(Action::UndoBoard);
    assert_eq!(undone.board.as_ref(), Some(&first));
    // A refused edit leaves the board and says why.
    let locked = undone
        .apply(Action::EditBoard(BoardEdit::Lock { circle: first.circles[0].id, locked: true }))
        .apply(Action::EditBoard(BoardEdit::Move { record, to: Seat::Waitlist }));
    assert_eq!(locked.notice.as_deref(), Some("Circle 1 is locked: unlock it to change who is in it."));
}

#[test]
fn compose_keep_composes_everyone_else_around_the_locked_circles() {
    let dir = std::env::temp_dir().join(format!("cc-keep-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let sample = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/sample-applicants.csv");
    let sample = sample.to_str().unwrap();
    let (ok, _, stderr) = run(&["compose", sample, "--out", dir.to_str().unwrap(), "--seed", "1"]);
    assert!(ok, "{stderr}");
    // Lock circle 2 by hand in the roster, as an organizer would in a spreadsheet.
    let roster = std::fs::read_to_string(dir.join("roster.csv")).unwrap();
    let mut locked_members = Vec::new();
    let edited: Vec<String> = roster
        .lines()
        .map(|line| {
            let fields: Vec<&str> = line.splitn(7, ',').collect();
            if fields[0] == "2" {
                locked_members.push(fields[5].parse::<u64>().unwrap());
                let mut fields: Vec<String> = fields.iter().map(|f| (*f).to_owned()).collect();
                fields[4] = "yes".into();
                fields.join(",")
            } else {
                line.to_owned()
            }
        })
        .collect();
    let keep = dir.join("keep.csv");
    std::fs::write(&keep, edited.join("\n")).unwrap();
    let (ok, stdout, stderr) = run(&["compose", sample, "--keep", keep.to_str().unwrap(), "--seed", "5", "--json"]);
    assert!(ok, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let first = &json["groups"][0];
    let members: Vec<u64> = first["members"].as_array().unwrap().iter().map(|m| m.as_u64().unwrap()).collect();
    assert_eq!(members, locked_members, "the locked circle comes first, exactly as it was");
    let mut everyone: Vec<u64> = json["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["members"].as_array().unwrap().iter().map(|m| m.as_u64().unwrap()))
        .chain(json["waitlist"].as_array().unwrap().iter().map(|w| w["record"].as_u64().unwrap()))
        .collect();
    everyone.sort_unstable();
    assert_eq!(everyone, (1..=86).collect::<Vec<u64>>());
    // A roster naming someone the file does not have is refused, with the line.
    std::fs::write(&keep, "Circle,Locked,Email\n1,yes,nobody@example.org\n").unwrap();
    let (ok, _, stderr) = run(&["compose", sample, "--keep", keep.to_str().unwrap()]);
    assert!(!ok && stderr.contains("Line 2: nobody@example.org is not in the applicants' file."), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The sample composed, its board's circles as the judge sees them, and its rule book.
fn sample_board() -> (Vec<circle_composer::compose::Circle>, circle_composer::compose::RuleBook) {
    let job = crate::compose::sample_job(6, 9, 1);
    let composition = compose(job.clone());
    let board = circle_composer::board::Board::from_composition(&composition);
    (board.circles.iter().map(|c| c.as_circle()).collect(), circle_composer::compose::RuleBook::new(&job))
}

/// The circles after `change` of `record`.
fn changed(
    circles: &[circle_composer::compose::Circle],
    record: RecordId,
    change: &circle_composer::compose::Change,
) -> Vec<circle_composer::compose::Circle> {
    use circle_composer::compose::Change;
    let seat = |r: RecordId| circles.iter().position(|c| c.members.contains(&r));
    let mut after = circles.to_vec();
    let from = seat(record);
    let (to, other) = match change {
        Change::MoveTo(id) => (circles.iter().position(|c| c.id == *id), None),
        Change::SwapWith(other) => (seat(*other), Some(*other)),
    };
    for circle in &mut after {
        circle.members.retain(|&m| m != record && Some(m) != other);
    }
    if let Some(to) = to {
        after[to].members.push(record);
    }
    if let (Some(from), Some(other)) = (from, other) {
        after[from].members.push(other);
    }
    for circle in &mut after {
        circle.members.sort_unstable();
    }
    after
}

#[test]
fn suggestions_keep_every_hard_rule_and_their_score_is_the_true_change() {
    use circle_composer::compose::{Advisor, effects};
    let (circles, book) = sample_board();
    let advisor = Advisor::new(&book, &circles);
    let mut checked = 0;
    for record in [circles[0].members[0], circles[3].members[2], circles[7].members[1]] {
        let suggestions = advisor.suggestions(record, 3);
        assert_eq!(suggestions.len(), 3, "{record}");
        assert!(suggestions.windows(2).all(|w| w[0].score_change >= w[1].score_change), "best first");
        for suggestion in suggestions {
            let after = changed(&circles, record, &suggestion.change);
            let touched: Vec<usize> = (0..circles.len()).filter(|&i| circles[i] != after[i]).collect();
            let before: Vec<_> = touched.iter().map(|&i| circles[i].clone()).collect();
            let now: Vec<_> = touched.iter().map(|&i| after[i].clone()).collect();
            assert!(!effects(&book, &before, &now).iter().any(|e| e.hard && e.breaks), "{suggestion:?}");
            // The incremental score change is what a fresh scoring of the changed circles says.
            let rescored = Advisor::new(&book, &after).score() - advisor.score();
            assert!((rescored - suggestion.score_change).abs() < 1e-6, "{rescored} vs {suggestion:?}");
            checked += 1;
        }
    }
    assert_eq!(checked, 9);
}

#[test]
fn a_move_says_which_rules_it_breaks_and_mends() {
    use circle_composer::compose::{Change, RuleId, effects};
    let (circles, book) = sample_board();
    // Someone joining a circle where a colleague already is breaks the company rule there.
    let job = crate::compose::sample_job(6, 9, 1);
    let company = |r: RecordId| job.people[r.0 as usize - 1].applicant.company.to_lowercase();
    let (record, target) = circles
        .iter()
        .flat_map(|c| c.members.iter().map(move |&m| (m, c.id)))
        .find_map(|(m, home)| {
            circles
                .iter()
                .find(|c| c.id != home && c.members.iter().any(|&o| company(o) == company(m) && !company(m).is_empty()))
                .map(|c| (m, c.id))
        })
        .expect("the sample has colleagues in different circles");
    let after = changed(&circles, record, &Change::MoveTo(target));
    let touched: Vec<usize> = (0..circles.len()).filter(|&i| circles[i] != after[i]).collect();
    let found = effects(
        &book,
        &touched.iter().map(|&i| circles[i].clone()).collect::<Vec<_>>(),
        &touched.iter().map(|&i| after[i].clone()).collect::<Vec<_>>(),
    );
    let broken = found.iter().find(|e| e.circle == target && e.rule == RuleId::Distinct("Company".into()));
    assert!(broken.is_some_and(|e| e.hard && e.breaks && e.detail.starts_with("2 from")), "{found:?}");
}

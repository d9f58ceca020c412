//! The session as a sequence of actions, with no browser: what the page would show after each.

use circle_composer::compose::compose;
use circle_composer::sample::{SAMPLE_CSV, SAMPLE_NAME};
use circle_composer::solver::Progress;
use circle_composer::workflow::{Action, SolveState, Workflow};

fn load_sample() -> Workflow {
    Workflow::default().apply(Action::LoadCsv { name: SAMPLE_NAME.to_owned(), bytes: SAMPLE_CSV.to_vec() })
}

#[test]
fn load_compose_finish_and_download() {
    let workflow = load_sample();
    assert_eq!(workflow.source.as_ref().unwrap().import.records.len(), 86);
    let job = workflow.compose_job().expect("the sample has applicants");
    let workflow = workflow.apply(Action::ComposeStarted);
    assert!(workflow.is_composing());
    let progress = Progress { moves_done: 10, max_moves: 100, best_score: 1.0, finished: false };
    let workflow = workflow.apply(Action::SolveProgressed { progress, elapsed_ms: 5.0 });
    assert_eq!(workflow.solve, SolveState::Running { progress: Some(progress), elapsed_ms: 5.0 });
    let workflow = workflow.apply(Action::SolveFinished { composition: compose(job), elapsed_ms: 9.0 });
    assert!(!workflow.is_composing());
    let roster = workflow.roster_csv().expect("a roster once circles exist");
    assert_eq!(roster.lines().count(), 87);
}

#[test]
fn a_late_progress_report_does_not_restart_a_finished_run() {
    let workflow = load_sample().apply(Action::ComposeStarted);
    let job = workflow.compose_job().unwrap();
    let workflow = workflow.apply(Action::SolveFinished { composition: compose(job), elapsed_ms: 1.0 });
    let progress = Progress { moves_done: 1, max_moves: 2, best_score: 0.0, finished: false };
    let workflow = workflow.apply(Action::SolveProgressed { progress, elapsed_ms: 2.0 });
    assert!(matches!(workflow.solve, SolveState::Done { .. }));
}

#[test]
fn sizes_stay_ordered_and_in_range() {
    let workflow = Workflow::default().apply(Action::SetMinSize(12));
    assert_eq!((workflow.size.min, workflow.size.max), (12, 12));
    let workflow = workflow.apply(Action::SetMaxSize(3));
    assert_eq!((workflow.size.min, workflow.size.max), (3, 3));
    let workflow = workflow.apply(Action::SetMinSize(0)).apply(Action::SetMaxSize(1000));
    assert_eq!((workflow.size.min, workflow.size.max), (2, 40));
}

#[test]
fn loading_new_data_clears_the_old_result_and_forget_all_clears_everything() {
    let workflow = load_sample().apply(Action::ComposeStarted);
    let job = workflow.compose_job().unwrap();
    let workflow = workflow.apply(Action::SolveFinished { composition: compose(job), elapsed_ms: 1.0 });
    let reloaded = workflow.clone().apply(Action::LoadCsv { name: "x.csv".into(), bytes: b"Name\nAna\n".to_vec() });
    assert_eq!(reloaded.solve, SolveState::Idle);
    let forgotten = workflow.apply(Action::SetMinSize(4)).apply(Action::ForgetAll);
    assert!(forgotten.source.is_none());
    assert_eq!(forgotten.solve, SolveState::Idle);
    assert_eq!(forgotten.size.min, 4, "rules are not personal data and survive forgetting");
}

#[test]
fn nothing_to_compose_without_records() {
    let workflow = Workflow::default().apply(Action::LoadCsv { name: "h.csv".into(), bytes: b"Name,Email\n".to_vec() });
    assert!(workflow.compose_job().is_none());
    assert!(!workflow.apply(Action::ComposeStarted).is_composing());
}

//! Project files: a session saved with a passphrase opens again the same, a wrong passphrase and
//! a damaged or newer file are each told apart, and a file written by format 1 keeps opening.

use circle_composer::board::BoardEdit;
use circle_composer::model::ColumnRole;
use circle_composer::project::{Project, ProjectError, open, open_json, seal_json, seal_with};
use circle_composer::workflow::{Action, Workflow};

use crate::workflow::composed_within;

/// Iterations for tests: the format keeps the count, so fewer keep the tests fast.
const FAST: u32 = 1_000;

/// A session with something of every kind: a Shift_JIS file, a changed role, a merged duplicate,
/// edited sizes and seed, composed circles with a lock and a name, and sending settings.
fn session() -> Workflow {
    let mut csv = String::from("名前,Email,Company,Title\n");
    for i in 1..=20 {
        csv += &format!("人 {i},p{i}@example.org,Company {},{}\n", i % 7, ["CTO", "VP", "Staff Engineer"][i % 3]);
    }
    csv += "人 1 again,P1@example.org,Company 1,CTO\n";
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&csv);
    let workflow = Workflow::default()
        .apply(Action::LoadCsv { name: "twenty.csv".into(), bytes: bytes.into_owned() })
        .apply(Action::SetColumnRole { column: 3, role: ColumnRole::Role })
        .apply(Action::MergeDuplicates { keep: circle_composer::model::RecordId(1), merge: true })
        .apply(Action::SetMinSize(3))
        .apply(Action::SetMaxSize(5))
        .apply(Action::SetSeed(7));
    let workflow = composed_within(workflow, 4_000);
    let first = workflow.board.as_ref().unwrap().circles[0].id;
    workflow
        .apply(Action::EditBoard(BoardEdit::Lock { circle: first, locked: true }))
        .apply(Action::EditBoard(BoardEdit::Rename { circle: first, name: "Tuesday readers".into() }))
}

#[test]
fn a_project_opens_again_as_it_was_saved() {
    let saved = session();
    let project = saved.project().unwrap();
    let bytes = seal_with(&project, "correct horse battery staple", [7; 16], [9; 12], FAST);
    assert!(bytes.starts_with(b"circle-composer project 1\n"));
    assert!(!bytes.windows(7).any(|w| w == b"example"), "nothing readable inside");
    let opened = open(&bytes, "correct horse battery staple").unwrap();
    assert_eq!(opened, project);
    // The page splits the same steps between itself (JSON) and its worker (the key derivation).
    assert_eq!(seal_json(&project.to_json(), "correct horse battery staple", [7; 16], [9; 12], FAST), bytes);
    let json = open_json(&bytes, "correct horse battery staple").unwrap();
    assert_eq!(Project::from_json(&json).unwrap(), project);
    let resumed = Workflow::default().apply(Action::OpenProject(Box::new(opened)));
    assert_eq!(resumed.project().unwrap(), project, "the same session, field for field");
    assert_eq!(resumed.board, saved.board, "the same circles, locks and names");
    assert_eq!(resumed.source.as_ref().unwrap().import, saved.source.as_ref().unwrap().import);
    assert_eq!(resumed.source.as_ref().unwrap().merged, saved.source.as_ref().unwrap().merged);
}

#[test]
fn a_wrong_passphrase_a_damaged_file_and_a_newer_one_are_each_named() {
    let project = session().project().unwrap();
    let bytes = seal_with(&project, "right", [1; 16], [2; 12], FAST);
    assert_eq!(open(&bytes, "wrong"), Err(ProjectError::WrongPassphrase));
    let mut damaged = bytes.clone();
    let last = damaged.len() - 1;
    damaged[last] ^= 1;
    assert_eq!(open(&damaged, "right"), Err(ProjectError::Damaged));
    assert_eq!(open(&bytes[..bytes.len() / 2], "right"), Err(ProjectError::Damaged));
    assert_eq!(open(b"Name,Email\n", "right"), Err(ProjectError::NotAProject));
    let mut newer = b"circle-composer project 2\n".to_vec();
    newer.extend_from_slice(&bytes[26..]);
    assert_eq!(open(&newer, "right"), Err(ProjectError::Newer(2)));
    let mut later = project.clone();
    later.format = 9;
    assert_eq!(open(&seal_with(&later, "right", [1; 16], [2; 12], FAST), "right"), Err(ProjectError::Newer(9)));
    for error in
        [ProjectError::WrongPassphrase, ProjectError::Damaged, ProjectError::Newer(9), ProjectError::NotAProject]
    {
        assert!(error.to_string().ends_with('.'), "one sentence: {error}");
    }
}

/// A project file written by format 1 (committed; regenerate only when the format's version
/// changes, and keep the old file): every later version must still open it.
#[test]
fn a_format_1_file_keeps_opening() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/project/format-1.ccproj");
    if std::env::var_os("WRITE_PROJECT_FIXTURE").is_some() {
        let bytes = seal_with(&session().project().unwrap(), "format one", [3; 16], [4; 12], FAST);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
    }
    let project = open(&std::fs::read(&path).unwrap(), "format one").expect("format 1 opens");
    let resumed = Workflow::default().apply(Action::OpenProject(Box::new(project)));
    assert_eq!(resumed.source.as_ref().unwrap().import.records.len(), 21);
    let board = resumed.board.as_ref().unwrap();
    assert_eq!(board.circles[0].name, "Tuesday readers");
    assert!(board.circles[0].locked);
}

#[test]
fn what_a_project_file_holds_is_checked_not_trusted() {
    use circle_composer::model::RecordId;
    let mut project = session().project().unwrap();
    project.size.min = 9;
    project.size.max = 3;
    project.merged.push((RecordId(999), RecordId(1)));
    let resumed = Workflow::default().apply(Action::OpenProject(Box::new(project.clone())));
    assert_eq!((resumed.size.min, resumed.size.max), (3, 9), "bounds put in order");
    assert!(
        !resumed.source.as_ref().unwrap().merged.contains_key(&RecordId(999)),
        "no merge of a record that is not there"
    );
    assert!(resumed.board.is_some());
    let _ = resumed.compose_job(); // and composing from it does not panic
    // A file that reads as another number of records (another version's importer) gets no circles.
    project.records += 1;
    let resumed = Workflow::default().apply(Action::OpenProject(Box::new(project)));
    assert!(resumed.board.is_none());
    assert!(resumed.source.as_ref().unwrap().merged.is_empty());
    assert!(resumed.notice.as_deref().unwrap_or_default().contains("were not restored"));
}

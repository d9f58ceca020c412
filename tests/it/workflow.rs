//! The session as a sequence of actions, with no browser: what the page would show after each.

use circle_composer::compose::compose;
use circle_composer::import::ProblemKind;
use circle_composer::model::{ColumnRole, RecordId};
use circle_composer::places::{
    CustomPlace, GAZETTEER_TEXT, Gazetteer, PlaceChoice, PlaceDecisions, PlaceRow, PlaceStatus, SharedGazetteer,
};
use circle_composer::sample::{SAMPLE_CSV, SAMPLE_NAME};
use circle_composer::settings::Settings;
use circle_composer::solver::Progress;
use circle_composer::workflow::{Action, SolveState, Workflow};

/// Composes the workflow's job within `max_moves` and finishes the run with it, as the page does
/// through its worker: a quick board for tests of what comes after composing.
pub(crate) fn composed_within(workflow: Workflow, max_moves: u64) -> Workflow {
    let mut job = workflow.compose_job().expect("someone to compose");
    job.max_moves = max_moves;
    workflow.apply(Action::ComposeStarted).apply(Action::SolveFinished { composition: compose(job), elapsed_ms: 1.0 })
}

fn load_sample() -> Workflow {
    Workflow::default().apply(Action::LoadCsv { name: SAMPLE_NAME.to_owned(), bytes: SAMPLE_CSV.to_vec() })
}

#[test]
fn load_compose_finish_and_download() {
    let workflow = load_sample();
    assert_eq!(workflow.source.as_ref().unwrap().import.records.len(), 86);
    // The sample has a location column: until the place list is read, the page waits to compose.
    assert!(workflow.waiting_for_places());
    let places = Gazetteer::parse(GAZETTEER_TEXT).unwrap();
    assert!(
        !workflow
            .clone()
            .apply(Action::GazetteerLoaded(SharedGazetteer(std::rc::Rc::new(places))))
            .waiting_for_places()
    );
    let job = workflow.compose_job().expect("the sample has applicants");
    let workflow = workflow.apply(Action::ComposeStarted);
    assert!(workflow.is_composing());
    let progress = Progress { moves_done: 10, max_moves: 100, best_score: 1.0, finished: false, searches: 1 };
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
    let progress = Progress { moves_done: 1, max_moves: 2, best_score: 0.0, finished: false, searches: 1 };
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

#[test]
fn a_problem_outside_composing_keeps_the_circles() {
    let workflow = load_sample().apply(Action::ComposeStarted);
    let job = workflow.compose_job().unwrap();
    let workflow = workflow
        .apply(Action::SolveFinished { composition: compose(job), elapsed_ms: 1.0 })
        .apply(Action::ReportProblem("The browser refused the download; try again.".into()));
    assert!(workflow.composition().is_some());
    assert_eq!(workflow.notice.as_deref(), Some("The browser refused the download; try again."));
    assert_eq!(workflow.apply(Action::DismissNotice).notice, None);
}

fn load(text: &str) -> Workflow {
    Workflow::default().apply(Action::LoadCsv { name: "t.csv".into(), bytes: text.as_bytes().to_vec() })
}

#[test]
fn reading_again_with_another_delimiter_and_header_row() {
    let text = "Exported today\nName;Email,work\nAna;ana@example.com,x\n";
    let workflow = load(text).apply(Action::SetDelimiter(Some(b';')));
    let import = &workflow.source.as_ref().unwrap().import;
    assert_eq!(import.dialect.delimiter, ";");
    assert_eq!(import.columns.iter().map(|c| c.header.as_str()).collect::<Vec<_>>(), ["Name", "Email,work"]);
    let workflow = workflow.apply(Action::SetHeaderRow(Some(0)));
    let import = &workflow.source.as_ref().unwrap().import;
    assert_eq!(import.columns[0].header, "Exported today");
    assert_eq!(import.records.len(), 2);
    let workflow = workflow.apply(Action::SetDelimiter(None)).apply(Action::SetHeaderRow(None));
    assert_eq!(workflow.source.unwrap().options, circle_composer::import::ImportOptions::default());
}

/// The page reads a large file again in its worker: what it gives back is what reading again
/// inline gives, and a reading of a file since replaced is dropped.
#[test]
fn a_reading_again_by_the_shell_is_the_reading_again_inline() {
    let text = "Exported today\nName;Email,work\nAna;ana@example.com,x\n\"Bo;bo@example.com,y\n";
    let actions = [
        Action::SetDelimiter(Some(b';')),
        Action::SetHeaderRow(Some(0)),
        Action::SetEncoding(Some(circle_composer::import::TextEncoding::for_label("windows-1252").unwrap())),
        Action::SetLiteralQuote(Some(4)),
    ];
    let mut workflow = load(text);
    for action in actions {
        let (bytes, options) = workflow.reread_request(&action).expect("a re-reading action");
        let import = std::rc::Rc::new(circle_composer::import::import_with(&bytes, &options));
        let by_shell = workflow.clone().apply(Action::Reread { bytes, options, import });
        workflow = workflow.apply(action);
        assert_eq!(by_shell, workflow);
    }
    assert_eq!(workflow.source.as_ref().unwrap().options.delimiter, Some(b';'));
    assert_eq!(workflow.reread_request(&Action::DismissNotice), None);
    // A reading of the first file, arriving once another is loaded, changes nothing.
    let (bytes, options) = workflow.reread_request(&Action::SetDelimiter(None)).unwrap();
    let import = std::rc::Rc::new(circle_composer::import::import_with(&bytes, &options));
    let other = workflow.apply(Action::LoadCsv { name: "t.csv".into(), bytes: text.as_bytes().to_vec() });
    assert_eq!(other.clone().apply(Action::Reread { bytes, options, import }), other);
}

#[test]
fn remapping_a_role_moves_it_and_rechecks_the_records() {
    let workflow = load("Name,Contact,Backup\nAna,ana@example.com,not-an-email\n");
    let import = &workflow.source.as_ref().unwrap().import;
    assert_eq!(import.columns[1].role, ColumnRole::Ignore, "\"Contact\" is not obviously an email column");
    let workflow = workflow.apply(Action::SetColumnRole { column: 2, role: ColumnRole::Email });
    let import = &workflow.source.as_ref().unwrap().import;
    assert_eq!(import.problems.iter().map(|p| p.kind).collect::<Vec<_>>(), [ProblemKind::MalformedEmail]);
    let workflow = workflow.apply(Action::SetColumnRole { column: 1, role: ColumnRole::Email });
    let import = &workflow.source.as_ref().unwrap().import;
    assert_eq!((import.columns[1].role, import.columns[2].role), (ColumnRole::Email, ColumnRole::Ignore));
    assert!(import.problems.is_empty(), "{:?}", import.problems);
}

#[test]
fn merging_duplicates_keeps_one_answer_and_lists_the_others_in_the_roster() {
    let workflow =
        load("Name,Email\nAna,ana@example.com\nBo,bo@example.com\nAna B,ANA@example.com \nCy,cy@example.com\n")
            .apply(Action::SetMinSize(2))
            .apply(Action::SetMaxSize(3))
            .apply(Action::MergeDuplicates { keep: RecordId(3), merge: true });
    let source = workflow.source.as_ref().unwrap();
    assert_eq!(source.merged.iter().map(|(d, k)| (d.0, k.0)).collect::<Vec<_>>(), [(1, 3)]);
    let job = workflow.compose_job().unwrap();
    assert_eq!(job.people.iter().map(|p| p.applicant.record.0).collect::<Vec<_>>(), [2, 3, 4]);
    let workflow = workflow
        .apply(Action::ComposeStarted)
        .apply(Action::SolveFinished { composition: compose(job), elapsed_ms: 1.0 });
    let roster = workflow.roster_csv().unwrap();
    assert_eq!(roster.lines().count(), 5, "every record once, the merged one included:\n{roster}");
    assert!(
        roster.contains("Merged,,,,,1,Ana,ana@example.com,,,,,,\"Same email as record 3, whose answers are used.\""),
        "{roster}"
    );
    let workflow = workflow.apply(Action::MergeDuplicates { keep: RecordId(3), merge: false });
    assert!(workflow.source.as_ref().unwrap().merged.is_empty());
    assert_eq!(workflow.compose_job().unwrap().people.len(), 4);
}

fn with_places() -> Workflow {
    let gazetteer = Gazetteer::parse(GAZETTEER_TEXT).unwrap();
    load_sample().apply(Action::GazetteerLoaded(SharedGazetteer(std::rc::Rc::new(gazetteer))))
}

#[test]
fn place_rows_are_read_once_until_a_decision_changes() {
    let workflow = with_places();
    let first = workflow.place_rows().unwrap();
    assert!(std::rc::Rc::ptr_eq(&first, &workflow.place_rows().unwrap()), "read again, not rebuilt");
    // A change elsewhere keeps the rows; a decision makes new ones, and taking it back the old.
    let reseeded = workflow.clone().apply(Action::SetSeed(7));
    assert!(std::rc::Rc::ptr_eq(&first, &reseeded.place_rows().unwrap()));
    let decided =
        workflow.clone().apply(Action::ChoosePlace { spelling: "SF".into(), choice: PlaceChoice::Unresolved });
    let rows = decided.place_rows().unwrap();
    assert_eq!(rows.iter().find(|r| r.raw == "SF").unwrap().status, PlaceStatus::Unresolved);
    assert_eq!(decided.apply(Action::UndoPlaces).place_rows().unwrap(), first);
}

fn row<'a>(rows: &'a [PlaceRow], raw: &str) -> &'a PlaceRow {
    rows.iter().find(|r| r.raw == raw).unwrap_or_else(|| panic!("no spelling {raw:?}"))
}

#[test]
fn places_are_surveyed_once_the_gazetteer_is_loaded() {
    assert!(load_sample().place_rows().is_none(), "no gazetteer yet");
    let workflow = with_places();
    let rows = workflow.place_rows().unwrap();
    assert_eq!(rows.iter().map(|r| r.count).sum::<usize>(), 86);
    assert_eq!(row(&rows, "SF").metro.as_deref(), Some("San Francisco Bay Area"));
    let (metros, unresolved) = workflow.applicants_per_metro().unwrap();
    assert_eq!(metros[0].0, "San Francisco Bay Area");
    assert_eq!(unresolved, 2, "\"remote\" and \"between cities right now\"");
}

/// The page's session: places surveyed by the shell (in a worker) and handed back.
fn surveyed_elsewhere(gazetteer: &SharedGazetteer) -> Workflow {
    Workflow::surveying_elsewhere()
        .apply(Action::LoadCsv { name: SAMPLE_NAME.to_owned(), bytes: SAMPLE_CSV.to_vec() })
        .apply(Action::GazetteerLoaded(gazetteer.clone()))
}

/// What the page's worker does with a wanted survey.
fn survey_in_the_shell(workflow: Workflow, gazetteer: &SharedGazetteer) -> Workflow {
    let answers = workflow.survey_wanted().expect("a survey is due");
    let report = circle_composer::places::survey(&gazetteer.0, answers.iter().map(String::as_str));
    workflow.apply(Action::PlacesSurveyed { answers, report })
}

#[test]
fn places_surveyed_by_the_shell_are_the_places_surveyed_inline() {
    let gazetteer = with_places().gazetteer.unwrap();
    let waiting = surveyed_elsewhere(&gazetteer);
    assert!(waiting.waiting_for_places() && waiting.place_rows().is_none());
    assert_eq!(waiting.survey_wanted().unwrap().len(), 86);
    let surveyed = survey_in_the_shell(waiting, &gazetteer);
    assert!(!surveyed.waiting_for_places());
    assert_eq!(surveyed.survey_wanted(), None, "asked once");
    assert_eq!(surveyed.place_rows(), with_places().place_rows());
    assert_eq!(surveyed.compose_job(), with_places().compose_job());
    // Forgetting everything keeps the page's way of surveying.
    let forgotten = surveyed.apply(Action::ForgetAll);
    let reloaded = forgotten.apply(Action::LoadCsv { name: SAMPLE_NAME.to_owned(), bytes: SAMPLE_CSV.to_vec() });
    assert!(reloaded.survey_wanted().is_some() && reloaded.places.is_none());
}

#[test]
fn a_survey_of_answers_since_changed_is_dropped_and_the_new_one_is_asked_for() {
    let gazetteer = with_places().gazetteer.unwrap();
    let first = surveyed_elsewhere(&gazetteer);
    let old_answers = first.survey_wanted().unwrap();
    let old_report = circle_composer::places::survey(&gazetteer.0, old_answers.iter().map(String::as_str));
    let other = "Name,Email,Where are you based?\nAna,ana@example.com,Lisbon\nBo,bo@example.com,Porto\n";
    let second = first.apply(Action::LoadCsv { name: "t.csv".into(), bytes: other.as_bytes().to_vec() });
    assert_eq!(&second.survey_wanted().unwrap()[..], ["Lisbon", "Porto"]);
    let late = second.apply(Action::PlacesSurveyed { answers: old_answers, report: old_report });
    assert!(late.places.is_none() && late.waiting_for_places(), "the first file's survey does not apply");
    let surveyed = survey_in_the_shell(late, &gazetteer);
    let rows = surveyed.place_rows().unwrap();
    assert_eq!(rows.iter().map(|r| r.raw.as_str()).collect::<Vec<_>>(), ["Lisbon", "Porto"]);
}

#[test]
fn a_change_that_leaves_the_location_answers_alone_surveys_nothing() {
    // Inline, as the command line does: the same report, not a new one.
    let inline = with_places();
    let before = inline.places.clone().unwrap();
    let pronouns = inline.source.as_ref().unwrap().import.columns.iter().position(|c| c.header == "Pronouns").unwrap();
    let inline = inline.apply(Action::SetColumnRole { column: pronouns, role: ColumnRole::Ignore });
    assert!(std::rc::Rc::ptr_eq(&before, inline.places.as_ref().unwrap()));
    // Elsewhere, as the page does: nothing is asked for, and the places stay.
    let gazetteer = inline.gazetteer.clone().unwrap();
    let page = survey_in_the_shell(surveyed_elsewhere(&gazetteer), &gazetteer);
    let page = page.apply(Action::SetColumnRole { column: pronouns, role: ColumnRole::Ignore });
    assert_eq!(page.survey_wanted(), None);
    assert!(!page.waiting_for_places());
    // A change of the answers (the location column set aside, then back) asks again.
    let location = page.source.as_ref().unwrap().import.column_with(ColumnRole::Location).unwrap().index;
    let page = page
        .apply(Action::SetColumnRole { column: location, role: ColumnRole::Ignore })
        .apply(Action::SetColumnRole { column: location, role: ColumnRole::Location });
    assert!(page.survey_wanted().is_some() && page.waiting_for_places());
    let page = page.apply(Action::SetColumnRole { column: pronouns, role: ColumnRole::Pronouns });
    assert!(page.survey_wanted().is_some(), "still due");
}

#[test]
fn a_file_read_by_the_shell_is_the_file_loaded_inline() {
    let import = circle_composer::import::import(SAMPLE_CSV);
    let reading = Workflow::default().apply(Action::ReadingStarted(SAMPLE_NAME.to_owned()));
    assert_eq!(reading.reading.as_deref(), Some(SAMPLE_NAME));
    assert_eq!(
        reading.clone().apply(Action::LoadCsv { name: "t.csv".into(), bytes: b"a\n1\n".to_vec() }).reading,
        None
    );
    let read = reading.apply(Action::CsvRead {
        name: SAMPLE_NAME.to_owned(),
        bytes: SAMPLE_CSV.into(),
        import: std::rc::Rc::new(import),
    });
    assert_eq!(read, load_sample());
    // Over an earlier file and its circles, as loading does.
    let composed = composed_within(with_places(), 2_000);
    assert!(composed.board.is_some());
    let again = composed.clone().apply(Action::CsvRead {
        name: "again.csv".to_owned(),
        bytes: SAMPLE_CSV.into(),
        import: std::rc::Rc::new(circle_composer::import::import(SAMPLE_CSV)),
    });
    let loaded = composed.apply(Action::LoadCsv { name: "again.csv".to_owned(), bytes: SAMPLE_CSV.to_vec() });
    assert_eq!(again, loaded);
    assert!(again.board.is_none() && again.places.is_some());
}

#[test]
fn place_choices_apply_and_undo_and_redo() {
    let workflow = with_places();
    let gazetteer = &workflow.gazetteer.as_ref().unwrap().0;
    let oakland =
        circle_composer::places::CityRef { name: "Oakland".into(), country: "US".into(), region: "CA".into() };
    assert!(gazetteer.find(&oakland).is_some());
    let workflow = workflow
        .apply(Action::ChoosePlace { spelling: "between cities right now".into(), choice: PlaceChoice::City(oakland) })
        .apply(Action::ChoosePlace { spelling: "SF".into(), choice: PlaceChoice::Unresolved });
    let rows = workflow.place_rows().unwrap();
    assert_eq!(
        (row(&rows, "between cities right now").status, row(&rows, "between cities right now").place.as_deref()),
        (PlaceStatus::Chosen, Some("Oakland, US"))
    );
    assert_eq!(row(&rows, "SF").status, PlaceStatus::Unresolved);

    let undone = workflow.clone().apply(Action::UndoPlaces);
    assert_eq!(row(&undone.place_rows().unwrap(), "SF").status, PlaceStatus::High);
    let redone = undone.apply(Action::RedoPlaces);
    assert_eq!(redone.place_decisions, workflow.place_decisions);

    let custom = CustomPlace {
        name: "Montgomery St BART".into(),
        metro: "San Francisco Bay Area".into(),
        coordinates: None,
        utc_offset_minutes: Some(-480),
    };
    let with_custom = workflow.apply(Action::AddCustomPlace { place: custom, spellings: vec!["remote".into()] });
    let rows = with_custom.place_rows().unwrap();
    assert_eq!(row(&rows, "remote").place.as_deref(), Some("Montgomery St BART"));
    let forgotten = with_custom.apply(Action::ForgetAll);
    assert_eq!(forgotten.place_decisions, PlaceDecisions::default());
    assert!(forgotten.gazetteer.is_some(), "the gazetteer is not personal data and stays loaded");
}

#[test]
fn accepting_a_cluster_gives_every_spelling_the_common_place() {
    let workflow = load("Name,Email,City\nA,a@example.com,Seattle\nB,b@example.com,Seattle\nC,c@example.com,Seatle\n")
        .apply(Action::GazetteerLoaded(SharedGazetteer(std::rc::Rc::new(Gazetteer::parse(GAZETTEER_TEXT).unwrap()))));
    let clusters = workflow.places.as_ref().unwrap().clusters.clone();
    assert_eq!(clusters, vec![vec!["Seattle".to_owned(), "Seatle".to_owned()]]);
    let workflow = workflow.apply(Action::AcceptCluster(clusters[0].clone()));
    let rows = workflow.place_rows().unwrap();
    assert_eq!(
        (row(&rows, "Seatle").status, row(&rows, "Seatle").place.as_deref()),
        (PlaceStatus::Chosen, Some("Seattle, US"))
    );
}

#[test]
fn settings_save_and_load_with_places() {
    let oakland =
        circle_composer::places::CityRef { name: "Oakland".into(), country: "US".into(), region: "CA".into() };
    let workflow = with_places()
        .apply(Action::SetMinSize(5))
        .apply(Action::SetSeed(42))
        .apply(Action::ChoosePlace { spelling: "remote".into(), choice: PlaceChoice::City(oakland) });
    let json = workflow.settings().to_json();
    expect_test::expect_file!["../data/expected/settings.json"].assert_eq(&json);
    let loaded = with_places().apply(Action::ApplySettings(Box::new(Settings::from_json(&json).unwrap())));
    assert_eq!(
        (loaded.size, loaded.seed, &loaded.place_decisions),
        (workflow.size, workflow.seed, &workflow.place_decisions)
    );
    assert_eq!(row(&loaded.place_rows().unwrap(), "remote").place.as_deref(), Some("Oakland, US"));
}

#[test]
fn bad_settings_files_say_where_and_why() {
    let error = Settings::from_json("{\n  \"version\": 1,\n  \"size\": {\"min\": 6, \"max\": }\n}").unwrap_err();
    assert_eq!((error.line, error.column), (3, 29));
    assert!(error.message.starts_with("this is not a Circle Composer settings file"), "{error}");
    let newer = Settings::from_json(r#"{"version": 9, "size": {"min": 6, "max": 9}}"#).unwrap_err();
    assert_eq!(
        newer.to_string(),
        "these settings come from a newer Circle Composer (format 9; this one reads up to 3)"
    );
    let minimal = Settings::from_json(r#"{"version": 1, "size": {"min": 4, "max": 6}, "unknown": true}"#).unwrap();
    assert_eq!((minimal.seed, minimal.places), (1, PlaceDecisions::default()));
}

#[test]
fn edited_rules_travel_in_the_settings_file() {
    let mut workflow =
        Workflow::default().apply(Action::LoadCsv { name: "sample".to_owned(), bytes: SAMPLE_CSV.to_vec() });
    let mut rules = workflow.rules();
    assert_eq!(rules.distinct.len(), 1, "the company column is suggested as distinct");
    rules.never_isolate.push(circle_composer::compose::NeverIsolateRule {
        matches: vec![circle_composer::compose::ColumnMatch {
            column: "Do you identify as a woman or non-binary?".to_owned(),
            values: vec!["Yes".to_owned()],
        }],
        k: 3,
        strength: circle_composer::compose::Strength::Hard,
    });
    rules.place.max_tz_spread_hours = Some(4.5);
    workflow = workflow.apply(Action::SetRules(rules.clone()));
    assert_eq!(workflow.rules(), rules);
    // Every change of the rules can be taken back and made again.
    let suggested = workflow.clone().apply(Action::UndoRules);
    assert!(suggested.rules().never_isolate.is_empty());
    assert_eq!(suggested.apply(Action::RedoRules).rules(), rules);
    let json = workflow.settings().to_json();
    let fresh = Workflow::default()
        .apply(Action::LoadCsv { name: "sample".to_owned(), bytes: SAMPLE_CSV.to_vec() })
        .apply(Action::ApplySettings(Box::new(Settings::from_json(&json).unwrap())));
    assert_eq!(fresh.rules(), rules);
    assert_eq!(fresh.compose_job().unwrap().rules, rules);
    // Back to what the columns suggest.
    assert!(fresh.clone().apply(Action::ResetRules).rules().never_isolate.is_empty());

    // Rules that name applicants stay in the page: not in the file, and gone with Forget all.
    let mut with_pair = fresh.rules();
    with_pair.together.push(circle_composer::compose::PersonPair {
        a: "joao.ribeiro@example.net".to_owned(),
        b: "jordan.a@example.org".to_owned(),
    });
    let paired = fresh.apply(Action::SetRules(with_pair));
    let json = paired.settings().to_json();
    assert!(!json.contains("@example"), "{json}");
    let reloaded = paired.clone().apply(Action::ApplySettings(Box::new(Settings::from_json(&json).unwrap())));
    assert_eq!(reloaded.rules().together.len(), 1, "loading settings keeps the pairs already given");
    let forgotten = paired.apply(Action::ForgetAll);
    assert!(forgotten.rules().together.is_empty());
    assert_eq!(forgotten.rules().never_isolate, rules.never_isolate);
}

#[test]
fn settings_saved_before_rules_existed_still_load() {
    let version_1 =
        r#"{"version": 1, "size": {"min": 5, "max": 8}, "seed": 4, "places": {"choices": {}, "custom": []}}"#;
    let settings = Settings::from_json(version_1).unwrap();
    assert_eq!((settings.size.min, settings.size.max, settings.seed, settings.rules.is_none()), (5, 8, 4, true));
    let workflow = Workflow::default()
        .apply(Action::LoadCsv { name: "sample".to_owned(), bytes: SAMPLE_CSV.to_vec() })
        .apply(Action::ApplySettings(Box::new(settings)));
    assert_eq!(workflow.rules().size.max, 8);
    assert_eq!(workflow.rules().distinct.len(), 1, "the suggested rules apply");
}

#[test]
fn rule_edits_change_the_rules_in_force_and_undo() {
    use circle_composer::compose::{RuleEdit, Strength};
    let workflow = with_places();
    // The sample's metros with at least 6 applicants may host; unticking one lists the others.
    let eligible = workflow.eligible_metros();
    assert_eq!(eligible[..2], ["San Francisco Bay Area".to_owned(), "New York".to_owned()]);
    let edited =
        workflow.clone().apply(Action::EditRules(RuleEdit::HostMetro { metro: "New York".into(), host: false })).apply(
            Action::EditRules(RuleEdit::Distinct { column: "Company".into(), strength: Some(Strength::preferred()) }),
        );
    let rules = edited.rules();
    assert!(rules.place.may_host("San Francisco Bay Area") && !rules.place.may_host("New York"));
    assert_eq!(rules.distinct[0].strength, Strength::preferred());
    let undone = edited.clone().apply(Action::UndoRules);
    assert!(!undone.rules().place.may_host("New York"), "one undo takes back only the last edit");
    assert_eq!(undone.rules().distinct[0].strength, Strength::Hard);
    assert_eq!(undone.apply(Action::RedoRules).rules(), rules);
    // The answers the page offers for a match rule are counted as the rules match them.
    let answers = workflow.answers_of("Do you identify as a woman or non-binary?");
    assert_eq!(answers[..2], [("No".to_owned(), 72), ("Yes".to_owned(), 9)]);
}

#[test]
fn merging_every_duplicate_keeps_the_latest_answers() {
    let workflow = load("Name,Email\nA,a@x.org\nB,b@x.org\nA again,A@X.org\nC,c@x.org\nA third,a@x.org\n")
        .apply(Action::MergeAllDuplicates);
    let merged = &workflow.source.as_ref().unwrap().merged;
    assert_eq!(merged.iter().map(|(d, k)| (d.0, k.0)).collect::<Vec<_>>(), [(1, 5), (3, 5)]);
    assert_eq!(workflow.applicant_count(), 3);
}

#[test]
fn merging_every_duplicate_leaves_a_merge_made_by_hand_and_matches_the_rule_record_by_record() {
    let file = "Name,Email\nA,a@x.org\nB,b@x.org\nA2,a@x.org\nB2,B@x.org \nA3,a@x.org\nC,\nB3,b@x.org\nD,d@x.org\n";
    // The organizer kept the first B by hand; the A group has not been touched.
    let by_hand = load(file).apply(Action::MergeDuplicates { keep: RecordId(2), merge: true });
    let all = by_hand.clone().apply(Action::MergeAllDuplicates);
    // The rule, record by record, latest first: a record with an earlier one of its address,
    // not already folded into another, takes in all of them.
    let import = &by_hand.source.as_ref().unwrap().import;
    let mut expected = by_hand.source.as_ref().unwrap().merged.clone();
    for record in import.records.iter().rev().map(|r| r.record) {
        let others = import.same_email_as(record);
        if !expected.contains_key(&record) && others.iter().any(|&other| other < record) {
            expected.retain(|_, kept| *kept != record);
            expected.extend(others.into_iter().map(|dropped| (dropped, record)));
        }
    }
    let merged = &all.source.as_ref().unwrap().merged;
    assert_eq!(*merged, expected);
    assert_eq!(merged.iter().map(|(d, k)| (d.0, k.0)).collect::<Vec<_>>(), [(1, 5), (3, 5), (4, 2), (7, 2)]);
    assert_eq!(all.applicant_count(), 4, "A3, B, C and D");
}

#[test]
fn forget_all_starts_a_new_session_without_any_history() {
    let workflow = with_places()
        .apply(Action::SetSeed(9))
        .apply(Action::ChoosePlace { spelling: "SF".into(), choice: PlaceChoice::Unresolved })
        .apply(Action::ResetRules)
        .apply(Action::EditRules(circle_composer::compose::RuleEdit::InPerson(false)));
    let forgotten = workflow.clone().apply(Action::ForgetAll);
    assert_eq!(forgotten.session, workflow.session + 1, "the page remounts its steps on a new session");
    assert!(!forgotten.place_history.can_undo() && !forgotten.rules_history.can_undo());
    assert!(forgotten.source.is_none());
}

#[test]
fn a_project_read_by_the_shell_opens_as_the_project_itself() {
    let composed = with_places().apply(Action::SetColumnRole { column: 6, role: ColumnRole::Ignore });
    let project = composed.project().unwrap();
    let import = std::rc::Rc::new(circle_composer::import::import_with(&project.file, &project.options));
    let opened = Workflow::default().apply(Action::OpenProject(Box::new(project.clone())));
    let read = Workflow::default().apply(Action::ProjectRead { project: Box::new(project), import });
    assert_eq!(read, opened);
    assert_eq!(read.source.as_ref().unwrap().import.columns[6].role, ColumnRole::Ignore);
}

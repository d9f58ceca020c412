//! The Send step: drafts read back by a real MIME parser, the calendar by a real iCalendar
//! parser, every CSV re-imported with no formula cell, the allowlist enforced with a planted
//! marker, the details table round trip and `compose --out` on the command line.

use std::collections::BTreeMap;
use std::io::Read;
use std::rc::Rc;

use circle_composer::board::{BoardEdit, CircleDetails};
use circle_composer::compose::RuleEdit;
use circle_composer::export::{details_csv, read_details};
use circle_composer::import::{ImportOptions, ProblemKind, import_with};
use circle_composer::model::RecordId;
use circle_composer::places::{GAZETTEER_TEXT, Gazetteer, SharedGazetteer};
use circle_composer::send::{Allowlist, BundledZoneRules, NameStyle, Placeholder, SendSettings};
use circle_composer::workflow::{Action, Workflow};
use icalendar::{Calendar, CalendarComponent, Component, EventLike};
use mail_parser::MessageParser;

use crate::cli::run;
use crate::workflow::composed_within;

/// The date the drafts are written, 2027-01-01T00:00:00Z.
const NOW: i64 = 1_798_761_600;

/// 18 applicants in two cities with names and an address outside ASCII, a pronoun column, an
/// identity column and a notes column whose every answer is a unique marker nobody allowed.
fn applicants_csv() -> String {
    let mut csv = String::from(
        "Full name,Email,Where are you based?,Company,Title,Pronouns,Do you identify as a woman or non-binary?,Anything else?\n",
    );
    let names = ["Zoë Åkesson", "Ana Smith", "陈静怡 (Chen Jingyi)", "José Núñez", "Ben O'Hara", "Kai Mäkelä"];
    for i in 1..=18 {
        let name = format!("{} {i}", names[i % names.len()]);
        let email = if i == 1 { "zoë@example.org".to_owned() } else { format!("person{i}@example.org") };
        let city = if i % 2 == 0 { "Berlin" } else { "San Francisco" };
        let company = if i == 4 { "=HYPERLINK(\"http://x\")".to_owned() } else { format!("Company {}", i % 9) };
        csv += &format!(
            "\"{name}\",{email},{city},\"{company}\",{},{},{},SECRET-MARKER-{i:02}\n",
            ["CTO", "VP", "Staff Engineer"][i % 3],
            ["she/her", "he/him", "they/them"][i % 3],
            ["Yes", "No"][i % 2],
        );
    }
    csv
}

/// The applicants composed into circles of 4 to 6 by video only, Berlin and San Francisco mixed,
/// with the place list loaded and the first circle's meetings set.
fn composed() -> Workflow {
    let gazetteer = Gazetteer::parse(GAZETTEER_TEXT).unwrap();
    let workflow = Workflow::default()
        .apply(Action::LoadCsv { name: "applicants.csv".into(), bytes: applicants_csv().into_bytes() })
        .apply(Action::GazetteerLoaded(SharedGazetteer(Rc::new(gazetteer))))
        .apply(Action::SetMinSize(4))
        .apply(Action::SetMaxSize(6))
        .apply(Action::EditRules(RuleEdit::InPerson(false)))
        .apply(Action::EditRules(RuleEdit::MaxTzSpread(Some(24.0))));
    let workflow = composed_within(workflow, 4_000);
    let first = workflow.board.as_ref().unwrap().circles[0].id;
    workflow.apply(Action::EditBoard(BoardEdit::SetDetails {
        circle: first,
        details: CircleDetails {
            starts: "2027-01-12T18:30 America/Los_Angeles".into(),
            minutes: Some(90),
            repeat: "FREQ=WEEKLY;COUNT=6".into(),
            place: "https://video.example/circle-one".into(),
            host: None,
        },
    }))
}

fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut content = Vec::new();
            file.read_to_end(&mut content).unwrap();
            (file.name().unwrap().into_owned(), content)
        })
        .collect()
}

#[test]
fn every_draft_parses_is_to_its_person_and_names_the_others_with_allowed_fields_only() {
    let workflow = composed();
    let board = workflow.board.clone().unwrap();
    let import = &workflow.source.as_ref().unwrap().import;
    let files = unzip(&workflow.emails_zip(&BundledZoneRules, NOW).unwrap().unwrap());
    let placed: usize = board.circles.iter().map(|c| c.members.len()).sum();
    assert_eq!(files.len(), placed, "one draft per placed person");
    let field = |record: RecordId, column: usize| import.records[record.0 as usize - 1].fields[column].clone();

    for (name, bytes) in &files {
        let message = MessageParser::default().parse(bytes).unwrap_or_else(|| panic!("{name} is not a message"));
        assert_eq!(message.header_raw("X-Unsent").map(str::trim), Some("1"), "{name}");
        let to = message.to().and_then(|to| to.first()).unwrap();
        let (record, circle) = board
            .circles
            .iter()
            .flat_map(|c| c.members.iter().map(move |&m| (m, c)))
            .find(|&(m, _)| to.address() == Some(field(m, 1).as_str()))
            .unwrap_or_else(|| panic!("{name}: To is nobody placed"));
        assert_eq!(to.name(), Some(field(record, 0).as_str()), "{name}: the name decodes");
        let body = message.body_text(0).unwrap();
        assert!(body.starts_with(&format!("Hi {},", field(record, 0).split_whitespace().next().unwrap())), "{body}");
        for &other in circle.members.iter().filter(|&&m| m != record) {
            // Name, company, title and pronouns are the default fields others see.
            let line = format!("- {} ({}; {}; {})", field(other, 0), field(other, 3), field(other, 4), field(other, 5));
            assert!(body.contains(&line), "{name} lacks {line:?}:\n{body}");
        }
        assert!(!body.contains("SECRET-MARKER"), "{name}: a notes answer leaked:\n{body}");
        assert!(!body.contains("@example.org"), "{name}: an address leaked:\n{body}");
        // The person's own time zone is theirs to see; nobody's place is.
        let others = body.replace("Europe/Berlin", "");
        assert!(!others.contains("Berlin") && !others.contains("San Francisco"), "{name}: a location leaked");
    }
}

#[test]
fn a_video_circle_says_when_in_its_zone_and_in_each_members_own() {
    let workflow = composed();
    let board = workflow.board.clone().unwrap();
    let drafts = workflow.drafts(&BundledZoneRules).unwrap().unwrap();
    let circle = &board.circles[0];
    let import = &workflow.source.as_ref().unwrap().import;
    let cities: std::collections::BTreeSet<&str> =
        circle.members.iter().map(|m| import.records[m.0 as usize - 1].fields[2].as_str()).collect();
    assert_eq!(cities.len(), 2, "the circle mixes both cities");
    for draft in drafts.iter().filter(|d| d.circle == circle.id) {
        let record = draft.record.unwrap();
        assert!(draft.body.contains("First meeting: Tuesday 12 January 2027, 18:30 (America/Los_Angeles, UTC−8)"));
        let in_berlin = import.records[record.0 as usize - 1].fields[2] == "Berlin";
        assert_eq!(
            draft.body.contains("which is Wednesday 13 January 2027, 03:30 (Europe/Berlin, UTC+1) for you"),
            in_berlin,
            "{}",
            draft.body
        );
        assert!(!draft.empty.contains(&Placeholder::When) && !draft.empty.contains(&Placeholder::Where));
    }
    // A circle with no time yet: the draft says so through its empty placeholders.
    let other = drafts.iter().find(|d| d.circle != circle.id).unwrap();
    assert!(other.empty.contains(&Placeholder::When));
}

#[test]
fn an_allowlist_of_initials_and_one_ticked_column_is_all_that_shows() {
    let workflow = composed();
    let send = SendSettings {
        allowlist: Some(Allowlist {
            names: NameStyle::Initials,
            fields: vec!["full name".into(), "Anything else?".into()],
        }),
        ..SendSettings::default()
    };
    let workflow = workflow.apply(Action::EditSend(Box::new(send)));
    for draft in workflow.drafts(&BundledZoneRules).unwrap().unwrap() {
        let members: Vec<&str> = draft.body.lines().filter(|l| l.starts_with("- ")).collect();
        assert!(!members.is_empty());
        for line in members {
            assert!(line.contains("SECRET-MARKER"), "the ticked column shows: {line}");
            assert!(
                !line.contains("Company") && !line.contains("CTO") && !line.contains("/"),
                "only ticked fields: {line}"
            );
            assert!(!line.contains("Smith"), "initials only: {line}");
        }
    }
}

#[test]
fn one_draft_per_circle_goes_to_all_its_members() {
    let workflow = composed();
    let send = SendSettings { per_circle: true, ..workflow.send.clone() };
    let workflow = workflow.apply(Action::EditSend(Box::new(send)));
    let board = workflow.board.clone().unwrap();
    let files = unzip(&workflow.emails_zip(&BundledZoneRules, NOW).unwrap().unwrap());
    assert_eq!(files.len(), board.circles.len());
    for circle in &board.circles {
        let bytes = &files[&format!("circle-{:02}.eml", circle.id.0)];
        let message = MessageParser::default().parse(bytes).unwrap();
        assert_eq!(message.to().unwrap().iter().count(), circle.members.len());
        assert!(String::from_utf8_lossy(bytes).contains("\r\nTo: "), "headers end lines with CRLF");
    }
}

#[test]
fn unknown_placeholders_stop_the_drafts_with_line_and_column() {
    let workflow = composed();
    let send = SendSettings { template: "Hi {{ first_name }},\n\n{{ memebrs }}\n".into(), ..SendSettings::default() };
    let problems = workflow.apply(Action::EditSend(Box::new(send))).drafts(&BundledZoneRules).unwrap().unwrap_err();
    assert_eq!(
        problems.to_string(),
        "template, line 3, column 4: there is no placeholder “memebrs”; did you mean {{members}}?"
    );
}

#[test]
fn the_calendar_round_trips_through_an_icalendar_parser() {
    let workflow = composed();
    let board = workflow.board.clone().unwrap();
    let send = SendSettings {
        organizer_name: "Zoë, Organizer".into(),
        organizer_email: "zoë@example.org".into(),
        ..SendSettings::default()
    };
    let text = workflow.apply(Action::EditSend(Box::new(send))).circles_ics(&BundledZoneRules, NOW).unwrap();
    let calendar: Calendar = text.parse().unwrap();
    let events: Vec<_> = calendar.components.iter().filter_map(CalendarComponent::as_event).collect();
    assert_eq!(events.len(), 1, "only the circle with a first meeting:\n{text}");
    let event = events[0];
    let circle = &board.circles[0];
    assert_eq!(event.get_summary(), Some(circle.name.as_str()));
    assert_eq!(event.get_location(), Some("https://video.example/circle-one"));
    assert_eq!(event.property_value("RRULE"), Some("FREQ=WEEKLY;COUNT=6"));
    assert_eq!(event.property_value("DURATION"), Some("PT90M"));
    let start = event.properties().get("DTSTART").unwrap();
    assert_eq!(start.value(), "20270112T183000");
    assert_eq!(start.params().get("TZID").map(|p| p.value()), Some("America/Los_Angeles"));
    let attendees = event.multi_properties().get("ATTENDEE").map_or(0, Vec::len);
    assert_eq!(attendees, circle.members.len());
    assert!(event.property_value("ORGANIZER").is_some_and(|o| o.contains("zoë@example.org")));
    assert!(event.get_uid().is_some_and(|uid| uid.starts_with(&format!("circle-{}.", circle.id))));
    // The same session gives the same UIDs: importing the file again updates the events.
    assert_eq!(
        text,
        composed()
            .apply(Action::EditSend(Box::new(SendSettings {
                organizer_name: "Zoë, Organizer".into(),
                organizer_email: "zoë@example.org".into(),
                ..SendSettings::default()
            })))
            .circles_ics(&BundledZoneRules, NOW)
            .unwrap()
    );
}

#[test]
fn every_csv_written_reimports_with_no_formula_cell() {
    let workflow = composed();
    let csvs = [
        workflow.roster_csv().unwrap(),
        workflow.mail_merge_csv(&BundledZoneRules).unwrap().unwrap(),
        workflow.details_csv().unwrap(),
    ];
    for csv in csvs {
        let report = import_with(csv.as_bytes(), &ImportOptions::default());
        assert!(!report.records.is_empty());
        let formulas: Vec<_> = report.problems.iter().filter(|p| p.kind == ProblemKind::FormulaLike).collect();
        assert!(formulas.is_empty(), "{formulas:?}");
    }
    let merge = workflow.mail_merge_csv(&BundledZoneRules).unwrap().unwrap();
    assert!(merge.contains("'=HYPERLINK"), "the planted formula is written as text");
}

#[test]
fn the_details_table_round_trips_and_names_bad_cells() {
    let workflow = composed();
    let board = workflow.board.clone().unwrap();
    let table = details_csv(&board);
    let edits = read_details(table.as_bytes(), &board, &BundledZoneRules).unwrap();
    let after = workflow.clone().apply(Action::EditBoardAll(edits));
    assert_eq!(after.board, workflow.board, "reading back what was written changes nothing");

    let bad = "Circle,Name,Starts,Minutes\n1,A,2027-01-12T18:30,90\n99,B,,\n2,C,,ninety\n";
    let problems = read_details(bad.as_bytes(), &board, &BundledZoneRules).unwrap_err();
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(problems[0].starts_with("line 2, column 3: “2027-01-12T18:30” has no UTC offset or time zone"));
    assert!(problems[1].starts_with("line 3, column 1: there is no circle “99”"));
    assert!(problems[2].starts_with("line 4, column 4: “ninety” is not a number of minutes"));

    let renamed = "Circle,Name,Starts\n1,Harbor,2027-03-02T09:00:00+00:00\n";
    let edits = read_details(renamed.as_bytes(), &board, &BundledZoneRules).unwrap();
    let after = workflow.apply(Action::EditBoardAll(edits)).apply(Action::UndoBoard);
    assert_eq!(after.board.unwrap().circles[0].name, board.circles[0].name, "one undo takes the whole table back");
}

#[test]
fn settings_files_carry_the_sending_settings_but_no_answers() {
    let workflow = composed();
    let send = SendSettings {
        organizer_name: "Ana".into(),
        subject: "Hello {{ circle_name }}".into(),
        ..SendSettings::default()
    };
    let json = workflow.apply(Action::EditSend(Box::new(send.clone()))).settings().to_json();
    assert!(!json.contains("SECRET-MARKER") && !json.contains("example.org"), "{json}");
    let loaded = circle_composer::settings::Settings::from_json(&json).unwrap();
    assert_eq!(Workflow::default().apply(Action::ApplySettings(Box::new(loaded))).send, send);
}

#[test]
fn compose_out_writes_the_four_files() {
    let dir = std::env::temp_dir().join(format!("circle-composer-send-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let csv = dir.join("applicants.csv");
    std::fs::write(&csv, applicants_csv()).unwrap();
    let details = dir.join("details.csv");
    std::fs::write(&details, "Circle,Name,Starts,Minutes,Repeat,Where\n1,Harbor,2027-01-12T18:30:00-08:00,60,FREQ=WEEKLY;COUNT=6,https://v.example/1\n").unwrap();
    let template = dir.join("template.txt");
    std::fs::write(&template, "Subject: Meet {{ circle_name }}\nHello {{ first_name }}: {{ when }}\n{{ members }}\n")
        .unwrap();
    let out = dir.join("out");
    let args = [
        "compose",
        csv.to_str().unwrap(),
        "--size",
        "4-6",
        "--moves",
        "3000",
        "--out",
        out.to_str().unwrap(),
        "--details",
        details.to_str().unwrap(),
        "--template",
        template.to_str().unwrap(),
        "--from",
        "Zoë Organizer <zoë@example.org>",
        "--allow",
        "Full name",
        "--allow",
        "pronouns",
    ];
    let (ok, _, stderr) = run(&args);
    assert!(ok, "{stderr}");
    let files = unzip(&std::fs::read(out.join("emails.zip")).unwrap());
    assert_eq!(files.len(), 18);
    for bytes in files.values() {
        let message = MessageParser::default().parse(bytes).unwrap();
        assert_eq!(message.from().unwrap().first().unwrap().address(), Some("zoë@example.org"));
        let body = message.body_text(0).unwrap();
        assert!(body.starts_with("Hello "), "{body}");
        assert!(!body.contains("Company") && !body.contains("CTO"), "only name and pronouns: {body}");
        if message.subject() == Some("Meet Harbor") {
            assert!(body.contains("Tuesday 12 January 2027, 18:30 (UTC−8)"), "{body}");
        }
    }
    let calendar = std::fs::read_to_string(out.join("circles.ics")).unwrap();
    assert_eq!(calendar.matches("BEGIN:VEVENT").count(), 1);
    assert!(out.join("roster.csv").exists() && out.join("mail-merge.csv").exists());

    let (ok, _, stderr) = run(&["compose", csv.to_str().unwrap(), "--template", template.to_str().unwrap()]);
    assert!(!ok && stderr.contains("--template needs --out DIR"), "{stderr}");
    std::fs::write(&template, "Hi {{ frist_name }}\n").unwrap();
    let (ok, _, stderr) = run(&args);
    assert!(
        !ok && stderr.contains("template.txt: template, line 1, column 7: there is no placeholder “frist_name”"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn drafts_are_the_same_bytes_for_the_same_inputs() {
    let a = composed().emails_zip(&BundledZoneRules, NOW).unwrap().unwrap();
    let b = composed().emails_zip(&BundledZoneRules, NOW).unwrap().unwrap();
    assert_eq!(a, b);
}

/// A form with a name, an address and four questions whose every answer is a unique marker,
/// composed into circles of 2 to 4.
fn marked(people: usize) -> Workflow {
    let mut csv = String::from("Name,Email,Question A,Question B,Question C,Question D\n");
    for row in 1..=people {
        csv += &format!("Name{row} Person,p{row}@example.org,");
        csv += &(0..4).map(|column| format!("v{column}r{row}z")).collect::<Vec<_>>().join(",");
        csv += "\n";
    }
    let workflow = Workflow::default()
        .apply(Action::LoadCsv { name: "marked.csv".into(), bytes: csv.into_bytes() })
        .apply(Action::SetMinSize(2))
        .apply(Action::SetMaxSize(4));
    composed_within(workflow, 200)
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    /// Whatever is allowed, each member line shows exactly the allowed answers of that member
    /// and no answer of a column nobody allowed appears anywhere in any draft.
    #[test]
    fn drafts_show_exactly_what_the_allowlist_allows(
        people in 4usize..14,
        allowed in proptest::collection::vec(proptest::prelude::any::<bool>(), 4),
        names in proptest::prelude::any::<bool>(),
        per_circle in proptest::prelude::any::<bool>(),
    ) {
        let workflow = marked(people);
        let mut fields: Vec<String> =
            ["Question A", "Question B", "Question C", "Question D"].iter().zip(&allowed).filter(|(_, a)| **a).map(|(h, _)| (*h).to_owned()).collect();
        if names {
            fields.push("Name".to_owned());
        }
        let send = SendSettings { allowlist: Some(Allowlist { names: NameStyle::Full, fields }), per_circle, ..SendSettings::default() };
        let workflow = workflow.apply(Action::EditSend(Box::new(send)));
        let board = workflow.board.clone().unwrap();
        for draft in workflow.drafts(&BundledZoneRules).unwrap().unwrap() {
            let circle = board.circles.iter().find(|c| c.id == draft.circle).unwrap();
            for row in 1..=people {
                for (column, &shown) in allowed.iter().enumerate() {
                    let marker = format!("v{column}r{row}z");
                    let other_member = circle.members.contains(&RecordId(row as u32)) && draft.record != Some(RecordId(row as u32));
                    proptest::prop_assert_eq!(draft.body.contains(&marker), shown && other_member, "{} in:\n{}", marker, draft.body);
                }
                proptest::prop_assert!(!draft.body.contains(&format!("p{row}@example.org")), "an address leaked");
            }
        }
    }

    /// Any text is a template or a list of errors with a real position; reading never panics.
    #[test]
    fn any_text_reads_as_a_template_or_errors_with_positions(text in "(\\PC|\\{\\{|\\}\\}|\\{%|%\\}|\n| ){0,80}") {
        if let Err(errors) = circle_composer::send::EmailTemplate::parse(&text) {
            proptest::prop_assert!(!errors.is_empty());
            for error in errors {
                proptest::prop_assert!(error.line >= 1 && error.line <= text.lines().count().max(1) + 1, "{:?} in {:?}", error, text);
                proptest::prop_assert!(error.column >= 1);
            }
        }
    }
}

//! Import: dialect, header repair, ragged rows, roles, and a round trip of any text.

use circle_composer::import::{ImportReport, ProblemKind, import, suggest_role};
use circle_composer::model::{ColumnRole, RecordId};
use circle_composer::sample::SAMPLE_CSV;
use expect_test::{Expect, expect};
use proptest::prelude::*;

/// Renders what an organizer would need to see of a report, one fact per line.
fn describe(report: &ImportReport) -> String {
    let mut out = format!(
        "delimiter {:?}, {}{}\n",
        report.dialect.delimiter,
        report.dialect.encoding.name(),
        if report.dialect.bom { ", BOM" } else { "" }
    );
    for column in &report.columns {
        out += &format!("column {} {:?} = {}\n", column.index, column.header, column.role.label());
    }
    for record in &report.records {
        out += &format!("record {} line {}: {:?}\n", record.record, record.line, record.fields);
    }
    for problem in &report.problems {
        out += &format!(
            "problem {}: {}\n",
            serde_json::to_value(problem.kind).unwrap().as_str().unwrap(),
            problem.message
        );
    }
    out
}

/// Every file in `tests/data/import/` against its `.expected` golden (written with UPDATE_EXPECT=1),
/// plus the report's invariants.
#[test]
fn catalog_of_tricky_inputs() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/import");
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_none_or(|e| e != "expected"))
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 25, "the catalog has {} inputs", inputs.len());
    let mut mismatches = Vec::new();
    for input in &inputs {
        let report = import(&std::fs::read(input).unwrap());
        for (index, record) in report.records.iter().enumerate() {
            assert_eq!(record.record, RecordId(index as u32 + 1), "{}", input.display());
            assert_eq!(record.fields.len(), report.columns.len(), "{}", input.display());
        }
        let actual = describe(&report);
        let golden = input.with_file_name(format!("{}.expected", input.file_name().unwrap().to_string_lossy()));
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            std::fs::write(&golden, &actual).unwrap();
        } else if std::fs::read_to_string(&golden).ok().as_deref() != Some(actual.as_str()) {
            mismatches.push(format!("{}:\n{actual}", golden.display()));
        }
    }
    assert!(mismatches.is_empty(), "goldens differ (UPDATE_EXPECT=1 rewrites them):\n{}", mismatches.join("\n"));
}

fn check(input: &str, expected: Expect) {
    expected.assert_eq(&describe(&import(input.as_bytes())));
}

#[test]
fn sample_imports_every_record_with_its_roles() {
    let report = import(SAMPLE_CSV);
    assert_eq!(report.records.len(), 86);
    // The sample's only blemish: one email address typed with a trailing space.
    let kinds: Vec<ProblemKind> = report.problems.iter().map(|p| p.kind).collect();
    assert_eq!(kinds, [ProblemKind::Whitespace], "{:?}", report.problems);
    let roles: Vec<ColumnRole> = report.columns.iter().map(|c| c.role).collect();
    use ColumnRole::*;
    assert_eq!(roles, [Ignore, Name, Email, Location, Role, Company, Pronouns, Identity, Availability, Notes]);
    // The multi-line note is one record, so record numbers and line numbers part ways after it.
    let last = report.records.last().unwrap();
    assert_eq!((last.record, last.line), (RecordId(86), 88));
}

#[test]
fn bom_quotes_and_line_breaks() {
    check(
        "\u{FEFF}Name,Email,Note\r\nAna,ana@example.com,\"Hello, \"\"world\"\"\nsecond line\"\r\n\r\nBo,bo@example.com,\r\n",
        expect![[r#"
            delimiter ",", UTF-8, BOM
            column 0 "Name" = name
            column 1 "Email" = email
            column 2 "Note" = notes
            record 1 line 2: ["Ana", "ana@example.com", "Hello, \"world\"\nsecond line"]
            record 2 line 5: ["Bo", "bo@example.com", ""]
        "#]],
    );
}

#[test]
fn ragged_rows_are_kept_and_reported() {
    check(
        "Name;Email\nAna;ana@example.com;extra\nBo\n",
        expect![[r#"
            delimiter ";", UTF-8
            column 0 "Name" = name
            column 1 "Email" = email
            column 2 "(extra 1)" = ignore
            record 1 line 2: ["Ana", "ana@example.com", "extra"]
            record 2 line 3: ["Bo", "", ""]
            problem field-count: Record 1 (line 2) has 3 fields but the header has 2: the extra values are kept in new columns.
            problem field-count: Record 2 (line 3) has 1 field but the header has 2: the missing values were left empty.
            problem missing-email: Record 2 (line 3) has no email address.
        "#]],
    );
}

#[test]
fn blank_and_repeated_headers_get_visible_names() {
    check(
        "Name,,Name\tx\nA,B,C\n",
        expect![[r#"
            delimiter ",", UTF-8
            column 0 "Name" = name
            column 1 "Column 2" = ignore
            column 2 "Name\tx" = ignore
            record 1 line 2: ["A", "B", "C"]
            problem header: Column 2 has no header; it is called "Column 2".
        "#]],
    );
    let report = import(b"Email,Email\na@example.com,b@example.com\n");
    assert_eq!(report.columns[1].header, "Email (2)");
    assert!(report.problems[0].message.contains("appears more than once"));
}

#[test]
fn empty_and_header_only_files_say_so() {
    check(
        "  \n",
        expect![[r#"
            delimiter ",", UTF-8
            problem unreadable: The file is empty: export the responses as CSV and try again.
        "#]],
    );
    let report = import(b"Name,Email\n");
    assert!(report.records.is_empty());
    assert_eq!(report.problems[0].message, "The file has a header row but no responses below it.");
}

#[test]
fn latin1_bytes_are_read_as_windows_1252() {
    let report = import(b"Name,City\nJos\xE9,M\xFCnchen\n");
    assert_eq!(report.dialect.encoding.name(), "windows-1252");
    assert_eq!(report.records[0].fields, ["Jos\u{e9}", "M\u{fc}nchen"]);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[test]
fn consent_questions_are_not_the_email_column() {
    assert_eq!(suggest_role("Email address"), ColumnRole::Email);
    assert_eq!(suggest_role("Email consent"), ColumnRole::Ignore);
    assert_eq!(suggest_role("Okay to share my email?"), ColumnRole::Ignore);
    assert_eq!(suggest_role("Company name"), ColumnRole::Company);
    assert_eq!(suggest_role("First name"), ColumnRole::FirstName);
    assert_eq!(suggest_role("Timestamp"), ColumnRole::Ignore);
    assert_eq!(suggest_role("Which times work for you?"), ColumnRole::Availability);
}

proptest! {
    /// Whatever text the csv crate writes, the import reads back exactly, record for record.
    #[test]
    fn records_written_by_csv_round_trip(
        rows in prop::collection::vec(prop::collection::vec("\\PC{0,12}|[,;\"\\n\\r ]{0,4}", 3), 1..12),
        delimiter in prop::sample::select(vec![b',', b';', b'\t']),
    ) {
        let mut writer = csv::WriterBuilder::new().delimiter(delimiter).quote_style(csv::QuoteStyle::Always).from_writer(Vec::new());
        writer.write_record(["Name", "Email", "City"]).unwrap();
        for row in &rows {
            writer.write_record(row).unwrap();
        }
        let bytes = writer.into_inner().unwrap();
        let report = import(&bytes);
        let fields: Vec<Vec<String>> = report.records.iter().map(|r| r.fields.clone()).collect();
        prop_assert_eq!(fields, rows);
        prop_assert_eq!(report.dialect.delimiter, (delimiter as char).to_string());
    }
}

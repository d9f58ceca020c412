//! Import: dialect, header repair, ragged rows, roles, and a round trip of any text.

use circle_composer::import::{
    ImportInTransit, ImportOptions, ImportReport, ProblemKind, import, import_with, suggest_role,
};
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
    if report.empty_rows > 0 {
        out += &format!("empty rows: {}\n", report.empty_rows);
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
        let mut actual = describe(&report);
        // A runaway quote's golden shows the re-read the organizer is offered, too.
        if let Some(quote) = &report.runaway_quote {
            let options = ImportOptions { literal_quote_line: Some(quote.line), ..ImportOptions::default() };
            actual += &format!("\nre-read with the quote on line {} as a character:\n", quote.line);
            actual += &describe(&import_with(&std::fs::read(input).unwrap(), &options));
        }
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
    /// Whatever text the csv crate writes, the import reads back exactly, record for record, except
    /// rows with no values, which are counted and left out.
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
        let (people, empty): (Vec<Vec<String>>, Vec<Vec<String>>) =
            rows.into_iter().partition(|row| row.iter().any(|cell| !cell.trim().is_empty()));
        prop_assert_eq!(fields, people);
        prop_assert_eq!(report.empty_rows, empty.len());
        prop_assert_eq!(report.dialect.delimiter, (delimiter as char).to_string());
    }
}

fn catalog(name: &str) -> Vec<u8> {
    std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/import").join(name)).unwrap()
}

#[test]
fn legacy_encodings_are_detected_not_refused() {
    let japanese = import(&catalog("shift-jis-japanese-excel.csv"));
    assert_eq!(japanese.dialect.encoding.name(), "Shift_JIS");
    assert_eq!(japanese.records[0].fields[0], "山田 太郎");
    let chinese = import(&catalog("gb18030-chinese.csv"));
    assert_eq!(chinese.records[1].fields[0], "李娜", "not garbled");
    let mac = import(&catalog("mac-roman-excel-mac.csv"));
    assert_eq!(mac.records[0].fields[0], "Zoë Müller");
    for report in [&japanese, &chinese, &mac] {
        assert!(report.problems.is_empty(), "{:?}", report.problems);
    }
}

#[test]
fn one_stray_byte_is_reported_where_it_is_and_garbles_nothing_else() {
    let report = import(&catalog("utf8-with-one-latin1-byte.csv"));
    assert_eq!(report.dialect.encoding.name(), "UTF-8");
    assert_eq!(report.records[0].fields[0], "José García");
    let encoding: Vec<_> = report.problems.iter().filter(|p| p.kind == ProblemKind::Encoding).collect();
    assert_eq!(encoding.len(), 2, "the file's count, then the cell: {encoding:?}");
    assert_eq!(
        (encoding[1].record, encoding[1].line, encoding[1].column.as_deref()),
        (Some(RecordId(37)), Some(38), Some("City"))
    );
}

#[test]
fn invisible_characters_and_mailto_are_repaired_and_duplicates_found_through_them() {
    let report = import(&catalog("email-invisible-characters-and-two-addresses.csv"));
    let of =
        |kind| report.problems.iter().filter(move |p| p.kind == kind).map(|p| p.record.unwrap().0).collect::<Vec<_>>();
    assert_eq!(of(ProblemKind::EmailRepaired), [1, 3, 4, 7, 8]);
    assert_eq!(of(ProblemKind::DuplicateEmail), [2, 6], "a zero-width space and NFD spelling hide no duplicate");
    assert!(of(ProblemKind::MalformedEmail).is_empty(), "mailto: and <…> are repaired, not malformed");
    let applicants = circle_composer::import::applicants(&report);
    assert_eq!(applicants[0].email, "ed@example.com");
    assert_eq!(applicants[2].email, "fay@example.com");
    assert_eq!(applicants[3].email, "gus@example.com");
    assert_eq!(report.same_email_as(RecordId(1)), [RecordId(2)]);
}

#[test]
fn files_that_are_not_csv_are_refused_in_one_sentence_whatever_their_name() {
    for (file, starts) in [
        ("api-download-json-saved-as.csv", "This is JSON data"),
        ("excel-2003-xml-spreadsheet.xls", "This is an Excel 2003 XML spreadsheet"),
        ("html-table-saved-as.xls", "This is a web page (HTML)"),
        ("phone-photo.heic", "This is a HEIC photo"),
    ] {
        let report = import(&catalog(file));
        assert!(report.records.is_empty(), "{file}");
        assert_eq!(report.problems.len(), 1, "{file}");
        assert!(report.problems[0].message.starts_with(starts), "{file}: {}", report.problems[0].message);
        assert!(report.problems[0].message.contains("File → Download"), "says how to get the CSV");
    }
}

#[test]
fn a_short_title_row_is_not_taken_for_the_header() {
    let report = import(&catalog("short-title-row-above-header.csv"));
    assert_eq!(report.records.len(), 12);
    assert_eq!(report.columns.len(), 5);
    assert!(report.problems.iter().all(|p| p.kind == ProblemKind::AboveHeader), "{:?}", report.problems);
}

#[test]
fn rows_of_only_delimiters_are_not_applicants_but_are_counted() {
    let report = import(&catalog("excel-used-range-empty-rows.csv"));
    assert_eq!((report.records.len(), report.empty_rows), (6, 20));
    let empty: Vec<_> = report.problems.iter().filter(|p| p.kind == ProblemKind::EmptyRows).collect();
    assert_eq!(empty.len(), 1, "reported once");
    assert_eq!(empty[0].message, "20 empty rows (lines 8–27) are not applicants; they were left out.");
    assert_eq!(circle_composer::import::applicants(&report).len(), 6, "nobody blank is composed");
}

/// The page reads large files in its worker: every report of the catalog, problems with and
/// without a record, line or column, and a runaway quote, crosses the worker's codec intact.
#[test]
fn every_catalog_import_crosses_the_worker_codec_intact() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/import");
    let (mut with_record, mut without_record, mut quotes) = (0, 0, 0);
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "expected") {
            continue;
        }
        let report = import(&std::fs::read(&path).unwrap());
        with_record += report.problems.iter().filter(|p| p.record.is_some()).count();
        without_record += report.problems.iter().filter(|p| p.record.is_none()).count();
        quotes += usize::from(report.runaway_quote.is_some());
        let bytes = bincode::serialize(&ImportInTransit::from(report.clone())).unwrap();
        let crossed = bincode::deserialize::<ImportInTransit>(&bytes).unwrap().into_report();
        assert_eq!(crossed, report, "{}", path.display());
    }
    assert!(with_record > 0 && without_record > 0 && quotes > 0, "{with_record}, {without_record}, {quotes}");
}

#[test]
fn a_quote_that_never_closes_is_named_and_a_literal_reading_is_offered() {
    let bytes = catalog("stray-quote-swallows-rows.csv");
    let report = import(&bytes);
    assert_eq!(report.records.len(), 5, "the quote swallowed the rest");
    let quote = report.runaway_quote.clone().expect("the runaway quote is found");
    assert_eq!((quote.line, quote.end_line, quote.closed, quote.record), (6, 41, false, RecordId(5)));
    let reread = import_with(&bytes, &ImportOptions { literal_quote_line: Some(6), ..ImportOptions::default() });
    assert_eq!(reread.records.len(), 40);
    assert!(reread.records[4].fields[3].starts_with('"'), "the quote is kept as a character");
    assert_eq!(reread.runaway_quote, None);
    // A long answer over several lines is not a runaway quote.
    let essay = "Name,Email,Notes\nAna,ana@example.com,\"I like:\nhiking\nbooks\nand tea\"\nBo,bo@example.com,\n";
    assert_eq!(import(essay.as_bytes()).runaway_quote, None);
}

#[test]
fn a_row_of_ten_thousand_fields_does_not_multiply_every_record() {
    let mut text = String::from("Name,Email,City,Company,Role\n");
    for i in 0..50 {
        text += &format!("P{i},p{i}@example.org,SF,Acme,PM\n");
    }
    text += &format!("Wide,wide@example.org{}\n", ",x".repeat(10_000));
    let report = import(text.as_bytes());
    assert_eq!(report.records.len(), 51);
    assert_eq!(report.columns.len(), 5 + 20, "at most 20 extra columns");
    let last = &report.records[50].fields;
    assert_eq!(last[24].matches('x').count(), 10_002 - 24 + 2 - 2, "the rest of the row, joined, nothing lost");
    let json = serde_json::to_string(&report).unwrap();
    assert!(json.len() < 200_000, "{} bytes of JSON", json.len());
}

#[test]
fn an_export_padded_to_column_xfd_is_read_at_its_real_width() {
    let padding = ",".repeat(16_380);
    let mut text = format!("Name,Email,City,Role{padding}\n");
    for i in 0..30 {
        text += &format!("P{i},p{i}@example.org,SF,PM{padding}\n");
    }
    let report = import(text.as_bytes());
    assert_eq!((report.records.len(), report.columns.len()), (30, 4));
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    // Blank headers over columns with values are named, and reported together.
    let named: Vec<String> = (1..=12).map(|i| format!("Q{i}")).collect();
    let mut text = format!("{}{}\n", named.join(","), ",".repeat(8));
    for _ in 0..3 {
        text += &format!("{}\n", vec!["v"; 20].join(","));
    }
    let report = import(text.as_bytes());
    let headers: Vec<_> = report.problems.iter().filter(|p| p.kind == ProblemKind::Header).collect();
    assert_eq!(headers.len(), 1, "grouped");
    assert_eq!(headers[0].message, "8 columns have no header (13–20); each is called \"Column\" and its number.");
}

#[test]
fn many_problems_of_one_kind_are_listed_up_to_a_limit_and_counted() {
    let mut text = String::from("Name,Email,Note\n");
    for i in 0..1_000 {
        text += &format!("P{i},not-an-email,=HYPERLINK(\"x\")\n");
    }
    let report = import(text.as_bytes());
    for kind in [ProblemKind::MalformedEmail, ProblemKind::FormulaLike] {
        let of_kind: Vec<_> = report.problems.iter().filter(|p| p.kind == kind).collect();
        assert_eq!(of_kind.len(), 201, "{kind:?}");
        assert_eq!(
            of_kind[200].message,
            "800 more problems like the ones above from line 202 on (not listed one by one)."
        );
    }
}

#[test]
fn the_quote_read_as_a_character_is_the_one_that_never_closes_on_its_line() {
    let mut text = String::from("Name,Email,Notes\n");
    text += "\"Lima, Ana\",ana@example.com,\"started a quote\n";
    for i in 0..6 {
        text += &format!("P{i},p{i}@example.org,fine\n");
    }
    let report = import(text.as_bytes());
    let quote = report.runaway_quote.clone().expect("found");
    assert_eq!(quote.line, 2);
    let reread =
        import_with(text.as_bytes(), &ImportOptions { literal_quote_line: Some(2), ..ImportOptions::default() });
    assert_eq!(reread.records.len(), 7);
    assert_eq!(reread.records[0].fields[0], "Lima, Ana", "the closed quote still quotes");
    assert_eq!(reread.records[0].fields[2], "\"started a quote");
}

#[test]
fn a_role_change_leaves_the_problems_as_checking_every_record_again_would() {
    // A change that moves neither the names nor the email skips the check of every record (so
    // does restoring a project's roles): the problems must be what a full check gives, for every
    // column and role, from two starts.
    let messy = "Name,Email,Company,Role\n,a@x.org,Acme,CTO\nB, b@x.org,Acme,VP\nC,c@x,Initech,\nD,a@x.org,,Lead\n";
    for file in [SAMPLE_CSV, messy.as_bytes()] {
        let start = import(file);
        for column in 0..start.columns.len() {
            for role in ColumnRole::ALL {
                let mut changed = start.clone();
                changed.set_role(column, role);
                // The reference checks every record: by way of no column having a role, so that
                // the names and the email move both times.
                let roles: Vec<(ColumnRole, Option<String>)> =
                    changed.columns.iter().map(|c| (c.role, c.separator.clone())).collect();
                let mut checked = start.clone();
                checked.restore_roles(&vec![(ColumnRole::Ignore, None); roles.len()]);
                checked.restore_roles(&roles);
                assert_eq!(changed.problems, checked.problems, "column {column} as {role:?}");
            }
        }
    }
}

//! csv-spectrum, a public suite of CSV parser cases (npm package `csv-spectrum`, installed by
//! `.ci/setup --test` into tests/e2e/node_modules): every case imports to exactly its records.

use std::path::PathBuf;

use circle_composer::import::import;
use serde_json::Value;

/// Cells where the suite's JSON disagrees with its own CSV, and what the CSV really says.
/// csv-spectrum 2.0.0's location_coordinates.json has the phone number 1234567890 while
/// location_coordinates.csv has 2095257564; the importer must return what the file holds.
const ERRATA: [(&str, &str, &str); 1] = [("location_coordinates", "Contact Phone Number", "2095257564")];

fn suite_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/node_modules/csv-spectrum")
}

#[test]
fn every_case_imports_to_its_expected_records() {
    let csv_dir = suite_dir().join("csvs");
    let entries = std::fs::read_dir(&csv_dir)
        .unwrap_or_else(|e| panic!("csv-spectrum is missing at {} ({e}): run .ci/setup --test", csv_dir.display()));
    let mut cases: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    cases.sort();
    assert!(cases.len() >= 12, "csv-spectrum has {} cases", cases.len());
    for case in &cases {
        let name = case.file_stem().unwrap().to_string_lossy().into_owned();
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(suite_dir().join(format!("json/{name}.json"))).unwrap())
                .unwrap();
        // One case stores its single record as an object rather than an array of one.
        let expected: Vec<Value> = match expected {
            Value::Array(records) => records,
            record => vec![record],
        };
        let report = import(&std::fs::read(case).unwrap());
        assert_eq!(report.records.len(), expected.len(), "{name}: record count");
        for (record, wanted) in report.records.iter().zip(&expected) {
            let wanted = wanted.as_object().unwrap();
            assert_eq!(record.fields.len(), wanted.len(), "{name}: fields of record {}", record.record);
            for column in &report.columns {
                let value = wanted
                    .get(&column.header)
                    .unwrap_or_else(|| panic!("{name}: unexpected column {:?}", column.header));
                let erratum = ERRATA.iter().find(|(case, header, _)| *case == name && *header == column.header);
                let expected = erratum.map_or(value.as_str(), |(_, _, actual)| Some(*actual));
                assert_eq!(
                    Some(record.fields[column.index].as_str()),
                    expected,
                    "{name}: record {} {:?}",
                    record.record,
                    column.header
                );
            }
        }
        assert!(!report.problems.iter().any(|p| p.kind == circle_composer::import::ProblemKind::FieldCount), "{name}");
    }
}

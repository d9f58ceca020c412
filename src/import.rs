//! CSV bytes → a table of records with detected dialect, suggested column roles and problems.
//!
//! Import never fails and never drops a record: whatever is wrong is repaired where it can be
//! (ragged rows padded, blank or repeated headers renamed) and reported as a [`Problem`] that names
//! the record, line and column. It does not decide who is grouped with whom; see `compose`.

mod applicants;
mod columns;
mod dialect;

use serde::{Deserialize, Serialize};

pub use applicants::applicants;
pub use columns::suggest_role;
pub use dialect::Dialect;

use crate::model::{ColumnRole, RecordId};

/// One column of the imported table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    /// Position in each record's `fields`, from 0.
    pub index: usize,
    /// The header text, made non-empty and unique.
    pub header: String,
    /// The suggested (or, later, confirmed) role.
    pub role: ColumnRole,
}

/// One data record as read, after the header.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// Its number, from 1 in file order.
    pub record: RecordId,
    /// The line of the file where it starts, from 1.
    pub line: u64,
    /// Exactly one value per column (short rows are padded with empty strings).
    pub fields: Vec<String>,
}

/// Something the organizer should know about the input, positioned as precisely as possible.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The record concerned, if the problem is about one record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<RecordId>,
    /// The line of the file, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// The column header, if the problem is about one column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// One sentence saying what is wrong and what was done about it.
    pub message: String,
}

/// The result of an import: the table, how it was read, and every problem met.
///
/// Invariant: every record has `columns.len()` fields; records are numbered 1, 2, … with no gap.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    /// How the bytes were decoded and split.
    pub dialect: Dialect,
    /// The header, one entry per column.
    pub columns: Vec<Column>,
    /// Every data record.
    pub records: Vec<Record>,
    /// Everything repaired or doubtful, in file order.
    pub problems: Vec<Problem>,
}

impl ImportReport {
    /// The first column with `role`, if any.
    pub fn column_with(&self, role: ColumnRole) -> Option<&Column> {
        self.columns.iter().find(|column| column.role == role)
    }
}

/// Reads a CSV export. Never fails: an unusable input gives a report with no records and a problem.
pub fn import(bytes: &[u8]) -> ImportReport {
    let mut problems = Vec::new();
    let (text, encoding, bom) = dialect::decode(bytes, &mut problems);
    if text.trim().is_empty() {
        problems.push(Problem {
            record: None,
            line: None,
            column: None,
            message: "The file is empty: export the responses as CSV and try again.".to_owned(),
        });
        return ImportReport {
            dialect: Dialect { delimiter: ",".to_owned(), encoding, bom },
            problems,
            ..ImportReport::default()
        };
    }
    let delimiter = dialect::sniff_delimiter(&text);
    let dialect = Dialect { delimiter: (delimiter as char).to_string(), encoding, bom };

    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());

    let mut header: Option<Vec<String>> = None;
    let mut records = Vec::new();
    let mut raw = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut raw) {
            Ok(false) => break,
            Ok(true) => {}
            Err(error) => {
                // Decoded text is valid UTF-8, so the only errors left are IO ones, which a
                // slice reader does not produce; report rather than assume.
                problems.push(Problem {
                    record: None,
                    line: error.position().map(|p| p.line()),
                    column: None,
                    message: format!("Reading stopped early: {error}."),
                });
                break;
            }
        }
        let line = raw.position().map_or(0, |p| p.line());
        let fields: Vec<String> = raw.iter().map(str::to_owned).collect();
        if header.is_none() {
            header = Some(fields);
            continue;
        }
        let record = RecordId(records.len() as u32 + 1);
        records.push(Record { record, line, fields });
    }

    let header = header.unwrap_or_default();
    let mut headers = columns::unique_headers(&header, &mut problems);
    if records.is_empty() {
        problems.push(Problem {
            record: None,
            line: None,
            column: None,
            message: "The file has a header row but no responses below it.".to_owned(),
        });
    }

    // Records longer than the header keep their extra values in new columns, so nothing is lost.
    let widest = records.iter().map(|r| r.fields.len()).max().unwrap_or(0);
    for extra in headers.len()..widest {
        headers.push(format!("(extra {})", extra + 1 - header.len()));
    }
    for record in &mut records {
        let found = record.fields.len();
        if found != header.len() {
            let what = if found < header.len() {
                "missing values were left empty"
            } else {
                "the extra values are kept in new columns"
            };
            problems.push(Problem {
                record: Some(record.record),
                line: Some(record.line),
                column: None,
                message: format!(
                    "Record {} (line {}) has {found} fields but the header has {}: {what}.",
                    record.record,
                    record.line,
                    header.len()
                ),
            });
        }
        record.fields.resize(headers.len(), String::new());
    }

    let columns = columns::suggest_roles(headers);
    ImportReport { dialect, columns, records, problems }
}

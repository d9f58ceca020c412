//! CSV bytes → a table of records with the detected dialect, suggested column roles and problems.
//!
//! Import never fails and never drops a record: whatever is wrong is repaired where it can be
//! (ragged rows padded, blank or repeated headers renamed) and reported as a [`Problem`] naming the
//! record, line and column. A file that cannot be a CSV export at all (an image, a workbook, an
//! empty or oversized file) gives no records and one problem saying what to do. Grouping is not
//! decided here; see `compose`.

mod applicants;
mod columns;
mod dialect;
mod encoding;
mod validate;

use serde::{Deserialize, Serialize};

pub use applicants::applicants;
pub use columns::suggest_role;
pub use dialect::{DELIMITERS, Dialect};
pub use encoding::TextEncoding;
pub use validate::{is_plausible_email, looks_like_formula};

use crate::model::{ColumnRole, RecordId};

/// Largest file read: bigger exports are refused with a message rather than freezing the tab.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;
/// Most applicants read.
pub const MAX_RECORDS: usize = 20_000;

/// The organizer's corrections to what detection guessed; `None` means "detect".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportOptions {
    /// The text encoding.
    pub encoding: Option<TextEncoding>,
    /// The field delimiter (an ASCII character).
    pub delimiter: Option<u8>,
    /// The header row, from 0, counting the file's rows.
    pub header_row: Option<usize>,
}

/// One column of the imported table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    /// Position in each record's `fields`, from 0.
    pub index: usize,
    /// The header text, made non-empty and unique.
    pub header: String,
    /// The suggested role, or the organizer's choice once changed.
    pub role: ColumnRole,
    /// For multi-select answers (availability, identity): what separates the answers in a cell.
    /// Always written (even as null): the web worker's binary codec cannot skip fields.
    #[serde(default)]
    pub separator: Option<String>,
}

impl Column {
    /// The separate answers in a cell: split on the separator when there is one, trimmed, empty
    /// answers left out.
    pub fn answers<'a>(&self, cell: &'a str) -> Vec<&'a str> {
        let parts: Vec<&str> = match self.separator.as_deref() {
            Some(separator) if !separator.is_empty() => cell.split(separator).collect(),
            _ => vec![cell],
        };
        parts.into_iter().map(str::trim).filter(|answer| !answer.is_empty()).collect()
    }
}

/// One data record as read, after the header.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// Its number, from 1 in file order.
    pub record: RecordId,
    /// The line of the file where it starts, from 1.
    pub line: u64,
    /// Exactly one value per column, byte for byte as in the file (short rows padded with "").
    pub fields: Vec<String>,
}

/// What kind of problem, as a stable name for scripts and tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProblemKind {
    /// Nothing could be imported (not text, empty, too large, no records).
    Unreadable,
    /// Invalid byte sequences were replaced.
    Encoding,
    /// Rows above the header were not read as applicants.
    AboveHeader,
    /// A header was blank or repeated and got a new name.
    Header,
    /// A record had more or fewer fields than the header.
    FieldCount,
    /// A record has no name.
    MissingName,
    /// A record has no email address.
    MissingEmail,
    /// An email address does not look like one.
    MalformedEmail,
    /// Spaces around a value that matters were trimmed.
    Whitespace,
    /// Two records share an email address.
    DuplicateEmail,
    /// A cell starts like a spreadsheet formula; it is kept as plain text.
    FormulaLike,
}

impl ProblemKind {
    /// Whether this kind depends on the column roles (and is recomputed when they change).
    fn depends_on_roles(self) -> bool {
        matches!(
            self,
            ProblemKind::MissingName
                | ProblemKind::MissingEmail
                | ProblemKind::MalformedEmail
                | ProblemKind::Whitespace
                | ProblemKind::DuplicateEmail
        )
    }
}

/// Something the organizer should know about the input, positioned as precisely as possible.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// What kind of problem.
    pub kind: ProblemKind,
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

impl Problem {
    fn about_file(kind: ProblemKind, message: impl Into<String>) -> Self {
        Problem { kind, record: None, line: None, column: None, message: message.into() }
    }
}

/// The result of an import: the table, how it was read, and every problem met.
///
/// Invariant: every record has `columns.len()` fields; records are numbered 1, 2, … with no gap;
/// problems are in file order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    /// How the bytes were decoded and split.
    pub dialect: Dialect,
    /// The header, one entry per column.
    pub columns: Vec<Column>,
    /// Every data record.
    pub records: Vec<Record>,
    /// Everything repaired or doubtful.
    pub problems: Vec<Problem>,
}

impl ImportReport {
    /// The first column with `role`, if any.
    pub fn column_with(&self, role: ColumnRole) -> Option<&Column> {
        self.columns.iter().find(|column| column.role == role)
    }

    /// Gives a column a role, taking it from another column if the role is single-valued, and
    /// recomputes the problems that depend on roles. Ignores a column index out of range.
    pub fn set_role(&mut self, column: usize, role: ColumnRole) {
        if column >= self.columns.len() {
            return;
        }
        if role.is_single() {
            for other in self.columns.iter_mut().filter(|c| c.role == role) {
                other.role = ColumnRole::Ignore;
            }
        }
        self.columns[column].role = role;
        self.columns[column].separator = columns::default_separator(role);
        self.revalidate();
    }

    /// Changes what separates answers in a multi-select column.
    pub fn set_separator(&mut self, column: usize, separator: Option<String>) {
        if let Some(column) = self.columns.get_mut(column) {
            column.separator = separator.filter(|s| !s.is_empty());
        }
    }

    /// The other records with the same email address as `record` (compared trimmed and
    /// case-insensitively), in file order. Empty when it has no email or no email column.
    pub fn same_email_as(&self, record: RecordId) -> Vec<RecordId> {
        let Some(email) = self.column_with(ColumnRole::Email).map(|c| c.index) else { return Vec::new() };
        let key = |r: &Record| r.fields[email].trim().to_lowercase();
        let Some(wanted) = self.records.iter().find(|r| r.record == record).map(key).filter(|k| !k.is_empty()) else {
            return Vec::new();
        };
        self.records.iter().filter(|r| r.record != record && key(r) == wanted).map(|r| r.record).collect()
    }

    fn revalidate(&mut self) {
        self.problems.retain(|p| !p.kind.depends_on_roles());
        self.problems.extend(validate::record_problems(&self.columns, &self.records));
        self.problems.sort_by_key(|p| (p.line.unwrap_or(0), p.kind));
    }
}

/// Reads a CSV export, detecting everything. Never fails.
pub fn import(bytes: &[u8]) -> ImportReport {
    import_with(bytes, &ImportOptions::default())
}

/// Reads a CSV export with the organizer's corrections. Never fails.
pub fn import_with(bytes: &[u8], options: &ImportOptions) -> ImportReport {
    let refuse = |dialect: Dialect, message: String| ImportReport {
        dialect,
        problems: vec![Problem::about_file(ProblemKind::Unreadable, message)],
        ..ImportReport::default()
    };
    if bytes.len() > MAX_BYTES {
        return refuse(
            Dialect::default(),
            format!(
                "The file is {:.1} MB; Circle Composer reads up to 10 MB (about {MAX_RECORDS} applicants). \
                 Remove columns you do not need, or split the file.",
                bytes.len() as f64 / 1_048_576.0
            ),
        );
    }
    if let Some(message) = encoding::refusal(bytes) {
        return refuse(Dialect::default(), message);
    }
    let decoded = encoding::decode(bytes, options.encoding);
    let mut dialect = Dialect { encoding: decoded.encoding, bom: decoded.bom, ..Dialect::default() };
    if decoded.text.trim().is_empty() {
        return refuse(dialect, "The file is empty: export the responses as CSV and try again.".to_owned());
    }
    if encoding::looks_binary(&decoded.text) {
        return refuse(
            dialect,
            "This file does not look like text: choose the CSV export of the form's responses.".to_owned(),
        );
    }
    let mut problems = Vec::new();
    if decoded.had_errors {
        let replaced = decoded.text.matches('\u{FFFD}').count();
        problems.push(Problem::about_file(
            ProblemKind::Encoding,
            format!(
                "Some bytes are not valid {}: {replaced} characters were replaced with \u{FFFD}. \
                 If names look wrong, choose another encoding.",
                decoded.encoding.name()
            ),
        ));
    }

    let delimiter = options.delimiter.unwrap_or_else(|| dialect::sniff_delimiter(&decoded.text));
    dialect.delimiter = (delimiter as char).to_string();
    let rows = read_rows(&decoded.text, delimiter, &mut problems);
    let header_row =
        options.header_row.unwrap_or_else(|| dialect::find_header_row(&rows.fields)).min(rows.fields.len());
    dialect.header_row = header_row;
    for (skipped, line) in rows.fields.iter().zip(&rows.lines).take(header_row) {
        let text = skipped.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ");
        problems.push(Problem {
            kind: ProblemKind::AboveHeader,
            record: None,
            line: Some(*line),
            column: None,
            message: if text.is_empty() {
                format!("Line {line} is blank and above the header row.")
            } else {
                format!("Line {line} (\"{}\") is above the header row, so it is not an applicant.", shorten(&text, 60))
            },
        });
    }

    let mut rows_after = rows.fields.into_iter().zip(rows.lines).skip(header_row);
    let Some((header, header_line)) = rows_after.next() else {
        return refuse(dialect, "The file has no rows to read.".to_owned());
    };
    if rows_after.len() > MAX_RECORDS {
        return refuse(
            dialect,
            format!(
                "The file has {} records; Circle Composer reads up to {MAX_RECORDS}. Split it into smaller files.",
                rows_after.len()
            ),
        );
    }
    let mut records: Vec<Record> = rows_after
        .enumerate()
        .map(|(index, (fields, line))| Record { record: RecordId(index as u32 + 1), line, fields })
        .collect();
    if records.is_empty() {
        problems
            .push(Problem::about_file(ProblemKind::Unreadable, "The file has a header row but no responses below it."));
    }

    let mut headers = columns::unique_headers(&header, header_line, &mut problems);
    // Records longer than the header keep their extra values in new columns, so nothing is lost.
    let widest = records.iter().map(|r| r.fields.len()).max().unwrap_or(0);
    for extra in headers.len()..widest {
        headers.push(format!("(extra {})", extra + 1 - header.len()));
    }
    for record in &mut records {
        let found = record.fields.len();
        if found != header.len() {
            let what = if found < header.len() {
                "the missing values were left empty"
            } else {
                "the extra values are kept in new columns"
            };
            problems.push(Problem {
                kind: ProblemKind::FieldCount,
                record: Some(record.record),
                line: Some(record.line),
                column: None,
                message: format!(
                    "Record {} (line {}) has {found} field{} but the header has {}: {what}.",
                    record.record,
                    record.line,
                    if found == 1 { "" } else { "s" },
                    header.len()
                ),
            });
        }
        record.fields.resize(headers.len(), String::new());
    }

    let columns = columns::suggest_roles(headers);
    problems.extend(validate::formula_problems(&columns, &records));
    let mut report = ImportReport { dialect, columns, records, problems };
    report.revalidate();
    report
}

/// The file's rows as read, with the line where each starts.
struct Rows {
    fields: Vec<Vec<String>>,
    lines: Vec<u64>,
}

fn read_rows(text: &str, delimiter: u8, problems: &mut Vec<Problem>) -> Rows {
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let lines = LineIndex::new(text);
    let mut rows = Rows { fields: Vec::new(), lines: Vec::new() };
    let mut raw = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut raw) {
            Ok(false) => break,
            Ok(true) => {
                rows.lines.push(raw.position().map_or(0, |p| lines.line_at(p.byte() as usize)));
                rows.fields.push(raw.iter().map(str::to_owned).collect());
            }
            Err(error) => {
                // The text is valid UTF-8 and read from memory, so the csv crate has nothing left to
                // fail on; still, report rather than assume.
                problems.push(Problem {
                    kind: ProblemKind::Unreadable,
                    record: None,
                    line: error.position().map(|p| lines.line_at(p.byte() as usize)),
                    column: None,
                    message: format!("Reading stopped early: {error}."),
                });
                break;
            }
        }
    }
    rows
}

/// Line numbers from byte offsets, counting CRLF, LF and a lone CR each as one line break.
///
/// The csv crate's own line count only sees LF, and a record that follows a CRLF is reported on
/// the line before, so exports from Excel (CRLF) and old Mac files (CR) would get wrong lines.
struct LineIndex<'a> {
    text: &'a [u8],
    /// Byte offset where each line starts; the first line starts at 0.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for (index, &byte) in bytes.iter().enumerate() {
            let ends_line = byte == b'\n' || (byte == b'\r' && bytes.get(index + 1) != Some(&b'\n'));
            if ends_line {
                starts.push(index + 1);
            }
        }
        LineIndex { text: bytes, starts }
    }

    /// The line (from 1) of the record that the csv crate says starts at `offset`: its position
    /// can point at the line break before the record, so line breaks are skipped first.
    fn line_at(&self, offset: usize) -> u64 {
        let first = self.text[offset.min(self.text.len())..]
            .iter()
            .position(|&b| b != b'\r' && b != b'\n')
            .map_or(self.text.len(), |skip| offset + skip);
        self.starts.partition_point(|&start| start <= first) as u64
    }
}

/// At most `limit` characters, with an ellipsis when cut.
fn shorten(text: &str, limit: usize) -> String {
    match text.char_indices().nth(limit) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

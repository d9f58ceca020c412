//! CSV bytes → a table of records with the detected dialect, suggested column roles and problems.
//!
//! Import never fails and never drops a record with a value in it: whatever is wrong is repaired
//! where it can be (ragged rows padded, blank or repeated headers renamed) and reported as a
//! [`Problem`] naming the record, line and column; rows with no value are counted and reported. A file that cannot be a CSV export at all (an image, a workbook, an
//! empty or oversized file) gives no records and one problem saying what to do. Grouping is not
//! decided here; see `compose`.

mod applicants;
mod columns;
mod dialect;
mod encoding;
mod quotes;
mod validate;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use applicants::applicants;
pub use columns::suggest_role;
pub use dialect::{DELIMITERS, Dialect};
pub use encoding::TextEncoding;
pub use validate::{CleanEmail, clean_email, email_key, email_match_key, is_plausible_email, looks_like_formula};

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
    /// A line whose quote that opens a field is read as an ordinary character: the organizer's
    /// answer to a runaway quote (see [`RunawayQuote`]).
    #[serde(default)]
    pub literal_quote_line: Option<u64>,
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
    /// Rows with no values at all were left out.
    EmptyRows,
    /// A quote opened a field that swallowed many lines.
    RunawayQuote,
    /// An email address was repaired (invisible characters, `mailto:`) or a cell holds two.
    EmailRepaired,
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
                | ProblemKind::EmailRepaired
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
    /// Rows with no values that were left out (they are not applicants), counted so that nothing
    /// is hidden.
    #[serde(default)]
    pub empty_rows: usize,
    /// A quote that seems to have swallowed many lines, if one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runaway_quote: Option<RunawayQuote>,
}

/// A quote that opened a field and swallowed many lines of what look like other applicants:
/// one stray `"` at the start of a cell does that. Re-reading with
/// [`ImportOptions::literal_quote_line`] set to `line` reads it as an ordinary character.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunawayQuote {
    /// The line where the quote is.
    pub line: u64,
    /// The last line the field reaches.
    pub end_line: u64,
    /// Whether another quote closes it at all.
    pub closed: bool,
    /// The record that holds the swallowed lines.
    pub record: RecordId,
    /// Its column.
    pub column: String,
}

/// A problem's kind, record, line, column and message, every one written out.
type ProblemInTransit = (ProblemKind, Option<RecordId>, Option<u64>, Option<String>, String);

/// An import as it crosses from the page's worker, whose codec writes every field in order: the
/// fields the JSON outputs leave out when empty travel here always.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportInTransit {
    dialect: Dialect,
    columns: Vec<Column>,
    records: Vec<Record>,
    problems: Vec<ProblemInTransit>,
    empty_rows: usize,
    runaway_quote: Option<RunawayQuote>,
}

impl From<ImportReport> for ImportInTransit {
    fn from(report: ImportReport) -> Self {
        ImportInTransit {
            dialect: report.dialect,
            columns: report.columns,
            records: report.records,
            problems: report.problems.into_iter().map(|p| (p.kind, p.record, p.line, p.column, p.message)).collect(),
            empty_rows: report.empty_rows,
            runaway_quote: report.runaway_quote,
        }
    }
}

impl ImportInTransit {
    /// The import as it was read.
    pub fn into_report(self) -> ImportReport {
        ImportReport {
            dialect: self.dialect,
            columns: self.columns,
            records: self.records,
            problems: self
                .problems
                .into_iter()
                .map(|(kind, record, line, column, message)| Problem { kind, record, line, column, message })
                .collect(),
            empty_rows: self.empty_rows,
            runaway_quote: self.runaway_quote,
        }
    }
}

impl ImportReport {
    /// The first column with `role`, if any.
    pub fn column_with(&self, role: ColumnRole) -> Option<&Column> {
        self.columns.iter().find(|column| column.role == role)
    }

    /// Gives a column a role, taking it from another column if the role is single-valued, and
    /// recomputes the problems that depend on roles when the names or the email moved. Ignores a
    /// column index out of range.
    pub fn set_role(&mut self, column: usize, role: ColumnRole) {
        if column >= self.columns.len() {
            return;
        }
        if role.is_single() {
            for other in self.columns.iter_mut().filter(|c| c.role == role) {
                other.role = ColumnRole::Ignore;
            }
        }
        let checked = self.checked_columns();
        self.columns[column].role = role;
        self.columns[column].separator = columns::default_separator(role);
        if self.checked_columns() != checked {
            self.revalidate();
        }
    }

    /// The columns whose roles the record problems depend on (the names and the email): a role
    /// given elsewhere leaves the problems as they are, and reading 10,000 records again is spared.
    fn checked_columns(&self) -> [Option<usize>; 4] {
        [ColumnRole::Name, ColumnRole::FirstName, ColumnRole::LastName, ColumnRole::Email]
            .map(|role| self.column_with(role).map(|c| c.index))
    }

    /// Gives every column the role and separator a saved project had, in column order (columns
    /// beyond the list keep theirs), and recomputes the problems that depend on roles when the
    /// names or the email moved.
    pub fn restore_roles(&mut self, saved: &[(ColumnRole, Option<String>)]) {
        let checked = self.checked_columns();
        for (column, (role, separator)) in self.columns.iter_mut().zip(saved) {
            column.role = *role;
            column.separator = separator.clone();
        }
        if self.checked_columns() != checked {
            self.revalidate();
        }
    }

    /// Changes what separates answers in a multi-select column.
    pub fn set_separator(&mut self, column: usize, separator: Option<String>) {
        if let Some(column) = self.columns.get_mut(column) {
            column.separator = separator.filter(|s| !s.is_empty());
        }
    }

    /// The records that share an email address (compared as [`ImportReport::same_email_as`]
    /// does), each group in record order; records with no address are in none.
    pub fn email_groups(&self) -> Vec<Vec<RecordId>> {
        let Some(email) = self.column_with(ColumnRole::Email).map(|c| c.index) else { return Vec::new() };
        let mut groups: BTreeMap<String, Vec<RecordId>> = BTreeMap::new();
        for record in &self.records {
            let key = email_match_key(&record.fields[email]);
            if !key.is_empty() {
                groups.entry(key).or_default().push(record.record);
            }
        }
        groups.into_values().filter(|group| group.len() > 1).collect()
    }

    /// The other records with the same email address as `record` (compared as
    /// [`validate::email_key`] does: repaired, case-insensitively, Unicode-normalised), in file
    /// order. Empty when it has no email or no email column.
    pub fn same_email_as(&self, record: RecordId) -> Vec<RecordId> {
        let Some(email) = self.column_with(ColumnRole::Email).map(|c| c.index) else { return Vec::new() };
        let key = |r: &Record| email_match_key(&r.fields[email]);
        let Some(wanted) = self.records.iter().find(|r| r.record == record).map(key).filter(|k| !k.is_empty()) else {
            return Vec::new();
        };
        self.records.iter().filter(|r| r.record != record && key(r) == wanted).map(|r| r.record).collect()
    }

    fn revalidate(&mut self) {
        self.problems.retain(|p| !p.kind.depends_on_roles());
        self.problems.extend(capped(validate::record_problems(&self.columns, &self.records)));
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
                "Some bytes are not valid {}: {replaced} character{} {} replaced with \u{FFFD}. \
                 If names look wrong, choose another encoding.",
                decoded.encoding.name(),
                plural(replaced),
                if replaced == 1 { "was" } else { "were" }
            ),
        ));
    }

    // Excel's "sep=;" first line names the delimiter.
    let hint = dialect::separator_hint(&decoded.text);
    let delimiter = options.delimiter.or(hint).unwrap_or_else(|| dialect::sniff_delimiter(&decoded.text));
    dialect.delimiter = (delimiter as char).to_string();
    let literal = options.literal_quote_line.map(|line| quotes::LiteralQuote::find(&decoded.text, line, delimiter));
    let text = match &literal {
        Some(Some(quote)) => quote.hide(&decoded.text),
        Some(None) => {
            problems.push(Problem::about_file(
                ProblemKind::RunawayQuote,
                format!(
                    "No quote opens a field on line {}, so the file was read as it is.",
                    options.literal_quote_line.unwrap_or(0)
                ),
            ));
            std::borrow::Cow::Borrowed(decoded.text.as_str())
        }
        None => std::borrow::Cow::Borrowed(decoded.text.as_str()),
    };
    let mut rows = read_rows(&text, delimiter, &mut problems);
    if let Some(Some(quote)) = &literal {
        quote.restore(&mut rows.fields);
    }
    let header_row = options
        .header_row
        .unwrap_or_else(|| dialect::find_header_row(&rows.fields, &rows.widths))
        .min(rows.fields.len());
    dialect.header_row = header_row;
    for (index, (skipped, line)) in rows.fields.iter().zip(&rows.lines).take(header_row).enumerate() {
        let text = skipped.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ");
        problems.push(Problem {
            kind: ProblemKind::AboveHeader,
            record: None,
            line: Some(*line),
            column: None,
            message: if text.is_empty() {
                format!("Line {line} is blank and above the header row.")
            } else if let (0, Some(hint)) = (index, hint) {
                format!(
                    "Line {line} (\"sep={}\") names the delimiter for spreadsheets; it is not an applicant.",
                    char::from(hint)
                )
            } else {
                format!("Line {line} (\"{}\") is above the header row, so it is not an applicant.", shorten(&text, 60))
            },
        });
    }

    let header_width = rows.widths.get(header_row).copied().unwrap_or(0);
    let mut rows_after = rows.fields.into_iter().zip(rows.lines).zip(rows.widths).skip(header_row);
    let Some(((header, header_line), _)) = rows_after.next() else {
        return refuse(dialect, "The file has no rows to read.".to_owned());
    };
    let (rows_after, empty_lines) = leave_out_non_applicants(rows_after.collect(), &mut problems);
    if rows_after.len() > MAX_RECORDS {
        return refuse(
            dialect,
            format!(
                "The file has {} records; Circle Composer reads up to {MAX_RECORDS}. Split it into smaller files.",
                rows_after.len()
            ),
        );
    }
    let mut records: Vec<Record> = Vec::with_capacity(rows_after.len());
    let mut widths: Vec<usize> = Vec::with_capacity(rows_after.len());
    for (index, ((fields, line), width)) in rows_after.into_iter().enumerate() {
        records.push(Record { record: RecordId(index as u32 + 1), line, fields });
        widths.push(width);
    }
    if records.is_empty() {
        problems
            .push(Problem::about_file(ProblemKind::Unreadable, "The file has a header row but no responses below it."));
    }

    // The header keeps its empty cells as far as any record has values, so those columns get a
    // name; beyond that, empty header cells over empty columns are padding.
    let mut header = header;
    let widest = records.iter().map(|r| r.fields.len()).max().unwrap_or(0);
    header.resize(header.len().max(widest.min(header_width)), String::new());
    let mut headers = columns::unique_headers(&header, header_line, &mut problems);
    fit_records_to_header(&mut records, &widths, header_width, &mut headers, delimiter, &mut problems);
    let columns = columns::suggest_roles(headers);
    if decoded.had_errors {
        problems.extend(invalid_bytes(&columns, &records, decoded.encoding));
    }
    problems.extend(capped(validate::formula_problems(&columns, &records)));
    let runaway_quote = if literal.is_none() { quotes::runaway(&text, &columns, &records, delimiter) } else { None };
    if let Some(quote) = &runaway_quote {
        problems.push(quotes::problem(quote));
    }
    let mut report = ImportReport { dialect, columns, records, problems, empty_rows: empty_lines.len(), runaway_quote };
    report.revalidate();
    report
}

/// A row below the header with its line and its width in the file.
type RowBelow = ((Vec<String>, u64), usize);

/// Leaves out the rows below the header that are not applicants, each kind reported: rows that
/// describe the columns (survey tools write column identifiers or the kind of answer under the
/// header) and rows with no values (a spreadsheet writes ",,,," for every row of its used range).
/// Returns the applicants' rows and the empty rows' lines.
fn leave_out_non_applicants(mut rows: Vec<RowBelow>, problems: &mut Vec<Problem>) -> (Vec<RowBelow>, Vec<u64>) {
    while let Some(what) = rows.first().and_then(|((fields, _), _)| dialect::describes_columns(fields)) {
        let ((_, line), _) = rows.remove(0);
        problems.push(Problem {
            kind: ProblemKind::AboveHeader,
            record: None,
            line: Some(line),
            column: None,
            message: format!("Line {line} holds {what}, not an applicant; it was left out."),
        });
    }
    let (rows, empty): (Vec<_>, Vec<_>) =
        rows.into_iter().partition(|((fields, _), _)| fields.iter().any(|field| !field.trim().is_empty()));
    let empty_lines: Vec<u64> = empty.iter().map(|((_, line), _)| *line).collect();
    if !empty_lines.is_empty() {
        problems.push(Problem {
            kind: ProblemKind::EmptyRows,
            record: None,
            line: empty_lines.first().copied(),
            column: None,
            message: match empty_lines.len() {
                1 => format!("1 empty row (line {}) is not an applicant; it was left out.", empty_lines[0]),
                n => format!("{n} empty rows (lines {}) are not applicants; they were left out.", spans(&empty_lines)),
            },
        });
    }
    (rows, empty_lines)
}

/// Records longer than the header keep their extra values in new columns, so nothing is lost;
/// beyond [`MAX_EXTRA_COLUMNS`] of them, a record's further values share the last extra column
/// (so that one runaway row cannot multiply every record's width). Shorter records are padded.
fn fit_records_to_header(
    records: &mut [Record],
    widths: &[usize],
    header_width: usize,
    headers: &mut Vec<String>,
    delimiter: u8,
    problems: &mut Vec<Problem>,
) {
    let named = headers.len();
    let widest = records.iter().map(|r| r.fields.len()).max().unwrap_or(0).min(named + MAX_EXTRA_COLUMNS);
    for extra in named..widest {
        headers.push(format!("(extra {})", extra + 1 - named));
    }
    let mut reported = 0;
    for (record, &found) in records.iter_mut().zip(widths) {
        let over = record.fields.len() > headers.len();
        let kept = record.fields.len();
        if over {
            let rest: Vec<String> = record.fields.drain(headers.len() - 1..).collect();
            record.fields.push(rest.join(&(delimiter as char).to_string()));
        }
        // Trailing empty cells were never kept, so a row as wide as the header in the file but
        // with empty cells at the end is not short.
        let short = found < header_width;
        let long = record.fields.len() > named;
        if short || long {
            reported += 1;
            if reported <= MAX_PROBLEMS_OF_A_KIND {
                let what = if short {
                    "the missing values were left empty".to_owned()
                } else if over {
                    format!("the extra values are kept in new columns, the last {} in one", kept + 1 - headers.len())
                } else {
                    "the extra values are kept in new columns".to_owned()
                };
                problems.push(Problem {
                    kind: ProblemKind::FieldCount,
                    record: Some(record.record),
                    line: Some(record.line),
                    column: None,
                    message: format!(
                        "Record {} (line {}) has {found} field{} but the header has {header_width}: {what}.",
                        record.record,
                        record.line,
                        plural(found),
                    ),
                });
            }
        }
        record.fields.resize(headers.len(), String::new());
    }
    if reported > MAX_PROBLEMS_OF_A_KIND {
        problems.push(Problem::about_file(
            ProblemKind::FieldCount,
            format!(
                "{} more records have a different number of fields from the header (not listed one by one).",
                reported - MAX_PROBLEMS_OF_A_KIND
            ),
        ));
    }
}

/// Each cell where an invalid byte became U+FFFD, so the organizer can find and fix it.
fn invalid_bytes(columns: &[Column], records: &[Record], encoding: TextEncoding) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut cells = 0;
    for record in records {
        for (column, cell) in columns.iter().zip(&record.fields) {
            let replaced = cell.matches('\u{FFFD}').count();
            if replaced == 0 {
                continue;
            }
            cells += 1;
            if cells <= MAX_PROBLEMS_OF_A_KIND {
                problems.push(Problem {
                    kind: ProblemKind::Encoding,
                    record: Some(record.record),
                    line: Some(record.line),
                    column: Some(column.header.clone()),
                    message: format!(
                        "Record {} (line {}), {}: {replaced} byte{} not valid {} became \u{FFFD} (\"{}\"); \
                         correct it in the file, or choose the file's encoding.",
                        record.record,
                        record.line,
                        column.header,
                        plural(replaced),
                        encoding.name(),
                        shorten(cell, 40)
                    ),
                });
            }
        }
    }
    if cells > MAX_PROBLEMS_OF_A_KIND {
        problems.push(Problem::about_file(
            ProblemKind::Encoding,
            format!("{} more cells have invalid bytes (not listed one by one).", cells - MAX_PROBLEMS_OF_A_KIND),
        ));
    }
    problems
}

/// The first [`MAX_PROBLEMS_OF_A_KIND`] problems of each kind, and for each kind with more, one
/// problem that counts the rest: a file with a formula in every cell stays readable, and small.
fn capped(problems: Vec<Problem>) -> Vec<Problem> {
    // Per kind: how many, and the line of the first one left out.
    let mut counts: std::collections::BTreeMap<ProblemKind, (usize, Option<u64>)> = std::collections::BTreeMap::new();
    let mut kept: Vec<Problem> = problems
        .into_iter()
        .filter(|problem| {
            let (count, first_left_out) = counts.entry(problem.kind).or_default();
            *count += 1;
            if *count == MAX_PROBLEMS_OF_A_KIND + 1 {
                *first_left_out = problem.line;
            }
            *count <= MAX_PROBLEMS_OF_A_KIND
        })
        .collect();
    for (kind, (count, line)) in counts.into_iter().filter(|&(_, (count, _))| count > MAX_PROBLEMS_OF_A_KIND) {
        let more = count - MAX_PROBLEMS_OF_A_KIND;
        let from = line.map(|line| format!(" from line {line} on")).unwrap_or_default();
        kept.push(Problem {
            line,
            ..Problem::about_file(
                kind,
                format!("{more} more problem{} like the ones above{from} (not listed one by one).", plural(more)),
            )
        });
    }
    kept
}

/// Most extra columns made for records longer than the header.
const MAX_EXTRA_COLUMNS: usize = 20;
/// Problems of one kind listed one by one; the rest are counted in one more problem.
const MAX_PROBLEMS_OF_A_KIND: usize = 200;

/// The file's rows as read, with the line where each starts and its width in the file.
/// Trailing empty cells are not kept (an export padded to column XFD would otherwise hold 16,384
/// strings a row), but the width counts them.
struct Rows {
    fields: Vec<Vec<String>>,
    lines: Vec<u64>,
    widths: Vec<usize>,
}

fn read_rows(text: &str, delimiter: u8, problems: &mut Vec<Problem>) -> Rows {
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let lines = LineIndex::new(text);
    let mut rows = Rows { fields: Vec::new(), lines: Vec::new(), widths: Vec::new() };
    let mut raw = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut raw) {
            Ok(false) => break,
            Ok(true) => {
                let start = raw.position().map_or(0, |p| p.byte() as usize);
                rows.lines.push(lines.line_at(start));
                rows.widths.push(raw.len());
                let kept = (0..raw.len()).rev().find(|&i| !raw[i].is_empty()).map_or(0, |last| last + 1);
                rows.fields.push(raw.iter().take(kept).map(str::to_owned).collect());
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

/// "s" unless there is exactly one.
fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

/// Numbers in ascending order written as runs: "3, 5–7, 12".
fn spans(numbers: &[u64]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut index = 0;
    while index < numbers.len() {
        let first = numbers[index];
        let mut last = first;
        while index + 1 < numbers.len() && numbers[index + 1] == last + 1 {
            index += 1;
            last = numbers[index];
        }
        parts.push(if first == last { first.to_string() } else { format!("{first}–{last}") });
        index += 1;
    }
    parts.join(", ")
}

/// Line numbers from byte offsets, counting CRLF, LF and a lone CR each as one line break.
///
/// The csv crate's own line count only sees LF, and a record that follows a CRLF is reported on
/// the line before, so exports from Excel (CRLF) and old Mac files (CR) would get wrong lines.
pub(crate) struct LineIndex<'a> {
    text: &'a [u8],
    /// Byte offset where each line starts; the first line starts at 0.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
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
    pub(crate) fn line_at(&self, offset: usize) -> u64 {
        let first = self.text[offset.min(self.text.len())..]
            .iter()
            .position(|&b| b != b'\r' && b != b'\n')
            .map_or(self.text.len(), |skip| offset + skip);
        self.starts.partition_point(|&start| start <= first) as u64
    }

    /// The byte where `line` (from 1) starts, if the text has that line.
    pub(crate) fn start_of(&self, line: u64) -> Option<usize> {
        self.starts.get(usize::try_from(line).ok()?.checked_sub(1)?).copied()
    }
}

/// At most `limit` characters, with an ellipsis when cut.
fn shorten(text: &str, limit: usize) -> String {
    match text.char_indices().nth(limit) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

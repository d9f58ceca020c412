//! Problems with individual records once the columns have roles: missing or malformed contact
//! details, duplicates, stray whitespace, and cells that a spreadsheet would run as formulas.
//!
//! Reports only; nothing is changed here (the values stay byte for byte as in the file).

use std::collections::BTreeMap;

use crate::model::ColumnRole;

use super::{Column, Problem, ProblemKind, Record};

/// Whether a cell would be run as a formula if a spreadsheet opened it: it starts with `=` or `@`,
/// or with `+` or `-` followed by something other than a plain number (so "+1 555" and "-3" pass).
pub fn looks_like_formula(cell: &str) -> bool {
    let mut chars = cell.chars();
    match chars.next() {
        Some('=' | '@') => cell.len() > 1,
        Some('+' | '-') => {
            let rest = chars.as_str();
            !rest.is_empty()
                && rest.contains(['(', '!', '|', '='])
                && !rest.chars().all(|c| c.is_ascii_digit() || " .,()-".contains(c))
        }
        _ => false,
    }
}

/// Whether text has the shape of an email address: one `@`, something before it, a dotted domain
/// after it, and no spaces. Deliverability is not checked (that would need the network).
pub fn is_plausible_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else { return false };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !email.chars().any(char::is_whitespace)
        && domain.split('.').all(|label| !label.is_empty())
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
}

pub(super) fn formula_problems(columns: &[Column], records: &[Record]) -> Vec<Problem> {
    let mut problems = Vec::new();
    for record in records {
        for (column, cell) in columns.iter().zip(&record.fields) {
            if looks_like_formula(cell.trim_start()) {
                problems.push(Problem {
                    kind: ProblemKind::FormulaLike,
                    record: Some(record.record),
                    line: Some(record.line),
                    column: Some(column.header.clone()),
                    message: format!(
                        "Record {} (line {}), {}: \"{}\" starts like a spreadsheet formula; it is kept as plain text \
                         and downloads quote it so spreadsheets do not run it.",
                        record.record,
                        record.line,
                        column.header,
                        super::shorten(cell, 40)
                    ),
                });
            }
        }
    }
    problems
}

pub(super) fn record_problems(columns: &[Column], records: &[Record]) -> Vec<Problem> {
    let index_of = |role| columns.iter().find(|c| c.role == role).map(|c| c.index);
    let name_columns: Vec<usize> =
        [ColumnRole::Name, ColumnRole::FirstName, ColumnRole::LastName].into_iter().filter_map(index_of).collect();
    let email_column = index_of(ColumnRole::Email);
    let mut problems = Vec::new();
    let mut first_with_email: BTreeMap<String, &Record> = BTreeMap::new();

    for record in records {
        let at = |kind, column: Option<usize>, message: String| Problem {
            kind,
            record: Some(record.record),
            line: Some(record.line),
            column: column.map(|c| columns[c].header.clone()),
            message,
        };
        let position = format!("Record {} (line {})", record.record, record.line);
        if !name_columns.is_empty() && name_columns.iter().all(|&c| record.fields[c].trim().is_empty()) {
            problems.push(at(
                ProblemKind::MissingName,
                name_columns.first().copied(),
                format!("{position} has no name."),
            ));
        }
        let Some(email_index) = email_column else { continue };
        let raw = &record.fields[email_index];
        let email = raw.trim();
        if email.is_empty() {
            problems.push(at(ProblemKind::MissingEmail, email_column, format!("{position} has no email address.")));
            continue;
        }
        if email.len() != raw.len() {
            problems.push(at(
                ProblemKind::Whitespace,
                email_column,
                format!("{position}: the email address \"{email}\" had spaces around it; they are ignored."),
            ));
        }
        if !is_plausible_email(email) {
            problems.push(at(
                ProblemKind::MalformedEmail,
                email_column,
                format!("{position}: \"{email}\" does not look like an email address."),
            ));
            continue;
        }
        match first_with_email.get(&email.to_lowercase()) {
            Some(first) => problems.push(at(
                ProblemKind::DuplicateEmail,
                email_column,
                format!(
                    "{position} has the same email address as record {} ({email}): keep both, or merge them.",
                    first.record
                ),
            )),
            None => {
                first_with_email.insert(email.to_lowercase(), record);
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_but_not_phone_numbers_or_negatives() {
        for formula in ["=1+1", "@SUM(A1)", "+cmd|' /C calc'!A0", "-2+3=HYPERLINK(\"x\")", "=HYPERLINK(\"http://x\")"] {
            assert!(looks_like_formula(formula), "{formula}");
        }
        for plain in ["+1 555 0100", "-3", "- none", "@", "=", "email@example.com", "+44 (20) 7946 0000"] {
            assert!(!looks_like_formula(plain), "{plain}");
        }
    }

    #[test]
    fn email_shapes() {
        for good in ["ana@example.com", "ana.b+circles@mail.example.org", "Zoë@example.net"] {
            assert!(is_plausible_email(good), "{good}");
        }
        for bad in [
            "ana",
            "ana@",
            "@example.com",
            "ana@example",
            "ana@@example.com",
            "an a@example.com",
            "ana@example..com",
            ".ana@example.com",
        ] {
            assert!(!is_plausible_email(bad), "{bad}");
        }
    }
}

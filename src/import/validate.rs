//! Problems with individual records once the columns have roles: missing or malformed contact
//! details, duplicates, stray whitespace, and cells that a spreadsheet would run as formulas.
//!
//! Reports only; nothing is changed here (the values stay byte for byte as in the file). An email
//! address is read through [`clean_email`] wherever it is used, so the repairs reported here are
//! the ones composing and sending see.

use std::collections::BTreeMap;

use unicode_normalization::UnicodeNormalization;

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

/// An email cell as used: trimmed, without invisible characters or a `mailto:` prefix, and the
/// first address when the cell holds several.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CleanEmail {
    /// The address.
    pub address: String,
    /// What was repaired, in words ("a zero-width space", "mailto:").
    pub repairs: Vec<&'static str>,
    /// Further addresses in the same cell.
    pub others: Vec<String>,
}

/// Reads an email cell: see [`CleanEmail`].
pub fn clean_email(cell: &str) -> CleanEmail {
    let mut repairs = Vec::new();
    let mut visible = String::with_capacity(cell.len());
    for c in cell.chars() {
        match invisible(c) {
            Some(name) => {
                if !repairs.contains(&name) {
                    repairs.push(name);
                }
            }
            None => visible.push(c),
        }
    }
    let mut addresses: Vec<String> = visible
        .split([',', ';', ' ', '\t', '\n', '\r'])
        .map(|word| word.trim().trim_matches(['<', '>']))
        .filter(|word| !word.is_empty())
        .map(|word| match word.get(..7) {
            Some(prefix) if prefix.eq_ignore_ascii_case("mailto:") => {
                if !repairs.contains(&"\"mailto:\"") {
                    repairs.push("\"mailto:\"");
                }
                word[7..].to_owned()
            }
            _ => word.to_owned(),
        })
        .collect();
    // Several words but not several addresses ("Ana Lima <ana@example.com>"): keep the address.
    let emails = addresses.iter().filter(|a| a.contains('@')).count();
    if addresses.len() > emails && emails >= 1 {
        addresses.retain(|a| a.contains('@'));
        repairs.push("the name around it");
    }
    let address = if addresses.len() == 1 || emails >= 1 { addresses.remove(0) } else { visible.trim().to_owned() };
    let others = if emails >= 1 { addresses } else { Vec::new() };
    CleanEmail { address, repairs, others }
}

/// The name of an invisible character that has no place in an address.
fn invisible(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{200B}' => "a zero-width space",
        '\u{200C}' | '\u{200D}' => "a zero-width joiner",
        '\u{2060}' | '\u{FEFF}' => "a zero-width no-break space",
        '\u{00AD}' => "a soft hyphen",
        '\u{00A0}' | '\u{202F}' => "a no-break space",
        '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => "a text-direction mark",
        _ => return None,
    })
}

/// The comparison key of an email cell as written (repaired as [`clean_email`] does, then
/// [`email_key`]): what every comparison of addresses uses, so that a rule, a roster and the file
/// agree about who is who.
pub fn email_match_key(cell: &str) -> String {
    email_key(&clean_email(cell).address)
}

/// What two addresses must share to be the same person's: case-insensitive and
/// Unicode-normalised (NFC), so "Zoë" typed two ways is one address.
pub fn email_key(address: &str) -> String {
    address.nfc().collect::<String>().to_lowercase()
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
        if raw.trim().is_empty() {
            problems.push(at(ProblemKind::MissingEmail, email_column, format!("{position} has no email address.")));
            continue;
        }
        let clean = clean_email(raw);
        let email = clean.address.as_str();
        if raw.trim().len() != raw.len() && clean.repairs.is_empty() {
            problems.push(at(
                ProblemKind::Whitespace,
                email_column,
                format!("{position}: the email address \"{email}\" had spaces around it; they are ignored."),
            ));
        }
        if !clean.repairs.is_empty() {
            problems.push(at(
                ProblemKind::EmailRepaired,
                email_column,
                format!(
                    "{position}: the email address was read as \"{email}\", leaving out {}.",
                    clean.repairs.join(" and ")
                ),
            ));
        }
        if !clean.others.is_empty() {
            problems.push(at(
                ProblemKind::EmailRepaired,
                email_column,
                format!(
                    "{position}: the email cell holds {} addresses; \"{email}\" is used, not {}.",
                    clean.others.len() + 1,
                    clean.others.iter().map(|o| format!("\"{o}\"")).collect::<Vec<_>>().join(", ")
                ),
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
        let key = email_key(email);
        match first_with_email.get(&key) {
            Some(first) => problems.push(at(
                ProblemKind::DuplicateEmail,
                email_column,
                format!(
                    "{position} has the same email address as record {} ({email}): keep both, or merge them.",
                    first.record
                ),
            )),
            None => {
                first_with_email.insert(key, record);
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
    fn email_cells_are_repaired_and_reported() {
        let clean = clean_email("ed@example.com\u{200B}");
        assert_eq!((clean.address.as_str(), clean.repairs.as_slice()), ("ed@example.com", &["a zero-width space"][..]));
        let clean = clean_email(" mailto:ed@example.com ");
        assert_eq!((clean.address.as_str(), clean.repairs.as_slice()), ("ed@example.com", &["\"mailto:\""][..]));
        let clean = clean_email("ana@example.com; bo@example.org");
        assert_eq!(
            (clean.address.as_str(), clean.others.as_slice()),
            ("ana@example.com", &["bo@example.org".to_owned()][..])
        );
        let clean = clean_email("Ana Lima <ana@example.com>");
        assert_eq!((clean.address.as_str(), clean.others.len()), ("ana@example.com", 0));
        assert_eq!(clean.repairs, ["the name around it"]);
        assert_eq!(clean_email("not an address").address, "not an address");
        assert_eq!(email_key("Zoe\u{0308}@Example.COM"), email_key("zoë@example.com"));
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

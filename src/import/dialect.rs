//! How the text is split: the delimiter, and which row is the header (title rows may sit above it).
//!
//! Detection only, with the organizer's choice taking precedence; the splitting is the csv crate's.

use serde::{Deserialize, Serialize};

use super::encoding::TextEncoding;

/// How a file was read, shown to the organizer so that a wrong guess is visible and can be changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dialect {
    /// The field delimiter, as a one-character string.
    pub delimiter: String,
    /// The text encoding.
    pub encoding: TextEncoding,
    /// Whether the file started with a byte-order mark (which is never part of the first header).
    pub bom: bool,
    /// Which row holds the header, from 0, counting the file's rows (blank lines skipped).
    pub header_row: usize,
}

impl Default for Dialect {
    fn default() -> Self {
        Dialect { delimiter: ",".to_owned(), encoding: TextEncoding::UTF_8, bom: false, header_row: 0 }
    }
}

/// Delimiters that detection considers, in order of preference on a tie.
pub const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Rows read to guess the delimiter and the header.
const SNIFF_ROWS: usize = 50;

/// Picks the delimiter that splits the first rows most consistently into more than one field.
///
/// Each candidate reads up to 50 rows with full quoting rules (so delimiters inside quoted fields
/// do not count). The score is the share of rows that have the most common width (at least 2),
/// then that width; ties go to the earlier candidate, comma first. A share rather than a count,
/// because a wrong delimiter can split one quoted line break into extra rows that agree with
/// each other. A semicolon file with decimal commas scores best as semicolons: then every row agrees.
pub(super) fn sniff_delimiter(text: &str) -> u8 {
    let mut best: Option<(u8, usize, usize, usize)> = None; // (delimiter, agreeing rows, rows, width)
    for candidate in DELIMITERS {
        let widths = row_widths(text, candidate);
        let Some((width, agreeing)) = most_common_width(&widths) else { continue };
        if width < 2 {
            continue;
        }
        let better = match best {
            None => true,
            // agreeing / rows > best_agreeing / best_rows, compared without division.
            Some((_, best_agreeing, best_rows, best_width)) => {
                let (this, that) = (agreeing * best_rows, best_agreeing * widths.len());
                this > that || (this == that && width > best_width)
            }
        };
        if better {
            best = Some((candidate, agreeing, widths.len(), width));
        }
    }
    best.map_or(b',', |(delimiter, ..)| delimiter)
}

fn row_widths(text: &str, delimiter: u8) -> Vec<usize> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes())
        .records()
        .take(SNIFF_ROWS)
        .filter_map(Result::ok)
        .map(|r| r.len())
        .collect()
}

/// The most common width and how many rows have it; the wider one on a tie.
fn most_common_width(widths: &[usize]) -> Option<(usize, usize)> {
    let mut counts: Vec<(usize, usize)> = Vec::new();
    for &width in widths {
        match counts.iter_mut().find(|(w, _)| *w == width) {
            Some((_, count)) => *count += 1,
            None => counts.push((width, 1)),
        }
    }
    counts.into_iter().max_by_key(|&(width, count)| (count, width))
}

/// The first row that looks like a header: at least two cells filled in, at least half of the
/// file's typical (median) width filled in, and not a short title above a wider header
/// (`widths` counts each row's cells, empty ones included).
///
/// Title rows that exports put above the header ("Responses, exported 3 May" padded with empty
/// cells, or three short cells above five columns, then a blank row) are narrower than the
/// typical row or mostly empty, so they are passed over. Ragged data rows do not move the median
/// much, so the first row stays the header when it is filled in. Falls back to the first row.
pub(super) fn find_header_row(rows: &[Vec<String>], widths: &[usize]) -> usize {
    let mut sorted: Vec<usize> = widths.iter().take(SNIFF_ROWS).copied().collect();
    sorted.sort_unstable();
    let Some(&typical) = sorted.get(sorted.len() / 2) else { return 0 };
    let filled = |row: &[String]| row.iter().filter(|cell| !cell.trim().is_empty()).count();
    // A row narrower than the typical one is a title only when a wider row that reads like a
    // header follows it: every cell filled and no address in it. A real header over data rows
    // with extra values is followed by data (an address, or empty answers), and stays the header.
    let title = |index: usize| {
        rows.get(index + 1).zip(widths.get(index + 1)).is_some_and(|(next, &next_width)| {
            next_width >= typical
                && next_width > widths[index]
                && filled(next) == next.len()
                && !next.iter().any(|cell| cell.contains('@'))
        })
    };
    let Some(found) = rows.iter().zip(widths).take(SNIFF_ROWS).enumerate().position(|(index, (row, &width))| {
        let filled = filled(row);
        filled >= 2 && filled * 2 >= width.max(typical) && (width >= typical || !title(index))
    }) else {
        return 0;
    };
    // Column codes ("Q1", "StartDate"), then the questions in words, then column identifiers
    // (`{"ImportId":…}`): a survey export whose header is the row of words.
    let identifiers = rows.get(found + 2).and_then(|row| describes_columns(row)) == Some(COLUMN_IDENTIFIERS);
    if identifiers && widths.get(found + 1) == Some(&widths[found]) { found + 1 } else { found }
}

const COLUMN_IDENTIFIERS: &str = "column identifiers";

/// What a row right below the header holds when it describes the columns rather than a person:
/// column identifiers written as JSON (`{"ImportId":"QID1"}`), or the kind of answer under each
/// question ("Response", "Open-Ended Response"), as survey tools export them.
pub(super) fn describes_columns(row: &[String]) -> Option<&'static str> {
    let filled: Vec<&str> = row.iter().map(|cell| cell.trim()).filter(|cell| !cell.is_empty()).collect();
    if filled.is_empty() {
        return None;
    }
    if filled.iter().all(|cell| cell.starts_with('{') && cell.ends_with('}')) {
        return Some(COLUMN_IDENTIFIERS);
    }
    const ANSWER_KINDS: [&str; 4] = ["response", "open-ended response", "other (please specify)", "comment"];
    filled
        .iter()
        .all(|cell| ANSWER_KINDS.contains(&cell.to_lowercase().as_str()))
        .then_some("the kind of answer under each question")
}

/// The delimiter that Excel's hint line names ("sep=;" as the whole first line), if there is one.
pub(super) fn separator_hint(text: &str) -> Option<u8> {
    let first = text.lines().next()?.trim().trim_matches('"');
    match first.strip_prefix("sep=").or_else(|| first.strip_prefix("SEP="))?.as_bytes() {
        [delimiter] if delimiter.is_ascii() && !delimiter.is_ascii_alphanumeric() => Some(*delimiter),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semicolon_file_with_decimal_commas() {
        assert_eq!(sniff_delimiter("name;score\n\"Ana\";1,5\n\"Bo\";2,25\n"), b';');
    }

    #[test]
    fn semicolon_file_whose_headers_contain_commas() {
        assert_eq!(sniff_delimiter("Name;Where, exactly;Score\nAna;SF;1,5\nBo;NYC;2\n"), b';');
    }

    #[test]
    fn line_breaks_inside_quotes_do_not_fool_another_delimiter() {
        // Read with commas, the quoted carriage returns would make extra two-field rows.
        assert_eq!(sniff_delimiter("\"Name\";\"Email\";\"City\"\n\"\";\",\";\"\r,\r,\"\n"), b';');
    }

    #[test]
    fn comma_inside_quotes_does_not_count() {
        assert_eq!(sniff_delimiter("\"Where, exactly?\"\tName\nSF\tAna\n"), b'\t');
    }

    #[test]
    fn title_rows_above_the_header_are_passed_over() {
        let rows: Vec<Vec<String>> = [
            vec!["Sign-ups, exported 3 May", "", ""],
            vec!["Name", "Email", "City"],
            vec!["Ana", "ana@example.com", ""],
            vec!["Bo", "bo@example.com", "NYC"],
        ]
        .iter()
        .map(|r| r.iter().map(|s| s.to_string()).collect())
        .collect();
        assert_eq!(find_header_row(&rows, &widths_of(&rows)), 1);
    }

    fn widths_of(rows: &[Vec<String>]) -> Vec<usize> {
        rows.iter().map(Vec::len).collect()
    }

    fn header_of(rows: &[Vec<String>]) -> usize {
        find_header_row(rows, &widths_of(rows))
    }

    fn rows_of(text: &[&[&str]]) -> Vec<Vec<String>> {
        text.iter().map(|r| r.iter().map(|s| s.to_string()).collect()).collect()
    }

    #[test]
    fn a_two_cell_title_in_a_wide_file_is_passed_over() {
        let wide = ["Name", "Email", "City", "Company", "Role", "Pronouns"];
        let data = ["Ana", "ana@example.com", "SF", "Acme", "CTO", "she/her"];
        assert_eq!(header_of(&rows_of(&[&["Sign-ups export", "March 2026"], &wide, &data, &data])), 1);
    }

    #[test]
    fn a_short_title_row_above_a_wider_header_is_passed_over() {
        let header = ["Name", "Email", "City", "Company", "Role"];
        let data = ["Ana", "ana@example.com", "SF", "Acme", "CTO"];
        let rows = rows_of(&[&["Circle sign-ups", "Spring", "2026"], &header, &data, &data, &data]);
        assert_eq!(find_header_row(&rows, &widths_of(&rows)), 1);
    }

    #[test]
    fn a_header_narrower_than_its_data_rows_stays_the_header() {
        let rows = rows_of(&[&["Name", "Email"], &["Ana", "ana@example.com", "SF"], &["Bo", "bo@example.com", "NYC"]]);
        assert_eq!(header_of(&rows), 0, "the first applicant is not the header");
    }

    #[test]
    fn excel_separator_hints() {
        assert_eq!(separator_hint("sep=;\nName;Email\n"), Some(b';'));
        assert_eq!(separator_hint("\"sep=|\"\r\nName|Email\n"), Some(b'|'));
        assert_eq!(separator_hint("Name,Email\n"), None);
        assert_eq!(separator_hint("sep=\nName,Email\n"), None);
    }

    #[test]
    fn ragged_rows_leave_the_first_row_as_header() {
        assert_eq!(header_of(&rows_of(&[&["Name", "Email"], &["Ana", "ana@example.com", "extra"], &["Bo"]])), 0);
    }
}

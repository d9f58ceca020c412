//! How the bytes are turned into text and split into fields: encoding, byte-order mark, delimiter.
//!
//! Detection only; the splitting itself is the csv crate's.

use serde::{Deserialize, Serialize};

use super::Problem;

/// How a file was read, shown to the organizer so a wrong guess is visible.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dialect {
    /// The field delimiter, as a one-character string.
    pub delimiter: String,
    /// The text encoding's name, e.g. "UTF-8".
    pub encoding: String,
    /// Whether the file started with a byte-order mark (which is never part of the first header).
    pub bom: bool,
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decodes bytes as UTF-8, without a byte-order mark. Invalid sequences become U+FFFD and are reported.
pub(super) fn decode(bytes: &[u8], problems: &mut Vec<Problem>) -> (String, String, bool) {
    let (body, bom) = match bytes.strip_prefix(UTF8_BOM) {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    let text = String::from_utf8_lossy(body).into_owned();
    let replaced = text.matches('\u{FFFD}').count() - count_literal_replacements(body);
    if replaced > 0 {
        problems.push(Problem {
            record: None,
            line: None,
            column: None,
            message: format!(
                "The file is not valid UTF-8: {replaced} unreadable characters were replaced with \u{FFFD}. \
                 Export it again as \"CSV UTF-8\"."
            ),
        });
    }
    (text, "UTF-8".to_owned(), bom)
}

/// Replacement characters already present in valid UTF-8 input, so they are not counted as damage.
fn count_literal_replacements(body: &[u8]) -> usize {
    body.windows(3).filter(|w| *w == "\u{FFFD}".as_bytes()).count()
}

const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Picks the delimiter that splits the first records most consistently into more than one field.
///
/// Each candidate reads up to 20 records with full quoting rules (so commas inside quoted fields
/// do not count); the score is how many records have the same field count as the first one.
/// Ties go to the earlier candidate, comma first.
pub(super) fn sniff_delimiter(text: &str) -> u8 {
    let mut best = (b',', 0usize, 0usize);
    for candidate in CANDIDATES {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(candidate)
            .from_reader(text.as_bytes());
        let widths: Vec<usize> = reader.records().take(20).filter_map(Result::ok).map(|r| r.len()).collect();
        let Some(&first) = widths.first() else { continue };
        if first < 2 {
            continue;
        }
        let consistent = widths.iter().filter(|&&w| w == first).count();
        if (consistent, first) > (best.1, best.2) {
            best = (candidate, consistent, first);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semicolon_file_with_decimal_commas() {
        let text = "name;score\n\"Ana\";1,5\n\"Bo\";2,25\n";
        assert_eq!(sniff_delimiter(text), b';');
    }

    #[test]
    fn comma_inside_quotes_does_not_count() {
        let text = "\"Where, exactly?\"\tName\nSF\tAna\n";
        assert_eq!(sniff_delimiter(text), b'\t');
    }
}

//! Runaway quotes: one stray `"` at the start of a cell opens a quoted field that swallows every
//! line up to the next quote, often the rest of the file, so dozens of applicants become one
//! cell and nothing else looks wrong. Found after reading; the organizer can re-read with that
//! one quote taken as an ordinary character and compare.

use std::borrow::Cow;

use super::validate::is_plausible_email;
use super::{Column, LineIndex, Problem, ProblemKind, Record, RunawayQuote};

/// A field this many line breaks long, holding the delimiter on most of its lines and an
/// email address after its first line, looks like swallowed records rather than a long answer.
const SWALLOWED_LINE_BREAKS: usize = 3;

/// The first field that looks like swallowed records, with the quote that opened it.
pub(super) fn runaway(text: &str, columns: &[Column], records: &[Record], delimiter: u8) -> Option<RunawayQuote> {
    let lines = LineIndex::new(text);
    let delimiter = char::from(delimiter);
    for record in records {
        for (column, field) in columns.iter().zip(&record.fields) {
            // A field that ran to the end of the file ends with the file's last line break.
            let breaks = field.trim_end_matches(['\n', '\r']).matches('\n').count();
            if breaks < SWALLOWED_LINE_BREAKS {
                continue;
            }
            let inner: Vec<&str> = field.lines().skip(1).collect();
            let with_delimiter = inner.iter().filter(|line| line.contains(delimiter)).count();
            let has_email = inner.iter().any(|line| {
                line.split(|c: char| c == delimiter || c.is_whitespace())
                    .any(|word| is_plausible_email(word.trim_matches(['"', '<', '>'])))
            });
            if with_delimiter * 2 < inner.len() || !has_email {
                continue;
            }
            // The quote is the first one after the record's start that the field's text follows.
            let Some(record_start) = lines.start_of(record.line) else { continue };
            let opening: String = field.chars().take_while(|&c| c != '"' && c != '\n' && c != '\r').take(20).collect();
            let after = &text[record_start..];
            let Some(quote) = after
                .match_indices('"')
                .map(|(at, _)| record_start + at)
                .find(|&at| text[at + 1..].starts_with(&opening))
            else {
                continue;
            };
            let line = lines.line_at(quote);
            // Where the field's text ends in the file: a quote there closes it.
            let last_line = field.lines().last().unwrap_or_default();
            let end = text[quote + 1..].find(last_line).map(|at| quote + 1 + at + last_line.len());
            let closed = end.is_some_and(|end| text[end..].starts_with('"'));
            return Some(RunawayQuote {
                line,
                end_line: line + breaks as u64,
                closed,
                record: record.record,
                column: column.header.clone(),
            });
        }
    }
    None
}

/// The problem that tells the organizer about a runaway quote.
pub(super) fn problem(quote: &RunawayQuote) -> Problem {
    let how =
        if quote.closed { format!("closes only on line {}", quote.end_line) } else { "is never closed".to_owned() };
    Problem {
        kind: ProblemKind::RunawayQuote,
        record: Some(quote.record),
        line: Some(quote.line),
        column: Some(quote.column.clone()),
        message: format!(
            "A quote opened on line {} {how}: lines {}–{} became one cell of record {} ({}), so the applicants \
             on those lines may be joined into it. Re-read with that quote as an ordinary character, and compare.",
            quote.line, quote.line, quote.end_line, quote.record, quote.column
        ),
    }
}

/// One quote to read as an ordinary character: hidden behind a private-use character while the
/// csv reader splits the text, then put back in the fields.
pub(super) struct LiteralQuote {
    offset: usize,
    placeholder: char,
}

impl LiteralQuote {
    /// The quote that opens a field on `line` (from 1) and does not close on it: a `"` at the
    /// start of the line or right after a delimiter (spaces allowed between), whose field runs
    /// past the line's end. Quoted fields that close on the line ("Lima, Ana") are passed over.
    pub(super) fn find(text: &str, line: u64, delimiter: u8) -> Option<LiteralQuote> {
        let start = LineIndex::new(text).start_of(line)?;
        let end = text[start..].find(['\n', '\r']).map_or(text.len(), |at| start + at);
        let bytes = text.as_bytes();
        let mut at = start;
        let offset = loop {
            let quote = at + text[at..end].find('"')?;
            let before = text[start..quote].trim_end_matches(' ');
            if !(before.is_empty() || before.ends_with(char::from(delimiter))) {
                at = quote + 1;
                continue;
            }
            // Where this quoted field closes on the line, if it does: a quote that is not doubled.
            let mut close = quote + 1;
            let closes_here = loop {
                match text[close..end].find('"') {
                    None => break false,
                    Some(next) if bytes.get(close + next + 1) == Some(&b'"') => close += next + 2,
                    Some(next) => {
                        close += next;
                        break true;
                    }
                }
            };
            if !closes_here {
                break quote;
            }
            at = close + 1;
        };
        // A private-use character the text does not already hold, found in one pass.
        let used: std::collections::BTreeSet<char> =
            text.chars().filter(|c| ('\u{E000}'..='\u{F8FF}').contains(c)).collect();
        let placeholder = ('\u{E000}'..='\u{F8FF}').find(|c| !used.contains(c))?;
        Some(LiteralQuote { offset, placeholder })
    }

    /// The text with the quote hidden.
    pub(super) fn hide<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let mut hidden = text.to_owned();
        hidden.replace_range(self.offset..self.offset + 1, self.placeholder.encode_utf8(&mut [0; 4]));
        Cow::Owned(hidden)
    }

    /// Puts the quote back in whichever field it ended up in.
    pub(super) fn restore(&self, rows: &mut [Vec<String>]) {
        for field in rows.iter_mut().flatten() {
            if field.contains(self.placeholder) {
                *field = field.replace(self.placeholder, "\"");
            }
        }
    }
}

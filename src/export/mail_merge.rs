//! mail-merge.csv: one row per placed person with the address, first name, subject and the
//! rendered body, then the allowlisted fields, for a mail-merge tool or a word processor.
//! Written by the csv crate, every cell formula-safe.

use super::cells::spreadsheet_safe;
use crate::send::{Directory, Draft};

/// The rows of `drafts` (one per person; drafts to a whole circle are skipped). `fields` are the
/// allowlisted headers other than the name, each a column with the person's own answer.
pub fn mail_merge_csv(drafts: &[Draft], directory: &Directory, fields: &[String]) -> String {
    let mut table = MailMerge::new(fields.to_vec());
    for draft in drafts {
        table.add(draft, directory);
    }
    table.finish()
}

/// mail-merge.csv written a row at a time, so that a caller can pause between rows.
pub struct MailMerge {
    writer: csv::Writer<Vec<u8>>,
    fields: Vec<String>,
}

impl MailMerge {
    /// The header row; `fields` are the allowlisted headers other than the name.
    pub fn new(fields: Vec<String>) -> MailMerge {
        let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
        let mut header: Vec<&str> = vec!["Email", "First name", "Name", "Circle", "Subject", "Body"];
        header.extend(fields.iter().map(String::as_str));
        // Writing into a Vec cannot fail, and every row has the header's width.
        writer.write_record(header.iter().map(|cell| spreadsheet_safe(cell))).expect("in-memory CSV");
        MailMerge { writer, fields }
    }

    /// The row of one person's draft (a draft to a whole circle has none).
    pub fn add(&mut self, draft: &Draft, directory: &Directory) {
        let (writer, fields) = (&mut self.writer, &self.fields);
        let Some(person) = draft.record.and_then(|record| directory.get(record)) else { return };
        let mut row = vec![
            person.email.clone(),
            person.first_name.clone(),
            person.name.clone(),
            draft.circle.to_string(),
            draft.subject.clone(),
            draft.body.clone(),
        ];
        row.extend(fields.iter().map(|field| {
            let answer = person.view.fields().iter().find(|(header, _)| header == field);
            answer.map_or_else(String::new, |(_, answer)| answer.clone())
        }));
        writer.write_record(row.iter().map(|cell| spreadsheet_safe(cell))).expect("in-memory CSV");
    }

    /// The table's text.
    pub fn finish(self) -> String {
        String::from_utf8(self.writer.into_inner().expect("in-memory CSV")).expect("CSV of UTF-8 fields is UTF-8")
    }
}

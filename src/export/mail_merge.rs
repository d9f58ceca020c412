//! mail-merge.csv: one row per placed person with the address, first name, subject and the
//! rendered body, then the allowlisted fields, for a mail-merge tool or a word processor.
//! Written by the csv crate, every cell formula-safe.

use super::cells::spreadsheet_safe;
use crate::send::{Directory, Draft};

/// The rows of `drafts` (one per person; drafts to a whole circle are skipped). `fields` are the
/// allowlisted headers other than the name, each a column with the person's own answer.
pub fn mail_merge_csv(drafts: &[Draft], directory: &Directory, fields: &[String]) -> String {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let mut header: Vec<&str> = vec!["Email", "First name", "Name", "Circle", "Subject", "Body"];
    header.extend(fields.iter().map(String::as_str));
    // Writing into a Vec cannot fail, and every row has the header's width.
    writer.write_record(header.iter().map(|cell| spreadsheet_safe(cell))).expect("in-memory CSV");
    for draft in drafts {
        let Some(person) = draft.record.and_then(|record| directory.get(record)) else { continue };
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
    String::from_utf8(writer.into_inner().expect("in-memory CSV")).expect("CSV of UTF-8 fields is UTF-8")
}

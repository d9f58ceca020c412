//! The organizer's roster: one row per applicant with their circle, written by the csv crate, and
//! read back as the circles of a previous round (whose pairs should not meet again).
//!
//! Identity answers are left out: the roster is shared more widely than the import.

use std::collections::BTreeMap;

use crate::compose::{Composition, Mode};
use crate::import::{ImportOptions, ImportReport, import_with, looks_like_formula};
use crate::model::{ColumnRole, RecordId};

/// Roles whose columns the roster carries, in this order.
const ROSTER_ROLES: [ColumnRole; 8] = [
    ColumnRole::Name,
    ColumnRole::FirstName,
    ColumnRole::LastName,
    ColumnRole::Email,
    ColumnRole::Location,
    ColumnRole::Company,
    ColumnRole::Role,
    ColumnRole::Pronouns,
];

/// A CSV with a header and one row per record: circles in order, then the waitlist.
///
/// Every record of `import` appears exactly once: `merged` ones (duplicates folded into another
/// record, dropped → kept) say so, and any the composition does not mention are listed as "not
/// composed", so nothing is silently missing.
pub fn roster_csv(import: &ImportReport, composition: &Composition, merged: &BTreeMap<RecordId, RecordId>) -> String {
    let columns: Vec<_> = ROSTER_ROLES.iter().filter_map(|&role| import.column_with(role)).collect();
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let mut header = vec!["Circle", "Mode", "Place", "Record"];
    header.extend(columns.iter().map(|c| c.header.as_str()));
    header.push("Waitlist reason");
    // Writing into a Vec cannot fail, and every row has the header's width.
    writer.write_record(&header).expect("in-memory CSV");

    let mut row_for = |record: RecordId, circle: String, mode: &str, place: &str, reason: &str| {
        let Some(fields) = (record.0 as usize).checked_sub(1).and_then(|i| import.records.get(i)).map(|r| &r.fields)
        else {
            return;
        };
        let mut row = vec![circle, mode.to_owned(), place.to_owned(), record.to_string()];
        row.extend(columns.iter().map(|c| spreadsheet_safe(&fields[c.index])));
        row.push(reason.to_owned());
        writer.write_record(&row).expect("in-memory CSV");
    };

    let mut listed = vec![false; import.records.len()];
    for circle in &composition.groups {
        let mode = match circle.mode {
            Mode::InPerson => "in person",
            Mode::Video => "video",
        };
        for &member in &circle.members {
            mark_listed(&mut listed, member);
            let place = circle.place.as_deref().or(circle.band.as_deref()).unwrap_or("");
            row_for(member, circle.id.to_string(), mode, place, "");
        }
    }
    for waiting in &composition.waitlist {
        mark_listed(&mut listed, waiting.record);
        row_for(waiting.record, "Waitlist".to_owned(), "", "", &waiting.reason);
    }
    for (&dropped, &kept) in merged {
        if (dropped.0 as usize).checked_sub(1).and_then(|i| listed.get(i)) == Some(&false) {
            mark_listed(&mut listed, dropped);
            row_for(
                dropped,
                "Merged".to_owned(),
                "",
                "",
                &format!("Same email as record {kept}, whose answers are used."),
            );
        }
    }
    for (index, _) in listed.iter().enumerate().filter(|(_, listed)| !**listed) {
        row_for(RecordId(index as u32 + 1), "Not composed".to_owned(), "", "", "");
    }
    String::from_utf8(writer.into_inner().expect("in-memory CSV")).expect("CSV of UTF-8 fields is UTF-8")
}

/// Notes that `record` has a row; records the import does not have are ignored (they have no fields).
fn mark_listed(listed: &mut [bool], record: RecordId) {
    if let Some(seen) = (record.0 as usize).checked_sub(1).and_then(|index| listed.get_mut(index)) {
        *seen = true;
    }
}

/// A cell that a spreadsheet would run as a formula gets a leading apostrophe, which spreadsheets
/// show as plain text (the common defence against CSV injection); other cells are unchanged.
fn spreadsheet_safe(cell: &str) -> String {
    if looks_like_formula(cell.trim_start()) { format!("'{cell}") } else { cell.to_owned() }
}

/// The circles of a roster from an earlier round, as lists of emails: any CSV with a "Circle"
/// column of circle numbers and an email column (rows for the waitlist or merged records, whose
/// circle is not a number, are skipped).
pub fn circles_of_roster(bytes: &[u8]) -> Result<Vec<Vec<String>>, String> {
    let roster = import_with(bytes, &ImportOptions::default());
    let circle = roster.columns.iter().find(|c| c.header.trim().eq_ignore_ascii_case("circle"));
    let email = roster.column_with(ColumnRole::Email);
    let (Some(circle), Some(email)) = (circle, email) else {
        return Err("a previous roster needs a Circle column and an email column".to_owned());
    };
    let mut circles: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    for record in &roster.records {
        let address = record.fields[email.index].trim();
        if let (Ok(number), false) = (record.fields[circle.index].trim().parse::<u32>(), address.is_empty()) {
            circles.entry(number).or_default().push(address.to_owned());
        }
    }
    if circles.is_empty() {
        return Err("this roster has no numbered circles".to_owned());
    }
    Ok(circles.into_values().collect())
}

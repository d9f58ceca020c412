//! The organizer's roster: one row per applicant with their circle, written by the csv crate.
//!
//! Identity answers are left out: the roster is shared more widely than the import.

use std::collections::BTreeMap;

use crate::compose::{Composition, Mode};
use crate::import::{ImportReport, looks_like_formula};
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

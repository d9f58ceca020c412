//! The organizer's roster: one row per applicant with their circle as the board has it (name,
//! lock, meeting details), written by the csv crate, and read back as the circles of a previous
//! round (whose pairs should not meet again) or as circles to keep when re-composing.
//!
//! Identity answers are left out: the roster is shared more widely than the import.

use std::collections::BTreeMap;

use super::cells::spreadsheet_safe;
use crate::board::{Board, BoardCircle};
use crate::compose::Mode;
use crate::import::{ImportOptions, ImportReport, import_with};
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
/// record, dropped → kept) say so, and any the board does not have are listed as "not
/// composed", so nothing is silently missing. `Locked` is "yes" for the members of a locked
/// circle and for pinned people; `band_of` gives a video circle's band of time zones for `Place`.
pub fn roster_csv(
    import: &ImportReport,
    board: &Board,
    merged: &BTreeMap<RecordId, RecordId>,
    band_of: impl Fn(&BoardCircle) -> Option<String>,
) -> String {
    let columns: Vec<_> = ROSTER_ROLES.iter().filter_map(|&role| import.column_with(role)).collect();
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let mut header = vec!["Circle", "Circle name", "Mode", "Place", "Locked", "Record"];
    header.extend(columns.iter().map(|c| c.header.as_str()));
    header.extend(["Starts", "Minutes", "Repeat", "Where", "Host", "Waitlist reason"]);
    // Writing into a Vec cannot fail, and every row has the header's width.
    writer.write_record(&header).expect("in-memory CSV");

    let mut row_for = |record: RecordId, circle: [String; 5], details: [String; 5], reason: &str| {
        let Some(fields) = (record.0 as usize).checked_sub(1).and_then(|i| import.records.get(i)).map(|r| &r.fields)
        else {
            return;
        };
        let [number, name, mode, place, locked] = circle;
        let mut row = vec![number, name, mode, place, locked, record.to_string()];
        row.extend(columns.iter().map(|c| fields[c.index].clone()));
        row.extend(details);
        row.push(reason.to_owned());
        writer.write_record(row.iter().map(|cell| spreadsheet_safe(cell))).expect("in-memory CSV");
    };

    let mut listed = vec![false; import.records.len()];
    for circle in &board.circles {
        let mode = match circle.mode {
            Mode::InPerson => "in person",
            Mode::Video => "video",
        };
        let place = circle.place.clone().or_else(|| band_of(circle)).unwrap_or_default();
        let details = &circle.details;
        let host = details.host.map_or(String::new(), |h| h.to_string());
        let minutes = details.minutes.map_or(String::new(), |m| m.to_string());
        let details = [details.starts.clone(), minutes, details.repeat.clone(), details.place.clone(), host];
        for &member in &circle.members {
            mark_listed(&mut listed, member);
            let locked = if circle.locked || board.pinned.contains(&member) { "yes" } else { "" };
            let circle =
                [circle.id.to_string(), circle.name.clone(), mode.to_owned(), place.clone(), locked.to_owned()];
            row_for(member, circle, details.clone(), "");
        }
    }
    let nothing = || [String::new(), String::new(), String::new(), String::new(), String::new()];
    let labelled = |label: &str| [label.to_owned(), String::new(), String::new(), String::new(), String::new()];
    for waiting in &board.waitlist {
        mark_listed(&mut listed, waiting.record);
        row_for(waiting.record, labelled("Waitlist"), nothing(), &waiting.reason);
    }
    for (&dropped, &kept) in merged {
        if (dropped.0 as usize).checked_sub(1).and_then(|i| listed.get(i)) == Some(&false) {
            mark_listed(&mut listed, dropped);
            let reason = format!("Same email as record {kept}, whose answers are used.");
            row_for(dropped, labelled("Merged"), nothing(), &reason);
        }
    }
    for (index, _) in listed.iter().enumerate().filter(|(_, listed)| !**listed) {
        row_for(RecordId(index as u32 + 1), labelled("Not composed"), nothing(), "");
    }
    String::from_utf8(writer.into_inner().expect("in-memory CSV")).expect("CSV of UTF-8 fields is UTF-8")
}

/// Notes that `record` has a row; records the import does not have are ignored (they have no fields).
fn mark_listed(listed: &mut [bool], record: RecordId) {
    if let Some(seen) = (record.0 as usize).checked_sub(1).and_then(|index| listed.get_mut(index)) {
        *seen = true;
    }
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
            circles.entry(number).or_default().push(crate::import::clean_email(address).address);
        }
    }
    if circles.is_empty() {
        return Err("this roster has no numbered circles".to_owned());
    }
    Ok(circles.into_values().collect())
}

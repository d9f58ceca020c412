//! DETAILS.csv: each circle's name and meetings as a table (`Circle,Name,Starts,Minutes,Repeat,
//! Where`), so that the organizer can fill them in a spreadsheet, or on the command line, and
//! read them back. Reading is all or nothing: every problem is named with its line and column.

use super::cells::{spreadsheet_safe, unquote_formula};
use crate::board::{Board, BoardEdit, CircleDetails};
use crate::import::{ImportOptions, import_with};
use crate::model::GroupId;
use crate::send::{MeetingTime, ZoneRules};

/// The columns, in order.
const HEADER: [&str; 6] = ["Circle", "Name", "Starts", "Minutes", "Repeat", "Where"];

/// The board's circles as a details table.
pub fn details_csv(board: &Board) -> String {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    // Writing into a Vec cannot fail, and every row has the header's width.
    writer.write_record(HEADER).expect("in-memory CSV");
    for circle in &board.circles {
        let details = &circle.details;
        let row = [
            circle.id.to_string(),
            circle.name.clone(),
            details.starts.clone(),
            details.minutes.map_or_else(String::new, |m| m.to_string()),
            details.repeat.clone(),
            details.place.clone(),
        ];
        writer.write_record(row.iter().map(|cell| spreadsheet_safe(cell))).expect("in-memory CSV");
    }
    String::from_utf8(writer.into_inner().expect("in-memory CSV")).expect("CSV of UTF-8 fields is UTF-8")
}

/// The edits a details table makes to the board (a rename and the details per row), or every
/// problem it has. Columns other than `Circle` may be missing; a missing column leaves that
/// detail as the board has it. The board's host of each circle stays.
pub fn read_details(bytes: &[u8], board: &Board, zones: &dyn ZoneRules) -> Result<Vec<BoardEdit>, Vec<String>> {
    let table = import_with(bytes, &ImportOptions::default());
    let column =
        |name: &str| table.columns.iter().find(|c| c.header.trim().eq_ignore_ascii_case(name)).map(|c| c.index);
    let Some(circle_column) = column("Circle") else {
        return Err(vec![
            "line 1: a details table needs a Circle column (Circle,Name,Starts,Minutes,Repeat,Where)".to_owned(),
        ]);
    };
    let [name, starts, minutes, repeat, place] = ["Name", "Starts", "Minutes", "Repeat", "Where"].map(column);
    let mut edits = Vec::new();
    let mut problems = Vec::new();
    for record in &table.records {
        let cell = |index: usize| unquote_formula(record.fields[index].trim()).trim().to_owned();
        let at = |index: usize| format!("line {}, column {}", record.line, index + 1);
        let number = cell(circle_column);
        if number.is_empty() && record.fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let Some(circle) = number.parse().ok().and_then(|n| board.circles.iter().find(|c| c.id == GroupId(n))) else {
            problems.push(format!("{}: there is no circle “{number}” on the board", at(circle_column)));
            continue;
        };
        let mut details = CircleDetails { host: circle.details.host, ..circle.details.clone() };
        if let Some(index) = starts {
            details.starts = cell(index);
            if let (false, Err(error)) = (details.starts.is_empty(), MeetingTime::parse(&details.starts, zones)) {
                problems.push(format!("{}: {error}", at(index)));
            }
        }
        if let Some(index) = minutes {
            let text = cell(index);
            details.minutes = match text.parse() {
                _ if text.is_empty() => None,
                Ok(minutes) => Some(minutes),
                Err(_) => {
                    problems.push(format!("{}: “{text}” is not a number of minutes", at(index)));
                    None
                }
            };
        }
        if let Some(index) = repeat {
            details.repeat = cell(index);
            if !details.repeat.is_empty() && !details.repeat.to_ascii_uppercase().contains("FREQ=") {
                problems.push(format!("{}: a repetition is an RRULE value such as FREQ=WEEKLY;COUNT=6", at(index)));
            }
        }
        if let Some(index) = place {
            details.place = cell(index);
        }
        if let Some(index) = name {
            edits.push(BoardEdit::Rename { circle: circle.id, name: cell(index) });
        }
        edits.push(BoardEdit::SetDetails { circle: circle.id, details });
    }
    if problems.is_empty() { Ok(edits) } else { Err(problems) }
}

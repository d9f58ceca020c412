//! One rule for every CSV cell this tool writes: a cell a spreadsheet would run as a formula is
//! written as text. Following OWASP's CSV-injection advice, any cell that starts with `=`, `+`,
//! `-`, `@`, a tab or a carriage return (after any spaces) gets a leading apostrophe, which spreadsheets show as
//! plain text; other cells are unchanged.

/// The cell as written to a CSV.
pub fn spreadsheet_safe(cell: &str) -> String {
    // Leading spaces are looked through too: some spreadsheets trim them before reading.
    let starts_formula = |text: &str| text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if starts_formula(cell) || starts_formula(cell.trim_start_matches(' ')) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// A cell read back from a CSV this tool wrote: the apostrophe [`spreadsheet_safe`] added is
/// taken off again; any other cell is unchanged.
pub fn unquote_formula(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if spreadsheet_safe(rest) != rest => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::{spreadsheet_safe, unquote_formula};

    #[test]
    fn formula_starts_become_text_and_others_stay() {
        for cell in ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "\r=x"] {
            assert_eq!(spreadsheet_safe(cell), format!("'{cell}"));
        }
        assert_eq!(spreadsheet_safe(" =1+2"), "' =1+2");
        for cell in ["Ana", "", "1-2", "Ana =x"] {
            assert_eq!(spreadsheet_safe(cell), cell);
        }
        for cell in ["=1+2", "-3", "'quoted", "plain", ""] {
            assert_eq!(unquote_formula(&spreadsheet_safe(cell)), cell);
        }
    }
}

//! The domain vocabulary shared by every step: record numbers, column roles and applicants.
//!
//! Plain data only; building applicants from an import lives in `import`, grouping them in `compose`.

use serde::{Deserialize, Serialize};

/// A record's number in its file: 1 for the first record after the header, in file order.
///
/// A quoted field that spans lines is still one record, so this is not a line number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RecordId(pub u32);

impl std::fmt::Display for RecordId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A circle's number in a composition, from 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct GroupId(pub u32);

impl std::fmt::Display for GroupId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// What a column of the sign-up form holds, as far as composing circles is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ColumnRole {
    /// The applicant's full name.
    Name,
    /// The given name, when the form splits names.
    FirstName,
    /// The family name, when the form splits names.
    LastName,
    /// The applicant's email address.
    Email,
    /// Where the applicant lives, as free text.
    Location,
    /// The applicant's employer.
    Company,
    /// Job title or role.
    Role,
    /// Seniority or years of experience.
    Seniority,
    /// Pronouns, shown to circle-mates when the organizer allows it.
    Pronouns,
    /// An answer about identity (sensitive); several columns may have this role.
    Identity,
    /// Which times work, as a multi-select answer.
    Availability,
    /// Free-text notes.
    Notes,
    /// Not used for composing.
    Ignore,
}

impl ColumnRole {
    /// Every role, in the order the page offers them.
    pub const ALL: [ColumnRole; 13] = [
        ColumnRole::Name,
        ColumnRole::FirstName,
        ColumnRole::LastName,
        ColumnRole::Email,
        ColumnRole::Location,
        ColumnRole::Company,
        ColumnRole::Role,
        ColumnRole::Seniority,
        ColumnRole::Pronouns,
        ColumnRole::Identity,
        ColumnRole::Availability,
        ColumnRole::Notes,
        ColumnRole::Ignore,
    ];

    /// A short label for people.
    pub fn label(self) -> &'static str {
        match self {
            ColumnRole::Name => "name",
            ColumnRole::FirstName => "first name",
            ColumnRole::LastName => "last name",
            ColumnRole::Email => "email",
            ColumnRole::Location => "location",
            ColumnRole::Company => "company",
            ColumnRole::Role => "role",
            ColumnRole::Seniority => "seniority",
            ColumnRole::Pronouns => "pronouns",
            ColumnRole::Identity => "identity",
            ColumnRole::Availability => "availability",
            ColumnRole::Notes => "notes",
            ColumnRole::Ignore => "ignore",
        }
    }

    /// Whether at most one column should carry this role.
    pub fn is_single(self) -> bool {
        !matches!(self, ColumnRole::Identity | ColumnRole::Notes | ColumnRole::Ignore)
    }
}

/// One applicant, reduced to the answers that composing uses.
///
/// Empty answers are empty strings, never missing: the import keeps every record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applicant {
    /// The record this applicant came from.
    pub record: RecordId,
    /// Display name (first and last joined when the form splits them).
    pub name: String,
    /// Email address as written, trimmed.
    pub email: String,
    /// Location answer as written.
    pub location: String,
    /// Company answer as written.
    pub company: String,
    /// Role or title as written.
    pub role: String,
}

/// A UTC offset in minutes, written the one way the page and every output write it: "UTC+5:30",
/// "UTC−8" (with a true minus sign), "UTC" for zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UtcOffset(pub i32);

impl std::fmt::Display for UtcOffset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let minutes = self.0;
        if minutes == 0 {
            return f.write_str("UTC");
        }
        let sign = if minutes < 0 { '−' } else { '+' };
        let (h, m) = (minutes.abs() / 60, minutes.abs() % 60);
        if m == 0 { write!(f, "UTC{sign}{h}") } else { write!(f, "UTC{sign}{h}:{m:02}") }
    }
}

/// A band of UTC offsets, "UTC−8 … UTC−5", or one offset when both ends agree.
pub fn utc_band(low: i32, high: i32) -> String {
    if low == high { UtcOffset(low).to_string() } else { format!("{} … {}", UtcOffset(low), UtcOffset(high)) }
}

/// A duration in minutes as hours: "3 h", "2.5 h", "0 h".
pub fn hours_label(minutes: i32) -> String {
    if minutes % 60 == 0 { format!("{} h", minutes / 60) } else { format!("{:.1} h", f64::from(minutes) / 60.0) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_written_one_way() {
        assert_eq!(UtcOffset(0).to_string(), "UTC");
        assert_eq!(UtcOffset(330).to_string(), "UTC+5:30");
        assert_eq!(UtcOffset(-480).to_string(), "UTC−8");
        assert_eq!(utc_band(-480, -300), "UTC−8 … UTC−5");
        assert_eq!(hours_label(150), "2.5 h");
    }
}

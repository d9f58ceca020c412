//! From an imported table to the applicants that composing works with, using the column roles.

use crate::model::{Applicant, ColumnRole};

use super::ImportReport;

/// One applicant per record, in record order. Never fails: unmapped answers are empty.
pub fn applicants(report: &ImportReport) -> Vec<Applicant> {
    let index_of = |role| report.column_with(role).map(|c| c.index);
    let (name, first, last) =
        (index_of(ColumnRole::Name), index_of(ColumnRole::FirstName), index_of(ColumnRole::LastName));
    let (email, location) = (index_of(ColumnRole::Email), index_of(ColumnRole::Location));
    let (company, role) = (index_of(ColumnRole::Company), index_of(ColumnRole::Role));

    report
        .records
        .iter()
        .map(|record| {
            let field = |index: Option<usize>| index.map_or("", |i| record.fields[i].trim()).to_owned();
            let full_name = match name {
                Some(_) => field(name),
                None => [field(first), field(last)].join(" ").trim().to_owned(),
            };
            Applicant {
                record: record.record,
                name: full_name,
                email: email.map_or_else(String::new, |i| super::validate::clean_email(&record.fields[i]).address),
                location: field(location),
                company: field(company),
                role: field(role),
            }
        })
        .collect()
}

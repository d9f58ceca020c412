//! What a composing run is given: the people (each with every answer and where they are), the
//! columns, the rules, a seed and a move budget. Plain data that crosses the worker's codec.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::outcome::Mode;
use super::rules::Rules;
use crate::import::{Column, ImportReport, applicants};
use crate::model::{Applicant, ColumnRole, RecordId};
use crate::places::{Gazetteer, PlaceDecisions, PlaceRow, survey};

/// Where a person is, as far as composing is concerned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Locale {
    /// The metro (or the city itself when it has none).
    pub metro: String,
    /// The UTC offset outside summer time, when known.
    pub utc_offset_minutes: Option<i32>,
}

impl Locale {
    /// Where each location spelling is, from the Places step's rows (unresolved ones left out).
    pub fn by_spelling(rows: impl IntoIterator<Item = PlaceRow>) -> BTreeMap<String, Locale> {
        rows.into_iter()
            .filter_map(|row| {
                // A spelling that names only a time zone has an offset and no metro: video circles.
                let metro = match (row.metro, row.utc_offset_minutes) {
                    (Some(metro), _) => metro,
                    (None, Some(_)) => String::new(),
                    (None, None) => return None,
                };
                Some((row.raw, Locale { metro, utc_offset_minutes: row.utc_offset_minutes }))
            })
            .collect()
    }

    /// Where each spelling of the import's location column is, by the gazetteer and the
    /// organizer's decisions (empty when no column has the location role).
    pub fn of_import(
        import: &ImportReport,
        gazetteer: &Gazetteer,
        decisions: &PlaceDecisions,
    ) -> BTreeMap<String, Locale> {
        let Some(column) = import.column_with(ColumnRole::Location) else { return BTreeMap::new() };
        let places = survey(gazetteer, import.records.iter().map(|r| r.fields[column.index].as_str()));
        Locale::by_spelling(decisions.rows(&places, gazetteer))
    }
}

/// One applicant with every answer and where they are.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// The fixed answers.
    pub applicant: Applicant,
    /// Every field of the record, in column order.
    pub answers: Vec<String>,
    /// The resolved location, if any.
    pub locale: Option<Locale>,
}

/// Everything a run needs: who, under which rules, from which seed, for how many moves.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ComposeJob {
    /// The people, in sign-up (record) order.
    pub people: Vec<Person>,
    /// The columns of their answers, with roles and separators.
    pub columns: Vec<Column>,
    /// The rules.
    pub rules: Rules,
    /// Seed of the search; the same seed gives the same circles.
    pub seed: u64,
    /// Search budget in moves.
    pub max_moves: u64,
    /// Circles the organizer keeps when re-composing the rest (empty for a first composition).
    pub keep: Vec<KeptCircle>,
}

/// A circle the organizer keeps when re-composing the rest: a locked circle stays exactly as it
/// is; in another, the people pinned to it stay and others may join or leave.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptCircle {
    /// In person or by video.
    pub mode: Mode,
    /// The metro of an in-person circle.
    pub place: Option<String>,
    /// Who stays in it: every member of a locked circle, the pinned people of another.
    pub staying: Vec<RecordId>,
    /// Whether nobody may join or leave.
    pub locked: bool,
}

impl ComposeJob {
    /// A job over bare applicants (their fixed answers become the columns) without places: the
    /// location answers are carried as a column of no role, since nothing resolves them, so no
    /// place rule concerns anyone. The default move budget.
    pub fn new(applicants: Vec<Applicant>, rules: Rules, seed: u64) -> Self {
        let roles = [ColumnRole::Name, ColumnRole::Email, ColumnRole::Ignore, ColumnRole::Company, ColumnRole::Role];
        let columns = roles
            .iter()
            .enumerate()
            .map(|(index, &role)| Column { index, header: role.label().to_owned(), role, separator: None })
            .collect();
        let people = applicants
            .into_iter()
            .map(|a| Person {
                answers: vec![a.name.clone(), a.email.clone(), a.location.clone(), a.company.clone(), a.role.clone()],
                applicant: a,
                locale: None,
            })
            .collect::<Vec<_>>();
        let max_moves = default_max_moves(people.len());
        ComposeJob { people, columns, rules, seed, max_moves, keep: Vec::new() }
    }

    /// The job of search `index` among several run at once (one per core): the same job from
    /// [`search_seed`](crate::solver::search_seed). Search 0 is this job.
    pub fn search(&self, index: usize) -> ComposeJob {
        ComposeJob { seed: crate::solver::search_seed(self.seed, index), ..self.clone() }
    }

    /// A job over an import: every record but those `skip` names, located by `locale_of`
    /// (given the location answer as written, trimmed).
    pub fn from_import(
        import: &ImportReport,
        skip: impl Fn(RecordId) -> bool,
        locale_of: impl Fn(&str) -> Option<Locale>,
        rules: Rules,
        seed: u64,
    ) -> Self {
        let people: Vec<Person> = applicants(import)
            .into_iter()
            .zip(&import.records)
            .filter(|(applicant, _)| !skip(applicant.record))
            .map(|(applicant, record)| Person {
                locale: locale_of(applicant.location.trim()),
                answers: record.fields.clone(),
                applicant,
            })
            .collect();
        let max_moves = default_max_moves(people.len());
        ComposeJob { people, columns: import.columns.clone(), rules, seed, max_moves, keep: Vec::new() }
    }
}

/// Enough moves for the search to settle: about two thousand per applicant, within sane limits.
pub fn default_max_moves(n_applicants: usize) -> u64 {
    (n_applicants as u64 * 2_000).clamp(20_000, 20_000_000)
}

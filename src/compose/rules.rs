//! The organizer's rules, in the vocabulary of the product: size, place, spread, distinct,
//! never-isolate, share, availability, together / apart and not again. Each rule names the
//! columns it reads by header, so saved rules apply to next round's export of the same form.

use serde::{Deserialize, Serialize};

use super::rule_id::RuleKind;
use crate::import::Column;
use crate::model::ColumnRole;
use crate::solver::SizeBounds;

/// Everything the organizer decided about how circles are made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rules {
    /// Every circle has between `min` and `max` members (always hard).
    pub size: SizeBounds,
    /// In person by metro, else by video within a time-zone spread.
    #[serde(default)]
    pub place: PlaceRule,
    /// Columns whose answers are mixed as evenly as possible inside each circle.
    #[serde(default)]
    pub spread: Vec<SpreadRule>,
    /// Columns whose (normalised) answers never repeat inside a circle, e.g. the company.
    #[serde(default)]
    pub distinct: Vec<DistinctRule>,
    /// A circle has none or at least `k` members who match.
    #[serde(default)]
    pub never_isolate: Vec<NeverIsolateRule>,
    /// Among circles with any matching member, matching members are at least a share of the circle.
    #[serde(default)]
    pub share: Vec<ShareRule>,
    /// Members of a circle share at least one answer of a multi-select column.
    #[serde(default)]
    pub availability: Option<AvailabilityRule>,
    /// Pairs of people (by email) who must be in the same circle.
    #[serde(default)]
    pub together: Vec<PersonPair>,
    /// Pairs of people (by email) who must not be in the same circle.
    #[serde(default)]
    pub apart: Vec<PersonPair>,
    /// Circles of previous rounds (each a list of emails): their pairs should not meet again.
    #[serde(default)]
    pub not_again: Vec<Vec<String>>,
}

impl Rules {
    /// Only a size range: every other rule off.
    pub fn of_size(size: SizeBounds) -> Self {
        Rules {
            size,
            place: PlaceRule {
                in_person: false,
                in_person_min: None,
                in_person_metros: Vec::new(),
                max_tz_spread_hours: None,
                unresolved: UnresolvedPlaces::Wait,
            },
            spread: Vec::new(),
            distinct: Vec::new(),
            never_isolate: Vec::new(),
            share: Vec::new(),
            availability: None,
            together: Vec::new(),
            apart: Vec::new(),
            not_again: Vec::new(),
        }
    }

    /// What an organizer would choose for a typical form with these columns: companies distinct,
    /// roles and seniority spread, in person where a metro can fill a circle and otherwise video
    /// within 3 hours, and common availability preferred when the form asks for it.
    pub fn suggested(columns: &[Column], size: SizeBounds) -> Self {
        let with_role = |role: ColumnRole| columns.iter().filter(move |c| c.role == role).map(|c| c.header.clone());
        let has_location = columns.iter().any(|c| c.role == ColumnRole::Location);
        Rules {
            place: PlaceRule {
                in_person: has_location,
                in_person_min: None,
                in_person_metros: Vec::new(),
                max_tz_spread_hours: has_location.then_some(DEFAULT_TZ_SPREAD_HOURS),
                unresolved: UnresolvedPlaces::Wait,
            },
            spread: with_role(ColumnRole::Role)
                .chain(with_role(ColumnRole::Seniority))
                .map(|column| SpreadRule { column, weight: DEFAULT_SPREAD_WEIGHT })
                .collect(),
            distinct: with_role(ColumnRole::Company)
                .map(|column| DistinctRule { column, strength: Strength::Hard })
                .collect(),
            availability: with_role(ColumnRole::Availability)
                .next()
                .map(|column| AvailabilityRule { column, strength: Strength::preferred() }),
            ..Rules::of_size(size)
        }
    }

    /// The rules without those that name people (together, apart, earlier rounds): what may be
    /// saved in a settings file, which holds no applicant's answers.
    pub fn without_people(&self) -> Rules {
        Rules { together: Vec::new(), apart: Vec::new(), not_again: Vec::new(), ..self.clone() }
    }

    /// Column headers that the rules read but `columns` lacks, each with the kind of rule that reads it.
    pub fn missing_columns(&self, columns: &[Column]) -> Vec<(String, RuleKind)> {
        let mut read: Vec<(&str, RuleKind)> = Vec::new();
        read.extend(self.spread.iter().map(|r| (r.column.as_str(), RuleKind::Spread)));
        read.extend(self.distinct.iter().map(|r| (r.column.as_str(), RuleKind::Distinct)));
        for rule in &self.never_isolate {
            read.extend(rule.matches.iter().map(|m| (m.column.as_str(), RuleKind::NeverIsolate)));
        }
        for rule in &self.share {
            read.extend(rule.matches.iter().map(|m| (m.column.as_str(), RuleKind::Share)));
        }
        read.extend(self.availability.iter().map(|r| (r.column.as_str(), RuleKind::Availability)));
        read.into_iter()
            .filter(|(header, _)| !columns.iter().any(|c| c.header == *header))
            .map(|(header, rule)| (header.to_owned(), rule))
            .collect()
    }
}

/// The time-zone spread of a video circle when the organizer has not chosen one.
pub const DEFAULT_TZ_SPREAD_HOURS: f64 = 3.0;
/// What two different answers of a spread column are worth when the organizer has not weighed it.
pub const DEFAULT_SPREAD_WEIGHT: f64 = 1.0;
/// The fewest matching members a circle with any may have, under a never-isolate rule.
pub const DEFAULT_NEVER_ISOLATE_K: u32 = 2;
/// The weight of a preferred never-isolate, share or availability rule: one broken rule costs
/// about as much as two spread columns' diversity of one pair.
pub const PREFERRED_WEIGHT: f64 = 2.0;
/// The weight of a preferred distinct rule: two colleagues in a circle cost about as much as
/// four spread columns' diversity, so they meet only when that buys more elsewhere.
pub const PREFERRED_DISTINCT_WEIGHT: f64 = 4.0;

/// Whether a rule must hold (people wait rather than break it) or is weighed against others.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Strength {
    /// Never broken in a reported plan.
    Hard,
    /// Broken only when that buys more elsewhere; the weight says how much it matters.
    Soft(f64),
}

impl Strength {
    /// Whether the rule is hard.
    pub fn is_hard(self) -> bool {
        self == Strength::Hard
    }

    /// A preferred never-isolate, share or availability rule at the default weight.
    pub fn preferred() -> Strength {
        Strength::Soft(PREFERRED_WEIGHT)
    }

    /// "must hold" or "preferred", as the page and the command line say it.
    pub fn label(self) -> &'static str {
        if self.is_hard() { "must hold" } else { "preferred" }
    }
}

/// Where circles meet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlaceRule {
    /// Whether metros with enough applicants host in-person circles.
    pub in_person: bool,
    /// Fewest applicants in a metro for it to host (default: the smallest circle).
    #[serde(default)]
    pub in_person_min: Option<u32>,
    /// The metros that may host in-person circles (empty: any metro with enough applicants).
    #[serde(default)]
    pub in_person_metros: Vec<String>,
    /// Largest difference of UTC offsets inside a video circle, in hours (none: any).
    #[serde(default)]
    pub max_tz_spread_hours: Option<f64>,
    /// What becomes of applicants whose place is unknown, when the file has a location column.
    #[serde(default)]
    pub unresolved: UnresolvedPlaces,
}

/// What becomes of applicants whose place and time zone are unknown (the file has a location
/// column, but their answer was not resolved): placed blindly, they could land in a circle many
/// hours from home.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UnresolvedPlaces {
    /// They wait until the organizer chooses their place.
    #[default]
    Wait,
    /// They join video circles anyway; their circle's place check names them.
    Video,
}

impl UnresolvedPlaces {
    /// The command line's word for it.
    pub fn name(self) -> &'static str {
        match self {
            UnresolvedPlaces::Wait => "wait",
            UnresolvedPlaces::Video => "video",
        }
    }

    /// The option of a word, if it is one.
    pub fn named(word: &str) -> Option<UnresolvedPlaces> {
        [UnresolvedPlaces::Wait, UnresolvedPlaces::Video].into_iter().find(|u| u.name() == word.trim())
    }
}

impl PlaceRule {
    /// The spread of a video circle in whole minutes, the one rounding every rule check uses.
    pub fn max_tz_spread_minutes(&self) -> Option<i32> {
        self.max_tz_spread_hours.map(|hours| libm::round(hours * 60.0) as i32)
    }

    /// Whether `metro` may host in-person circles (by the organizer's list; size is the plan's).
    /// An empty list means every metro with enough applicants.
    pub fn may_host(&self, metro: &str) -> bool {
        self.in_person && (self.in_person_metros.is_empty() || self.in_person_metros.iter().any(|m| m == metro))
    }

    /// The fewest applicants a metro needs to host in-person circles: the organizer's number, or
    /// else enough for the smallest circle.
    pub fn hosting_threshold(&self, size: SizeBounds) -> usize {
        self.in_person_min.unwrap_or(size.min).max(1) as usize
    }
}

impl Default for PlaceRule {
    fn default() -> Self {
        PlaceRule {
            in_person: true,
            in_person_min: None,
            in_person_metros: Vec::new(),
            max_tz_spread_hours: Some(DEFAULT_TZ_SPREAD_HOURS),
            unresolved: UnresolvedPlaces::Wait,
        }
    }
}

/// Mix a column's answers evenly.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SpreadRule {
    /// The column's header.
    pub column: String,
    /// How much two different answers are worth, relative to other spread columns.
    #[serde(default = "one")]
    pub weight: f64,
}

fn one() -> f64 {
    DEFAULT_SPREAD_WEIGHT
}

/// No two members share a normalised answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DistinctRule {
    /// The column's header.
    pub column: String,
    /// Hard by default.
    #[serde(default = "hard")]
    pub strength: Strength,
}

fn hard() -> Strength {
    Strength::Hard
}

/// Answers of one column that make a person match, compared without case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnMatch {
    /// The column's header.
    pub column: String,
    /// The answers that match.
    pub values: Vec<String>,
}

impl ColumnMatch {
    /// Parses `COLUMN=VALUE|VALUE`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let (column, values) = text
            .split_once('=')
            .ok_or_else(|| format!("expected COLUMN=VALUE|VALUE such as 'Gender=Woman|Non-binary', found {text:?}"))?;
        let values: Vec<String> =
            values.split('|').map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned).collect();
        if column.trim().is_empty() || values.is_empty() {
            return Err(format!("expected COLUMN=VALUE|VALUE with a column and at least one value, found {text:?}"));
        }
        Ok(ColumnMatch { column: column.trim().to_owned(), values })
    }
}

impl std::fmt::Display for ColumnMatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} = {}", self.column, self.values.join(" | "))
    }
}

/// Several matches as one phrase: "Gender = Woman | Non-binary or Pronouns = she/her".
pub fn matches_label(matches: &[ColumnMatch]) -> String {
    matches.iter().map(ToString::to_string).collect::<Vec<_>>().join(" or ")
}

/// None or at least `k` matching members per circle; the matches are combined with "or".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NeverIsolateRule {
    /// Who matches: anyone matching any of these.
    pub matches: Vec<ColumnMatch>,
    /// The fewest matching members a circle may have, if it has any.
    #[serde(default = "two")]
    pub k: u32,
    /// Hard by default.
    #[serde(default = "hard")]
    pub strength: Strength,
}

fn two() -> u32 {
    DEFAULT_NEVER_ISOLATE_K
}

/// Among circles with any matching member, at least a share of the circle matches.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShareRule {
    /// Who matches: anyone matching any of these.
    pub matches: Vec<ColumnMatch>,
    /// The smallest share, between 0 and 1.
    pub at_least: f64,
    /// Soft by default.
    #[serde(default = "soft")]
    pub strength: Strength,
}

fn soft() -> Strength {
    Strength::preferred()
}

/// Members share at least one answer of a multi-select column.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AvailabilityRule {
    /// The column's header.
    pub column: String,
    /// Soft by default.
    #[serde(default = "soft")]
    pub strength: Strength,
}

/// Two people named by email.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonPair {
    /// One email.
    pub a: String,
    /// The other.
    pub b: String,
}

impl PersonPair {
    /// Parses `EMAIL,EMAIL`.
    pub fn parse(text: &str) -> Result<Self, String> {
        match text.split(',').map(str::trim).collect::<Vec<_>>()[..] {
            [a, b] if !a.is_empty() && !b.is_empty() => Ok(PersonPair { a: a.to_owned(), b: b.to_owned() }),
            _ => Err(format!("expected two emails separated by a comma, found {text:?}")),
        }
    }
}

//! Names for rules that code can match on: [`RuleKind`] (a kind of rule, what a feasibility note is
//! about) and [`RuleId`] (one rule of the organizer's [`Rules`](super::Rules), what a check judges).
//!
//! Their labels ("distinct Company", "never-isolate") come only from `Display`, for people and for
//! the JSON outputs; no code compares label strings, so renaming a label changes no behaviour.

use serde::{Deserialize, Serialize};

/// A kind of rule of the product's vocabulary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum RuleKind {
    /// Every circle has between min and max members.
    #[serde(rename = "size")]
    Size,
    /// In person in one metro, or by video within a time-zone spread.
    #[serde(rename = "place")]
    Place,
    /// A column's answers mixed evenly.
    #[serde(rename = "spread")]
    Spread,
    /// A column's answers never repeated in a circle.
    #[serde(rename = "distinct")]
    Distinct,
    /// None or at least k matching members.
    #[serde(rename = "never-isolate")]
    NeverIsolate,
    /// Matching members at least a share of a circle that has any.
    #[serde(rename = "share")]
    Share,
    /// A time common to every member.
    #[serde(rename = "availability")]
    Availability,
    /// Named pairs in one circle.
    #[serde(rename = "together")]
    Together,
    /// Named pairs in different circles.
    #[serde(rename = "apart")]
    Apart,
    /// Pairs of an earlier round not grouped again.
    #[serde(rename = "not again")]
    NotAgain,
}

impl RuleKind {
    /// The label, as in the product's rule vocabulary.
    pub fn label(self) -> &'static str {
        match self {
            RuleKind::Size => "size",
            RuleKind::Place => "place",
            RuleKind::Spread => "spread",
            RuleKind::Distinct => "distinct",
            RuleKind::NeverIsolate => "never-isolate",
            RuleKind::Share => "share",
            RuleKind::Availability => "availability",
            RuleKind::Together => "together",
            RuleKind::Apart => "apart",
            RuleKind::NotAgain => "not again",
        }
    }
}

impl std::fmt::Display for RuleKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// One rule of a [`Rules`](super::Rules): spread and distinct rules by the column they read,
/// never-isolate and share rules by their position in their list.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleId {
    /// The size range.
    Size,
    /// The place rule.
    Place,
    /// The spread rule of this column.
    Spread(String),
    /// The distinct rule of this column.
    Distinct(String),
    /// The never-isolate rule at this position.
    NeverIsolate(usize),
    /// The share rule at this position.
    Share(usize),
    /// The availability rule.
    Availability,
    /// Every together pair.
    Together,
    /// Every apart pair.
    Apart,
    /// Every pair of the earlier rounds.
    NotAgain,
}

impl RuleId {
    /// The kind of rule.
    pub fn kind(&self) -> RuleKind {
        match self {
            RuleId::Size => RuleKind::Size,
            RuleId::Place => RuleKind::Place,
            RuleId::Spread(_) => RuleKind::Spread,
            RuleId::Distinct(_) => RuleKind::Distinct,
            RuleId::NeverIsolate(_) => RuleKind::NeverIsolate,
            RuleId::Share(_) => RuleKind::Share,
            RuleId::Availability => RuleKind::Availability,
            RuleId::Together => RuleKind::Together,
            RuleId::Apart => RuleKind::Apart,
            RuleId::NotAgain => RuleKind::NotAgain,
        }
    }
}

impl std::fmt::Display for RuleId {
    /// "size", "place", "spread Role", "distinct Company", "never-isolate", "share", …
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RuleId::Spread(column) | RuleId::Distinct(column) => write!(f, "{} {column}", self.kind()),
            other => write!(f, "{}", other.kind()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_name_the_column_of_column_rules() {
        assert_eq!(RuleId::Distinct("Company".to_owned()).to_string(), "distinct Company");
        assert_eq!(RuleId::NeverIsolate(1).to_string(), "never-isolate");
        assert_eq!(RuleId::NotAgain.to_string(), "not again");
        // The JSON name of a kind is its label.
        for kind in [RuleKind::Size, RuleKind::NeverIsolate, RuleKind::NotAgain] {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.label());
        }
    }
}

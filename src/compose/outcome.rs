//! What composing (or judging a roster) reports: circles, the waitlist with reasons, and a check
//! per circle and rule. Plain data, the same in the page, the worker's codec and the JSON outputs.

use serde::{Deserialize, Serialize};

use super::feasibility::Finding;
use super::rule_id::RuleId;
use crate::model::{GroupId, RecordId};

/// Whether a circle meets in person or by video.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// Everyone lives in the metro hosting it.
    InPerson,
    /// Members meet by video, within the time-zone spread.
    Video,
}

/// One composed circle.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Circle {
    /// Its number, from 1.
    pub id: GroupId,
    /// In person or by video.
    pub mode: Mode,
    /// The metro of an in-person circle.
    pub place: Option<String>,
    /// The UTC offsets of a video circle's members, e.g. "UTC−8 … UTC−5".
    #[serde(default)]
    pub band: Option<String>,
    /// Its members' records, ascending.
    pub members: Vec<RecordId>,
    /// The mean pair score of its members (spread diversity less soft pair penalties): what the
    /// fairness term lifts for the worst circles.
    #[serde(default)]
    pub diversity: f64,
}

/// Someone who could not be placed, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waitlisted {
    /// Their record.
    pub record: RecordId,
    /// One sentence an organizer can act on.
    pub reason: String,
}

/// Whether one circle meets one rule.
///
/// In JSON, `rule` is the rule's label ("size", "distinct Company", "never-isolate") and
/// `rule_id` names it for code (`{"distinct": "Company"}`, `{"never-isolate": 0}`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "CheckRecord", from = "CheckRecord")]
pub struct Check {
    /// The circle.
    pub group: GroupId,
    /// The rule.
    pub rule: RuleId,
    /// Whether the rule is hard (people wait rather than break it).
    pub hard: bool,
    /// Whether the rule holds.
    pub ok: bool,
    /// A short detail, e.g. "8 members (6–9)".
    pub detail: String,
}

/// A check as written: the label beside the id, for people and scripts that read the JSON.
#[derive(Serialize, Deserialize)]
struct CheckRecord {
    group: GroupId,
    rule: String,
    rule_id: RuleId,
    hard: bool,
    ok: bool,
    detail: String,
}

impl From<Check> for CheckRecord {
    fn from(check: Check) -> Self {
        let Check { group, rule, hard, ok, detail } = check;
        CheckRecord { group, rule: rule.to_string(), rule_id: rule, hard, ok, detail }
    }
}

impl From<CheckRecord> for Check {
    fn from(record: CheckRecord) -> Self {
        let CheckRecord { group, rule_id, hard, ok, detail, .. } = record;
        Check { group, rule: rule_id, hard, ok, detail }
    }
}

/// The result of composing.
///
/// Invariant: every applicant of the job is in exactly one circle or on the waitlist.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Composition {
    /// The circles.
    pub groups: Vec<Circle>,
    /// Who could not be placed.
    pub waitlist: Vec<Waitlisted>,
    /// Every rule for every circle.
    pub checks: Vec<Check>,
    /// The pair score of the circles (spread diversity less soft pair penalties).
    pub score: f64,
    /// What the rules allowed, most serious first: the notes before solving, with the summary of
    /// where circles meet told from the circles formed.
    #[serde(default)]
    pub feasibility: Vec<Finding>,
}

impl Composition {
    /// How many applicants are in a circle.
    pub fn placed(&self) -> usize {
        self.groups.iter().map(|circle| circle.members.len()).sum()
    }

    /// Of the results of several searches of one job, the one that places the most people, then
    /// has the best score; on a tie, the earliest, so that a seed and a number of searches always
    /// give the same circles. `None` for no results.
    pub fn best_of(results: impl IntoIterator<Item = Composition>) -> Option<Composition> {
        results.into_iter().reduce(
            |best, next| {
                if (next.placed(), next.score) > (best.placed(), best.score) { next } else { best }
            },
        )
    }
}

impl std::fmt::Display for Composition {
    /// One line per circle and per waitlisted record, then the score to six decimals; a compact,
    /// exact record of a result, used to show that a seed gives the same circles everywhere.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for circle in &self.groups {
            let members: Vec<String> = circle.members.iter().map(ToString::to_string).collect();
            writeln!(f, "circle {}: {}", circle.id, members.join(" "))?;
        }
        for waiting in &self.waitlist {
            writeln!(f, "waitlist: {} ({})", waiting.record, waiting.reason)?;
        }
        writeln!(f, "score {:.6}", self.score)
    }
}

//! From applicants and the organizer's rules to circles, a waitlist with reasons, and checks.
//!
//! Rules become a grouping problem for `solver`: spread answers and pair rules are pairwise
//! scores, in-person circles are groups hosted by a metro, never-isolate, share and availability
//! are tallies of tagged members, and anyone may go to a waitlist at a cost. Hard rules cost far
//! more than a waitlisted person, who costs more than any soft rule or diversity, so the search
//! places everyone it can without breaking a hard rule. A repair after the search guarantees it:
//! whoever still breaks a hard rule waits, with the reason.
//!
//! The modules, in the order a run uses them: `rules` (the vocabulary), `rule_id` and
//! `rule_edit` (naming and changing rules), `job` (what a run is given), `roster` and `answers`
//! (the people as the rules see them), `judge` (the one judgement of every rule), `contradictions`
//! and `plan` (before the search), `feasibility` (notes in words), `pairs` and `objective` (the
//! score), `start`, `composer`, `repair` and `reasons` (the run), `outcome` (what it reports),
//! `advice` (what a hand edit would change, and the best moves for a person).

mod advice;
mod answers;
mod composer;
mod contradictions;
mod feasibility;
mod job;
mod judge;
// Property tests need proptest, a native-only dev-dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod judge_agrees;
mod objective;
mod outcome;
mod pairs;
mod plan;
mod reasons;
mod repair;
mod roster;
mod rule_edit;
mod rule_id;
mod rules;
mod start;
mod unknown_places;

pub use advice::{Advisor, Change, Effect, Suggestion, effects};
pub use answers::{answer_counts, normalize_company, same_company};
pub use composer::{Composer, EXTRA_CIRCLE_TRIES, compose};
pub use feasibility::{Finding, Level, feasibility};
pub use job::{ComposeJob, KeptCircle, Locale, Person, default_max_moves};
pub use judge::RuleBook;
pub use outcome::{Check, Circle, Composition, Mode, Waitlisted};
pub use pairs::PairScores;
pub use rule_edit::RuleEdit;
pub use rule_id::{RuleId, RuleKind};
pub use rules::{
    AvailabilityRule, ColumnMatch, DEFAULT_NEVER_ISOLATE_K, DEFAULT_SPREAD_WEIGHT, DEFAULT_TZ_SPREAD_HOURS,
    DistinctRule, NeverIsolateRule, PREFERRED_DISTINCT_WEIGHT, PREFERRED_WEIGHT, PersonPair, PlaceRule, Rules,
    ShareRule, SpreadRule, Strength, UnresolvedPlaces, matches_label,
};

//! Changes to the rules as messages: the page's rule editor and the command line's flags both send
//! [`RuleEdit`]s, and [`Rules::apply`] gives each its one meaning, tested natively. What an edit
//! leaves unsaid (the weight of a rule made preferred, k of a new never-isolate rule) comes from
//! the named defaults in `rules.rs`.

use serde::{Deserialize, Serialize};

use super::rule_id::RuleKind;
use super::rules::{
    AvailabilityRule, DEFAULT_SPREAD_WEIGHT, DistinctRule, NeverIsolateRule, PersonPair, Rules, ShareRule, SpreadRule,
    Strength, UnresolvedPlaces,
};

/// One change to the rules.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum RuleEdit {
    /// Let metros with enough applicants host in-person circles, or not.
    InPerson(bool),
    /// The fewest applicants a metro needs to host (`None`: the smallest circle).
    InPersonMin(Option<u32>),
    /// Let one metro host in-person circles, or not. The other metros keep their say.
    HostMetro {
        /// The metro.
        metro: String,
        /// Whether it hosts.
        host: bool,
    },
    /// Let only these metros host (empty: every metro with enough applicants).
    HostOnly(Vec<String>),
    /// The largest UTC-offset spread of a video circle, in hours (`None`: any).
    MaxTzSpread(Option<f64>),
    /// What becomes of applicants whose place is unknown.
    Unresolved(UnresolvedPlaces),
    /// Spread a column's answers evenly, or stop spreading it.
    Spread {
        /// The column's header.
        column: String,
        /// Whether to spread it.
        on: bool,
    },
    /// How much a spread column counts (clamped to 0–100).
    SpreadWeight {
        /// The column's header.
        column: String,
        /// Its weight.
        weight: f64,
    },
    /// Keep a column's answers distinct with this strength (`None`: no distinct rule).
    Distinct {
        /// The column's header.
        column: String,
        /// How strongly.
        strength: Option<Strength>,
    },
    /// Add a never-isolate rule.
    AddNeverIsolate(NeverIsolateRule),
    /// Remove the never-isolate rule at this position.
    RemoveNeverIsolate(usize),
    /// Set k of every never-isolate rule (at least 2).
    NeverIsolateK(u32),
    /// Add a share rule.
    AddShare(ShareRule),
    /// Remove the share rule at this position.
    RemoveShare(usize),
    /// Ask for a common time from this column (`None`: no availability rule); a new rule is preferred.
    Availability(Option<String>),
    /// Whether the availability rule must hold.
    AvailabilityHard(bool),
    /// Keep these pairs together (replacing the earlier list).
    Together(Vec<PersonPair>),
    /// Keep these pairs apart (replacing the earlier list).
    Apart(Vec<PersonPair>),
    /// Keep apart the pairs of these circles of an earlier round (each a list of emails).
    AddEarlierRound(Vec<Vec<String>>),
    /// Remove every rule of a kind (size and place have no "none" and stay as they are).
    Clear(RuleKind),
}

impl Rules {
    /// The rules after `edit`. `eligible_metros` are the metros with enough applicants to host
    /// (see [`PlaceRule::hosting_threshold`](super::PlaceRule::hosting_threshold)): ticking
    /// metros off an empty list ("every eligible metro") lists the eligible ones that stay.
    pub fn apply(&mut self, edit: RuleEdit, eligible_metros: &[String]) {
        match edit {
            RuleEdit::InPerson(on) => self.place.in_person = on,
            RuleEdit::InPersonMin(min) => self.place.in_person_min = min.filter(|&m| m > 0),
            RuleEdit::HostMetro { metro, host } => {
                let mut allowed: Vec<String> = if self.place.in_person_metros.is_empty() && self.place.in_person {
                    eligible_metros.to_vec()
                } else {
                    self.place.in_person_metros.clone()
                };
                allowed.retain(|m| *m != metro);
                if host {
                    allowed.push(metro);
                }
                self.apply(RuleEdit::HostOnly(allowed), eligible_metros);
            }
            RuleEdit::HostOnly(mut metros) => {
                metros.sort();
                metros.dedup();
                // No metro at all means no in-person circles, never "any metro"; every eligible
                // metro is said the short way, so a metro that grows eligible later hosts too.
                self.place.in_person = !metros.is_empty();
                let every = !eligible_metros.is_empty() && eligible_metros.iter().all(|m| metros.contains(m));
                self.place.in_person_metros = if every { Vec::new() } else { metros };
            }
            RuleEdit::MaxTzSpread(hours) => {
                self.place.max_tz_spread_hours = hours.filter(|h| h.is_finite()).map(|h| h.clamp(0.0, 26.0));
            }
            RuleEdit::Unresolved(unresolved) => self.place.unresolved = unresolved,
            RuleEdit::Spread { column, on } => {
                let present = self.spread.iter().any(|s| s.column == column);
                if on && !present {
                    self.spread.push(SpreadRule { column, weight: DEFAULT_SPREAD_WEIGHT });
                } else if !on {
                    self.spread.retain(|s| s.column != column);
                }
            }
            RuleEdit::SpreadWeight { column, weight } => {
                if let Some(rule) = self.spread.iter_mut().find(|s| s.column == column)
                    && weight.is_finite()
                {
                    rule.weight = weight.clamp(0.0, 100.0);
                }
            }
            RuleEdit::Distinct { column, strength } => {
                match (self.distinct.iter_mut().find(|d| d.column == column), strength) {
                    (Some(rule), Some(strength)) => rule.strength = strength,
                    (None, Some(strength)) => self.distinct.push(DistinctRule { column, strength }),
                    (_, None) => self.distinct.retain(|d| d.column != column),
                }
            }
            RuleEdit::AddNeverIsolate(rule) => {
                if !rule.matches.is_empty() && !self.never_isolate.contains(&rule) {
                    self.never_isolate.push(NeverIsolateRule { k: rule.k.max(2), ..rule });
                }
            }
            RuleEdit::RemoveNeverIsolate(index) => {
                if index < self.never_isolate.len() {
                    self.never_isolate.remove(index);
                }
            }
            RuleEdit::NeverIsolateK(k) => self.never_isolate.iter_mut().for_each(|rule| rule.k = k.max(2)),
            RuleEdit::AddShare(rule) => {
                if !rule.matches.is_empty() && !self.share.contains(&rule) {
                    self.share.push(ShareRule { at_least: rule.at_least.clamp(0.01, 1.0), ..rule });
                }
            }
            RuleEdit::RemoveShare(index) => {
                if index < self.share.len() {
                    self.share.remove(index);
                }
            }
            RuleEdit::Availability(column) => {
                let strength = self.availability.as_ref().map_or(Strength::preferred(), |a| a.strength);
                self.availability = column.map(|column| AvailabilityRule { column, strength });
            }
            RuleEdit::AvailabilityHard(hard) => {
                if let Some(rule) = &mut self.availability {
                    rule.strength = if hard { Strength::Hard } else { Strength::preferred() };
                }
            }
            RuleEdit::Together(pairs) => self.together = pairs,
            RuleEdit::Apart(pairs) => self.apart = pairs,
            RuleEdit::AddEarlierRound(circles) => self.not_again.extend(circles),
            RuleEdit::Clear(kind) => self.clear(kind),
        }
    }

    fn clear(&mut self, kind: RuleKind) {
        match kind {
            RuleKind::Size | RuleKind::Place => {}
            RuleKind::Spread => self.spread.clear(),
            RuleKind::Distinct => self.distinct.clear(),
            RuleKind::NeverIsolate => self.never_isolate.clear(),
            RuleKind::Share => self.share.clear(),
            RuleKind::Availability => self.availability = None,
            RuleKind::Together => self.together.clear(),
            RuleKind::Apart => self.apart.clear(),
            RuleKind::NotAgain => self.not_again.clear(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::{ColumnMatch, PREFERRED_DISTINCT_WEIGHT, PREFERRED_WEIGHT, PlaceRule};
    use crate::solver::SizeBounds;

    fn rules() -> Rules {
        Rules { place: PlaceRule::default(), ..Rules::of_size(SizeBounds { min: 6, max: 9 }) }
    }

    fn metros(names: &[&str]) -> Vec<String> {
        names.iter().map(|&m| m.to_owned()).collect()
    }

    #[test]
    fn unticking_a_metro_lists_the_eligible_ones_that_stay() {
        let eligible = metros(&["Berlin", "New York", "San Francisco Bay Area"]);
        let mut rules = rules();
        rules.apply(RuleEdit::HostMetro { metro: "New York".to_owned(), host: false }, &eligible);
        assert_eq!(rules.place.in_person_metros, metros(&["Berlin", "San Francisco Bay Area"]));
        assert!(rules.place.may_host("Berlin") && !rules.place.may_host("New York"));
        // Ticking it again is "every eligible metro" again, the short way.
        rules.apply(RuleEdit::HostMetro { metro: "New York".to_owned(), host: true }, &eligible);
        assert!(rules.place.in_person && rules.place.in_person_metros.is_empty());
        // Unticking every metro means no in-person circles, not "any metro".
        for metro in &eligible {
            rules.apply(RuleEdit::HostMetro { metro: metro.clone(), host: false }, &eligible);
        }
        assert!(!rules.place.in_person);
        assert!(!rules.place.may_host("Berlin"));
    }

    #[test]
    fn edits_take_the_named_defaults() {
        let mut rules = rules();
        rules.apply(RuleEdit::Availability(Some("Times".to_owned())), &[]);
        assert_eq!(rules.availability.as_ref().unwrap().strength, Strength::Soft(PREFERRED_WEIGHT));
        rules.apply(RuleEdit::AvailabilityHard(true), &[]);
        rules.apply(RuleEdit::Availability(Some("Other times".to_owned())), &[]);
        assert_eq!(rules.availability.as_ref().unwrap().strength, Strength::Hard, "the strength stays");
        rules.apply(RuleEdit::Spread { column: "Role".to_owned(), on: true }, &[]);
        rules.apply(RuleEdit::Spread { column: "Role".to_owned(), on: true }, &[]);
        assert_eq!(rules.spread, [SpreadRule { column: "Role".to_owned(), weight: DEFAULT_SPREAD_WEIGHT }]);
        rules.apply(RuleEdit::SpreadWeight { column: "Role".to_owned(), weight: 500.0 }, &[]);
        assert_eq!(rules.spread[0].weight, 100.0);
        let soft = Some(Strength::Soft(PREFERRED_DISTINCT_WEIGHT));
        rules.apply(RuleEdit::Distinct { column: "Company".to_owned(), strength: soft }, &[]);
        rules.apply(RuleEdit::Distinct { column: "Company".to_owned(), strength: Some(Strength::Hard) }, &[]);
        assert_eq!(rules.distinct, [DistinctRule { column: "Company".to_owned(), strength: Strength::Hard }]);
        let matches = vec![ColumnMatch { column: "Gender".to_owned(), values: vec!["Woman".to_owned()] }];
        rules.apply(RuleEdit::AddNeverIsolate(NeverIsolateRule { matches, k: 1, strength: Strength::Hard }), &[]);
        assert_eq!(rules.never_isolate[0].k, 2, "k of 1 would isolate");
        rules.apply(RuleEdit::Clear(RuleKind::NeverIsolate), &[]);
        assert!(rules.never_isolate.is_empty());
        rules.apply(RuleEdit::MaxTzSpread(Some(f64::NAN)), &[]);
        assert_eq!(rules.place.max_tz_spread_hours, None);
    }
}

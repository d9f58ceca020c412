//! Every rule judged for one circle, in words an organizer reads at a glance ("2 of 8 match",
//! "UTC−8 … UTC−5, spread 3 h", "companies all distinct"), and why a person waits.
//!
//! The same judgement decides which hard rules a circle breaks, so the repair after the search
//! and the checks shown to the organizer cannot disagree.

use super::roster::{PairKind, PairScores, Roster};
use super::rules::{Rules, Strength};

/// One rule judged for one circle.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Judgement {
    pub rule: String,
    pub ok: bool,
    pub hard: bool,
    pub detail: String,
}

/// A circle as the rules see it: who is in it and which metro hosts it (0: video).
pub(crate) struct CircleView<'a> {
    pub roster: &'a Roster,
    pub rules: &'a Rules,
    pub pairs: &'a PairScores,
    pub host: u32,
    pub members: &'a [usize],
}

impl CircleView<'_> {
    /// Every rule, judged.
    pub(crate) fn judge(&self) -> Vec<Judgement> {
        let mut out = Vec::new();
        let size = self.members.len() as u32;
        let bounds = self.rules.size;
        out.push(Judgement {
            rule: "size".to_owned(),
            ok: (bounds.min..=bounds.max).contains(&size),
            hard: true,
            detail: format!("{size} members ({}–{})", bounds.min, bounds.max),
        });
        if let Some(place) = self.place() {
            out.push(place);
        }
        for (index, spread) in self.roster.spread.iter().enumerate() {
            out.push(self.spread(index, &spread.header));
        }
        for index in 0..self.roster.distinct.len() {
            out.push(self.distinct(index));
        }
        for (index, rule) in self.rules.never_isolate.iter().enumerate() {
            let matching = &self.roster.never_isolate[index];
            let count = self.members.iter().filter(|&&m| matching.matches[m]).count() as u32;
            let ok = count == 0 || count >= rule.k;
            let label = if self.rules.never_isolate.len() > 1 { format!(" {}", matching.label) } else { String::new() };
            let detail = match count {
                0 => format!("none match{label}"),
                _ if ok => format!("{count} of {size} match{label}"),
                _ => format!("{count} of {size} match{label}; needs none or at least {}", rule.k),
            };
            out.push(Judgement { rule: "never-isolate".to_owned(), ok, hard: rule.strength.is_hard(), detail });
        }
        for (index, rule) in self.rules.share.iter().enumerate() {
            let matching = &self.roster.share[index];
            let count = self.members.iter().filter(|&&m| matching.matches[m]).count() as u32;
            let needed = libm::ceil(rule.at_least * f64::from(size) - 1e-9).max(0.0) as u32;
            let ok = count == 0 || count >= needed;
            let detail = match count {
                0 => "none match".to_owned(),
                _ => format!("{count} of {size} match (at least {needed} wanted)"),
            };
            out.push(Judgement { rule: "share".to_owned(), ok, hard: rule.strength.is_hard(), detail });
        }
        if let Some(availability) = &self.roster.availability {
            let mut counts = vec![0u32; availability.n_answers];
            for &m in self.members {
                for &answer in &availability.answers[m] {
                    counts[answer as usize] += 1;
                }
            }
            let best = counts.iter().enumerate().max_by_key(|&(answer, &c)| (c, std::cmp::Reverse(answer)));
            let (ok, detail) = match best {
                Some((answer, &count)) if count > 0 => {
                    let label = availability.ids.label(answer as u32 + 1);
                    if count == size {
                        (true, format!("all can do {label}"))
                    } else {
                        (false, format!("no common time; {label} suits {count} of {size}"))
                    }
                }
                _ => (size == 0, "no availability given".to_owned()),
            };
            out.push(Judgement { rule: "availability".to_owned(), ok, hard: availability.strength.is_hard(), detail });
        }
        out.extend(self.named_pairs());
        out
    }

    fn place(&self) -> Option<Judgement> {
        let place = &self.rules.place;
        if self.host != 0 {
            let away = self.members.iter().filter(|&&m| self.roster.metro[m] != self.host).count();
            let metro = self.roster.metro_name(self.host);
            return Some(Judgement {
                rule: "place".to_owned(),
                ok: away == 0,
                hard: true,
                detail: if away == 0 { format!("all in {metro}") } else { format!("{away} not in {metro}") },
            });
        }
        let max = place.max_tz_spread_minutes()?;
        let offsets: Vec<i32> = self.members.iter().filter_map(|&m| self.roster.offset[m]).collect();
        let unknown = self.members.len() - offsets.len();
        let unknown_note = match unknown {
            0 => String::new(),
            1 => "; 1 time zone unknown".to_owned(),
            _ => format!("; {unknown} time zones unknown"),
        };
        let (Some(&low), Some(&high)) = (offsets.iter().min(), offsets.iter().max()) else {
            return Some(Judgement {
                rule: "place".to_owned(),
                ok: true,
                hard: true,
                detail: format!("video; time zones unknown{unknown_note}"),
            });
        };
        let spread = high - low;
        let band = if low == high { utc(low) } else { format!("{} … {}", utc(low), utc(high)) };
        Some(Judgement {
            rule: "place".to_owned(),
            ok: spread <= max,
            hard: true,
            detail: format!("video, {band}, spread {}{unknown_note}", hours(spread)),
        })
    }

    fn spread(&self, index: usize, header: &str) -> Judgement {
        let column = &self.roster.spread[index];
        let mut values: Vec<u32> = self.members.iter().map(|&m| column.values[m]).collect();
        values.sort_unstable();
        let counts: Vec<(u32, usize)> = values.chunk_by(|a, b| a == b).map(|run| (run[0], run.len())).collect();
        let (common, most) =
            counts.iter().max_by_key(|(value, c)| (*c, std::cmp::Reverse(*value))).copied().unwrap_or((0, 0));
        let label = match column.ids.label(common) {
            "" => "blank",
            label => label,
        };
        Judgement {
            rule: format!("spread {header}"),
            ok: most * 2 <= self.members.len().max(1) || counts.len() == 1 && self.members.len() <= 1,
            hard: false,
            detail: format!("{} different; most common: {label} ×{most}", counts.len()),
        }
    }

    fn distinct(&self, index: usize) -> Judgement {
        let column = &self.roster.distinct[index];
        let mut by_group: Vec<(u32, &str)> = self
            .members
            .iter()
            .filter(|&&m| column.groups[m] != 0)
            .map(|&m| (column.groups[m], column.written[m].as_str()))
            .collect();
        by_group.sort_unstable();
        let shared: Vec<String> = by_group
            .chunk_by(|a, b| a.0 == b.0)
            .filter(|run| run.len() > 1)
            .map(|run| {
                let mut written: Vec<&str> = run.iter().map(|(_, w)| *w).collect();
                written.dedup();
                format!("{} from {}", run.len(), written.join(" / "))
            })
            .collect();
        let header = column.header.to_lowercase();
        Judgement {
            rule: format!("distinct {}", column.header),
            ok: shared.is_empty(),
            hard: column.strength == Strength::Hard,
            detail: if shared.is_empty() { format!("{header} all distinct") } else { shared.join(", ") },
        }
    }

    fn named_pairs(&self) -> Vec<Judgement> {
        let mut judged = Vec::new();
        let in_circle = |person: u32| self.members.contains(&(person as usize));
        let name = |person: usize| self.roster.labels[person].as_str();
        let mut together = (Vec::new(), Vec::new());
        let mut apart = Vec::new();
        let mut met = 0;
        for &m in self.members {
            for &(other, kind) in &self.roster.pairs[m] {
                match kind {
                    PairKind::Together if (other as usize) > m || !in_circle(other) => {
                        if in_circle(other) {
                            together.0.push(format!("{} with {}", name(m), name(other as usize)));
                        } else {
                            together.1.push(format!("{} without {}", name(m), name(other as usize)));
                        }
                    }
                    PairKind::Apart if (other as usize) > m && in_circle(other) => {
                        apart.push(format!("{} with {}", name(m), name(other as usize)));
                    }
                    PairKind::MetBefore if (other as usize) > m && in_circle(other) => met += 1,
                    _ => {}
                }
            }
        }
        if !together.0.is_empty() || !together.1.is_empty() {
            let ok = together.1.is_empty();
            let detail = together.1.iter().chain(&together.0).cloned().collect::<Vec<_>>().join("; ");
            judged.push(Judgement { rule: "together".to_owned(), ok, hard: true, detail });
        }
        if !apart.is_empty() {
            judged.push(Judgement { rule: "apart".to_owned(), ok: false, hard: true, detail: apart.join("; ") });
        }
        if !self.rules.not_again.is_empty() {
            let detail = match met {
                0 => "no pair met before".to_owned(),
                1 => "1 pair met before".to_owned(),
                _ => format!("{met} pairs met before"),
            };
            judged.push(Judgement { rule: "not again".to_owned(), ok: met == 0, hard: false, detail });
        }
        judged
    }

    /// Whether `person` is far from this circle: hosted by another metro, or too many time zones
    /// away from a member.
    pub(crate) fn is_far_from(&self, person: usize) -> bool {
        (self.host != 0 && self.roster.metro[person] != self.host)
            || self.members.iter().any(|&m| self.pairs.too_far(person, m))
    }

    /// Whether `person` could join this circle, which holds every hard rule, without breaking
    /// one (its size aside). Cheaper than judging the larger circle: only the newcomer's pairs
    /// are checked, and the tallies recounted.
    pub(crate) fn admits(&self, person: usize) -> bool {
        if self.is_far_from(person) || self.members.iter().any(|&m| self.pairs.hard_conflict(person, m)) {
            return false;
        }
        let size = self.members.len() as u32 + 1;
        let count =
            |matches: &[bool]| self.members.iter().filter(|&&m| matches[m]).count() as u32 + u32::from(matches[person]);
        for (rule, matching) in self.rules.never_isolate.iter().zip(&self.roster.never_isolate) {
            let matched = count(&matching.matches);
            if rule.strength.is_hard() && matched > 0 && matched < rule.k {
                return false;
            }
        }
        for (rule, matching) in self.rules.share.iter().zip(&self.roster.share) {
            let matched = count(&matching.matches);
            let needed = libm::ceil(rule.at_least * f64::from(size) - 1e-9).max(0.0) as u32;
            if rule.strength.is_hard() && matched > 0 && matched < needed {
                return false;
            }
        }
        if let Some(availability) = self.roster.availability.as_ref().filter(|a| a.strength.is_hard()) {
            let shared = availability.answers[person]
                .iter()
                .any(|answer| self.members.iter().all(|&m| availability.answers[m].contains(answer)));
            if !shared {
                return false;
            }
        }
        true
    }

    /// Members whose leaving would mend a broken hard rule (none when every hard rule holds),
    /// one rule at a time; the size rule is left to the caller.
    pub(crate) fn members_breaking_hard_rules(&self) -> Vec<usize> {
        if self.host != 0 {
            let away: Vec<usize> =
                self.members.iter().copied().filter(|&m| self.roster.metro[m] != self.host).collect();
            if !away.is_empty() {
                return away;
            }
        }
        // Pairs that may never meet: the member in most of them leaves first (the later sign-up
        // on a tie), one at a time, since that often mends the others too.
        let conflicts: Vec<usize> = self
            .members
            .iter()
            .map(|&a| self.members.iter().filter(|&&b| b != a && self.pairs.hard_conflict(a, b)).count())
            .collect();
        if let Some((at, _)) = conflicts.iter().enumerate().filter(|(_, c)| **c > 0).max_by_key(|&(at, c)| (*c, at)) {
            return vec![self.members[at]];
        }
        for (index, rule) in self.rules.never_isolate.iter().enumerate() {
            let matching: Vec<usize> =
                self.members.iter().copied().filter(|&m| self.roster.never_isolate[index].matches[m]).collect();
            if rule.strength.is_hard() && !matching.is_empty() && (matching.len() as u32) < rule.k {
                return matching;
            }
        }
        let size = self.members.len() as u32;
        for (index, rule) in self.rules.share.iter().enumerate() {
            let matching: Vec<usize> =
                self.members.iter().copied().filter(|&m| self.roster.share[index].matches[m]).collect();
            let needed = libm::ceil(rule.at_least * f64::from(size) - 1e-9).max(0.0) as u32;
            if rule.strength.is_hard() && !matching.is_empty() && (matching.len() as u32) < needed {
                return matching;
            }
        }
        if let Some(availability) = self.roster.availability.as_ref().filter(|a| a.strength.is_hard()) {
            let mut counts = vec![0u32; availability.n_answers];
            for &m in self.members {
                for &answer in &availability.answers[m] {
                    counts[answer as usize] += 1;
                }
            }
            let best = counts.iter().enumerate().max_by_key(|&(answer, &c)| (c, std::cmp::Reverse(answer)));
            let best = best.map(|(answer, _)| answer as u16);
            let lacking: Vec<usize> = self
                .members
                .iter()
                .copied()
                .filter(|&m| !best.is_some_and(|b| availability.answers[m].contains(&b)))
                .collect();
            if !lacking.is_empty() {
                return lacking;
            }
        }
        Vec::new()
    }
}

/// "UTC+5:30", "UTC−8", "UTC".
pub(crate) fn utc(minutes: i32) -> String {
    if minutes == 0 {
        return "UTC".to_owned();
    }
    let sign = if minutes < 0 { '−' } else { '+' };
    let (h, m) = (minutes.abs() / 60, minutes.abs() % 60);
    if m == 0 { format!("UTC{sign}{h}") } else { format!("UTC{sign}{h}:{m:02}") }
}

/// "3 h", "2.5 h", "0 h".
pub(crate) fn hours(minutes: i32) -> String {
    if minutes % 60 == 0 { format!("{} h", minutes / 60) } else { format!("{:.1} h", f64::from(minutes) / 60.0) }
}

//! What the rules allow before any search, in plain words: who cannot be placed and why, and
//! what each rule asks of the circles. Shown in the Rules step as the organizer edits, and
//! printed by the command line.

use serde::{Deserialize, Serialize};

use super::ComposeJob;
use super::explain::utc;
use super::plan::{metros_by_size, placeable_in_metro, plan};
use super::roster::Roster;

/// How much a finding matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// Nobody can be placed, or the rules read something missing.
    Blocking,
    /// Some people will wait, or a rule cannot be fully met.
    Warning,
    /// What a rule implies.
    Info,
}

/// One thing the organizer should know before composing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// How much it matters.
    pub level: Level,
    /// The rule it is about.
    pub rule: String,
    /// One or two sentences with what to change.
    pub message: String,
}

fn finding(level: Level, rule: &str, message: String) -> Finding {
    Finding { level, rule: rule.to_owned(), message }
}

fn people(count: usize) -> String {
    if count == 1 { "1 applicant".to_owned() } else { format!("{count} applicants") }
}

/// Every finding for a job, most serious first.
pub fn feasibility(job: &ComposeJob) -> Vec<Finding> {
    let rules = &job.rules;
    let size = rules.size;
    let mut found = Vec::new();
    for (header, rule) in rules.missing_columns(&job.columns) {
        found.push(finding(
            Level::Blocking,
            rule,
            format!("The {rule} rule reads a column “{header}” that this file does not have: choose another column."),
        ));
    }
    let roster = Roster::read(job);
    let n = roster.n;
    if n < size.min as usize {
        found.push(finding(
            Level::Blocking,
            "size",
            format!(
                "Only {}: a circle needs at least {}. Allow smaller circles or add applicants.",
                people(n),
                size.min
            ),
        ));
        return found;
    }
    let circles = plan(&roster, rules);
    let capacity: usize = circles.len() * size.max as usize;
    if capacity < n {
        found.push(finding(
            Level::Warning,
            "size",
            format!(
                "{} circles of at most {} hold {capacity} of {}: the latest sign-ups wait unless circles may be larger.",
                circles.len(),
                size.max,
                people(n)
            ),
        ));
    }
    found.extend(place_findings(&roster, job, &circles));
    found.extend(distinct_findings(&roster, circles.len()));
    found.extend(matching_findings(&roster, job));
    found.extend(availability_findings(&roster, job));
    for (person, reason) in super::contradictory_pairs(&roster, rules) {
        found.push(finding(Level::Warning, "together", format!("{} will wait. {reason}", roster.labels[person])));
    }
    for (email, rule) in &roster.unknown_emails {
        found.push(finding(
            Level::Warning,
            rule,
            format!("Nobody has the email {email}, so this {rule} pair is ignored."),
        ));
    }
    found.sort_by_key(|f| f.level);
    found
}

fn place_findings(roster: &Roster, job: &ComposeJob, circles: &[super::plan::PlannedCircle]) -> Vec<Finding> {
    let rules = &job.rules;
    let size = rules.size;
    let mut found = Vec::new();
    let hosted: Vec<u32> = {
        let mut hosts: Vec<u32> = circles.iter().map(|c| c.host).filter(|&h| h != 0).collect();
        hosts.dedup();
        hosts
    };
    let by_metro = metros_by_size(roster);
    let count_of = |metro: u32| by_metro.iter().find(|(m, _)| *m == metro).map_or(0, |(_, c)| *c);
    let video_circles = circles.iter().filter(|c| c.host == 0).count();
    let in_video = roster.metro.iter().filter(|m| !hosted.contains(m)).count();
    if rules.place.in_person {
        let parts: Vec<String> = hosted
            .iter()
            .map(|&metro| {
                let k = circles.iter().filter(|c| c.host == metro).count();
                format!("{} ({} → {k})", roster.metro_name(metro), count_of(metro))
            })
            .collect();
        let threshold = rules.place.in_person_min.unwrap_or(size.min) as usize;
        for &(metro, count) in &by_metro {
            let name = roster.metro_name(metro);
            if count >= threshold && rules.place.may_host(name) && !hosted.contains(&metro) {
                let why = if placeable_in_metro(roster, metro, count, size) < count {
                    "too many of them share a value that must be distinct to fill a circle there"
                } else {
                    "that is too few for a circle"
                };
                found.push(finding(
                    Level::Info,
                    "place",
                    format!("{name} has {count} applicants, but {why}: they meet by video."),
                ));
            }
        }
        let summary = if parts.is_empty() {
            format!("No metro has {} applicants for an in-person circle", rules.place.in_person_min.unwrap_or(size.min))
        } else {
            format!("In person: {}", parts.join(", "))
        };
        found.push(finding(
            Level::Info,
            "place",
            format!("{summary}; by video: {in_video} applicants → {video_circles} circles."),
        ));
    }
    let Some(hours) = rules.place.max_tz_spread_hours else { return found };
    let width = libm::round(hours * 60.0) as i32;
    let unknown = (0..roster.n).filter(|&p| !hosted.contains(&roster.metro[p]) && roster.offset[p].is_none()).count();
    let mut offsets: Vec<i32> =
        (0..roster.n).filter(|&p| !hosted.contains(&roster.metro[p])).filter_map(|p| roster.offset[p]).collect();
    offsets.sort_unstable();
    // For each person, the most people in any window of the spread's width that holds them: the
    // best window starting at someone at most `width` west of them.
    let starting_at: Vec<usize> =
        (0..offsets.len()).map(|j| offsets.partition_point(|&o| o <= offsets[j] + width) - j).collect();
    let mut reach = Vec::with_capacity(offsets.len());
    let mut best: std::collections::VecDeque<usize> = std::collections::VecDeque::new();
    for i in 0..offsets.len() {
        while best.back().is_some_and(|&j| starting_at[j] <= starting_at[i]) {
            best.pop_back();
        }
        best.push_back(i);
        while best.front().is_some_and(|&j| offsets[j] < offsets[i] - width) {
            best.pop_front();
        }
        reach.push(starting_at[best[0]] + unknown);
    }
    let mut index = 0;
    while index < offsets.len() {
        if reach[index] >= size.min as usize {
            index += 1;
            continue;
        }
        let start = index;
        while index < offsets.len() && reach[index] < size.min as usize {
            index += 1;
        }
        let (low, high) = (offsets[start], offsets[index - 1]);
        let band = if low == high { utc(low) } else { format!("{} … {}", utc(low), utc(high)) };
        let most = reach[start..index].iter().max().copied().unwrap_or(0);
        found.push(finding(
            Level::Warning,
            "place",
            format!(
                "{} at {band} have at most {most} people within {} of them — too few for a circle of {}: \
                 widen the time-zone spread, allow circles of {most}, or they will wait.",
                people(index - start),
                super::explain::hours(width),
                size.min
            ),
        ));
    }
    found
}

fn distinct_findings(roster: &Roster, circles: usize) -> Vec<Finding> {
    let mut found = Vec::new();
    for column in roster.distinct.iter().filter(|c| c.strength.is_hard()) {
        let mut groups: Vec<(u32, usize)> = Vec::new();
        let mut sorted: Vec<(u32, usize)> =
            column.groups.iter().enumerate().filter(|(_, g)| **g != 0).map(|(p, g)| (*g, p)).collect();
        sorted.sort_unstable();
        for run in sorted.chunk_by(|a, b| a.0 == b.0) {
            groups.push((run[0].0, run[0].1));
            let count = run.len();
            if count > circles {
                found.push(finding(
                    Level::Warning,
                    "distinct",
                    format!(
                        "{} share {} “{}”, but only {circles} circles are planned: {} of them will wait.",
                        people(count),
                        column.header,
                        column.written[run[0].1],
                        count - circles
                    ),
                ));
            }
        }
    }
    found
}

fn matching_findings(roster: &Roster, job: &ComposeJob) -> Vec<Finding> {
    let rules = &job.rules;
    let size = rules.size;
    let mut found = Vec::new();
    for (rule, matching) in rules.never_isolate.iter().zip(&roster.never_isolate) {
        let count = matching.matches.iter().filter(|m| **m).count();
        let k = rule.k.max(1) as usize;
        if count == 0 {
            found.push(finding(
                Level::Warning,
                "never-isolate",
                format!("Nobody matches never-isolate ({}): check the column and values.", matching.label),
            ));
        } else if count < k && rule.strength.is_hard() {
            found.push(finding(
                Level::Warning,
                "never-isolate",
                format!(
                    "Only {} {} never-isolate ({}), fewer than k = {k}: they will wait unless k is lowered or the rule made soft.",
                    people(count),
                    if count == 1 { "matches" } else { "match" },
                    matching.label
                ),
            ));
        } else {
            found.push(finding(
                Level::Info,
                "never-isolate",
                format!(
                    "{} match never-isolate ({}, k = {k}): they fit in at most {} circles.",
                    people(count),
                    matching.label,
                    count / k
                ),
            ));
        }
    }
    for (rule, matching) in rules.share.iter().zip(&roster.share) {
        let count = matching.matches.iter().filter(|m| **m).count();
        let needed = |circle: u32| libm::ceil(rule.at_least * f64::from(circle) - 1e-9).max(1.0) as usize;
        let (at_min, at_max) = (needed(size.min), needed(size.max));
        let share = fraction(rule.at_least);
        let level = if rule.strength.is_hard() && count > 0 && count < at_min { Level::Warning } else { Level::Info };
        found.push(finding(
            level,
            "share",
            format!(
                "share ≥ {share} ({}) needs at least {at_max} matching people in a circle of {} ({at_min} in a circle of {}); \
                 {} match, so at most {} circles can have any.",
                matching.label,
                size.max,
                size.min,
                people(count),
                count / at_min
            ),
        ));
    }
    found
}

fn availability_findings(roster: &Roster, job: &ComposeJob) -> Vec<Finding> {
    let Some(column) = &roster.availability else { return Vec::new() };
    let size = job.rules.size;
    let mut found = Vec::new();
    let none = column.answers.iter().filter(|a| a.is_empty()).count();
    let hard = column.strength.is_hard();
    if none > 0 {
        found.push(finding(
            if hard { Level::Warning } else { Level::Info },
            "availability",
            format!(
                "{} gave no answer in “{}”: they share no time with anyone{}.",
                people(none),
                column.header,
                if hard { " and will wait" } else { "" }
            ),
        ));
    }
    let mut counts = vec![0usize; column.n_answers];
    for answers in &column.answers {
        for &a in answers {
            counts[a as usize] += 1;
        }
    }
    let mut ranked: Vec<(usize, usize)> = counts.iter().copied().enumerate().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let top: Vec<String> =
        ranked.iter().take(4).map(|&(a, c)| format!("{} ({c})", column.ids.label(a as u32 + 1))).collect();
    if !top.is_empty() {
        let enough = ranked.iter().filter(|(_, c)| *c >= size.min as usize).count();
        found.push(finding(
            Level::Info,
            "availability",
            format!("Most common times: {}; {enough} times suit at least {} people.", top.join(", "), size.min),
        ));
    }
    found
}

/// "2/3", "1/2", or a percentage when no small fraction is exact.
pub(crate) fn fraction(share: f64) -> String {
    for denominator in 2..=10u32 {
        let numerator = libm::round(share * f64::from(denominator));
        if (numerator / f64::from(denominator) - share).abs() < 1e-6 && numerator > 0.0 {
            return format!("{}/{denominator}", numerator as u32);
        }
    }
    format!("{:.0} %", share * 100.0)
}

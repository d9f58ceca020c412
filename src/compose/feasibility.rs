//! What the rules allow before any search, in plain words: who cannot be placed and why, and
//! what each rule asks of the circles. Shown in the Rules step as the organizer edits, and
//! printed by the command line. The notes come from the same [`Planning`] the composer starts
//! from, so a note and the circles it speaks of agree.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::contradictions::Contradictions;
use super::job::{ComposeJob, KeptCircle};
use super::judge::RuleBook;
use super::outcome::{Composition, Mode};
use super::plan::{Plan, PlannedCircle, identity_needs, metros_by_size, placeable_in_metro, plan};
use super::roster::{MetroId, Roster, Venue};
use super::rule_id::RuleKind;
use super::rules::UnresolvedPlaces;
use super::unknown_places::{unknown_places, unknown_places_finding, waiting_for_places};
use crate::model::{RecordId, hours_label, utc_band};
use crate::solver::{SizeBounds, share_needed};

/// How much a finding matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// Nobody can be placed, rules contradict each other, or the rules read something missing.
    Error,
    /// Some people will wait, or a rule cannot be fully met.
    Warning,
    /// What a rule implies.
    Info,
}

impl Level {
    /// "error", "warning" or "info", as in the JSON outputs.
    pub fn label(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Info => "info",
        }
    }
}

/// One thing the organizer should know before composing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// How much it matters.
    pub level: Level,
    /// The kind of rule it is about.
    pub rule: RuleKind,
    /// One or two sentences with what to change.
    pub message: String,
}

fn finding(level: Level, rule: RuleKind, message: String) -> Finding {
    Finding { level, rule, message }
}

/// "A", "A and B", "A, B and C".
fn and_list(items: &[&str]) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

fn people(count: usize) -> String {
    if count == 1 { "1 applicant".to_owned() } else { format!("{count} applicants") }
}

/// Everything composing decides before the search: the people as the rules see them, those whom
/// contradictory rules keep waiting, the rest, and the circles planned for them.
#[derive(Clone, Debug)]
pub(crate) struct Planning {
    /// Everyone of the job.
    pub everyone: RuleBook,
    /// Who waits whatever the search does, and why.
    pub contradictions: Contradictions,
    /// Circles the organizer locked: they come first, exactly as they are.
    pub locked: Vec<LockedCircle>,
    /// Everyone else, whom the search places (the same as `everyone` when nobody waits and
    /// nothing is locked).
    pub book: RuleBook,
    /// The circles to fill (those the organizer keeps first), and who is planned where.
    pub plan: Plan,
    /// For each person of `book`, the kept circle (a position in `plan.circles`) they stay in.
    pub fixed: Vec<Option<usize>>,
    /// Rules that read columns the file lacks.
    missing_columns: Vec<Finding>,
    /// Who (by position in `everyone`) has no place or time zone though the file has a location
    /// column.
    unknown_places: Vec<usize>,
}

impl Planning {
    /// Reads the job, finds contradictions, and plans the circles: those the organizer keeps
    /// first, then circles for everyone else.
    pub(crate) fn new(job: &ComposeJob) -> Planning {
        let everyone = RuleBook::new(job);
        let mut contradictions = Contradictions::find(&everyone);
        // People the organizer keeps in a circle stay there, whatever the rules say.
        let kept: BTreeSet<RecordId> = job.keep.iter().flat_map(|k| k.staying.iter().copied()).collect();
        let unknown_places = unknown_places(job, &everyone);
        if job.rules.place.unresolved == UnresolvedPlaces::Wait {
            for (person, reason) in waiting_for_places(&everyone, &unknown_places) {
                contradictions.waiting.entry(person).or_insert(reason);
            }
        }
        contradictions.waiting.retain(|&person, _| !kept.contains(&everyone.records[person]));
        // Locked circles take no part in the search: nobody joins or leaves them.
        let locked: Vec<LockedCircle> = job
            .keep
            .iter()
            .filter(|k| k.locked)
            .map(|k| LockedCircle {
                venue: everyone.venue(k.mode, k.place.as_deref()),
                members: k.staying.iter().filter_map(|&r| everyone.position(r)).collect(),
            })
            .filter(|circle| !circle.members.is_empty())
            .collect();
        let searched = |p: &usize| {
            !contradictions.waiting.contains_key(p) && !locked.iter().any(|circle| circle.members.contains(p))
        };
        let book = if contradictions.waiting.is_empty() && locked.is_empty() {
            everyone.clone()
        } else {
            let people = (0..job.people.len()).filter(searched).map(|p| job.people[p].clone()).collect();
            RuleBook::new(&ComposeJob { people, ..job.clone() })
        };
        let unlocked: Vec<KeptCircle> = job.keep.iter().filter(|k| !k.locked).cloned().collect();
        let (kept_circles, fixed) = kept_circles(&book, &unlocked);
        let included: Vec<bool> = fixed.iter().map(Option::is_none).collect();
        let mut plan = plan(&book.roster, &book.rules, &included);
        fit_kept_circles(&mut plan, kept_circles, book.roster.n);
        let missing_columns = (job.rules.missing_columns(&job.columns).into_iter())
            .map(|(header, rule)| {
                let message = format!(
                    "The {rule} rule reads a column “{header}” that this file does not have: choose another column."
                );
                finding(Level::Error, rule, message)
            })
            .collect();
        Planning { everyone, contradictions, locked, book, plan, fixed, missing_columns, unknown_places }
    }

    /// Every finding about the plan, most serious first.
    pub(crate) fn findings(&self) -> Vec<Finding> {
        self.findings_for(&self.plan)
    }

    /// Every finding about a plan of this job (the planned one, or one that a run changed), most
    /// serious first.
    fn findings_for(&self, plan: &Plan) -> Vec<Finding> {
        let rules = &self.book.rules;
        let size = rules.size;
        let mut found = self.missing_columns.clone();
        let roster = &self.book.roster;
        let n = self.everyone.roster.n;
        if n < size.min as usize {
            found.push(finding(
                Level::Error,
                RuleKind::Size,
                format!(
                    "Only {}: a circle needs at least {}. Allow smaller circles or add applicants.",
                    people(n),
                    size.min
                ),
            ));
            return found;
        }
        let circles = &plan.circles;
        let capacity: usize = circles.len() * size.max as usize;
        if capacity < roster.n {
            found.push(finding(
                Level::Warning,
                RuleKind::Size,
                format!(
                    "{} circles of at most {} hold {capacity} of {}: the latest sign-ups wait unless circles may be larger.",
                    circles.len(),
                    size.max,
                    people(roster.n)
                ),
            ));
        }
        found.extend(place_findings(&self.book, plan));
        found.extend(distinct_findings(roster, circles.len()));
        found.extend(matching_findings(&self.book));
        found.extend(identity_findings(&self.book, plan));
        found.extend(availability_findings(&self.book));
        found.extend(self.contradictions.findings.iter().cloned());
        if !self.unknown_places.is_empty() {
            found.push(unknown_places_finding(&self.everyone, &self.unknown_places, rules.place.unresolved));
        }
        for (email, rule) in &self.everyone.roster.unknown_emails {
            found.push(finding(
                Level::Warning,
                *rule,
                format!("Nobody has the email {email}, so this {rule} pair is ignored."),
            ));
        }
        found.sort_by_key(|f| f.level);
        found
    }
}

/// Every finding for a job, most serious first.
pub fn feasibility(job: &ComposeJob) -> Vec<Finding> {
    Planning::new(job).findings()
}

/// A circle the organizer locked, by position in the job (`Planning::everyone`).
#[derive(Clone, Debug)]
pub(crate) struct LockedCircle {
    pub venue: Venue,
    pub members: Vec<usize>,
}

/// The circles the organizer keeps, as planned circles, and for each person of the book the kept
/// circle they stay in.
fn kept_circles(book: &RuleBook, keep: &[KeptCircle]) -> (Vec<PlannedCircle>, Vec<Option<usize>>) {
    let mut fixed = vec![None; book.roster.n];
    let mut circles = Vec::new();
    for kept in keep {
        let staying: Vec<usize> = kept.staying.iter().filter_map(|&record| book.position(record)).collect();
        if staying.is_empty() {
            continue;
        }
        for &person in &staying {
            fixed[person] = Some(circles.len());
        }
        let count = staying.len() as u32;
        let bounds = if kept.locked { SizeBounds { min: count, max: count } } else { book.rules.size };
        circles.push(PlannedCircle {
            venue: book.venue(kept.mode, kept.place.as_deref()),
            target: bounds.min.max(count),
            band: None,
            bounds,
            locked: kept.locked,
        });
    }
    (circles, fixed)
}

/// Puts the kept circles first, and drops planned circles from the end (then lowers the kept
/// circles' smallest size to who stays) until everyone can fill the circles' smallest sizes.
fn fit_kept_circles(plan: &mut Plan, mut kept: Vec<PlannedCircle>, n: usize) {
    let min_total = |circles: &[PlannedCircle]| circles.iter().map(|c| c.bounds.min as usize).sum::<usize>();
    while min_total(&kept) + min_total(&plan.circles) > n && plan.circles.pop().is_some() {}
    if min_total(&kept) > n {
        for circle in kept.iter_mut().filter(|c| !c.locked) {
            circle.bounds.min = 1;
        }
    }
    kept.append(&mut plan.circles);
    plan.circles = kept;
}

/// "In person: San Francisco Bay Area (29 → 4), New York (16 → 2); by video: 41 applicants → 6
/// circles": where circles meet, as planned.
fn plan_summary(book: &RuleBook, plan: &Plan) -> String {
    let roster = &book.roster;
    let rules = &book.rules;
    let circles = &plan.circles;
    let hosted = hosted_metros(circles);
    let count_of = |metro: MetroId| (0..roster.n).filter(|&p| plan.at_home[p] && roster.lives_in(p, metro)).count();
    let parts: Vec<String> = hosted
        .iter()
        .map(|&metro| {
            let k = circles.iter().filter(|c| c.venue == Venue::InPerson(metro)).count();
            format!("{} ({} → {k})", roster.metro_name(metro), count_of(metro))
        })
        .collect();
    let video_circles = circles.iter().filter(|c| c.venue == Venue::Video).count();
    let in_video = plan.at_home.iter().filter(|home| !**home).count();
    let summary = if parts.is_empty() {
        format!("No metro has {} applicants for an in-person circle", rules.place.hosting_threshold(rules.size))
    } else {
        format!("In person: {}", parts.join(", "))
    };
    format!("{summary}; by video: {in_video} applicants → {video_circles} circles.")
}

/// "In person: San Francisco Bay Area (27 in 4 circles), New York (16 in 2 circles); by video: 38
/// in 6 circles": where the circles formed meet, told from the circles themselves.
fn result_summary(composition: &Composition) -> String {
    let mut metros: Vec<(&str, usize, usize)> = Vec::new();
    let (mut video_people, mut video_circles) = (0, 0);
    for circle in &composition.groups {
        match (circle.mode, circle.place.as_deref()) {
            (Mode::InPerson, Some(metro)) => match metros.iter_mut().find(|(m, _, _)| *m == metro) {
                Some(entry) => {
                    entry.1 += circle.members.len();
                    entry.2 += 1;
                }
                None => metros.push((metro, circle.members.len(), 1)),
            },
            _ => {
                video_people += circle.members.len();
                video_circles += 1;
            }
        }
    }
    let circles = |k: usize| if k == 1 { "1 circle".to_owned() } else { format!("{k} circles") };
    let in_person: Vec<String> =
        metros.iter().map(|(metro, people, k)| format!("{metro} ({people} in {})", circles(*k))).collect();
    let waiting = match composition.waitlist.len() {
        0 => String::new(),
        w => format!("; {w} waiting"),
    };
    let video = format!("by video: {video_people} in {}", circles(video_circles));
    if in_person.is_empty() {
        format!("No circle meets in person; {video}{waiting}.")
    } else {
        format!("In person: {}; {video}{waiting}.", in_person.join(", "))
    }
}

impl Planning {
    /// The notes of a finished composition: those of the plan its run ended with (a run may add a
    /// circle), with the plan's summary of where circles meet replaced by the circles formed.
    pub(crate) fn findings_after(&self, circles: &[PlannedCircle], composition: &Composition) -> Vec<Finding> {
        let plan = Plan { circles: circles.to_vec(), ..self.plan.clone() };
        let planned = plan_summary(&self.book, &plan);
        let mut findings = self.findings_for(&plan);
        if let Some(summary) = findings.iter_mut().find(|f| f.rule == RuleKind::Place && f.message == planned) {
            summary.message = result_summary(composition);
        }
        findings
    }
}

fn hosted_metros(circles: &[PlannedCircle]) -> Vec<MetroId> {
    let mut hosts: Vec<MetroId> = circles
        .iter()
        .filter_map(|c| match c.venue {
            Venue::InPerson(metro) => Some(metro),
            Venue::Video => None,
        })
        .collect();
    hosts.dedup();
    hosts
}

fn place_findings(book: &RuleBook, plan: &Plan) -> Vec<Finding> {
    let circles = &plan.circles;
    let roster = &book.roster;
    let rules = &book.rules;
    let size = rules.size;
    let mut found = Vec::new();
    let hosted = hosted_metros(circles);
    if rules.place.in_person {
        let threshold = rules.place.hosting_threshold(size);
        for (metro, count) in metros_by_size(roster) {
            let name = roster.metro_name(metro);
            if count >= threshold && rules.place.may_host(name) && !hosted.contains(&metro) {
                let why = if placeable_in_metro(roster, metro, size) < count {
                    "too many of them share a value that must be distinct to fill a circle there"
                } else {
                    "that is too few for a circle"
                };
                found.push(finding(
                    Level::Info,
                    RuleKind::Place,
                    format!("{name} has {count} applicants, but {why}: they meet by video."),
                ));
            }
        }
        found.push(finding(Level::Info, RuleKind::Place, plan_summary(book, plan)));
    }
    let Some(width) = rules.place.max_tz_spread_minutes() else { return found };
    let in_video = |p: usize| !plan.at_home[p];
    let unknown = (0..roster.n).filter(|&p| in_video(p) && roster.offset[p].is_none()).count();
    let mut offsets: Vec<i32> = (0..roster.n).filter(|&p| in_video(p)).filter_map(|p| roster.offset[p]).collect();
    offsets.sort_unstable();
    let reach = reach_within(&offsets, width, unknown);
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
        let band = utc_band(offsets[start], offsets[index - 1]);
        let most = reach[start..index].iter().max().copied().unwrap_or(0);
        found.push(finding(
            Level::Warning,
            RuleKind::Place,
            format!(
                "{} at {band} have at most {most} people within {} of them — too few for a circle of {}: \
                 widen the time-zone spread, allow circles of {most}, or they will wait.",
                people(index - start),
                hours_label(width),
                size.min
            ),
        ));
    }
    found
}

/// For each of the sorted offsets, the most people in any window of `width` minutes that holds
/// it (the best window starting at someone at most `width` west), plus those of unknown offset.
fn reach_within(offsets: &[i32], width: i32, unknown: usize) -> Vec<usize> {
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
    reach
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
                    RuleKind::Distinct,
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

fn matching_findings(book: &RuleBook) -> Vec<Finding> {
    let (rules, roster) = (&book.rules, &book.roster);
    let size = rules.size;
    let mut found = Vec::new();
    for (rule, matching) in rules.never_isolate.iter().zip(&roster.never_isolate) {
        let count = matching.matches.iter().filter(|m| **m).count();
        let k = rule.k.max(1) as usize;
        let (level, message) = if count == 0 {
            (Level::Warning, format!("Nobody matches never-isolate ({}): check the column and values.", matching.label))
        } else if count < k && rule.strength.is_hard() {
            let verb = if count == 1 { "matches" } else { "match" };
            (
                Level::Warning,
                format!(
                    "Only {} {verb} never-isolate ({}), fewer than k = {k}: they will wait unless k is lowered or \
                     the rule made soft.",
                    people(count),
                    matching.label
                ),
            )
        } else {
            (
                Level::Info,
                format!(
                    "{} match never-isolate ({}, k = {k}): they fit in at most {} circles.",
                    people(count),
                    matching.label,
                    count / k
                ),
            )
        };
        found.push(finding(level, RuleKind::NeverIsolate, message));
    }
    for (rule, matching) in rules.share.iter().zip(&roster.share) {
        let count = matching.matches.iter().filter(|m| **m).count();
        let needed = |circle: u32| share_needed(rule.at_least, circle).max(1) as usize;
        let (at_min, at_max) = (needed(size.min), needed(size.max));
        let share = fraction(rule.at_least);
        let level = if rule.strength.is_hard() && count > 0 && count < at_min { Level::Warning } else { Level::Info };
        found.push(finding(
            level,
            RuleKind::Share,
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

/// What the plan does for the never-isolate and share rules, and the best it can meet: matching
/// people whose metro has too few of them meet by video, and every pool of people (a metro's
/// circles, a band of time zones) with some but too few matching people leaves a circle short.
fn identity_findings(book: &RuleBook, plan: &Plan) -> Vec<Finding> {
    let (roster, rules) = (&book.roster, &book.rules);
    let labels = rules.never_isolate.iter().zip(&roster.never_isolate).map(|(r, m)| {
        (RuleKind::NeverIsolate, format!("never-isolate ({}, k = {})", m.label, r.k), r.strength.is_hard())
    });
    let labels = labels.chain(rules.share.iter().zip(&roster.share).map(|(r, m)| {
        (RuleKind::Share, format!("share ≥ {} ({})", fraction(r.at_least), m.label), r.strength.is_hard())
    }));
    let mut found = Vec::new();
    for ((kind, label, hard), (matches, needed)) in labels.zip(identity_needs(roster, rules)) {
        let routed: Vec<usize> = plan.routed.iter().copied().filter(|&p| matches[p]).collect();
        let mut short: Vec<String> = Vec::new();
        for (pool, members) in pools(book, plan) {
            let matching = members.iter().filter(|&&p| matches[p]).count();
            if matching > 0 && matching < needed {
                short.push(format!("{pool} ({matching})"));
            }
        }
        if routed.is_empty() && short.is_empty() {
            continue;
        }
        let mut message = String::new();
        if !routed.is_empty() {
            let mut metros: Vec<&str> =
                routed.iter().filter_map(|&p| roster.metro[p]).map(|m| roster.metro_name(m)).collect();
            metros.dedup();
            message += &format!(
                "{} matching {label} in {} meet by video, where others who match can join them. ",
                people(routed.len()),
                and_list(&metros)
            );
        }
        message += &match short.len() {
            0 => "At best, every circle with anyone matching meets it.".to_owned(),
            k => format!(
                "At best, {k} {} it: too few match in {}.",
                if k == 1 { "circle misses" } else { "circles miss" },
                and_list(&short.iter().map(String::as_str).collect::<Vec<_>>())
            ),
        };
        let level = if hard && !short.is_empty() { Level::Warning } else { Level::Info };
        found.push(finding(level, kind, message));
    }
    found
}

/// The pools the plan forms circles from: each hosting metro's people at home, and the video
/// people of each band of time zones (those of unknown zone with the largest band).
fn pools(book: &RuleBook, plan: &Plan) -> Vec<(String, Vec<usize>)> {
    let roster = &book.roster;
    let mut pools: Vec<(String, Vec<usize>)> = Vec::new();
    for metro in hosted_metros(&plan.circles) {
        let members = (0..roster.n).filter(|&p| plan.at_home[p] && roster.lives_in(p, metro)).collect();
        pools.push((roster.metro_name(metro).to_owned(), members));
    }
    let mut bands: Vec<(i32, i32)> = plan.circles.iter().filter_map(|c| c.band).collect();
    bands.dedup();
    let video: Vec<usize> = (0..roster.n).filter(|&p| !plan.at_home[p]).collect();
    let band_of =
        |p: usize| roster.offset[p].and_then(|o| bands.iter().position(|&(low, high)| (low..=high).contains(&o)));
    let mut by_band: Vec<Vec<usize>> = vec![Vec::new(); bands.len()];
    let mut elsewhere = Vec::new();
    for &p in &video {
        match band_of(p) {
            Some(band) => by_band[band].push(p),
            None => elsewhere.push(p),
        }
    }
    match by_band.iter_mut().max_by_key(|members| members.len()) {
        Some(largest) => largest.extend(elsewhere),
        None => by_band.push(elsewhere),
    }
    for (index, members) in by_band.into_iter().enumerate() {
        let name = bands
            .get(index)
            .map_or("video circles".to_owned(), |&(low, high)| format!("video at {}", utc_band(low, high)));
        pools.push((name, members));
    }
    pools
}

fn availability_findings(book: &RuleBook) -> Vec<Finding> {
    let Some(column) = &book.roster.availability else { return Vec::new() };
    let size = book.rules.size;
    let mut found = Vec::new();
    let none = column.answers.iter().filter(|a| a.is_empty()).count();
    let hard = column.strength.is_hard();
    if none > 0 {
        found.push(finding(
            if hard { Level::Warning } else { Level::Info },
            RuleKind::Availability,
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
            RuleKind::Availability,
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

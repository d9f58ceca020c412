//! From applicants and the organizer's rules to circles, a waitlist with reasons, and checks.
//!
//! Rules become a grouping problem for `solver`: spread answers and pair rules are pairwise
//! scores, in-person circles are groups hosted by a metro, never-isolate, share and availability
//! are tallies of tagged members, and anyone may go to a waitlist at a cost. Hard rules cost far
//! more than a waitlisted person, who costs more than any soft rule or diversity, so the search
//! places everyone it can without breaking a hard rule. A repair after the search guarantees it:
//! whoever still breaks a hard rule waits, with the reason. The same `Composer` runs natively and
//! in the web worker, in chunks of moves, so the worker can report progress and stop early.

mod answers;
mod explain;
mod feasibility;
mod plan;
mod roster;
mod rules;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::import::{Column, ImportReport, applicants};
use crate::model::{Applicant, ColumnRole, GroupId, RecordId};
use crate::places::{Gazetteer, PlaceDecisions, PlaceRow, survey};
use crate::solver::{
    Balance, Distances, Fairness, Hosts, Problem, Progress, Search, SearchConfig, Tallies, TallyRule, TallyShape, Terms,
};

pub use answers::{normalize_company, same_company};
pub use feasibility::{Finding, Level, feasibility};
pub use roster::PairScores;
pub use rules::{
    AvailabilityRule, ColumnMatch, DEFAULT_TZ_SPREAD_HOURS, DistinctRule, NeverIsolateRule, PersonPair, PlaceRule,
    Rules, ShareRule, SpreadRule, Strength,
};

use explain::{CircleView, utc};
use plan::PlannedCircle;
use roster::Roster;

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
            .filter_map(|row| Some((row.raw, Locale { metro: row.metro?, utc_offset_minutes: row.utc_offset_minutes })))
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
}

impl ComposeJob {
    /// A job over bare applicants (their fixed answers become the columns), with no locations
    /// resolved and the default move budget.
    pub fn new(applicants: Vec<Applicant>, rules: Rules, seed: u64) -> Self {
        let roles = [ColumnRole::Name, ColumnRole::Email, ColumnRole::Location, ColumnRole::Company, ColumnRole::Role];
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
        ComposeJob { people, columns, rules, seed, max_moves }
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
        ComposeJob { people, columns: import.columns.clone(), rules, seed, max_moves }
    }
}

/// Enough moves for the search to settle: about two thousand per applicant, within sane limits.
pub fn default_max_moves(n_applicants: usize) -> u64 {
    (n_applicants as u64 * 2_000).clamp(20_000, 20_000_000)
}

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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    /// The circle.
    pub group: GroupId,
    /// The rule's name, e.g. "size", "place" or "distinct Company".
    pub rule: String,
    /// Whether the rule is hard (people wait rather than break it).
    #[serde(default)]
    pub hard: bool,
    /// Whether the rule holds.
    pub ok: bool,
    /// A short detail, e.g. "8 members (6–9)".
    pub detail: String,
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
    /// What the rules allowed before the search, most serious first.
    #[serde(default)]
    pub feasibility: Vec<Finding>,
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

/// A composing run: the circles planned, and the searches that fill them.
///
/// The plan's count of circles is a guess: when its best grouping still leaves people waiting,
/// a run of up to 2,000 people tries again with one more circle (at most [`EXTRA_CIRCLE_TRIES`]
/// times), with the same move budget each, and keeps whichever leaves fewest waiting.
#[derive(Clone, Debug)]
pub struct Composer {
    records: Vec<RecordId>,
    rules: Rules,
    roster: Roster,
    pairs: PairScores,
    weights: Weights,
    seed: u64,
    max_moves: u64,
    attempts: Vec<Attempt>,
    /// The finished attempt that leaves fewest waiting, with that count.
    best: Option<(usize, usize)>,
    /// Whether no attempt is left to run.
    done: bool,
    /// Who waits whatever the search does (a pair kept together that breaks a hard rule).
    pre_waiting: Vec<Waitlisted>,
    feasibility: Vec<Finding>,
}

/// How many times a run adds a circle when people still wait.
pub const EXTRA_CIRCLE_TRIES: usize = 2;
/// Above this many people a run does not add circles: each try costs a whole search, the plan's
/// count is rarely off by one circle there, and one more circle places at most a handful more
/// (10,000 applicants half from one company took 23 s with tries that placed one person each).
const EXTRA_CIRCLE_MAX_PEOPLE: usize = 2_000;

/// One search over one plan of circles.
#[derive(Clone, Debug)]
struct Attempt {
    circles: Vec<PlannedCircle>,
    search: Search<PairScores>,
}

impl Composer {
    /// Plans the circles and starts the search.
    pub fn new(mut job: ComposeJob) -> Self {
        let feasibility = feasibility(&job);
        // People kept together with someone they may never share a circle with cannot be placed:
        // they wait from the start, so the search does not build circles around them.
        let everyone = Roster::read(&job);
        let contradictions = contradictory_pairs(&everyone, &job.rules);
        let pre_waiting: Vec<Waitlisted> = contradictions
            .iter()
            .map(|(person, reason)| Waitlisted { record: job.people[*person].applicant.record, reason: reason.clone() })
            .collect();
        let roster = if contradictions.is_empty() {
            everyone
        } else {
            let mut index = 0;
            job.people.retain(|_| {
                index += 1;
                !contradictions.iter().any(|(person, _)| *person == index - 1)
            });
            Roster::read(&job)
        };
        let rules = job.rules.clone();
        let circles = plan::plan(&roster, &rules);
        let weights = Weights::of(&rules);
        let pairs = PairScores::new(&roster, &rules, weights.hard);
        let records = job.people.iter().map(|p| p.applicant.record).collect();
        let mut composer = Composer {
            records,
            rules,
            roster,
            pairs,
            weights,
            seed: job.seed,
            max_moves: job.max_moves,
            attempts: Vec::new(),
            best: None,
            done: false,
            feasibility,
            pre_waiting,
        };
        if circles.is_empty() {
            composer.done = true;
        } else {
            composer.start_attempt(circles, None);
        }
        composer
    }

    fn start_attempt(&mut self, circles: Vec<PlannedCircle>, start: Option<Vec<u32>>) {
        let (roster, rules) = (&self.roster, &self.rules);
        let terms = terms(roster, rules, &circles, &self.weights);
        let bounds = vec![rules.size; circles.len()];
        let start = start.unwrap_or_else(|| starting_grouping(roster, rules, &self.pairs, &circles));
        let problem = Problem::with_terms(self.pairs.clone(), bounds, terms)
            .expect("the plan opens only circles that its people can fill, and anyone may wait");
        // Each attempt draws from its own stream of the seed.
        let seed = self.seed.wrapping_add(self.attempts.len() as u64);
        let search = Search::starting_from(problem, SearchConfig { max_moves: self.max_moves }, seed, start);
        self.attempts.push(Attempt { circles, search });
    }

    /// Tries up to `chunk` more moves.
    pub fn step(&mut self, chunk: u64) -> Progress {
        let mut left = chunk;
        while !self.done && left > 0 {
            let Some(current) = self.attempts.last_mut() else {
                self.done = true;
                break;
            };
            let before = current.search.progress().moves_done;
            let progress = current.search.step(left);
            left = left.saturating_sub(progress.moves_done.saturating_sub(before));
            if !progress.finished {
                break;
            }
            // This attempt is over: keep it if it leaves fewer waiting, and try one more circle
            // while that helped and there are people to fill it.
            let index = self.attempts.len() - 1;
            let waiting = self.waiting_after_repair(index);
            let improved = self.best.is_none_or(|(_, fewest)| waiting < fewest);
            if improved {
                self.best = Some((index, waiting));
            }
            let circles = &self.attempts[index].circles;
            let room = (circles.len() + 1) * self.rules.size.min as usize <= self.roster.n
                && self.roster.n <= EXTRA_CIRCLE_MAX_PEOPLE;
            if waiting == 0 || !improved || index >= EXTRA_CIRCLE_TRIES || !room {
                self.done = true;
                break;
            }
            let mut circles = circles.clone();
            circles.push(PlannedCircle { host: 0, target: self.rules.size.min });
            // The new circle starts from who waited, topped up with whoever fits them best;
            // everyone else keeps the circle the last attempt gave them.
            let (members, _) = self.repaired(index);
            let waitlist = circles.len() as u32;
            let mut start = vec![waitlist; self.roster.n];
            let mut sizes = vec![0u32; circles.len()];
            for (circle, people) in members.iter().enumerate() {
                for &person in people {
                    start[person] = circle as u32;
                }
                sizes[circle] = people.len() as u32;
            }
            top_up(&self.roster, &self.rules, &self.pairs, &circles, &mut start, &mut sizes);
            self.start_attempt(circles, Some(start));
        }
        self.progress()
    }

    /// Where the run stands, over all its attempts.
    pub fn progress(&self) -> Progress {
        let done: u64 = self.attempts.iter().map(|a| a.search.progress().moves_done).sum();
        // While tries with one more circle may follow, the budget counts them, so that the bar
        // never goes back; once the run is over, the work done is the whole.
        let tries = if self.roster.n <= EXTRA_CIRCLE_MAX_PEOPLE { 1 + EXTRA_CIRCLE_TRIES as u64 } else { 1 };
        let budget = if self.done { done } else { self.max_moves.saturating_mul(tries).max(done) };
        let best_score = self.attempts.iter().map(|a| a.search.progress().best_score).fold(f64::NEG_INFINITY, f64::max);
        Progress {
            moves_done: done,
            max_moves: budget,
            best_score: if best_score.is_finite() { best_score } else { 0.0 },
            finished: self.done,
        }
    }

    /// Runs the search to the end of its budget.
    pub fn run(&mut self) -> Progress {
        self.step(u64::MAX)
    }

    /// The circles of the best grouping so far, mended so that no hard rule is broken, with
    /// checks and the reason of everyone waiting.
    pub fn composition(&self) -> Composition {
        match (self.best, self.attempts.len()) {
            (_, 0) => self.composition_without_circles(),
            (Some((attempt, _)), _) => self.composition_of(attempt),
            (None, attempts) => self.composition_of(attempts - 1),
        }
    }

    fn composition_without_circles(&self) -> Composition {
        let mut waitlist: Vec<Waitlisted> = (0..self.roster.n)
            .map(|p| Waitlisted { record: self.records[p], reason: self.reason(p, &[], &[]) })
            .chain(self.pre_waiting.iter().cloned())
            .collect();
        waitlist.sort_by_key(|w| w.record);
        Composition {
            groups: Vec::new(),
            waitlist,
            checks: Vec::new(),
            score: 0.0,
            feasibility: self.feasibility.clone(),
        }
    }

    /// The best grouping of an attempt, repaired: circles that hold every hard rule, and who waits.
    fn repaired(&self, attempt: usize) -> (Vec<Vec<usize>>, Vec<usize>) {
        let Attempt { circles, search } = &self.attempts[attempt];
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); circles.len()];
        let mut waiting: Vec<usize> = Vec::new();
        for (person, &group) in search.best().0.iter().enumerate() {
            match members.get_mut(group as usize) {
                Some(circle) => circle.push(person),
                None => waiting.push(person),
            }
        }
        self.mend(circles, &mut members, &mut waiting);
        self.fill(circles, &mut members, &mut waiting);
        (members, waiting)
    }

    /// How many an attempt leaves waiting (without writing their reasons).
    fn waiting_after_repair(&self, attempt: usize) -> usize {
        self.repaired(attempt).1.len()
    }

    fn composition_of(&self, attempt: usize) -> Composition {
        let circles = &self.attempts[attempt].circles;
        let (members, waiting) = self.repaired(attempt);

        let mut groups = Vec::new();
        let mut checks = Vec::new();
        let mut score = 0.0;
        for (circle, people) in members.iter().enumerate().filter(|(_, m)| !m.is_empty()) {
            let id = GroupId(groups.len() as u32 + 1);
            let host = circles[circle].host;
            let view = self.view(host, people);
            for judgement in view.judge() {
                checks.push(Check {
                    group: id,
                    rule: judgement.rule,
                    hard: judgement.hard,
                    ok: judgement.ok,
                    detail: judgement.detail,
                });
            }
            let mut circle_score = 0.0;
            for (index, &a) in people.iter().enumerate() {
                circle_score += people[index + 1..].iter().map(|&b| self.pairs.reported(a, b)).sum::<f64>();
            }
            score += circle_score;
            let pairs = (people.len() * people.len().saturating_sub(1) / 2).max(1) as f64;
            let mut records: Vec<RecordId> = people.iter().map(|&p| self.records[p]).collect();
            records.sort_unstable();
            let (mode, place, band) = if host != 0 {
                (Mode::InPerson, Some(self.roster.metro_name(host).to_owned()), None)
            } else {
                (Mode::Video, None, self.band(people))
            };
            groups.push(Circle { id, mode, place, band, members: records, diversity: circle_score / pairs });
        }
        let mut waitlist: Vec<Waitlisted> = waiting
            .iter()
            .map(|&p| Waitlisted { record: self.records[p], reason: self.reason(p, circles, &members) })
            .chain(self.pre_waiting.iter().cloned())
            .collect();
        waitlist.sort_by_key(|w| w.record);
        Composition { groups, waitlist, checks, score, feasibility: self.feasibility.clone() }
    }

    fn view<'a>(&'a self, host: u32, members: &'a [usize]) -> CircleView<'a> {
        CircleView { roster: &self.roster, rules: &self.rules, pairs: &self.pairs, host, members }
    }

    /// Sends to the waitlist whoever breaks a hard rule, and dissolves circles left too small,
    /// until every circle holds every hard rule.
    fn mend(&self, circles: &[PlannedCircle], members: &mut [Vec<usize>], waiting: &mut Vec<usize>) {
        loop {
            let mut changed = false;
            for (circle, people) in members.iter_mut().enumerate() {
                loop {
                    let leaving = self.view(circles[circle].host, people).members_breaking_hard_rules();
                    if leaving.is_empty() {
                        break;
                    }
                    people.retain(|p| !leaving.contains(p));
                    waiting.extend(leaving);
                    changed = true;
                }
            }
            let circle_of = circle_of(members, self.roster.n);
            for (circle, people) in members.iter_mut().enumerate() {
                let split = |p: &usize| {
                    self.roster.pairs[*p].iter().any(|&(other, kind)| {
                        kind == roster::PairKind::Together && circle_of[other as usize] != Some(circle)
                    })
                };
                let leaving: Vec<usize> = people.iter().copied().filter(split).collect();
                if !leaving.is_empty() {
                    people.retain(|p| !leaving.contains(p));
                    waiting.extend(leaving);
                    changed = true;
                }
            }
            for people in members.iter_mut() {
                if !people.is_empty() && (people.len() as u32) < self.rules.size.min {
                    waiting.append(people);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
    }

    /// Places waiting people, earliest sign-up first, in the circle with room where they add the
    /// most without breaking a hard rule (people kept together with someone stay waiting).
    fn fill(&self, circles: &[PlannedCircle], members: &mut [Vec<usize>], waiting: &mut Vec<usize>) {
        waiting.sort_unstable();
        let mut still = Vec::new();
        for &person in waiting.iter() {
            let together = self.roster.pairs[person].iter().any(|&(_, k)| k == roster::PairKind::Together);
            let best = (!together)
                .then(|| {
                    members
                        .iter()
                        .enumerate()
                        .filter(|(_, people)| !people.is_empty() && (people.len() as u32) < self.rules.size.max)
                        .filter(|(circle, people)| self.view(circles[*circle].host, people).admits(person))
                        .map(|(circle, people)| {
                            (circle, people.iter().map(|&m| self.pairs.get(person, m)).sum::<f64>())
                        })
                        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
                })
                .flatten();
            match best {
                Some((circle, _)) => members[circle].push(person),
                None => still.push(person),
            }
        }
        *waiting = still;
    }

    /// "UTC−8 … UTC−5" for a video circle whose offsets are known.
    fn band(&self, people: &[usize]) -> Option<String> {
        let offsets: Vec<i32> = people.iter().filter_map(|&p| self.roster.offset[p]).collect();
        let (low, high) = (offsets.iter().min()?, offsets.iter().max()?);
        Some(if low == high { utc(*low) } else { format!("{} … {}", utc(*low), utc(*high)) })
    }

    /// Why `person` waits: the hard rule that keeps them out of most circles, or full circles.
    fn reason(&self, person: usize, circles: &[PlannedCircle], members: &[Vec<usize>]) -> String {
        let size = self.rules.size;
        let open: Vec<(usize, &Vec<usize>)> = members.iter().enumerate().filter(|(_, m)| !m.is_empty()).collect();
        if open.is_empty() {
            return if self.roster.n < size.min as usize {
                format!("Only {} applicants: a circle needs at least {}.", self.roster.n, size.min)
            } else {
                "No circle could be formed under the hard rules: see the feasibility notes.".to_owned()
            };
        }
        // Circles the place rule keeps them out of are far; among the near ones, the rule that
        // keeps them out of most is the reason (far circles are the reason only if all are far).
        let mut near: BTreeMap<String, usize> = BTreeMap::new();
        let mut fits_but_full = 0;
        for (circle, people) in &open {
            // Cheap checks first: judging in words only the near circles that refuse them.
            let view = self.view(circles[*circle].host, people);
            if view.is_far_from(person) {
                continue;
            }
            if view.admits(person) {
                fits_but_full += 1;
                continue;
            }
            let mut trial = people.to_vec();
            trial.push(person);
            let broken = self.view(circles[*circle].host, &trial).judge();
            for rule in broken.into_iter().filter(|j| j.hard && !j.ok && j.rule != "size").map(|j| j.rule) {
                *near.entry(rule).or_default() += 1;
            }
        }
        if fits_but_full > 0 {
            return format!(
                "Signed up after the circles that fit them were full (at most {} each); \
                 allow larger circles, or a few more applicants like them would open another.",
                size.max
            );
        }
        // Only in-person circles of other metros are open: too few people were left for video.
        if open.iter().all(|(circle, _)| {
            let host = circles[*circle].host;
            host != 0 && host != self.roster.metro[person]
        }) {
            return format!(
                "Every circle meets in person in another metro, and too few people outside them can form a video \
                 circle of {}: allow smaller circles, or let fewer metros host.",
                size.min
            );
        }
        let together = self.roster.pairs[person].iter().find(|&&(_, k)| k == roster::PairKind::Together);
        if let Some(&(partner, _)) = together {
            return format!("Kept together with {}, and no circle fits both.", self.roster.labels[partner as usize]);
        }
        let rule = near.into_iter().max_by_key(|&(_, count)| count).map(|(rule, _)| rule);
        self.blocking_reason(person, rule.as_deref().unwrap_or("place"))
    }

    fn blocking_reason(&self, person: usize, rule: &str) -> String {
        let roster = &self.roster;
        if rule == "place" {
            let hours = self.rules.place.max_tz_spread_hours.unwrap_or(0.0);
            return match roster.offset[person] {
                Some(offset) => format!(
                    "No circle is within {} of their time zone ({}): widen the time-zone spread, or allow smaller \
                     circles so that one can form nearby.",
                    explain::hours(libm::round(hours * 60.0) as i32),
                    utc(offset)
                ),
                None => "No circle fits where they are.".to_owned(),
            };
        }
        if let Some(header) = rule.strip_prefix("distinct ") {
            let value = roster.distinct.iter().find(|d| d.header == header).map_or("", |d| d.written[person].as_str());
            return format!("Every circle near them already has someone with the same {header} ({value}).");
        }
        match rule {
            "never-isolate" => "In every circle that fits them they would be the only one matching never-isolate: \
                 lower k, make the rule soft, or add people who match."
                .to_owned(),
            "share" => "In every circle that fits them the matching share would be too low.".to_owned(),
            "availability" => match &roster.availability {
                Some(column) if column.answers[person].is_empty() => {
                    format!("They gave no answer in “{}”, so they share no time with a circle.", column.header)
                }
                _ => "No circle that fits them shares a time with them.".to_owned(),
            },
            "apart" => "Every circle that fits them has someone they are kept apart from.".to_owned(),
            _ => "No circle fits them under the hard rules.".to_owned(),
        }
    }
}

/// People (by position in the roster) kept together with someone they may never share a circle
/// with under another hard rule, each with the reason.
pub(crate) fn contradictory_pairs(roster: &Roster, rules: &Rules) -> Vec<(usize, String)> {
    if rules.together.is_empty() {
        return Vec::new();
    }
    let pairs = PairScores::new(roster, rules, Weights::of(rules).hard);
    let mut found: Vec<(usize, String)> = Vec::new();
    for (a, list) in roster.pairs.iter().enumerate() {
        for &(b, kind) in list {
            let b = b as usize;
            if kind != roster::PairKind::Together || b <= a || !pairs.hard_conflict(a, b) {
                continue;
            }
            let both = [a, b];
            let view = CircleView { roster, rules, pairs: &pairs, host: 0, members: &both };
            let broken: Vec<String> = view
                .judge()
                .into_iter()
                .filter(|j| j.hard && !j.ok && j.rule != "size" && j.rule != "together")
                .map(|j| format!("{} ({})", j.rule, j.detail))
                .collect();
            let broken = if broken.is_empty() { "a pair kept apart".to_owned() } else { broken.join("; ") };
            for (person, other) in [(a, b), (b, a)] {
                if !found.iter().any(|(p, _)| *p == person) {
                    let reason = format!(
                        "Kept together with {}, but together they break a rule that must hold: {broken}.",
                        roster.labels[other]
                    );
                    found.push((person, reason));
                }
            }
        }
    }
    found
}

/// The circle of each person (None: waiting).
fn circle_of(members: &[Vec<usize>], n: usize) -> Vec<Option<usize>> {
    let mut of = vec![None; n];
    for (circle, people) in members.iter().enumerate() {
        for &p in people {
            of[p] = Some(circle);
        }
    }
    of
}

/// Composes in one go: plan, search to the end of the budget, report.
pub fn compose(job: ComposeJob) -> Composition {
    let mut composer = Composer::new(job);
    composer.run();
    composer.composition()
}

/// The weights that make the objective lexicographic: no hard rule broken, then fewest waiting,
/// then soft rules and diversity.
#[derive(Clone, Debug)]
struct Weights {
    /// One unit of diversity: what a pair differing in every spread column is worth.
    unit: f64,
    /// What a waiting person costs at least.
    waiting: f64,
    /// What breaking a hard rule once costs.
    hard: f64,
}

impl Weights {
    fn of(rules: &Rules) -> Weights {
        let unit = rules.spread.iter().map(|s| s.weight.max(0.0)).sum::<f64>().max(1.0);
        let soft = |strength: Strength| match strength {
            Strength::Soft(weight) => weight.max(0.0),
            Strength::Hard => 0.0,
        };
        let soft_total: f64 = rules.distinct.iter().map(|r| soft(r.strength)).sum::<f64>()
            + rules.never_isolate.iter().map(|r| soft(r.strength) * f64::from(r.k)).sum::<f64>()
            + rules.share.iter().map(|r| soft(r.strength)).sum::<f64>()
            + rules.availability.iter().map(|r| soft(r.strength)).sum::<f64>()
            + plan_balance_weight(rules, unit) / unit
            + roster::MET_BEFORE_COST;
        let max = f64::from(rules.size.max.max(1));
        // A person adds at most (max − 1) pair units and removes at most the soft penalties of
        // their circle; waiting must cost more than both.
        let waiting = 2.0 * unit * (max + soft_total * max) + 1.0;
        Weights { unit, waiting, hard: 4.0 * waiting }
    }
}

/// What a member beyond a circle's balanced size costs: about what they add in pairs.
fn plan_balance_weight(rules: &Rules, unit: f64) -> f64 {
    unit * f64::from(rules.size.max) * 0.75
}

/// The solver's terms for the rules: waitlist, hosting metros, tallies and balance.
fn terms(roster: &Roster, rules: &Rules, circles: &[PlannedCircle], weights: &Weights) -> Terms {
    let n = roster.n;
    // Earlier sign-ups cost more to leave waiting, so the latest wait first when room is short.
    let waitlist = (0..n).map(|p| weights.waiting * (1.0 + 0.5 * (n - 1 - p) as f64 / n as f64)).collect();
    let hosts = circles.iter().any(|c| c.host != 0).then(|| Hosts {
        element_place: roster.metro.clone(),
        group_place: circles.iter().map(|c| c.host).collect(),
        penalty: weights.hard,
    });
    let weight = |strength: Strength| match strength {
        Strength::Hard => weights.hard,
        Strength::Soft(w) => w.max(0.0) * weights.unit,
    };
    let mut tally_rules = Vec::new();
    let mut element_tags: Vec<Vec<u16>> = vec![Vec::new(); n];
    let mut n_tags: u16 = 0;
    // Never-isolate and share rules each count the people who match them, under one tag.
    let isolating = rules.never_isolate.iter().map(|r| (TallyShape::NoneOrAtLeast(r.k), r.strength));
    let sharing = rules.share.iter().map(|r| (TallyShape::ShareAtLeast(r.at_least), r.strength));
    let matchings = roster.never_isolate.iter().chain(&roster.share);
    for ((shape, strength), matching) in isolating.chain(sharing).zip(matchings) {
        tally_rules.push(TallyRule { tags: vec![n_tags], shape, weight: weight(strength) });
        for (tags, &matched) in element_tags.iter_mut().zip(&matching.matches) {
            if matched {
                tags.push(n_tags);
            }
        }
        n_tags += 1;
    }
    if let Some(column) = &roster.availability {
        let first = n_tags;
        n_tags += column.n_answers as u16;
        tally_rules.push(TallyRule {
            tags: (first..n_tags).collect(),
            shape: TallyShape::CommonTag,
            weight: weight(column.strength),
        });
        for (tags, answers) in element_tags.iter_mut().zip(&column.answers) {
            tags.extend(answers.iter().map(|&a| first + a));
        }
    }
    let tallies = if tally_rules.is_empty() {
        Tallies::default()
    } else {
        Tallies { n_tags: n_tags as usize, element_tags, rules: tally_rules }
    };
    Terms {
        waitlist: Some(waitlist),
        hosts,
        tallies,
        balance: Some(Balance {
            target: circles.iter().map(|c| c.target).collect(),
            weight: plan_balance_weight(rules, weights.unit),
        }),
        fairness: fairness(roster),
        // Starting as hot as a waiting person costs lets the search cross infeasible ground to
        // plans that place more people (it left 8–10 of 60 waiting, against 9–12 when starting
        // at diversity's scale, on a hard synthetic case); above a few hundred people every
        // accepted move costs an O(n) table update, the construction is already close, and
        // the cooler start composes 1,200 people three times faster to the same score.
        typical_change: Some(if n <= HOT_START_MAX_PEOPLE { weights.waiting } else { 2.0 * weights.unit }),
    }
}

/// What a circle's pairs should reach on average: the spread diversity of two applicants drawn
/// at random, so no circle ends up less mixed than chance would make it. Below that floor,
/// diversity counts twice: the search lifts the worst circles before adding to the best.
fn fairness(roster: &Roster) -> Option<Fairness> {
    if roster.spread.is_empty() || roster.n < 2 {
        return None;
    }
    let n = roster.n as f64;
    let floor = roster
        .spread
        .iter()
        .map(|column| {
            let mut counts: BTreeMap<u32, usize> = BTreeMap::new();
            for &value in &column.values {
                *counts.entry(value).or_default() += 1;
            }
            // The chance that two different people drawn at random answer differently.
            let same: f64 = counts.values().map(|&c| c as f64 * (c as f64 - 1.0)).sum::<f64>() / (n * (n - 1.0));
            column.weight.max(0.0) * (1.0 - same)
        })
        .sum();
    Some(Fairness { floor, weight: FAIRNESS_WEIGHT })
}

/// How much more a unit of diversity below the floor counts than one above it.
const FAIRNESS_WEIGHT: f64 = 1.0;

/// Up to this many people the search starts hot (see `terms`).
const HOT_START_MAX_PEOPLE: usize = 500;

/// A first grouping that respects the size bounds: each metro's people in its in-person
/// circles, everyone else dealt west to east into the video circles, so that time-zone bands
/// start nearly right; whoever is left over waits.
fn starting_grouping(roster: &Roster, rules: &Rules, pairs: &PairScores, circles: &[PlannedCircle]) -> Vec<u32> {
    let n = roster.n;
    let waitlist = circles.len() as u32;
    let mut assignment = vec![waitlist; n];
    let mut sizes = vec![0u32; circles.len()];
    let mut unplaced: Vec<usize> = Vec::new();
    for (person, group) in assignment.iter_mut().enumerate() {
        let metro = roster.metro[person];
        let home = (0..circles.len())
            .filter(|&c| metro != 0 && circles[c].host == metro && sizes[c] < circles[c].target)
            .min_by_key(|&c| sizes[c]);
        match home {
            Some(circle) => {
                *group = circle as u32;
                sizes[circle] += 1;
            }
            None => unplaced.push(person),
        }
    }
    unplaced.sort_by_key(|&p| (roster.offset[p].is_none(), roster.offset[p].unwrap_or(0), p));
    let video: Vec<usize> = (0..circles.len()).filter(|&c| circles[c].host == 0).collect();
    let mut next = unplaced.into_iter();
    for &circle in &video {
        for person in next.by_ref().take(circles[circle].target as usize) {
            assignment[person] = circle as u32;
            sizes[circle] += 1;
        }
    }
    top_up(roster, rules, pairs, circles, &mut assignment, &mut sizes);
    assignment
}

/// Fills circles still below the minimum with whoever fits them best: no hard conflict with the
/// members so far, of the hosting metro, waiting rather than taken from a circle above its
/// minimum, earliest sign-up first.
fn top_up(
    roster: &Roster,
    rules: &Rules,
    pairs: &PairScores,
    circles: &[PlannedCircle],
    assignment: &mut [u32],
    sizes: &mut [u32],
) {
    let n = roster.n;
    let waitlist = circles.len() as u32;
    for circle in 0..circles.len() {
        while sizes[circle] < rules.size.min {
            let members: Vec<usize> = (0..n).filter(|&p| assignment[p] == circle as u32).collect();
            let donor = (0..n)
                .filter(|&p| {
                    let group = assignment[p];
                    group == waitlist || (group != circle as u32 && sizes[group as usize] > rules.size.min)
                })
                .min_by_key(|&p| {
                    let conflicts = members.iter().filter(|&&m| pairs.hard_conflict(p, m)).count();
                    let away = circles[circle].host != 0 && roster.metro[p] != circles[circle].host;
                    (conflicts, away, assignment[p] != waitlist, p)
                });
            let Some(person) = donor else { break };
            if assignment[person] != waitlist {
                sizes[assignment[person] as usize] -= 1;
            }
            assignment[person] = circle as u32;
            sizes[circle] += 1;
        }
    }
}

//! From applicants and the organizer's rules to circles, a waitlist with reasons, and checks.
//!
//! This first rule set covers the size range, companies kept apart and roles mixed; answers become
//! pairwise distances for `solver`. The same `Composer` runs natively and in the web worker, in
//! chunks of moves, so the worker can report progress and stop early with the best so far.

use serde::{Deserialize, Serialize};

use crate::model::{Applicant, GroupId, RecordId};
use std::collections::BTreeMap;

use crate::solver::{Distances, Problem, Progress, Search, SearchConfig, SizeBounds};

/// The organizer's rules. No `Default`: the page and the command line each state theirs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rules {
    /// Every circle has between `min` and `max` members.
    pub size: SizeBounds,
}

/// Everything a run needs: who, under which rules, from which seed, for how many moves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComposeJob {
    /// The applicants, in record order.
    pub applicants: Vec<Applicant>,
    /// The rules.
    pub rules: Rules,
    /// Seed of the search; the same seed gives the same circles.
    pub seed: u64,
    /// Annealing budget in moves.
    pub max_moves: u64,
}

impl ComposeJob {
    /// A job with the default move budget for its size.
    pub fn new(applicants: Vec<Applicant>, rules: Rules, seed: u64) -> Self {
        let max_moves = default_max_moves(applicants.len());
        ComposeJob { applicants, rules, seed, max_moves }
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
    /// Everyone gave the same location.
    InPerson,
    /// Members are in different places.
    Video,
}

/// One composed circle.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Circle {
    /// Its number, from 1.
    pub id: GroupId,
    /// In person or by video.
    pub mode: Mode,
    /// The shared location of an in-person circle.
    pub place: Option<String>,
    /// Its members' records, ascending.
    pub members: Vec<RecordId>,
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
    /// The rule's name, e.g. "size" or "distinct company".
    pub rule: String,
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
    /// The diversity score that the search maximised.
    pub score: f64,
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

/// A composing run: a plan of how many circles, and the search that fills them.
#[derive(Clone, Debug)]
pub struct Composer {
    placed: Vec<Applicant>,
    waitlist: Vec<Waitlisted>,
    rules: Rules,
    search: Option<Search<FeatureDistances>>,
}

impl Composer {
    /// Plans the circles and starts the search.
    pub fn new(job: ComposeJob) -> Self {
        let ComposeJob { applicants, rules, seed, max_moves } = job;
        let plan = plan_circles(applicants.len(), rules.size);
        let mut placed = applicants;
        let late = placed.split_off(plan.placed);
        let waitlist = late
            .into_iter()
            .map(|applicant| Waitlisted { record: applicant.record, reason: plan.waitlist_reason.clone() })
            .collect();
        let search = (plan.circles > 0).then(|| {
            let distances = FeatureDistances::of(&placed);
            // Pair sums favour big circles, so each circle gets the balanced share of the range:
            // with k circles of n people, every circle has ⌊n/k⌋ or ⌈n/k⌉ members.
            let balanced = SizeBounds {
                min: (placed.len() / plan.circles) as u32,
                max: placed.len().div_ceil(plan.circles) as u32,
            };
            let problem = Problem::new(distances, vec![balanced; plan.circles])
                .expect("plan_circles only plans circles that the size range can fill");
            Search::new(problem, SearchConfig { max_moves }, seed)
        });
        Composer { placed, waitlist, rules, search }
    }

    /// Tries up to `chunk` more moves.
    pub fn step(&mut self, chunk: u64) -> Progress {
        match &mut self.search {
            Some(search) => search.step(chunk),
            None => Progress { moves_done: 0, max_moves: 0, best_score: 0.0, finished: true },
        }
    }

    /// Runs the search to the end of its budget.
    pub fn run(&mut self) -> Progress {
        self.step(u64::MAX)
    }

    /// The circles of the best grouping so far, with checks.
    pub fn composition(&self) -> Composition {
        let (assignment, score) = self.search.as_ref().map_or((&[][..], 0.0), |search| {
            let (assignment, score) = search.best();
            (assignment.as_slice(), score)
        });
        let n_circles = self.search.as_ref().map_or(0, |s| s.problem().groups().len());
        let features = self.search.as_ref().map(|s| s.problem().distances().features.as_slice()).unwrap_or_default();
        let mut members: Vec<Vec<(&Applicant, &Features)>> = vec![Vec::new(); n_circles];
        for ((applicant, feature), &group) in self.placed.iter().zip(features).zip(assignment) {
            members[group as usize].push((applicant, feature));
        }
        let mut groups = Vec::with_capacity(n_circles);
        let mut checks = Vec::new();
        for (index, with_features) in members.iter().enumerate() {
            let id = GroupId(index as u32 + 1);
            checks.extend(circle_checks(id, with_features, self.rules.size));
            let (mode, place) = meeting_mode(with_features);
            groups.push(Circle { id, mode, place, members: with_features.iter().map(|(a, _)| a.record).collect() });
        }
        Composition { groups, waitlist: self.waitlist.clone(), checks, score }
    }
}

/// Composes in one go: plan, search to the end of the budget, report.
pub fn compose(job: ComposeJob) -> Composition {
    let mut composer = Composer::new(job);
    composer.run();
    composer.composition()
}

/// How many circles to form and how many applicants they take, in sign-up order.
#[derive(Clone, Debug, PartialEq, Eq)]
struct CirclePlan {
    circles: usize,
    placed: usize,
    waitlist_reason: String,
}

/// Chooses the number of circles whose sizes sit nearest the middle of the range.
///
/// When no number of circles fits everyone, the latest sign-ups wait (first come, first placed).
fn plan_circles(n: usize, size: SizeBounds) -> CirclePlan {
    let (min, max) = (size.min.max(1) as usize, size.max.max(1) as usize);
    if n < min {
        return CirclePlan {
            circles: 0,
            placed: 0,
            waitlist_reason: format!("Only {n} applicants: a circle needs at least {min}."),
        };
    }
    let fewest = n.div_ceil(max);
    let most = n / min;
    if fewest <= most {
        let middle = (min + max) as f64 / 2.0;
        let circles = ((n as f64 / middle).round() as usize).clamp(fewest, most);
        return CirclePlan { circles, placed: n, waitlist_reason: String::new() };
    }
    let placed = most * max;
    CirclePlan {
        circles: most,
        placed,
        waitlist_reason: format!(
            "Signed up after {} full; {} more would open another circle of at least {min}.",
            if most == 1 { format!("the only circle of {max} was") } else { format!("{most} circles of {max} were") },
            min - (n - placed)
        ),
    }
}

/// The answers that set how diverse two applicants are together, as small ids.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Features {
    role_family: RoleFamily,
    /// The employer's group (0: none given); spellings of one company share it.
    company: u32,
    /// The location as written, folded (0: none given).
    location: u32,
}

/// Weight of two members working at different companies: highest, since colleagues rarely speak freely.
const COMPANY_WEIGHT: f64 = 4.0;
/// Weight of different kinds of role.
const ROLE_WEIGHT: f64 = 1.0;
/// Weight of the same location: nearby people can meet in person.
const SAME_PLACE_WEIGHT: f64 = 1.5;

impl Features {
    fn distance(&self, other: &Features) -> f64 {
        let mut distance = 0.0;
        if self.company == 0 || self.company != other.company {
            distance += COMPANY_WEIGHT;
        }
        if self.role_family != other.role_family {
            distance += ROLE_WEIGHT;
        }
        if self.location != 0 && self.location == other.location {
            distance += SAME_PLACE_WEIGHT;
        }
        distance
    }
}

/// Pairwise distances computed from each applicant's features when asked: memory grows with the
/// number of applicants, not its square, so 10,000 applicants need no 800 MB matrix.
#[derive(Clone, Debug)]
pub struct FeatureDistances {
    features: Vec<Features>,
}

impl FeatureDistances {
    fn of(applicants: &[Applicant]) -> Self {
        let companies = company_groups(applicants);
        let mut locations: BTreeMap<String, u32> = BTreeMap::new();
        let features = applicants
            .iter()
            .zip(companies)
            .map(|(applicant, company)| {
                let place = normalize_words(&applicant.location);
                let next = locations.len() as u32 + 1;
                let location = if place.is_empty() { 0 } else { *locations.entry(place).or_insert(next) };
                Features { role_family: RoleFamily::of(&applicant.role), company, location }
            })
            .collect();
        FeatureDistances { features }
    }
}

impl Distances for FeatureDistances {
    fn len(&self) -> usize {
        self.features.len()
    }
    #[inline]
    fn get(&self, i: usize, j: usize) -> f64 {
        self.features[i].distance(&self.features[j])
    }
}

/// A company group per applicant (0 when none is given). Names are normalized and sorted, so a
/// short form sits just before its longer forms ("tidewater", "tidewater analytics"); each name
/// joins the group before it when [`same_company`] says so.
fn company_groups(applicants: &[Applicant]) -> Vec<u32> {
    let keys: Vec<String> = applicants.iter().map(|a| normalize_company(&a.company)).collect();
    let mut sorted: Vec<&str> = keys.iter().map(String::as_str).filter(|k| !k.is_empty()).collect();
    sorted.sort_unstable();
    sorted.dedup();
    let mut group_of: BTreeMap<&str, u32> = BTreeMap::new();
    let mut root: Option<&str> = None;
    let mut group = 0;
    for key in sorted {
        if !root.is_some_and(|r| same_company(r, key)) {
            group += 1;
            root = Some(key);
        }
        group_of.insert(key, group);
    }
    keys.iter().map(|k| group_of.get(k.as_str()).copied().unwrap_or(0)).collect()
}

/// Broad kinds of engineering role, so that "VP Eng" and "VP of Engineering" count as one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum RoleFamily {
    Executive,
    VicePresident,
    Director,
    Manager,
    StaffPlus,
    TechLead,
    Other,
}

impl RoleFamily {
    fn of(role: &str) -> Self {
        let words = normalize_words(role);
        let has = |needles: &[&str]| needles.iter().any(|n| words.split(' ').any(|w| w == *n));
        let contains = |needles: &[&str]| needles.iter().any(|n| words.contains(n));
        if has(&["cto", "ceo", "cpo", "chief", "founder", "cofounder"]) || contains(&["co founder"]) {
            RoleFamily::Executive
        } else if has(&["vp", "svp", "evp"]) || contains(&["vice president", "head of"]) {
            RoleFamily::VicePresident
        } else if has(&["director"]) {
            RoleFamily::Director
        } else if has(&["manager", "em", "management"]) {
            RoleFamily::Manager
        } else if has(&["staff", "principal", "architect", "distinguished", "fellow"]) {
            RoleFamily::StaffPlus
        } else if has(&["lead", "tl"]) {
            RoleFamily::TechLead
        } else {
            RoleFamily::Other
        }
    }

    fn label(self) -> &'static str {
        match self {
            RoleFamily::Executive => "executive",
            RoleFamily::VicePresident => "VP",
            RoleFamily::Director => "director",
            RoleFamily::Manager => "manager",
            RoleFamily::StaffPlus => "staff+",
            RoleFamily::TechLead => "tech lead",
            RoleFamily::Other => "other",
        }
    }
}

/// Lowercase words of letters and digits, single-spaced: "  San Francisco, CA " → "san francisco ca".
fn normalize_words(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A company name without case, punctuation, parenthetical, leading "the" or legal suffix, with
/// "&" read as "and": "The Stripe, Inc. (Dublin office)" → "stripe". Placeholders such as
/// "self-employed" become "" (they are not employers, so two freelancers are not colleagues).
pub fn normalize_company(company: &str) -> String {
    const SUFFIXES: [&str; 12] =
        ["inc", "incorporated", "llc", "ltd", "limited", "gmbh", "corp", "corporation", "co", "plc", "sa", "bv"];
    let mut text = company.to_lowercase().replace('&', " and ");
    // "(Austin office)" and the like say where, not who.
    while let (Some(open), Some(close)) = (text.find('('), text.find(')')) {
        if close < open {
            break;
        }
        text.replace_range(open..=close, " ");
    }
    let mut words: Vec<String> = normalize_words(&text).split(' ').map(str::to_owned).collect();
    if words.len() > 1 && words[0] == "the" {
        words.remove(0);
    }
    while words.len() > 1 && words.last().is_some_and(|w| SUFFIXES.contains(&w.as_str())) {
        words.pop();
    }
    let name = words.join(" ");
    match name.as_str() {
        "" | "none" | "n a" | "na" | "self employed" | "freelance" | "freelancer" | "independent" | "stealth"
        | "stealth startup" | "unemployed" | "between jobs" => String::new(),
        _ => name,
    }
}

/// Whether two normalized company names (see [`normalize_company`]) are likely the same employer:
/// equal, or one is the other's first words ("tidewater" and "tidewater analytics"), its last word
/// possibly cut short ("wrenfield bio" and "wrenfield biosciences"). Errs towards "same", which
/// only keeps more people apart.
pub fn same_company(a: &str, b: &str) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let (a_words, b_words): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    let (short, long) = if a_words.len() <= b_words.len() { (a_words, b_words) } else { (b_words, a_words) };
    let last = short.len() - 1;
    short
        .iter()
        .zip(&long)
        .enumerate()
        .all(|(index, (s, l))| s == l || (index == last && s.chars().count() >= 3 && l.starts_with(s)))
}

fn circle_checks(id: GroupId, members: &[(&Applicant, &Features)], size: SizeBounds) -> Vec<Check> {
    let count = members.len() as u32;
    let size_check = Check {
        group: id,
        rule: "size".to_owned(),
        ok: (size.min..=size.max).contains(&count),
        detail: format!("{count} members ({}–{})", size.min, size.max),
    };

    // Colleagues by company group, the same groups the search kept apart; the detail lists the
    // spellings as written.
    let mut by_company: BTreeMap<u32, Vec<&str>> = BTreeMap::new();
    for (applicant, features) in members.iter().filter(|(_, f)| f.company != 0) {
        by_company.entry(features.company).or_default().push(applicant.company.as_str());
    }
    let shared: Vec<String> = by_company
        .into_values()
        .filter(|written| written.len() > 1)
        .map(|mut written| {
            let count = written.len();
            written.sort_unstable();
            written.dedup();
            format!("{count} from {}", written.join(" / "))
        })
        .collect();
    let company_check = Check {
        group: id,
        rule: "distinct company".to_owned(),
        ok: shared.is_empty(),
        detail: if shared.is_empty() { "companies all distinct".to_owned() } else { shared.join(", ") },
    };

    let mut families: Vec<RoleFamily> = members.iter().map(|(_, f)| f.role_family).collect();
    families.sort();
    let counts: Vec<(RoleFamily, usize)> = families.chunk_by(|a, b| a == b).map(|s| (s[0], s.len())).collect();
    let (common, most) = counts.iter().max_by_key(|(_, c)| *c).copied().unwrap_or((RoleFamily::Other, 0));
    let role_check = Check {
        group: id,
        rule: "spread role".to_owned(),
        ok: most * 2 <= members.len().max(1) || counts.len() == 1 && members.len() <= 1,
        detail: format!("{} kinds of role; most common: {} ×{most}", counts.len(), common.label()),
    };
    vec![size_check, company_check, role_check]
}

/// In person when every member gave the same (non-empty) location, by video otherwise: the same
/// location ids the search drew together.
fn meeting_mode(members: &[(&Applicant, &Features)]) -> (Mode, Option<String>) {
    match members.first() {
        Some((first, features))
            if features.location != 0 && members.iter().all(|(_, f)| f.location == features.location) =>
        {
            (Mode::InPerson, Some(first.location.clone()))
        }
        _ => (Mode::Video, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(n: usize, min: u32, max: u32) -> (usize, usize) {
        let plan = plan_circles(n, SizeBounds { min, max });
        (plan.circles, plan.placed)
    }

    #[test]
    fn circles_sit_near_the_middle_of_the_range() {
        assert_eq!(plan(86, 6, 9), (11, 86));
        assert_eq!(plan(12, 6, 9), (2, 12));
        assert_eq!(plan(9, 6, 9), (1, 9));
    }

    #[test]
    fn latest_sign_ups_wait_when_no_count_fits() {
        assert_eq!(plan(11, 6, 9), (1, 9));
        assert_eq!(plan(5, 6, 9), (0, 0));
    }

    #[test]
    fn company_names_are_compared_without_suffix_and_case() {
        assert_eq!(normalize_company("Stripe, Inc."), normalize_company("stripe"));
        assert_eq!(normalize_company("The Stripe Co. (Dublin office)"), "stripe");
        assert_eq!(normalize_company("Lumen & Loom"), normalize_company("Lumen and Loom"));
        assert_eq!(normalize_company("Self-employed"), "");
        assert_eq!(normalize_company("Co"), "co");
    }

    #[test]
    fn abbreviated_company_names_match() {
        let same = |a: &str, b: &str| same_company(&normalize_company(a), &normalize_company(b));
        assert!(same("Tidewater", "Tidewater Analytics, Inc."));
        assert!(same("Wrenfield Bio", "Wrenfield Biosciences"));
        assert!(same("Cobaltine Robotics (Austin office)", "cobaltine"));
        assert!(!same("Blue Origin", "Blue Bottle"));
        assert!(!same("Acme", "Acorn"));
        assert!(!same("Self-employed", "self employed"));
    }

    #[test]
    fn role_families() {
        assert_eq!(RoleFamily::of("Co-founder & CTO"), RoleFamily::Executive);
        assert_eq!(RoleFamily::of("VP of Eng"), RoleFamily::VicePresident);
        assert_eq!(RoleFamily::of("Head of Engineering"), RoleFamily::VicePresident);
        assert_eq!(RoleFamily::of("Sr. Engineering Manager"), RoleFamily::Manager);
        assert_eq!(RoleFamily::of("Senior Staff Engineer"), RoleFamily::StaffPlus);
        assert_eq!(RoleFamily::of("Tech Lead"), RoleFamily::TechLead);
    }
}

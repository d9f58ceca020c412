//! Reading a roster back: this tool's roster CSV as downloaded (and perhaps edited by hand), or
//! any CSV with a `Circle` column and an email column (or a `Record` column). `check_roster`
//! judges it: every circle gets one check per rule from the same judgement composing uses, and
//! every person of the applicants' file must be listed exactly once (missing, twice and unknown
//! people are problems). `kept_circles` takes the circles its `Locked` column keeps, for
//! re-composing the rest.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::compose::{Check, Circle, ComposeJob, KeptCircle, Mode, RuleBook};
use crate::import::{ImportOptions, ImportReport, import_with};
use crate::model::{ColumnRole, GroupId, RecordId};

/// What is wrong with who a roster lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ListingKind {
    /// An applicant the roster does not list.
    Missing,
    /// An applicant listed more than once.
    Twice,
    /// A row that names nobody of the applicants' file.
    Unknown,
}

/// One problem with who a roster lists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListingProblem {
    /// What is wrong.
    pub kind: ListingKind,
    /// The applicant's record in the applicants' file, when known.
    pub record: Option<RecordId>,
    /// The email as the applicants' file or the roster gives it.
    pub email: String,
    /// The roster's line, when the problem is about a row.
    pub line: Option<u64>,
    /// One sentence.
    pub message: String,
}

/// A roster judged: a check per circle and rule, and the problems with who it lists.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RosterCheck {
    /// One check per circle and rule, as composing reports them.
    pub checks: Vec<Check>,
    /// People missing, listed twice, or unknown.
    pub problems: Vec<ListingProblem>,
}

impl RosterCheck {
    /// Whether every hard rule holds and everyone is listed exactly once.
    pub fn passes(&self) -> bool {
        self.problems.is_empty() && self.checks.iter().all(|c| c.ok || !c.hard)
    }
}

/// Where a roster row puts its person.
enum Seat {
    /// In the circle with this label.
    Circle(String),
    /// Listed, without a circle (waiting, or not composed).
    Listed,
    /// Not a person of this round (a duplicate merged into another record).
    Merged,
}

/// A circle as a roster lists it: its label, mode and place when the roster says them, and its
/// members by position in the job.
struct ListedCircle {
    label: String,
    mode: Option<Mode>,
    place: Option<String>,
    members: Vec<usize>,
    /// Whether each member's row says `Locked = yes`.
    locked: Vec<bool>,
}

/// The columns a roster is read by.
struct RosterColumns {
    circle: usize,
    email: Option<usize>,
    record: Option<usize>,
    mode: Option<usize>,
    place: Option<usize>,
    locked: Option<usize>,
}

impl RosterColumns {
    fn find(roster: &ImportReport) -> Result<RosterColumns, String> {
        let named = |name: &str| roster.columns.iter().position(|c| c.header.trim().eq_ignore_ascii_case(name));
        let circle = named("circle").ok_or("the roster needs a Circle column")?;
        let email = roster.column_with(ColumnRole::Email).map(|c| c.index);
        let record = named("record");
        if email.is_none() && record.is_none() {
            return Err("the roster needs an email column or a Record column to say who is who".to_owned());
        }
        Ok(RosterColumns { circle, email, record, mode: named("mode"), place: named("place"), locked: named("locked") })
    }
}

/// Judges a roster's circles against the job's rules, and who it lists against the job's people.
pub fn check_roster(job: &ComposeJob, roster: &[u8]) -> Result<RosterCheck, String> {
    let Listing { circles, mut problems, listed } = read_listing(job, roster)?;
    for (person, line) in listed.iter().enumerate() {
        if line.is_none() {
            let applicant = &job.people[person].applicant;
            problems.push(ListingProblem {
                kind: ListingKind::Missing,
                record: Some(applicant.record),
                email: applicant.email.clone(),
                line: None,
                message: format!("{} (record {}) is not in the roster.", label(job, person), applicant.record),
            });
        }
    }
    let book = RuleBook::new(job);
    let checks = judge_circles(&book, circles);
    Ok(RosterCheck { checks, problems })
}

/// The circles of a roster to keep when re-composing the rest (`compose --keep`): a circle whose
/// rows all say `Locked = yes` stays exactly as it is; in another, the people whose row says so
/// stay in it. Rows naming nobody of the job, or someone twice, are errors, listed.
pub fn kept_circles(job: &ComposeJob, roster: &[u8]) -> Result<Vec<KeptCircle>, String> {
    let Listing { circles, problems, .. } = read_listing(job, roster)?;
    if !problems.is_empty() {
        let lines: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        return Err(format!("the roster does not match the applicants:\n  {}", lines.join("\n  ")));
    }
    let book = RuleBook::new(job);
    let kept = circles
        .into_iter()
        .filter(|circle| circle.locked.iter().any(|&locked| locked))
        .map(|circle| {
            let locked = circle.locked.iter().all(|&locked| locked);
            let (mode, place) = match circle.mode {
                Some(mode) => (mode, circle.place.clone()),
                None => inferred_venue(&book, &circle.members),
            };
            let staying = circle
                .members
                .iter()
                .zip(&circle.locked)
                .filter(|&(_, &pinned)| locked || pinned)
                .map(|(&p, _)| job.people[p].applicant.record)
                .collect();
            KeptCircle { mode, place, staying, locked }
        })
        .collect();
    Ok(kept)
}

/// Who a roster lists, and where.
struct Listing {
    /// Its circles, in order of first appearance.
    circles: Vec<ListedCircle>,
    /// Rows naming nobody of the job, or someone again.
    problems: Vec<ListingProblem>,
    /// For each person of the job, the roster line listing them.
    listed: Vec<Option<u64>>,
}

/// Reads a roster against the job's people.
fn read_listing(job: &ComposeJob, roster: &[u8]) -> Result<Listing, String> {
    let roster = import_with(roster, &ImportOptions::default());
    let columns = RosterColumns::find(&roster)?;
    let mut by_email: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (position, person) in job.people.iter().enumerate() {
        by_email.entry(crate::import::email_match_key(&person.applicant.email)).or_default().push(position);
    }
    let mut problems = Vec::new();
    let mut listed: Vec<Option<u64>> = vec![None; job.people.len()];
    let mut circles: Vec<ListedCircle> = Vec::new();
    for row in &roster.records {
        let field = |index: Option<usize>| index.map_or("", |i| row.fields[i].trim());
        let seat = seat_of(field(Some(columns.circle)));
        if matches!(seat, Seat::Merged) {
            continue;
        }
        let email = field(columns.email);
        let record = field(columns.record).parse::<u32>().ok().map(RecordId);
        let Some(person) = identify(job, &by_email, &listed, email, record) else {
            let who = match (email, record) {
                ("", Some(record)) => format!("record {record}"),
                ("", None) => "this row".to_owned(),
                (email, _) => email.to_owned(),
            };
            problems.push(ListingProblem {
                kind: ListingKind::Unknown,
                record: None,
                email: email.to_owned(),
                line: Some(row.line),
                message: format!("Line {}: {who} is not in the applicants' file.", row.line),
            });
            continue;
        };
        let applicant = &job.people[person].applicant;
        if let Some(first) = listed[person] {
            problems.push(ListingProblem {
                kind: ListingKind::Twice,
                record: Some(applicant.record),
                email: applicant.email.clone(),
                line: Some(row.line),
                message: format!("Line {}: {} is listed again (first on line {first}).", row.line, label(job, person)),
            });
            continue;
        }
        listed[person] = Some(row.line);
        if let Seat::Circle(name) = seat {
            let locked = field(columns.locked).eq_ignore_ascii_case("yes");
            match circles.iter_mut().find(|circle| circle.label == name) {
                Some(circle) => {
                    circle.members.push(person);
                    circle.locked.push(locked);
                }
                None => circles.push(ListedCircle {
                    label: name,
                    mode: mode_of(field(columns.mode)),
                    place: Some(field(columns.place).to_owned()).filter(|p| !p.is_empty()),
                    members: vec![person],
                    locked: vec![locked],
                }),
            }
        }
    }
    Ok(Listing { circles, problems, listed })
}

/// Every circle of the roster judged; a circle whose label is a number keeps it as its id.
fn judge_circles(book: &RuleBook, circles: Vec<ListedCircle>) -> Vec<Check> {
    let numbered: Vec<Option<u32>> = circles.iter().map(|circle| circle.label.parse::<u32>().ok()).collect();
    let mut next = numbered.iter().flatten().max().copied().unwrap_or(0);
    let mut checks = Vec::new();
    for (ListedCircle { mode, place, members, .. }, number) in circles.into_iter().zip(numbered) {
        let id = GroupId(number.unwrap_or_else(|| {
            next += 1;
            next
        }));
        let (mode, place) = match mode {
            Some(mode) => (mode, place),
            None => inferred_venue(book, &members),
        };
        let members: Vec<RecordId> = members.iter().map(|&p| book.records[p]).collect();
        let circle = Circle { id, mode, place, band: None, members, diversity: 0.0 };
        checks.extend(book.judge_circle(&circle));
    }
    checks
}

/// A roster without a Mode column: a circle meets in person when all its members live in one
/// metro that may host, else by video.
fn inferred_venue(book: &RuleBook, members: &[usize]) -> (Mode, Option<String>) {
    let metro = members.first().and_then(|&m| book.roster.metro[m]);
    match metro {
        Some(metro) if members.iter().all(|&m| book.roster.lives_in(m, metro)) => {
            let name = book.roster.metro_name(metro).to_owned();
            if book.rules.place.may_host(&name) { (Mode::InPerson, Some(name)) } else { (Mode::Video, None) }
        }
        _ => (Mode::Video, None),
    }
}

/// "Circle" cells: a circle's label, or a row listed without one.
fn seat_of(cell: &str) -> Seat {
    match cell.to_lowercase().as_str() {
        "merged" => Seat::Merged,
        "" | "waitlist" | "waiting" | "not composed" => Seat::Listed,
        _ => Seat::Circle(cell.to_owned()),
    }
}

/// "in person" / "in-person" / "video" (anything else: not said).
fn mode_of(cell: &str) -> Option<Mode> {
    match cell.to_lowercase().replace('-', " ").as_str() {
        "in person" => Some(Mode::InPerson),
        "video" => Some(Mode::Video),
        _ => None,
    }
}

/// The person a row names: by email when it has one (the record number decides between people
/// who share it), else by record number.
fn identify(
    job: &ComposeJob,
    by_email: &BTreeMap<String, Vec<usize>>,
    listed: &[Option<u64>],
    email: &str,
    record: Option<RecordId>,
) -> Option<usize> {
    let by_record = |record: RecordId| job.people.iter().position(|p| p.applicant.record == record);
    if email.is_empty() {
        return record.and_then(by_record);
    }
    let same = by_email.get(&crate::import::email_match_key(email))?;
    record
        .and_then(|r| same.iter().copied().find(|&p| job.people[p].applicant.record == r))
        .or_else(|| same.iter().copied().find(|&p| listed[p].is_none()))
        .or_else(|| same.first().copied())
}

/// How a person is named in messages: name, else email, else record.
fn label(job: &ComposeJob, person: usize) -> String {
    let applicant = &job.people[person].applicant;
    match (applicant.name.trim(), applicant.email.trim()) {
        ("", "") => format!("Record {}", applicant.record),
        ("", email) => email.to_owned(),
        (name, _) => name.to_owned(),
    }
}

//! The intro drafts: one per placed person (or one per circle), each the organizer's template
//! filled with that person's circle. Who is in which circle comes from the board; what the
//! others see of each member comes only from the allowlist's views.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::allowlist::{Allowlist, MemberView};
use super::meeting::{MeetingTime, PersonZone, ZoneRules};
use super::template::{DEFAULT_TEMPLATE, EmailTemplate, Placeholder, TemplateError};
use crate::board::{Board, BoardCircle};
use crate::compose::Mode;
use crate::import::{ImportReport, applicants};
use crate::model::{ColumnRole, GroupId, RecordId};

/// The subject a new session starts with (a template too).
pub const DEFAULT_SUBJECT: &str = "Your peer learning circle: {{ circle_name }}";

/// What the organizer sets for sending: who writes, what, and what members see of each other.
/// Saved in settings files: it holds no applicant's answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SendSettings {
    /// The organizer's name, for the signature and the From header.
    pub organizer_name: String,
    /// The organizer's address, for From and Reply-To.
    pub organizer_email: String,
    /// The subject template.
    pub subject: String,
    /// The code of conduct: text or a link.
    pub code_of_conduct: String,
    /// The question about a mailing list (empty: not asked).
    pub list_permission: String,
    /// The body template.
    pub template: String,
    /// The fields circle-mates see (`None`: the suggested ones for the file's columns).
    pub allowlist: Option<Allowlist>,
    /// One draft per circle, to all its members, instead of one per person.
    pub per_circle: bool,
}

impl Default for SendSettings {
    fn default() -> SendSettings {
        SendSettings {
            organizer_name: String::new(),
            organizer_email: String::new(),
            subject: DEFAULT_SUBJECT.to_owned(),
            code_of_conduct: String::new(),
            list_permission: "May we add you to our mailing list for future circles? Reply yes or no.".to_owned(),
            template: DEFAULT_TEMPLATE.to_owned(),
            allowlist: None,
            per_circle: false,
        }
    }
}

/// What is wrong with the subject or the body template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateProblems {
    /// The subject's errors.
    pub subject: Vec<TemplateError>,
    /// The body's errors.
    pub body: Vec<TemplateError>,
}

impl std::fmt::Display for TemplateProblems {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let subject = self.subject.iter().map(|e| format!("subject, {e}"));
        let body = self.body.iter().map(|e| format!("template, {e}"));
        write!(f, "{}", subject.chain(body).collect::<Vec<_>>().join("\n"))
    }
}

/// One person as a recipient, with what others may see of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Addressee {
    /// Their record.
    pub record: RecordId,
    /// Full name, as written.
    pub name: String,
    /// First name: the first-name column, else the name's first word.
    pub first_name: String,
    /// Email address, as written.
    pub email: String,
    /// Their own time zone, when their place is known.
    pub zone: Option<PersonZone>,
    /// What circle-mates may see of them.
    pub view: MemberView,
}

/// Everyone who could receive a draft, by record.
#[derive(Clone, Debug, Default)]
pub struct Directory {
    people: BTreeMap<RecordId, Addressee>,
}

impl Directory {
    /// The import's people, seen through `allowlist`; `zone_of` tells their time zones.
    pub fn new(
        import: &ImportReport,
        allowlist: &Allowlist,
        zone_of: impl Fn(RecordId) -> Option<PersonZone>,
    ) -> Directory {
        let first_column = import.column_with(ColumnRole::FirstName).map(|c| c.index);
        let people = applicants(import)
            .into_iter()
            .zip(&import.records)
            .map(|(applicant, record)| {
                let first_name = first_column
                    .map(|i| record.fields[i].trim().to_owned())
                    .filter(|first| !first.is_empty())
                    .or_else(|| applicant.name.split_whitespace().next().map(str::to_owned))
                    .unwrap_or_default();
                let addressee = Addressee {
                    record: applicant.record,
                    view: allowlist.view(&import.columns, &applicant.name, &record.fields),
                    first_name,
                    zone: zone_of(applicant.record),
                    name: applicant.name,
                    email: applicant.email,
                };
                (addressee.record, addressee)
            })
            .collect();
        Directory { people }
    }

    /// One person.
    pub fn get(&self, record: RecordId) -> Option<&Addressee> {
        self.people.get(&record)
    }
}

/// One draft: to one person (or to a whole circle), ready to be written as an email.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    /// The circle it is about.
    pub circle: GroupId,
    /// The person it is for; `None` for a draft to the whole circle.
    pub record: Option<RecordId>,
    /// The recipients, as (name, address); people without an address are left out.
    pub to: Vec<(String, String)>,
    /// The subject.
    pub subject: String,
    /// The body.
    pub body: String,
    /// Placeholders that were empty for this draft (a circle with no time yet, say).
    pub empty: BTreeSet<Placeholder>,
}

/// The subject and body templates, read once for many drafts.
pub struct Letter<'s> {
    settings: &'s SendSettings,
    subject: EmailTemplate,
    body: EmailTemplate,
}

impl<'s> Letter<'s> {
    /// Reads the settings' templates.
    pub fn new(settings: &'s SendSettings) -> Result<Letter<'s>, TemplateProblems> {
        match (EmailTemplate::parse(&settings.subject), EmailTemplate::parse(&settings.template)) {
            (Ok(subject), Ok(body)) => Ok(Letter { settings, subject, body }),
            (subject, body) => Err(TemplateProblems {
                subject: subject.err().unwrap_or_default(),
                body: body.err().unwrap_or_default(),
            }),
        }
    }

    /// Every draft of the board, in [`draft_order`].
    pub fn drafts(&self, board: &Board, directory: &Directory, zones: &dyn ZoneRules) -> Vec<Draft> {
        draft_order(board, self.settings.per_circle)
            .into_iter()
            .filter_map(|(circle, record)| self.draft(&board.circles[circle], record, directory, zones))
            .collect()
    }

    /// The draft of one person in `circle` (`None`: to the whole circle).
    pub fn draft(
        &self,
        circle: &BoardCircle,
        record: Option<RecordId>,
        directory: &Directory,
        zones: &dyn ZoneRules,
    ) -> Option<Draft> {
        let person = match record {
            Some(record) => Some(directory.get(record)?),
            None => None,
        };
        let settings = self.settings;
        let meeting = MeetingTime::parse(&circle.details.starts, zones).ok();
        let value = |placeholder: Placeholder| match placeholder {
            Placeholder::FirstName => person.map_or_else(|| "everyone".to_owned(), |p| p.first_name.clone()),
            Placeholder::Name => person.map_or_else(|| "everyone".to_owned(), |p| p.name.clone()),
            Placeholder::CircleName => circle.name.clone(),
            Placeholder::When => when(circle, meeting.as_ref(), person.and_then(|p| p.zone.as_ref()), zones),
            Placeholder::Where => circle.details.place.clone(),
            Placeholder::Host => circle
                .details
                .host
                .and_then(|host| directory.get(host))
                .and_then(|host| host.view.name().map(str::to_owned))
                .unwrap_or_default(),
            Placeholder::Members => circle
                .members
                .iter()
                .filter(|&&m| Some(m) != record)
                .filter_map(|&m| directory.get(m))
                .map(|m| format!("- {}", m.view.line()))
                .collect::<Vec<_>>()
                .join("\n"),
            Placeholder::CodeOfConduct => settings.code_of_conduct.clone(),
            Placeholder::Organizer => settings.organizer_name.clone(),
            Placeholder::ListPermission => settings.list_permission.clone(),
        };
        let subject = self.subject.render(value);
        let body = self.body.render(value);
        let recipients: Vec<&Addressee> = match person {
            Some(person) => vec![person],
            None => circle.members.iter().filter_map(|&m| directory.get(m)).collect(),
        };
        Some(Draft {
            circle: circle.id,
            record,
            to: recipients.iter().filter(|p| !p.email.is_empty()).map(|p| (p.name.clone(), p.email.clone())).collect(),
            subject: subject.text.split_whitespace().collect::<Vec<_>>().join(" "),
            body: body.text,
            empty: subject.empty.union(&body.empty).copied().collect(),
        })
    }
}

/// Which drafts a board gives, in order, as (index of the circle, person): one per placed person
/// in circle order, or one per circle (no person) when `per_circle`.
pub fn draft_order(board: &Board, per_circle: bool) -> Vec<(usize, Option<RecordId>)> {
    let mut order = Vec::new();
    for (index, circle) in board.circles.iter().enumerate() {
        if per_circle {
            order.push((index, None));
        } else {
            order.extend(circle.members.iter().map(|&m| (index, Some(m))));
        }
    }
    order
}

/// The first meeting in words: in the circle's zone, and for a video circle also on the
/// person's own clock when that differs. The text as written when it cannot be read.
fn when(
    circle: &BoardCircle,
    meeting: Option<&MeetingTime>,
    zone: Option<&PersonZone>,
    zones: &dyn ZoneRules,
) -> String {
    let Some(meeting) = meeting else { return circle.details.starts.clone() };
    let mut text = meeting.describe();
    if let (Mode::Video, Some(zone)) = (circle.mode, zone)
        && let Some(theirs) = meeting.describe_for(zone, zones)
    {
        text.push_str(&format!(", which is {theirs} for you"));
    }
    if let Some(minutes) = circle.details.minutes.filter(|&m| m > 0) {
        text.push_str(&format!(", for {minutes} minutes"));
    }
    text
}

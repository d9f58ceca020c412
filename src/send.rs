//! Sending: the intro drafts each person gets, from the organizer's template, the board's
//! circles and their meeting details, and an allowlist of what circle-mates see of each other.
//! Text only; the files (emails.zip, mail-merge.csv, circles.ics) are written by [`crate::export`].

mod allowlist;
mod drafts;
mod meeting;
mod template;

pub use allowlist::{Allowlist, MemberView, NameStyle, needs_confirmation};
pub use drafts::{Addressee, DEFAULT_SUBJECT, Directory, Draft, Letter, SendSettings, TemplateProblems, draft_order};
#[cfg(not(target_arch = "wasm32"))]
pub use meeting::BundledZoneRules;
pub use meeting::{MeetingTime, MeetingZone, NoZoneRules, PersonZone, ZoneRules};
pub use template::{DEFAULT_TEMPLATE, EmailTemplate, Placeholder, Rendered, TemplateError};

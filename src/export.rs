//! Download contents as bytes, each format written by a library made for it: no Blob and no
//! DOM (the shell saves them). Every CSV cell goes through [`spreadsheet_safe`].

mod calendar;
mod cells;
mod details;
mod emails;
mod mail_merge;
mod mailto;
mod roster;

pub use calendar::circles_ics;
pub use cells::{spreadsheet_safe, unquote_formula};
pub use details::{details_csv, read_details};
pub use emails::{EmailsZip, Sender, emails_zip, eml};
pub use mail_merge::{MailMerge, mail_merge_csv};
pub use mailto::{MAILTO_LIMIT, mailto_link};
pub use roster::{circles_of_roster, roster_csv};

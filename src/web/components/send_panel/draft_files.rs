//! emails.zip and mail-merge.csv, written a slice at a time: a few milliseconds of drafts, then
//! the browser gets its main thread back (and the organizer sees how far it is), so that even
//! 10,000 drafts never freeze the page.

use std::rc::Rc;

use gloo_timers::future::TimeoutFuture;
use yew::prelude::*;

use super::DraftPartProps;
use crate::board::Board;
use crate::export::{EmailsZip, MailMerge};
use crate::send::{Directory, Draft, Letter, SendSettings, draft_order};
use crate::web::download::{save_bytes, save_csv};
use crate::web::zones::BrowserZones;
use crate::workflow::Action;

/// How long a slice of drafts may take before the browser gets the thread back.
const SLICE_MS: f64 = 12.0;

/// Which file is being written, and how far it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Writing {
    /// The file's name.
    pub(super) file: &'static str,
    /// Drafts written.
    pub(super) done: usize,
    /// Drafts in all.
    pub(super) total: usize,
}

/// The file a slice writer fills.
enum Output {
    // Boxed: both writers carry their buffers' state inline, and the future holds one.
    Emails(Box<EmailsZip>),
    MailMerge(Box<MailMerge>),
}

impl Output {
    fn add(&mut self, draft: &Draft, directory: &Directory) {
        match self {
            Output::Emails(zip) => zip.add(draft),
            Output::MailMerge(table) => table.add(draft, directory),
        }
    }

    /// Offers the file as a download.
    fn save(self, file: &'static str) -> Result<(), wasm_bindgen::JsValue> {
        match self {
            Output::Emails(zip) => save_bytes(file, "application/zip", &(*zip).finish()),
            Output::MailMerge(table) => save_csv(file, &(*table).finish()),
        }
    }
}

/// The click handler of emails.zip (`mail_merge` false) or mail-merge.csv (true).
pub(super) fn write_in_slices(
    parts: &DraftPartProps,
    writing: &UseStateHandle<Option<Writing>>,
    mail_merge: bool,
) -> Callback<MouseEvent> {
    let (workflow, directory, on_action, writing) =
        (parts.workflow.clone(), parts.directory.clone(), parts.on_action.clone(), writing.clone());
    Callback::from(move |_: MouseEvent| {
        let (Some(board), Some(source)) = (workflow.board.clone(), workflow.source.as_ref()) else {
            return on_action.emit(Action::ReportProblem("Compose the circles first.".to_owned()));
        };
        // A mail merge has a row per person, whatever the per-circle choice.
        let send = SendSettings { per_circle: workflow.send.per_circle && !mail_merge, ..workflow.send.clone() };
        let (file, output) = if mail_merge {
            (
                "mail-merge.csv",
                Output::MailMerge(Box::new(MailMerge::new(workflow.mail_merge_fields(&source.import.columns)))),
            )
        } else {
            (
                "emails.zip",
                Output::Emails(Box::new(EmailsZip::new(workflow.sender(), (js_sys::Date::now() / 1000.0) as i64))),
            )
        };
        let (on_action, writing, directory) = (on_action.clone(), writing.clone(), directory.0.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let result = write(board, directory, send, output, file, &writing).await;
            writing.set(None);
            if let Err(message) = result {
                on_action.emit(Action::ReportProblem(message));
            }
        });
    })
}

/// Writes every draft into `output`, pausing after each slice, then offers the file.
async fn write(
    board: Rc<Board>,
    directory: Rc<Option<Directory>>,
    send: SendSettings,
    mut output: Output,
    file: &'static str,
    writing: &UseStateHandle<Option<Writing>>,
) -> Result<(), String> {
    let Some(directory) = directory.as_ref() else { return Err("Load the applicants first.".to_owned()) };
    let letter = Letter::new(&send).map_err(|problems| format!("Fix the template first: {problems}"))?;
    let order = draft_order(&board, send.per_circle);
    let total = order.len();
    let mut slice_started = js_sys::Date::now();
    for (done, &(circle, record)) in order.iter().enumerate() {
        if let Some(draft) = letter.draft(&board.circles[circle], record, directory, &BrowserZones) {
            output.add(&draft, directory);
        }
        if js_sys::Date::now() - slice_started > SLICE_MS {
            writing.set(Some(Writing { file, done: done + 1, total }));
            TimeoutFuture::new(0).await;
            slice_started = js_sys::Date::now();
        }
    }
    output.save(file).map_err(|_| "The browser refused the download; try again.".to_owned())
}

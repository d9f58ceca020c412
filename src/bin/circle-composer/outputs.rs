//! `compose --out DIR`: the board of the composition, with the details table and the sending
//! options applied as the page would apply them, written as roster.csv, mail-merge.csv,
//! emails.zip and circles.ics.

use std::path::Path;

use circle_composer::compose::Composition;
use circle_composer::export::read_details;
use circle_composer::send::{Allowlist, BundledZoneRules, SendSettings};
use circle_composer::workflow::{Action, Workflow};

use crate::args::SendArgs;
use crate::commands::{column_named, read};

/// Writes the four files of the composed board into `dir`.
pub(crate) fn write_outputs(
    workflow: Workflow,
    composition: Composition,
    send: &SendArgs,
    dir: &Path,
) -> Result<(), String> {
    let mut workflow =
        workflow.apply(Action::ComposeStarted).apply(Action::SolveFinished { composition, elapsed_ms: 0.0 });
    let board = workflow.board.clone().ok_or("there is no board to write")?;
    if let Some(path) = &send.details {
        let edits = read_details(&read(path)?, &board, &BundledZoneRules)
            .map_err(|problems| format!("{}: {}", path.display(), problems.join("\n")))?;
        workflow = workflow.apply(Action::EditBoardAll(edits));
        if let Some(notice) = workflow.notice.take() {
            return Err(format!("{}: {notice}", path.display()));
        }
    }
    let send_settings = settings(&workflow, send)?;
    workflow = workflow.apply(Action::EditSend(Box::new(send_settings)));
    let now = source_date()?;
    let zones = BundledZoneRules;
    let template_problem = |problems| match &send.template {
        Some(path) => format!("{}: {problems}", path.display()),
        None => format!("the default template: {problems}"),
    };
    let roster = workflow.roster_csv().ok_or("there is no roster to write")?;
    let mail_merge = workflow.mail_merge_csv(&zones).ok_or("no board")?.map_err(template_problem)?;
    let emails = workflow.emails_zip(&zones, now).ok_or("no board")?.map_err(template_problem)?;
    let calendar = workflow.circles_ics(&zones, now).ok_or("no board")?;
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot make {}: {e}", dir.display()))?;
    let files: [(&str, &[u8]); 4] = [
        ("roster.csv", roster.as_bytes()),
        ("mail-merge.csv", mail_merge.as_bytes()),
        ("emails.zip", &emails),
        ("circles.ics", calendar.as_bytes()),
    ];
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).map_err(|e| format!("cannot write {}: {e}", dir.join(name).display()))?;
    }
    Ok(())
}

/// The drafts' date, in seconds since 1970: `SOURCE_DATE_EPOCH` when set (the reproducible
/// builds convention, so that scripts and tests get the same bytes), else the clock.
fn source_date() -> Result<i64, String> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(text) => text.trim().parse().map_err(|_| format!("SOURCE_DATE_EPOCH={text:?} is not a number of seconds")),
        Err(_) => {
            #[allow(clippy::disallowed_methods)] // Native only: the command line is the shell here.
            let now = std::time::SystemTime::now();
            Ok(now.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0)))
        }
    }
}

/// The sending settings: the session's, with the template file, the organizer and the allowed
/// columns of the flags.
fn settings(workflow: &Workflow, send: &SendArgs) -> Result<SendSettings, String> {
    let mut settings = workflow.send.clone();
    if let Some(path) = &send.template {
        let text = String::from_utf8(read(path)?)
            .map_err(|_| format!("{}: the template is not UTF-8 text", path.display()))?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        // A first line "Subject: …" is the subject, as in an email.
        match text.split_once('\n') {
            Some((first, rest)) if first.to_ascii_lowercase().starts_with("subject:") => {
                settings.subject = first["subject:".len()..].trim().to_owned();
                settings.template = rest.trim_start_matches(['\r', '\n']).to_owned();
            }
            _ => settings.template = text.to_owned(),
        }
    }
    if let Some((name, email)) = &send.from {
        settings.organizer_name.clone_from(name);
        settings.organizer_email.clone_from(email);
    }
    if !send.allow.is_empty() {
        let columns = &workflow.source.as_ref().ok_or("no file")?.import.columns;
        let fields = send
            .allow
            .iter()
            .map(|name| Ok(columns[column_named(columns, name, "--allow")?].header.clone()))
            .collect::<Result<Vec<_>, String>>()?;
        settings.allowlist = Some(Allowlist { fields, ..workflow.allowlist() });
    }
    Ok(settings)
}

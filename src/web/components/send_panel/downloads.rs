//! The files of the Send step, the circles' details as a table (out and in), a mail link per
//! circle, and rosters to print.

use yew::prelude::*;

use super::draft_files::{Writing, write_in_slices};
use super::{DraftPartProps, SendPanelProps};
use crate::export::{MAILTO_LIMIT, mailto_link, read_details};
use crate::send::{Letter, MeetingTime, SendSettings};
use crate::web::by_address::ByAddress;
use crate::web::chosen_file::on_file_chosen;
use crate::web::download::{save_bytes, save_csv};
use crate::web::zones::BrowserZones;
use crate::workflow::{Action, Workflow};

/// Seconds since 1970 by the browser's clock: the drafts' Date and the calendar's stamp.
fn now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// A download button's callback: `make` gives the bytes or a sentence saying what is wrong.
fn download(
    props: &SendPanelProps,
    name: &'static str,
    media_type: &'static str,
    make: impl Fn(&Workflow) -> Result<Vec<u8>, String> + 'static,
) -> Callback<MouseEvent> {
    let (workflow, on_action) = (props.workflow.clone(), props.on_action.clone());
    Callback::from(move |_: MouseEvent| {
        let saved = make(&workflow).and_then(|bytes| {
            let saved = match media_type {
                "text/csv" => save_csv(name, &String::from_utf8_lossy(&bytes)),
                "text/calendar" => save_bytes(name, "text/calendar;charset=utf-8", &bytes),
                _ => save_bytes(name, media_type, &bytes),
            };
            saved.map_err(|_| "The browser refused the download; try again.".to_owned())
        });
        if let Err(message) = saved {
            on_action.emit(Action::ReportProblem(message));
        }
    })
}

/// The downloads, mail links and printed rosters.
#[function_component]
pub(super) fn SendDownloads(parts: &DraftPartProps) -> Html {
    let props = &SendPanelProps { workflow: parts.workflow.clone(), on_action: parts.on_action.clone() };
    let workflow = &props.workflow;
    // The rosters are drawn for printing only: at thousands of applicants they are a long page.
    let printing = use_state(|| false);
    let writing = use_state(|| None::<Writing>);
    let emails = write_in_slices(parts, &writing, false);
    let merge = write_in_slices(parts, &writing, true);
    let calendar = {
        let directory = parts.directory.clone();
        download(props, "circles.ics", "text/calendar", move |w| {
            let Some(directory) = directory.0.as_ref() else { return Err("Load the applicants first.".to_owned()) };
            w.circles_ics_with(directory, &BrowserZones, now())
                .map(String::into_bytes)
                .ok_or_else(|| "Compose the circles first.".to_owned())
        })
    };
    let details = download(props, "circle-details.csv", "text/csv", |w| {
        w.details_csv().map(String::into_bytes).ok_or_else(|| "Compose the circles first.".to_owned())
    });
    let on_details_file = {
        let board = workflow.board.clone();
        on_file_chosen(&props.on_action, move |name, bytes| {
            let Some(board) = &board else { return Action::ReportProblem("Compose the circles first.".to_owned()) };
            match read_details(&bytes, board, &BrowserZones) {
                Ok(edits) => Action::EditBoardAll(edits),
                Err(problems) => Action::ReportProblem(format!("{name}: {}", problems.join("; "))),
            }
        })
    };
    let print = {
        let printing = printing.clone();
        Callback::from(move |_: MouseEvent| printing.set(true))
    };
    // Once the rosters are on the page, print them, then take them away again.
    {
        let printing = printing.clone();
        use_effect_with(*printing, move |&now_printing| {
            if now_printing {
                if let Some(window) = web_sys::window() {
                    // Blocks until the print dialog closes.
                    let _ = window.print();
                }
                printing.set(false);
            }
        });
    }
    // Reading every circle's time asks the browser's zone rules: once per board, not per draw.
    let with_meeting = {
        *use_memo(workflow.board.as_ref().map(ByAddress::of), |board| {
            board.as_ref().map_or(0, |b| {
                b.0.circles.iter().filter(|c| MeetingTime::parse(&c.details.starts, &BrowserZones).is_ok()).count()
            })
        })
    };
    html! {
        <div class="send-downloads">
            <div class="download-buttons">
                <button class="primary" onclick={emails} data-testid="download-emails" disabled={writing.is_some()}>{ "Download drafts (emails.zip)" }</button>
                <button onclick={merge} data-testid="download-mailmerge" disabled={writing.is_some()}>{ "Mail merge (CSV)" }</button>
                <button onclick={calendar} data-testid="download-ics">{ match with_meeting { 1 => "Calendar (.ics, 1 circle)".to_owned(), n => format!("Calendar (.ics, {n} circles)") } }</button>
                <button onclick={print} data-testid="print-rosters">{ "Print rosters" }</button>
                if let Some(Writing { file, done, total }) = *writing {
                    <span role="status" data-testid="send-progress">
                        <progress max={total.to_string()} value={done.to_string()} />{ format!(" {file}: {done} of {total} drafts") }
                    </span>
                }
            </div>
            <div class="download-buttons">
                <button class="small" onclick={details} data-testid="download-details">{ "Download circle details (CSV)" }</button>
                <label class="file-button small">
                    { "Read circle details…" }
                    <input type="file" accept=".csv,text/csv" data-testid="details-file" onchange={on_details_file} />
                </label>
                <span class="hint">{ "Columns Circle, Name, Starts, Minutes, Repeat, Where: fill them in a spreadsheet." }</span>
            </div>
            <MailLinks ..parts.clone() />
            if *printing {
                <PrintedRosters ..parts.clone() />
            }
        </div>
    }
}

/// One mail link per circle, to all its members, when it is short enough for mail programs.
/// The links are written only while the list is open.
#[function_component]
fn MailLinks(props: &DraftPartProps) -> Html {
    let open = use_state(|| false);
    let on_toggle = {
        let open = open.clone();
        Callback::from(move |event: Event| {
            open.set(event.target_unchecked_into::<web_sys::HtmlDetailsElement>().open());
        })
    };
    let links: Vec<Html> = match (&props.workflow.board, props.directory.0.as_ref(), *open) {
        (Some(board), Some(directory), true) => {
            let per_circle = SendSettings { per_circle: true, ..props.workflow.send.clone() };
            let Ok(letter) = Letter::new(&per_circle) else { return html! {} };
            board
                .circles
                .iter()
                .filter_map(|circle| letter.draft(circle, None, directory, &BrowserZones).map(|d| (d, &circle.name)))
                .map(|(draft, name)| mail_link(&draft, name))
                .collect()
        }
        _ => Vec::new(),
    };
    html! {
        <details class="mail-links" ontoggle={on_toggle}>
            <summary data-testid="mail-links">{ "Write to a circle from your mail program" }</summary>
            <ul>{ for links }</ul>
        </details>
    }
}

/// A circle's mail link, or why it is not offered.
fn mail_link(draft: &crate::send::Draft, name: &str) -> Html {
    let link = mailto_link(draft);
    let circle = draft.circle.to_string();
    if link.len() <= MAILTO_LIMIT {
        return html! { <li><a href={link} data-testid="mailto-group" data-group-id={circle}>{ format!("Write to {name}") }</a></li> };
    }
    html! {
        <li>
            <a aria-disabled="true" role="link" data-testid="mailto-group" data-group-id={circle}>{ format!("Write to {name}") }</a>
            <span class="hint">{ format!(" — this draft would make a {}-character link; mail programs cut links after about \
                {MAILTO_LIMIT}. Use emails.zip instead.", link.len()) }</span>
        </li>
    }
}

/// The rosters as the printer sees them: hidden on screen, the only thing printed.
#[function_component]
fn PrintedRosters(props: &DraftPartProps) -> Html {
    let workflow = &props.workflow;
    let (Some(board), Some(directory)) = (&workflow.board, props.directory.0.as_ref()) else { return html! {} };
    html! {
        <section class="print-only" aria-hidden="true">
            <h1>{ "Circles" }</h1>
            { for board.circles.iter().map(|circle| {
                let when = MeetingTime::parse(&circle.details.starts, &BrowserZones).map_or_else(|_| circle.details.starts.clone(), |m| m.describe());
                html! {
                    <article class="print-circle">
                        <h2>{ &circle.name }</h2>
                        <p>{ [when, circle.details.place.clone()].into_iter().filter(|part| !part.is_empty()).collect::<Vec<_>>().join(" · ") }</p>
                        <table>
                            <thead><tr><th>{ "Name" }</th><th>{ "Email" }</th><th>{ "Shown to the others" }</th></tr></thead>
                            <tbody>
                                { for circle.members.iter().filter_map(|&m| directory.get(m)).map(|person| html! {
                                    <tr><td>{ &person.name }</td><td>{ &person.email }</td><td>{ person.view.line() }</td></tr>
                                }) }
                            </tbody>
                        </table>
                    </article>
                }
            }) }
        </section>
    }
}

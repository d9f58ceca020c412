//! Step 6: sending. Who writes and what (organizer, subject, template), what each person sees
//! of the others (the allowlist), a preview of each draft, and the downloads: emails.zip,
//! mail-merge.csv, circles.ics, the details table, a mail link per circle and printed rosters.

mod allowlist;
mod downloads;
mod draft_files;
mod organizer;
mod preview;
mod template_editor;

use yew::prelude::*;

use crate::send::{Directory, SendSettings};
use crate::web::by_address::{ByAddress, WorkflowHandle};
use crate::web::in_tasks::use_a_task_after;
use crate::workflow::Action;
use allowlist::AllowlistPicker;
use downloads::SendDownloads;
use organizer::OrganizerForm;
use preview::DraftPreview;
use template_editor::TemplateEditor;

/// Props of [`SendPanel`] and of its parts.
#[derive(Properties, PartialEq, Clone)]
pub(crate) struct SendPanelProps {
    pub(crate) workflow: WorkflowHandle,
    pub(crate) on_action: Callback<Action>,
}

/// The people as drafts see them, shared by the parts; equal when it is the same one, so a part
/// draws again only when it was made again.
pub(crate) type SharedDirectory = ByAddress<Option<Directory>>;

/// Props of the parts that show drafts.
#[derive(Properties, PartialEq, Clone)]
pub(crate) struct DraftPartProps {
    pub(crate) workflow: WorkflowHandle,
    pub(crate) on_action: Callback<Action>,
    pub(crate) directory: SharedDirectory,
}

/// The directory, made again only when the file, its roles, the allowlist or the places change,
/// not on every board edit: at thousands of applicants a move must still take one frame.
/// Until `ready`, none is made.
#[hook]
fn use_directory(workflow: &WorkflowHandle, ready: bool) -> SharedDirectory {
    let deps = (
        ready,
        workflow.source.as_ref().map(|s| (ByAddress::of(&s.import), s.merged.clone())),
        workflow.allowlist(),
        workflow.place_decisions.clone(),
        workflow.places.as_ref().map(ByAddress::of),
    );
    let workflow = workflow.clone();
    ByAddress(use_memo(deps, move |deps| if deps.0 { workflow.directory() } else { None }))
}

/// A callback that changes one sending setting from an input's value.
fn edit_send<E: AsRef<web_sys::Event> + 'static>(
    props: &SendPanelProps,
    value: fn(&E) -> String,
    change: fn(&mut SendSettings, String),
) -> Callback<E> {
    let (workflow, on_action) = (props.workflow.clone(), props.on_action.clone());
    Callback::from(move |event: E| {
        let mut send = workflow.send.clone();
        change(&mut send, value(&event));
        if send != workflow.send {
            on_action.emit(Action::EditSend(Box::new(send)));
        }
    })
}

/// The sending step.
#[function_component]
pub(crate) fn SendPanel(props: &SendPanelProps) -> Html {
    // The step is drawn a task after the board: reading every applicant for the drafts takes
    // 30–50 ms at 10,000 applicants, and with the board's first cards made one long task.
    let ready = use_a_task_after(());
    let directory = use_directory(&props.workflow, ready);
    let parts = DraftPartProps { workflow: props.workflow.clone(), on_action: props.on_action.clone(), directory };
    let heading = html! {
        <>
            <h2 id="step-send"><span class="step-number">{ "6" }</span>{ "Send" }</h2>
            <p class="hint">
                { "Each placed person gets a draft that names their circle, its first meeting in their own time zone, and \
                   the others in it, showing only the fields you allow below. Set each circle's name and meetings on the \
                   board, or read them from a table. The drafts open in your mail program, ready to review and send." }
            </p>
        </>
    };
    if !ready {
        return html! {
            <section class="step send" aria-labelledby="step-send" data-testid="send-step" aria-busy="true">
                { heading }
            </section>
        };
    }
    html! {
        <section class="step send" aria-labelledby="step-send" data-testid="send-step">
            { heading }
            <div class="send-columns">
                <div>
                    <OrganizerForm ..props.clone() />
                    <TemplateEditor ..props.clone() />
                    <AllowlistPicker ..props.clone() />
                </div>
                <DraftPreview ..parts.clone() />
            </div>
            <SendDownloads ..parts />
        </section>
    }
}

//! Save project / Open project: the whole session in one file, encrypted with a passphrase the
//! organizer types (see `project`). The salt and nonce come from the browser's cryptographic
//! random source; the passphrase lives only in this component and goes with "Forget all data".

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::project::Project;
use crate::web::by_address::WorkflowHandle;
use crate::web::chosen_file::file_bytes;
use crate::web::core_worker::{open_project_json, seal_project};
use crate::web::download::save_bytes;
use crate::workflow::Action;

/// Props of [`ProjectControls`].
#[derive(Properties, PartialEq)]
pub(crate) struct ProjectControlsProps {
    pub(crate) workflow: WorkflowHandle,
    pub(crate) on_action: Callback<Action>,
}

/// Fresh random bytes from the browser, for the salt and the nonce of one file.
fn random<const N: usize>() -> Option<[u8; N]> {
    let mut bytes = [0u8; N];
    web_sys::window()?.crypto().ok()?.get_random_values_with_u8_array(&mut bytes).ok()?;
    Some(bytes)
}

/// Reads a project file and opens it with `passphrase` in the page's worker; a wrong passphrase
/// or a damaged file becomes a notice naming the file.
pub(crate) fn open_project_file(file: web_sys::File, passphrase: String, on_action: Callback<Action>) {
    open_project_then(file, passphrase, on_action, Callback::noop());
}

/// [`open_project_file`], calling `done` once the worker has answered, either way.
fn open_project_then(file: web_sys::File, passphrase: String, on_action: Callback<Action>, done: Callback<()>) {
    wasm_bindgen_futures::spawn_local(async move {
        let name = file.name();
        let opened = match file_bytes(&file).await {
            Ok(bytes) => open_project_json(bytes, passphrase)
                .await
                .and_then(|json| Project::from_json(&json).map_err(|error| error.to_string()))
                .map_err(|error| format!("{name}: {error}")),
            Err(problem) => Err(problem),
        };
        done.emit(());
        match opened {
            Ok(project) => super::open_project(project, on_action),
            Err(problem) => on_action.emit(Action::ReportProblem(problem)),
        }
    });
}

/// The passphrase field and the two buttons.
#[function_component]
pub(crate) fn ProjectControls(props: &ProjectControlsProps) -> Html {
    let passphrase = use_state(crate::web::hand_over::passphrase);
    // What the worker is doing for these controls: the key derivation takes a few seconds.
    let busy = use_state(|| None::<&'static str>);
    let on_passphrase = {
        let passphrase = passphrase.clone();
        Callback::from(move |event: InputEvent| {
            passphrase.set(event.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    let on_save = {
        let (workflow, passphrase, on_action) = (props.workflow.clone(), passphrase.clone(), props.on_action.clone());
        let busy = busy.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(project) = workflow.project() else { return };
            let (Some(salt), Some(nonce)) = (random::<16>(), random::<12>()) else {
                on_action
                    .emit(Action::ReportProblem("The browser gave no random numbers, so nothing was saved.".into()));
                return;
            };
            busy.set(Some("Saving the project…"));
            let (passphrase, on_action, busy) = ((*passphrase).clone(), on_action.clone(), busy.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let sealed = seal_project(project.to_json(), passphrase, salt, nonce).await;
                busy.set(None);
                let name = format!("{}.ccproj", project.file_name.trim_end_matches(".csv"));
                let saved = sealed.and_then(|bytes| {
                    save_bytes(&name, "application/octet-stream", &bytes)
                        .map_err(|_| "The browser refused the download; try again.".to_owned())
                });
                if let Err(problem) = saved {
                    on_action.emit(Action::ReportProblem(problem));
                }
            });
        })
    };
    let on_open = {
        let (passphrase, on_action, busy) = (passphrase.clone(), props.on_action.clone(), busy.clone());
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                busy.set(Some("Opening the project…"));
                let done = {
                    let busy = busy.clone();
                    Callback::from(move |()| busy.set(None))
                };
                open_project_then(file, (*passphrase).clone(), on_action.clone(), done);
            }
            input.set_value("");
        })
    };
    let empty = passphrase.is_empty();
    let working = busy.is_some();
    html! {
        <div class="project-actions">
            <label>
                { "Project passphrase" }
                <input type="password" autocomplete="new-password" data-testid="project-passphrase"
                    value={(*passphrase).clone()} oninput={on_passphrase} />
            </label>
            <button class="small" data-testid="save-project" onclick={on_save}
                disabled={empty || working || props.workflow.source.is_none()}>{ "Save project" }</button>
            <label class={classes!("file-button", "small", (empty || working).then_some("disabled"))}>
                { "Open project…" }
                <input type="file" accept=".ccproj" data-testid="open-project" onchange={on_open} disabled={empty || working} />
            </label>
            if let Some(doing) = *busy {
                <span class="hint" role="status" data-testid="project-busy">{ doing }</span>
            }
            <span class="hint">{ "Everything, to resume on another machine: encrypted with the passphrase, which is never stored." }</span>
        </div>
    }
}

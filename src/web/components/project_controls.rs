//! Save project / Open project: the whole session in one file, encrypted with a passphrase the
//! organizer types (see `project`). The salt and nonce come from the browser's cryptographic
//! random source; the passphrase lives only in this component and goes with "Forget all data".

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::project::{open, seal};
use crate::web::chosen_file::read_file;
use crate::web::download::save_bytes;
use crate::workflow::{Action, Workflow};

/// Props of [`ProjectControls`].
#[derive(Properties, PartialEq)]
pub(crate) struct ProjectControlsProps {
    pub(crate) workflow: UseReducerHandle<Workflow>,
    pub(crate) on_action: Callback<Action>,
}

/// Fresh random bytes from the browser, for the salt and the nonce of one file.
fn random<const N: usize>() -> Option<[u8; N]> {
    let mut bytes = [0u8; N];
    web_sys::window()?.crypto().ok()?.get_random_values_with_u8_array(&mut bytes).ok()?;
    Some(bytes)
}

/// Reads a project file and opens it with `passphrase`; a wrong passphrase or a damaged file
/// becomes a notice naming the file.
pub(crate) fn open_project_file(file: web_sys::File, passphrase: String, on_action: Callback<Action>) {
    read_file(file, on_action, move |name, bytes| match open(&bytes, &passphrase) {
        Ok(project) => Action::OpenProject(Box::new(project)),
        Err(error) => Action::ReportProblem(format!("{name}: {error}")),
    });
}

/// The passphrase field and the two buttons.
#[function_component]
pub(crate) fn ProjectControls(props: &ProjectControlsProps) -> Html {
    let passphrase = use_state(crate::web::hand_over::passphrase);
    let on_passphrase = {
        let passphrase = passphrase.clone();
        Callback::from(move |event: InputEvent| {
            passphrase.set(event.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    let on_save = {
        let (workflow, passphrase, on_action) = (props.workflow.clone(), passphrase.clone(), props.on_action.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(project) = workflow.project() else { return };
            let (Some(salt), Some(nonce)) = (random::<16>(), random::<12>()) else {
                on_action
                    .emit(Action::ReportProblem("The browser gave no random numbers, so nothing was saved.".into()));
                return;
            };
            let bytes = seal(&project, &passphrase, salt, nonce);
            let name = format!("{}.ccproj", project.file_name.trim_end_matches(".csv"));
            if save_bytes(&name, "application/octet-stream", &bytes).is_err() {
                on_action.emit(Action::ReportProblem("The browser refused the download; try again.".into()));
            }
        })
    };
    let on_open = {
        let (passphrase, on_action) = (passphrase.clone(), props.on_action.clone());
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                open_project_file(file, (*passphrase).clone(), on_action.clone());
            }
            input.set_value("");
        })
    };
    let empty = passphrase.is_empty();
    html! {
        <div class="project-actions">
            <label>
                { "Project passphrase" }
                <input type="password" autocomplete="new-password" data-testid="project-passphrase"
                    value={(*passphrase).clone()} oninput={on_passphrase} />
            </label>
            <button class="small" data-testid="save-project" onclick={on_save}
                disabled={empty || props.workflow.source.is_none()}>{ "Save project" }</button>
            <label class={classes!("file-button", "small", empty.then_some("disabled"))}>
                { "Open project…" }
                <input type="file" accept=".ccproj" data-testid="open-project" onchange={on_open} disabled={empty} />
            </label>
            <span class="hint">{ "Everything, to resume on another machine: encrypted with the passphrase, which is never stored." }</span>
        </div>
    }
}

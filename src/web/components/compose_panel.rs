//! Step 4: the size range, the rules, and *Compose* with its progress and *Stop*.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::super::download::save_text;
use super::RulesEditor;
use crate::settings::Settings;
use crate::web::by_address::WorkflowHandle;
use crate::web::chosen_file::on_file_chosen;
use crate::workflow::{Action, MAX_CIRCLE_SIZE, MIN_CIRCLE_SIZE, SolveState};

/// Props of [`ComposePanel`].
#[derive(Properties, PartialEq)]
pub(crate) struct ComposePanelProps {
    pub(crate) workflow: WorkflowHandle,
    pub(crate) on_action: Callback<Action>,
    pub(crate) on_compose: Callback<()>,
    pub(crate) on_stop: Callback<()>,
}

/// A number input's value when it is a whole number.
fn number_of(event: &Event) -> Option<u64> {
    let input: HtmlInputElement = event.target_unchecked_into();
    input.value().trim().parse().ok()
}

/// The rules and compose step.
#[function_component]
pub(crate) fn ComposePanel(props: &ComposePanelProps) -> Html {
    let workflow = &props.workflow;
    let on_min = {
        let on_action = props.on_action.clone();
        Callback::from(move |event: Event| {
            if let Some(value) = number_of(&event) {
                on_action.emit(Action::SetMinSize(value.min(u64::from(u32::MAX)) as u32));
            }
        })
    };
    let on_max = {
        let on_action = props.on_action.clone();
        Callback::from(move |event: Event| {
            if let Some(value) = number_of(&event) {
                on_action.emit(Action::SetMaxSize(value.min(u64::from(u32::MAX)) as u32));
            }
        })
    };
    let on_seed = {
        let on_action = props.on_action.clone();
        Callback::from(move |event: Event| {
            if let Some(value) = number_of(&event) {
                on_action.emit(Action::SetSeed(value));
            }
        })
    };
    let on_save_settings = {
        let (workflow, on_action) = (workflow.clone(), props.on_action.clone());
        Callback::from(move |_: MouseEvent| {
            let json = workflow.settings().to_json();
            if save_text("circle-composer-settings.json", "application/json", &json).is_err() {
                on_action.emit(Action::ReportProblem("The browser refused the download; try again.".to_owned()));
            }
        })
    };
    let on_load_settings = on_file_chosen(&props.on_action, |name, bytes| {
        match String::from_utf8(bytes)
            .map_err(|_| "this is not a text file".to_owned())
            .and_then(|text| Settings::from_json(&text).map_err(|error| error.to_string()))
        {
            Ok(settings) => Action::ApplySettings(Box::new(settings)),
            Err(error) => Action::ReportProblem(format!("{name}: {error}.")),
        }
    });
    let on_compose = props.on_compose.reform(|_: MouseEvent| ());
    let on_stop = props.on_stop.reform(|_: MouseEvent| ());
    // Composing before the place list has come would leave everyone waiting with "place unknown".
    let can_compose = workflow.can_compose() && !workflow.waiting_for_places();

    let status = match &workflow.solve {
        SolveState::Idle => html! {},
        SolveState::Running { progress, elapsed_ms } => {
            // The search's own score weighs waiting people and broken rules; it means little to
            // an organizer, so the bar shows work done and time.
            let (done, total) = progress.map_or((0, 1), |p| (p.moves_done.min(p.max_moves), p.max_moves.max(1)));
            let searches = match progress.map_or(1, |p| p.searches) {
                1 => String::new(),
                many => format!(" · {many} searches at once"),
            };
            html! {
                <div class="progress" role="status">
                    <progress data-testid="compose-progress" max={total.to_string()} value={done.to_string()} />
                    <span>{ format!("{done} of {total} moves · {:.1} s{searches}", elapsed_ms / 1000.0) }</span>
                </div>
            }
        }
        SolveState::Done { composition, elapsed_ms } => html! {
            <div class="progress" role="status">
                <progress data-testid="compose-progress" max="1" value="1" />
                <span>{ format!("Composed {} circles in {:.2} s · score {:.1}",
                    composition.groups.len(), elapsed_ms / 1000.0, composition.score) }</span>
            </div>
        },
        SolveState::Failed(message) => html! { <p class="error" role="alert">{ message }</p> },
    };

    html! {
        <section class="step" aria-labelledby="step-rules">
            <h2 id="step-rules"><span class="step-number">{ "4" }</span>{ "Rules and compose" }</h2>
            <div class="rules">
                <label>
                    { "Smallest circle" }
                    <input type="number" min={MIN_CIRCLE_SIZE.to_string()} max={MAX_CIRCLE_SIZE.to_string()}
                        value={workflow.size.min.to_string()} onchange={on_min} data-testid="size-min" />
                </label>
                <label>
                    { "Largest circle" }
                    <input type="number" min={MIN_CIRCLE_SIZE.to_string()} max={MAX_CIRCLE_SIZE.to_string()}
                        value={workflow.size.max.to_string()} onchange={on_max} data-testid="size-max" />
                </label>
                <label>
                    { "Seed" }
                    <input type="number" min="0" value={workflow.seed.to_string()} onchange={on_seed} data-testid="seed" />
                </label>
            </div>
            <p class="hint">
                { "The rules below start from what the columns suggest; change any of them. Rules marked “must hold” \
                   are never broken: whoever cannot be placed waits, with the reason. The same seed always gives the same circles." }
            </p>
            <RulesEditor workflow={workflow.clone()} on_action={props.on_action.clone()} />
            <div class="settings-actions">
                <button class="small" onclick={on_save_settings} data-testid="save-settings">{ "Save settings" }</button>
                <label class="file-button small">
                    { "Load settings…" }
                    <input type="file" accept=".json,application/json" data-testid="settings-file" onchange={on_load_settings} />
                </label>
                <span class="hint">{ "Sizes, rules, seed and place choices, as a file you keep." }</span>
            </div>
            if let Some(reason) = workflow.cannot_compose() {
                <p class="error" data-testid="cannot-compose">{ reason }</p>
            }
            if workflow.waiting_for_places() {
                <p class="hint" data-testid="waiting-for-places">{ "Reading the place list… Compose when the places are shown." }</p>
            }
            <div class="compose-actions">
                <button class="primary" data-testid="compose" onclick={on_compose}
                    disabled={!can_compose || workflow.is_composing()}>
                    { "Compose circles" }
                </button>
                if workflow.is_composing() {
                    <button data-testid="compose-stop" onclick={on_stop}>{ "Stop and keep the best so far" }</button>
                }
            </div>
            { status }
        </section>
    }
}

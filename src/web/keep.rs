//! "Keep my work on this device": the page's bridge to `keep.js`, which encrypts the session with
//! a non-extractable Web Crypto key and keeps it in IndexedDB. Off by default; the kept session is
//! a project (see `project`), so keeping and the project file restore the same things.

use js_sys::{Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Calls one of keep.js's functions (set on `window` by boot.js) and waits for its promise.
async fn call(name: &str, argument: Option<&JsValue>) -> Result<JsValue, JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let module = Reflect::get(&window, &JsValue::from_str("circleComposerKeep"))?;
    let function: Function = Reflect::get(&module, &JsValue::from_str(name))?.dyn_into()?;
    let promise: Promise = match argument {
        Some(argument) => function.call1(&module, argument)?,
        None => function.call0(&module)?,
    }
    .dyn_into()?;
    JsFuture::from(promise).await
}

/// Encrypts and keeps the session's bytes, replacing what was kept.
pub(crate) async fn keep_session(bytes: &[u8]) -> Result<(), JsValue> {
    call("keepSession", Some(&Uint8Array::from(bytes).into())).await.map(drop)
}

/// Forgets the kept session and its key.
pub(crate) async fn forget_session() {
    let _ = call("forgetSession", None).await;
}

/// The keeping switch as the page shows it.
pub(crate) struct KeepOnDevice {
    /// Whether the work is kept.
    pub(crate) on: bool,
    /// Whether this visit began with the kept work (the page says so).
    pub(crate) restored: bool,
    /// Milliseconds of main-thread time the last save took (making the project's bytes).
    pub(crate) last_save_ms: Option<f64>,
    /// The checkbox's change handler.
    pub(crate) on_toggle: yew::Callback<yew::Event>,
    /// Starts keeping, as ticking the box does (the box was ticked on the first screen).
    pub(crate) start: yew::Callback<()>,
    /// Call on "Forget all data": keeping stops (keep.js's data goes with every other storage).
    pub(crate) forget: yew::Callback<()>,
}

/// Keeping: restores a kept session once, on the first render; while on, keeps the session after
/// every change that a project holds (not on every progress message of a run).
#[yew::hook]
pub(crate) fn use_keep_on_device(
    workflow: &crate::web::by_address::WorkflowHandle,
    dispatch: yew::Callback<crate::workflow::Action>,
) -> KeepOnDevice {
    use yew::prelude::*;

    use crate::project::Project;
    use crate::workflow::Action;

    let on = use_state(|| false);
    let restored = use_state(|| false);
    let last_save_ms = use_state(|| None::<f64>);
    let last_kept = use_mut_ref(|| None::<Project>);
    {
        let (on, restored, last_kept) = (on.clone(), restored.clone(), last_kept.clone());
        use_effect_with((), move |()| {
            wasm_bindgen_futures::spawn_local(async move {
                // A copy that cannot be read (another version's, or one whose key is gone) is
                // deleted, so nothing is left that the page cannot show or forget.
                let kept = match call("keptSession", None).await {
                    Ok(kept) => kept.dyn_ref::<Uint8Array>().map(Uint8Array::to_vec),
                    Err(_) => {
                        forget_session().await;
                        None
                    }
                };
                let Some(bytes) = kept else { return };
                match Project::from_json(&bytes) {
                    Ok(project) => {
                        *last_kept.borrow_mut() = Some(project.clone());
                        crate::web::components::open_project(project, dispatch.clone());
                        on.set(true);
                        restored.set(true);
                    }
                    // Kept by a newer or broken version: say so, and delete it.
                    Err(_) => {
                        forget_session().await;
                        dispatch.emit(Action::ReportProblem(
                            "The work kept on this device could not be read, so it was deleted and the page starts \
                             empty."
                                .to_owned(),
                        ));
                    }
                }
            });
        });
    }
    {
        let (last_kept, last_save_ms) = (last_kept.clone(), last_save_ms.clone());
        use_effect_with((workflow.clone(), *on), move |(workflow, on)| {
            // In a task of its own once the change is drawn (and only for the last of quick
            // changes): at 10,000 applicants the copy takes 10–25 ms, which with a move's own
            // drawing made one long task.
            let (workflow, on) = (workflow.clone(), *on);
            let timeout = gloo_timers::callback::Timeout::new(0, move || {
                let started = js_sys::Date::now();
                if on
                    && let Some(project) = workflow.project()
                    && last_kept.borrow().as_ref() != Some(&project)
                {
                    let bytes = project.to_json();
                    last_save_ms.set(Some(js_sys::Date::now() - started));
                    *last_kept.borrow_mut() = Some(project);
                    wasm_bindgen_futures::spawn_local(async move {
                        let _ = keep_session(&bytes).await;
                    });
                }
            });
            move || drop(timeout)
        });
    }
    let on_toggle = {
        let (on, last_kept) = (on.clone(), last_kept.clone());
        Callback::from(move |event: Event| {
            let ticked = event.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
            *last_kept.borrow_mut() = None;
            on.set(ticked);
            if !ticked {
                wasm_bindgen_futures::spawn_local(forget_session());
            }
        })
    };
    let start = {
        let (on, last_kept) = (on.clone(), last_kept.clone());
        Callback::from(move |()| {
            *last_kept.borrow_mut() = None;
            on.set(true);
        })
    };
    let forget = {
        let (on, restored, last_kept) = (on.clone(), restored.clone(), last_kept);
        Callback::from(move |()| {
            *last_kept.borrow_mut() = None;
            on.set(false);
            restored.set(false);
            wasm_bindgen_futures::spawn_local(forget_session());
        })
    };
    KeepOnDevice { on: *on, restored: *restored, last_save_ms: *last_save_ms, on_toggle, start, forget }
}

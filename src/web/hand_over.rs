//! What the organizer did on the plain-HTML first screen before the app had loaded (see
//! `boot.js`): the app draws the same screen, with what was typed, then does what was asked and
//! gives the focus back to the control that had it.
//!
//! boot.js leaves one object on `window`: `action` ("sample", "file", "paste", "project" or
//! "keep"), with `file` as the action needs, `text` and `passphrase` as typed, and `focus`, the
//! `data-testid` of the control that had the focus. [`receive`] takes it before the app is
//! mounted; the action is done once, and the typed text is kept for the fields until
//! "Forget all data" ([`forget`]).

use std::cell::RefCell;

use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{File, HtmlElement};
use yew::prelude::*;

use crate::sample::{SAMPLE_CSV, SAMPLE_NAME};
use crate::web::components::{load_csv, load_file, open_project_file};
use crate::workflow::Action;

/// The property boot.js sets on `window`.
const HAND_OVER: &str = "circleComposerHandOver";

/// What the first screen handed over, until each part is used.
#[derive(Default)]
struct HandOver {
    action: Option<String>,
    file: Option<File>,
    text: Option<String>,
    passphrase: Option<String>,
    focus: Option<String>,
}

thread_local! {
    static RECEIVED: RefCell<HandOver> = RefCell::new(HandOver::default());
}

/// Takes what boot.js handed over from `window` (removing it there). Call before mounting.
pub(crate) fn receive() {
    let Some(window) = web_sys::window() else { return };
    let key = JsValue::from_str(HAND_OVER);
    let Some(object) = Reflect::get(&window, &key).ok().filter(JsValue::is_object) else { return };
    let _ = Reflect::delete_property(&window, &key);
    let field = |name: &str| {
        Reflect::get(&object, &JsValue::from_str(name)).ok().filter(|value| !value.is_undefined() && !value.is_null())
    };
    let text = |name: &str| field(name).and_then(|value| value.as_string());
    let received = HandOver {
        action: text("action"),
        file: field("file").and_then(|value| value.dyn_into::<File>().ok()),
        text: text("text"),
        passphrase: text("passphrase"),
        focus: text("focus"),
    };
    RECEIVED.with(|slot| *slot.borrow_mut() = received);
}

/// Pasted text typed on the first screen, for the app's own field to start with.
pub(crate) fn pasted_text() -> String {
    RECEIVED.with(|slot| slot.borrow().text.clone()).unwrap_or_default()
}

/// The project passphrase typed on the first screen, for the app's own field to start with.
pub(crate) fn passphrase() -> String {
    RECEIVED.with(|slot| slot.borrow().passphrase.clone()).unwrap_or_default()
}

/// Drops everything handed over ("Forget all data").
pub(crate) fn forget() {
    RECEIVED.with(|slot| slot.take());
}

/// Does, once and after the first render, what the organizer did on the first screen, and gives
/// the focus back.
#[hook]
pub(crate) fn use_hand_over(dispatch: Callback<Action>, start_keeping: Callback<()>) {
    use_effect_with((), move |()| {
        // The typed text stays for the fields, which may be drawn after this runs.
        let (action, file, text, passphrase, focus) = RECEIVED.with(|slot| {
            let mut slot = slot.borrow_mut();
            (slot.action.take(), slot.file.take(), slot.text.clone(), slot.passphrase.clone(), slot.focus.take())
        });
        match (action.as_deref(), file) {
            (Some("sample"), _) => {
                load_csv(SAMPLE_NAME.to_owned(), SAMPLE_CSV.to_vec(), dispatch);
            }
            (Some("file"), Some(file)) => load_file(file, dispatch),
            (Some("paste"), _) => {
                let bytes = text.unwrap_or_default().into_bytes();
                load_csv("pasted text".to_owned(), bytes, dispatch);
            }
            (Some("project"), Some(file)) => open_project_file(file, passphrase.unwrap_or_default(), dispatch),
            (Some("keep"), _) => start_keeping.emit(()),
            _ => {}
        }
        // After a turn of the event loop: the steps inside the page draw after this effect runs.
        if let Some(id) = focus {
            wasm_bindgen_futures::spawn_local(async move {
                gloo_timers::future::TimeoutFuture::new(0).await;
                let document = web_sys::window().and_then(|window| window.document());
                let found = document.and_then(|d| d.query_selector(&format!("[data-testid=\"{id}\"]")).ok().flatten());
                if let Some(element) = found.and_then(|element| element.dyn_into::<HtmlElement>().ok()) {
                    let _ = element.focus();
                }
            });
        }
    });
}

//! Browser shell: the only module that touches the DOM, the web worker and downloads.
//!
//! It turns clicks, files and worker messages into `workflow::Action`s and renders the
//! `Workflow`; every decision lives in the core. Compiled for wasm32 only.

mod app;
mod by_address;
mod chosen_file;
mod components;
mod core_worker;
mod download;
mod hand_over;
mod in_tasks;
mod keep;
mod places_data;
mod stored_data;
mod zones;

use gloo_worker::Registrable;
pub use zones::BrowserZones;

/// Starts what this scope is for: the page in a window; in a worker (`core-worker.js`), the
/// worker's reactor.
pub fn start() {
    if web_sys::window().is_some() {
        start_app();
    } else {
        start_worker();
    }
}

/// Mounts the page into `#app` (or the body if the element is missing).
pub fn start_app() {
    let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => mount(root),
        None => {
            yew::Renderer::<app::App>::new().render();
        }
    }
}

/// Renders the page into `root`, replacing its placeholder content (the plain-HTML first screen,
/// whose hand-over it takes first).
pub fn mount(root: web_sys::Element) {
    hand_over::receive();
    root.set_inner_html("");
    yew::Renderer::<app::App>::with_root(root).render();
}

/// Registers the worker's reactor in the worker's global scope.
fn start_worker() {
    core_worker::CoreReactor::registrar().register();
}

//! What "Forget all data" clears beyond the page's memory: every storage the browser keeps for
//! this origin on the organizer's behalf (localStorage, sessionStorage, IndexedDB). The offline
//! copy of the app's own files stays: it holds nothing of anyone's.

use wasm_bindgen::{JsCast, JsValue};

/// Clears localStorage and sessionStorage now, and deletes every IndexedDB database of this
/// origin in the background. Failures are ignored: a storage the browser refuses holds nothing.
pub(crate) fn forget_stored_data() {
    let Some(window) = web_sys::window() else { return };
    for storage in [window.local_storage(), window.session_storage()].into_iter().flatten().flatten() {
        let _ = storage.clear();
    }
    let Ok(Some(factory)) = window.indexed_db() else { return };
    wasm_bindgen_futures::spawn_local(async move {
        // `databases()` is called by name: older browsers lack it, and then there is nothing to list.
        let Ok(list) = js_sys::Reflect::get(&factory, &JsValue::from_str("databases")) else { return };
        let Some(list) = list.dyn_ref::<js_sys::Function>() else { return };
        let Ok(promise) = list.call0(&factory).and_then(|p| p.dyn_into::<js_sys::Promise>()) else { return };
        let Ok(databases) = wasm_bindgen_futures::JsFuture::from(promise).await else { return };
        for database in js_sys::Array::from(&databases).iter() {
            if let Some(name) =
                js_sys::Reflect::get(&database, &JsValue::from_str("name")).ok().and_then(|n| n.as_string())
            {
                let _ = factory.delete_database(&name);
            }
        }
    });
}

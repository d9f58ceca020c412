//! Loading the gazetteer from the page's own origin when the Places step first needs it, so the
//! first load stays small. The file is static and public; no answer ever leaves the page. The
//! page reads it to show places, and its worker reads it again to survey them.

use std::rc::Rc;

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::places::{Gazetteer, SharedGazetteer};

/// Where Trunk copies `src/places/gazetteer.txt`, relative to the page (and to the worker's
/// script, which sits beside it).
const GAZETTEER_URL: &str = "./gazetteer.txt";

/// Fetches and reads the gazetteer, in the page or in a worker, or says why it could not.
pub(crate) async fn load_gazetteer() -> Result<SharedGazetteer, String> {
    let text = fetch_text(GAZETTEER_URL).await.map_err(|e| format!("The place list could not be loaded ({e:?})."))?;
    let gazetteer = Gazetteer::parse(&text).map_err(|e| format!("The place list is damaged: {e}."))?;
    Ok(SharedGazetteer(Rc::new(gazetteer)))
}

async fn fetch_text(url: &str) -> Result<String, JsValue> {
    let fetched = match web_sys::window() {
        Some(window) => window.fetch_with_str(url),
        None => js_sys::global().dyn_into::<web_sys::WorkerGlobalScope>()?.fetch_with_str(url),
    };
    let response: web_sys::Response = JsFuture::from(fetched).await?.dyn_into()?;
    if !response.ok() {
        return Err(JsValue::from_str(&format!("HTTP {}", response.status())));
    }
    JsFuture::from(response.text()?).await?.as_string().ok_or_else(|| JsValue::from_str("not text"))
}

//! Loading the gazetteer from the page's own origin when the Places step first needs it, so the
//! first load stays small. The file is static and public; no answer ever leaves the page.

use std::rc::Rc;

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::places::{Gazetteer, SharedGazetteer};

/// Where Trunk copies `src/places/gazetteer.txt`, relative to the page.
const GAZETTEER_URL: &str = "./gazetteer.txt";

/// Fetches and reads the gazetteer, or says why it could not.
pub(crate) async fn load_gazetteer() -> Result<SharedGazetteer, String> {
    let text = fetch_text(GAZETTEER_URL).await.map_err(|e| format!("The place list could not be loaded ({e:?})."))?;
    let gazetteer = Gazetteer::parse(&text).map_err(|e| format!("The place list is damaged: {e}."))?;
    Ok(SharedGazetteer(Rc::new(gazetteer)))
}

async fn fetch_text(url: &str) -> Result<String, JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url)).await?.dyn_into()?;
    if !response.ok() {
        return Err(JsValue::from_str(&format!("HTTP {}", response.status())));
    }
    JsFuture::from(response.text()?).await?.as_string().ok_or_else(|| JsValue::from_str("not text"))
}

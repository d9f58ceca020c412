//! Saving text or bytes as a file: a Blob, an object URL and a click on a temporary `<a download>`.
//!
//! Nothing is uploaded; the file goes from this tab's memory to the organizer's disk.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

/// A byte-order mark so spreadsheet programs read accents and emoji as UTF-8.
const UTF8_BOM: &str = "\u{FEFF}";

/// Offers `text` as a UTF-8 CSV download named `file_name`. The text goes to the Blob as bytes:
/// a JavaScript string of megabytes would be converted to UTF-16 and back on the main thread.
pub(crate) fn save_csv(file_name: &str, text: &str) -> Result<(), JsValue> {
    let parts =
        js_sys::Array::of2(&js_sys::Uint8Array::from(UTF8_BOM.as_bytes()), &js_sys::Uint8Array::from(text.as_bytes()));
    save_parts(file_name, "text/csv;charset=utf-8", &parts)
}

/// Offers `text` as a download named `file_name` of the given media type.
pub(crate) fn save_text(file_name: &str, media_type: &str, text: &str) -> Result<(), JsValue> {
    save_part(file_name, media_type, &JsValue::from_str(text))
}

/// Offers `bytes` (a zip, say) as a download named `file_name` of the given media type.
pub(crate) fn save_bytes(file_name: &str, media_type: &str, bytes: &[u8]) -> Result<(), JsValue> {
    save_part(file_name, media_type, &js_sys::Uint8Array::from(bytes))
}

/// Saves one Blob part (a string or bytes) through an object URL.
fn save_part(file_name: &str, media_type: &str, part: &JsValue) -> Result<(), JsValue> {
    save_parts(file_name, media_type, &js_sys::Array::of1(part))
}

/// Saves Blob parts through an object URL.
fn save_parts(file_name: &str, media_type: &str, parts: &js_sys::Array) -> Result<(), JsValue> {
    let options = BlobPropertyBag::new();
    options.set_type(media_type);
    let blob = Blob::new_with_buffer_source_sequence_and_options(parts, &options)?;
    let url = Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let anchor: HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    // Revoke later: some browsers read the URL after the click handler returns.
    gloo_timers::callback::Timeout::new(60_000, move || {
        let _ = Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

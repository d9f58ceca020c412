//! Files the organizer chooses (a file input or a drop): read into this tab's memory, never
//! uploaded, and turned into one action; a file the browser cannot read becomes a visible notice.

use wasm_bindgen_futures::JsFuture;
use web_sys::{File, HtmlInputElement};
use yew::{Callback, Event, TargetCast};

use crate::workflow::Action;

/// Reads `file` and sends the action `to_action` makes of its name and bytes.
pub(crate) fn read_file(
    file: File,
    on_action: Callback<Action>,
    to_action: impl FnOnce(String, Vec<u8>) -> Action + 'static,
) {
    wasm_bindgen_futures::spawn_local(async move {
        match file_bytes(&file).await {
            Ok(bytes) => on_action.emit(to_action(file.name(), bytes)),
            Err(problem) => on_action.emit(Action::ReportProblem(problem)),
        }
    });
}

/// The bytes of `file`, or a sentence saying that the browser could not read it.
pub(crate) async fn file_bytes(file: &File) -> Result<Vec<u8>, String> {
    match JsFuture::from(file.array_buffer()).await {
        Ok(buffer) => Ok(js_sys::Uint8Array::new(&buffer).to_vec()),
        Err(_) => Err(format!("The browser could not read {}; is it still on disk?", file.name())),
    }
}

/// A file input's change callback: reads the chosen file as [`read_file`] does. The input is
/// cleared, so that the same file can be chosen again after an edit on disk.
pub(crate) fn on_file_chosen(
    on_action: &Callback<Action>,
    to_action: impl Fn(String, Vec<u8>) -> Action + Clone + 'static,
) -> Callback<Event> {
    let on_action = on_action.clone();
    Callback::from(move |event: Event| {
        let input: HtmlInputElement = event.target_unchecked_into();
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            read_file(file, on_action.clone(), to_action.clone());
        }
        input.set_value("");
    })
}

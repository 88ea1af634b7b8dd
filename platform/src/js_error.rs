//! A JavaScript error as text for the user: a thrown `Error` (a `TypeError`, a
//! `DOMException`) by its message, a thrown string as itself. Not `{:?}`: the
//! `Debug` of a `JsValue` is JS's debug form, and links Rust's string escaping
//! into the wasm.

use wasm_bindgen::{JsCast, JsValue};

pub fn js_error_text(error: &JsValue) -> String {
    if let Some(error) = error.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    error
        .as_string()
        .unwrap_or_else(|| String::from(js_sys::JSON::stringify(error).unwrap_or_default()))
}

//! How a message between the page and its scan worker travels: one JS array,
//! the message's encoded bytes first (a `Uint8Array`), then anything sent beside
//! it (files to import, the CSV's Blob), which structured cloning passes as
//! handles, not copies.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

/// `[bytes, beside…]`, ready for `postMessage`.
pub fn pack(bytes: &[u8], beside: impl IntoIterator<Item = JsValue>) -> Array {
    let parts = Array::of1(&Uint8Array::from(bytes));
    for value in beside {
        parts.push(&value);
    }
    parts
}

/// A received message's bytes and what came beside them. Anything else (an old
/// worker's JSON text, say) gives no bytes, which decode as no message.
pub fn unpack(data: JsValue) -> (Vec<u8>, Vec<JsValue>) {
    let Ok(parts) = data.dyn_into::<Array>() else {
        return (Vec::new(), Vec::new());
    };
    let bytes = parts
        .get(0)
        .dyn_into::<Uint8Array>()
        .map(|bytes| bytes.to_vec())
        .unwrap_or_default();
    (bytes, parts.iter().skip(1).collect())
}

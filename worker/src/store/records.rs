//! The records' JS shapes: plain objects built field by field, packed bytes as
//! `Uint8Array`s (IndexedDB clones them as one block), keys as arrays.

use super::StoreError;
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use web_platform::js_error::js_error_text;

/// A plain object of `fields`.
pub(super) fn object(fields: &[(&str, JsValue)]) -> Result<JsValue, StoreError> {
    let record = Object::new();
    for (name, value) in fields {
        Reflect::set(&record, &JsValue::from_str(name), value)
            .map_err(|e| StoreError::Shape(js_error_text(&e)))?;
    }
    Ok(record.into())
}

/// `record.name`.
pub(super) fn field(record: &JsValue, name: &str) -> Result<JsValue, StoreError> {
    Reflect::get(record, &JsValue::from_str(name)).map_err(|e| StoreError::Shape(js_error_text(&e)))
}

/// `record.name` as a whole number (a count, a chunk number, a scan id).
pub(super) fn number(record: &JsValue, name: &str) -> Result<u64, StoreError> {
    field(record, name)?
        .as_f64()
        .filter(|n| *n >= 0.0 && n.fract() == 0.0)
        .map(|n| n as u64)
        .ok_or_else(|| StoreError::Shape(format!("{name} is not a whole number")))
}

/// `record.name` as text.
pub(super) fn text(record: &JsValue, name: &str) -> Result<String, StoreError> {
    field(record, name)?
        .as_string()
        .ok_or_else(|| StoreError::Shape(format!("{name} is not text")))
}

/// `record.bytes`, copied into wasm memory.
pub(super) fn bytes_of(record: &JsValue) -> Result<Vec<u8>, StoreError> {
    field(record, "bytes")?
        .dyn_into::<Uint8Array>()
        .map(|bytes| bytes.to_vec())
        .map_err(|_| StoreError::Shape("bytes is not a Uint8Array".into()))
}

/// Packed bytes as a value to store.
pub(super) fn bytes(packed: &[u8]) -> JsValue {
    Uint8Array::from(packed).into()
}

/// An array key of `parts`.
pub(super) fn key(parts: &[JsValue]) -> JsValue {
    parts.iter().collect::<Array>().into()
}

/// The lowest and highest keys of arrays starting with `prefix`: in IndexedDB's
/// key order every array sorts after every number and string, so
/// `[prefix…, []]` bounds them from above.
pub(super) fn prefix_range(prefix: &[JsValue]) -> Result<idb::KeyRange, StoreError> {
    let lower = key(prefix);
    let mut upper = prefix.to_vec();
    upper.push(Array::new().into());
    Ok(idb::KeyRange::bound(&lower, &key(&upper), None, None)?)
}

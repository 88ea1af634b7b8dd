//! Files next to the page: the deployer's `config.json` and the demo's address
//! lists. The worker's script sits beside the page, so their relative URLs are
//! the same here.

use scanner_engine::config::is_html_page;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_platform::global::fetch;
use web_platform::js_error::js_error_text;

/// The file's text, `None` when there is none (the defaults apply), or why it
/// could not be read.
///
/// "None" covers more than a 404: hosts that forbid unknown paths answer 401,
/// 403 or 410, and single-page-app hosting answers every path with the page
/// itself (HTML, status 200). Neither is a broken config.json.
pub async fn fetch_config_json() -> Result<Option<String>, String> {
    let response: web_sys::Response = JsFuture::from(fetch("config.json"))
        .await
        .map_err(|e| format!("config.json could not be fetched: {}", js_error_text(&e)))?
        .unchecked_into();
    match response.status() {
        401 | 403 | 404 | 410 => Ok(None),
        200..=299 => {
            let content_type = response.headers().get("content-type").ok().flatten();
            let unreadable =
                |e: JsValue| format!("config.json could not be read: {}", js_error_text(&e));
            let text = JsFuture::from(response.text().map_err(unreadable)?)
                .await
                .map_err(unreadable)?
                .as_string()
                .unwrap_or_default();
            Ok((!is_html_page(content_type.as_deref(), &text)).then_some(text))
        }
        status => Err(format!("config.json answered HTTP {status}")),
    }
}

/// The bytes of `path`, a file next to the page (a demo address list).
pub async fn fetch_beside_page(path: &str) -> Result<Vec<u8>, String> {
    let failed = |e: JsValue| format!("could not load {path}: {}", js_error_text(&e));
    let response: web_sys::Response = JsFuture::from(fetch(path))
        .await
        .map_err(failed)?
        .unchecked_into();
    if !response.ok() {
        return Err(format!("could not load {path}: HTTP {}", response.status()));
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(failed)?)
        .await
        .map_err(failed)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

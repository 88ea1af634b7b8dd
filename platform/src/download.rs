//! Saving a file through the browser's download: the rejected lines of an import,
//! and the CSV export (which the scan worker builds).

use crate::js_error::js_error_text;
use wasm_bindgen::JsCast;

/// Offers `text` as a download named `file_name`.
pub fn download_text(file_name: &str, mime: &str, text: &str) -> Result<(), String> {
    let failed =
        |e: wasm_bindgen::JsValue| format!("the download could not start: {}", js_error_text(&e));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let parts = js_sys::Array::of1(&text.into());
    let blob =
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(failed)?;
    download_blob(file_name, &blob)
}

/// Offers `blob` (built here or by the scan worker) as a download.
pub fn download_blob(file_name: &str, blob: &web_sys::Blob) -> Result<(), String> {
    let failed =
        |e: wasm_bindgen::JsValue| format!("the download could not start: {}", js_error_text(&e));
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(failed)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("the page has no document")?;
    let link: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(failed)?
        .unchecked_into();
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    // The download reads the blob after the click returns: free it a minute later.
    gloo_timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

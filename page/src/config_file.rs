//! Fetching the deployer's `config.json` from the page's own folder.

use gloo_net::http::Request;
use scanner_engine::config::is_html_page;

/// The file's text, `None` when there is none (the defaults apply), or why it
/// could not be read.
///
/// "None" covers more than a 404: hosts that forbid unknown paths answer 401,
/// 403 or 410, and single-page-app hosting answers every path with the page
/// itself (HTML, status 200). Neither is a broken config.json.
pub async fn fetch_config_json() -> Result<Option<String>, String> {
    let response = Request::get("config.json")
        .send()
        .await
        .map_err(|e| format!("config.json could not be fetched: {e}"))?;
    match response.status() {
        401 | 403 | 404 | 410 => Ok(None),
        200..=299 => {
            let content_type = response.headers().get("content-type");
            let text = response
                .text()
                .await
                .map_err(|e| format!("config.json could not be read: {e}"))?;
            Ok((!is_html_page(content_type.as_deref(), &text)).then_some(text))
        }
        status => Err(format!("config.json answered HTTP {status}")),
    }
}

//! Fetching the deployer's `config.json` from the page's own folder.

use gloo_net::http::Request;

/// The file's text, `None` when there is none (404: the defaults apply), or why it
/// could not be read.
pub async fn fetch_config_json() -> Result<Option<String>, String> {
    let response = Request::get("config.json")
        .send()
        .await
        .map_err(|e| format!("config.json could not be fetched: {e}"))?;
    match response.status() {
        404 => Ok(None),
        200..=299 => response
            .text()
            .await
            .map(Some)
            .map_err(|e| format!("config.json could not be read: {e}")),
        status => Err(format!("config.json answered HTTP {status}")),
    }
}

//! The engine's HTTP transport in the browser, on gloo-net's fetch.
//!
//! - A timeout really aborts the request (AbortController), so a hung provider
//!   holds no connection.
//! - GET requests carry no custom header, so they are "simple" and need no CORS
//!   preflight. JSON-RPC POSTs must say `application/json` (nodes reject other
//!   types), which costs one preflight per origin that the node's
//!   `Access-Control-Max-Age` lets the browser cache.
//! - `Retry-After` is only readable if the provider exposes it to pages
//!   (`Access-Control-Expose-Headers`); otherwise the engine backs off on its own.

use gloo_net::http::Request as HttpRequest;
use scanner_engine::codec::Request;
use scanner_engine::ports::Transport;
use scanner_engine::provider::parse_retry_after;
use scanner_engine::scan::{HttpResponse, TransportError};
use std::future::Future;

#[derive(Clone, Copy, Debug, Default)]
pub struct FetchTransport;

impl Transport for FetchTransport {
    fn send(
        &self,
        request: Request,
        timeout_ms: u64,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> {
        send(request, timeout_ms)
    }
}

async fn send(request: Request, timeout_ms: u64) -> Result<HttpResponse, TransportError> {
    let controller =
        web_sys::AbortController::new().map_err(|e| TransportError::Network(format!("{e:?}")))?;
    let signal = controller.signal();
    // Aborts the fetch when it fires; dropping it (on an answer) cancels it.
    let timeout_ms = timeout_ms.min(u64::from(u32::MAX)) as u32;
    let on_deadline = controller.clone();
    let _deadline = gloo_timers::callback::Timeout::new(timeout_ms, move || on_deadline.abort());
    // A stopped scan drops its requests: abort them so they hold no connection.
    let _abort_if_dropped = AbortOnDrop(controller);

    let built = match request {
        Request::Get { url } => HttpRequest::get(&url).abort_signal(Some(&signal)).build(),
        Request::PostJson { url, body } => HttpRequest::post(&url)
            .abort_signal(Some(&signal))
            .header("Content-Type", "application/json")
            .body(body),
    }
    .map_err(|e| TransportError::Network(e.to_string()))?;

    let response = built.send().await.map_err(|error| {
        if signal.aborted() {
            TransportError::Timeout
        } else {
            TransportError::Network(error.to_string())
        }
    })?;
    let retry_after_ms = response
        .headers()
        .get("retry-after")
        .and_then(|value| parse_retry_after(&value, js_sys::Date::now() as u64));
    let status = response.status();
    let body = response.text().await.map_err(|error| {
        if signal.aborted() {
            TransportError::Timeout
        } else {
            TransportError::Network(error.to_string())
        }
    })?;
    Ok(HttpResponse {
        status,
        body,
        retry_after_ms,
    })
}

/// Aborts the request when the future sending it is dropped (after an answer it
/// does nothing).
struct AbortOnDrop(web_sys::AbortController);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

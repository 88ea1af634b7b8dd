//! The engine's HTTP transport in the browser, on `fetch()`.
//!
//! - The request leaves when `send` is called, not when its future is first
//!   polled: the engine's rate limiter logs the moment it decides to send, and a
//!   fetch started later (after the driver finished storing a batch) would bunch
//!   with the next ones where the provider counts them.
//! - A timeout really aborts the request (AbortController), and so does dropping
//!   the future (a stopped scan), so a hung provider holds no connection. The
//!   deadlines of all requests in flight share one timer (`deadlines.rs`).
//! - GET requests carry no custom header, so they are "simple" and need no CORS
//!   preflight. JSON-RPC POSTs must say `application/json` (nodes reject other
//!   types), which costs one preflight per origin that the node's
//!   `Access-Control-Max-Age` lets the browser cache.
//! - `Retry-After` is only readable if the provider exposes it to pages
//!   (`Access-Control-Expose-Headers`); otherwise the engine backs off on its own.

use crate::clock::BrowserClock;
use js_sys::Promise;
use scanner_engine::codec::Request;
use scanner_engine::ports::{Clock, Transport};
use scanner_engine::provider::parse_retry_after;
use scanner_engine::scan::{HttpResponse, TransportError};
use std::future::Future;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

mod deadlines;

#[derive(Clone, Copy, Debug, Default)]
pub struct FetchTransport;

impl Transport for FetchTransport {
    fn send(
        &self,
        request: Request,
        timeout_ms: u64,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> {
        // Everything up to fetch() runs now; only the waiting is deferred.
        let started = start_fetch(request, timeout_ms);
        async move {
            let (promise, mut guard) = started?;
            let answer = read_answer(promise, &guard).await;
            guard.settled = true;
            answer
        }
    }
}

/// The deadline and the abort-on-drop of one request in flight.
struct InFlight {
    controller: web_sys::AbortController,
    deadline: deadlines::DeadlineKey,
    /// Its answer was read (or it failed): nothing is left to abort.
    settled: bool,
}

impl Drop for InFlight {
    /// Before an answer (a stopped scan) it aborts the request. After one it does
    /// not: `abort()` on a finished fetch does nothing useful and still took
    /// 0.1 ms a request (490 ms of the worker's 13.5 s busy in a profile of a
    /// 4,000-per-chain scan).
    fn drop(&mut self) {
        deadlines::settle(self.deadline);
        if !self.settled {
            self.controller.abort();
        }
    }
}

fn network_error(error: JsValue) -> TransportError {
    TransportError::Network(crate::js_error::js_error_text(&error))
}

fn start_fetch(request: Request, timeout_ms: u64) -> Result<(Promise, InFlight), TransportError> {
    let controller = web_sys::AbortController::new().map_err(network_error)?;
    let init = web_sys::RequestInit::new();
    init.set_signal(Some(&controller.signal()));
    let url = match request {
        Request::Get { url } => {
            init.set_method("GET");
            url
        }
        Request::PostJson { url, body } => {
            init.set_method("POST");
            // The blob's type is the request's Content-Type.
            init.set_body(&body_blob(&body, "application/json")?);
            url
        }
        Request::PostText { url, body } => {
            // What fetch sends a string body as: text/plain needs no preflight.
            init.set_method("POST");
            init.set_body(&body_blob(&body, "text/plain;charset=UTF-8")?);
            url
        }
    };
    // The global fetch: this runs in the scan worker, and in the page for a
    // provider's connection test.
    let promise = super::global::fetch_with_init(&url, &init);
    let deadline = deadlines::watch(controller.clone(), timeout_ms);
    Ok((
        promise,
        InFlight {
            controller,
            deadline,
            settled: false,
        },
    ))
}

/// A request body as a Blob of its UTF-8 bytes. `fetch()` took 3-5 ms of the
/// worker's thread to take a 270 KB Multicall3 body as a string (or as bytes),
/// and 1-2 ms as a Blob, its construction included: the scan's sends wait
/// behind those milliseconds at 40 Multicall3 requests a second.
fn body_blob(body: &str, content_type: &str) -> Result<JsValue, TransportError> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(content_type);
    // SAFETY: the view is read (copied) by the Blob constructor before any
    // allocation in wasm memory could grow (and so detach) it; it is dropped
    // right after. A copy through `Uint8Array::from` took 0.6 ms a body.
    let bytes = unsafe { js_sys::Uint8Array::view(body.as_bytes()) };
    let parts = js_sys::Array::of1(&bytes);
    web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map(JsValue::from)
        .map_err(network_error)
}

async fn read_answer(promise: Promise, flight: &InFlight) -> Result<HttpResponse, TransportError> {
    let failed = |error: JsValue| {
        if flight.controller.signal().aborted() {
            TransportError::Timeout
        } else {
            network_error(error)
        }
    };
    let response: web_sys::Response = JsFuture::from(promise)
        .await
        .map_err(failed)?
        .unchecked_into();
    let headers_at = Some(BrowserClock.now());
    let retry_after_ms = response
        .headers()
        .get("retry-after")
        .ok()
        .flatten()
        .and_then(|value| parse_retry_after(&value, js_sys::Date::now() as u64));
    let status = response.status();
    // The body's bytes, copied once into wasm memory: `text()` would decode
    // them into a JavaScript string that wasm-bindgen then encodes back into
    // UTF-8 (twice over a 190 KB Multicall3 answer).
    let bytes = response.array_buffer().map_err(failed)?;
    let bytes = JsFuture::from(bytes).await.map_err(failed)?;
    let body = utf8_text(js_sys::Uint8Array::new(&bytes).to_vec());
    Ok(HttpResponse {
        status,
        body,
        retry_after_ms,
        headers_at,
    })
}

/// A body read as `text()` reads it (the Encoding standard's UTF-8 decode): a
/// leading byte-order mark dropped, invalid sequences replaced by U+FFFD.
fn utf8_text(mut bytes: Vec<u8>) -> String {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(invalid) => String::from_utf8_lossy(invalid.as_bytes()).into_owned(),
    }
}

//! What the page and the scan worker both have on their global object. web-sys
//! reaches `fetch` and `performance` through `Window` or `WorkerGlobalScope`,
//! two types; these bindings take whichever global the code runs in.

use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `fetch(url, init)` on the global object.
    #[wasm_bindgen(js_name = fetch)]
    pub fn fetch_with_init(url: &str, init: &web_sys::RequestInit) -> Promise;

    /// `fetch(url)` on the global object: a plain GET.
    #[wasm_bindgen(js_name = fetch)]
    pub fn fetch(url: &str) -> Promise;

    /// `performance.now()`: milliseconds since this global began, monotonic.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    pub fn performance_now() -> f64;
}

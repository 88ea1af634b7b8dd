//! The part of wasm-streams' API that Leptos' server-function client compiles
//! against, without the JS classes the real crate exports (see Cargo.toml).
//!
//! server_fn turns a streaming request body into a JS stream
//! ([`ReadableStream::from_stream`]) and a streaming response into a Rust one
//! ([`ReadableStream::into_stream`]); both happen only when a server function
//! is called, and this app has none.

use futures_util::Stream;
use wasm_bindgen::JsValue;

pub mod readable {
    pub mod sys {
        pub use web_sys::ReadableStream;
    }
}

const NO_SERVER_FUNCTIONS: &str =
    "wasm-streams is a stand-in in this app: it defines no Leptos server functions";

/// A JS `ReadableStream`, held as it came.
pub struct ReadableStream {
    raw: web_sys::ReadableStream,
}

impl ReadableStream {
    pub fn from_raw(raw: web_sys::ReadableStream) -> Self {
        Self { raw }
    }

    pub fn into_raw(self) -> web_sys::ReadableStream {
        self.raw
    }

    /// Would wrap a Rust stream for JS; needs the exported classes left out.
    pub fn from_stream<St>(_stream: St) -> Self
    where
        St: Stream<Item = Result<JsValue, JsValue>> + 'static,
    {
        panic!("{NO_SERVER_FUNCTIONS}")
    }

    /// Would read the JS stream as a Rust one.
    pub fn into_stream(self) -> futures_util::stream::Empty<Result<JsValue, JsValue>> {
        panic!("{NO_SERVER_FUNCTIONS}")
    }
}

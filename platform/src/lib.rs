//! The browser adapters the page and the scan worker share. Nothing else in the
//! app calls fetch, timers or Web Locks; each binary's own web-sys calls are
//! those of its job (the page's DOM; the worker's message port and IndexedDB).
//!
//! - [`transport`] and [`clock`]: the engine's `Transport` and `Clock` ports.
//! - [`locks`]: Web Locks, in a window or a worker.
//! - [`message`]: how a page/worker message travels (its bytes, files beside).
//! - [`download`]: saving a file through the browser.
//! - [`js_error`]: a JavaScript error as text for the user.

pub mod clock;
pub mod download;
pub mod global;
pub mod js_error;
pub mod locks;
pub mod message;
pub mod transport;

//! The browser adapters the page and the scan worker share. Nothing else in the
//! app calls rexie, and each binary's own web-sys calls are only those of its
//! job (the page's DOM, the worker's message port).
//!
//! - [`store`] and `scan_store`: IndexedDB, and the engine's `ScanStore` port on it.
//! - [`transport`] and [`clock`]: the engine's `Transport` and `Clock` ports.
//! - [`locks`]: Web Locks, in a window or a worker.
//! - [`upgrade_channel`]: how tabs make way for a schema upgrade.
//! - [`download`]: saving a file through the browser.

pub mod clock;
pub mod download;
pub mod global;
pub mod locks;
pub mod scan_store;
pub mod store;
pub mod transport;
pub mod upgrade_channel;

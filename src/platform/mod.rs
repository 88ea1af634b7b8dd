//! Adapters to the browser's APIs. Nothing outside this module calls web-sys,
//! rexie or gloo directly.

pub mod clock;
pub mod config_file;
pub mod download;
pub mod global;
pub mod locks;
pub mod scan_store;
pub mod scan_worker;
pub mod store;
pub mod transport;
pub mod upgrade_channel;

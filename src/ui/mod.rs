//! Leptos components: they render state and pass the user's requests on.

mod app;
mod chain_card;
mod config_notice;
mod format;
mod import_panel;
mod scan_controls;
mod storage_status;

pub use app::App;

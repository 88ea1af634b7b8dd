//! Leptos components: they render state and pass the user's requests on.

mod app;
mod chain_card;
mod import_panel;
mod storage_status;

pub use app::App;

//! Leptos components: they render state and pass the user's requests on.

mod app;
mod chain_card;
mod config_notice;
mod form_fields;
mod form_support;
mod format;
mod import_panel;
mod import_report;
mod outdated_notice;
mod provider_form;
mod provider_health;
mod rescan_options;
mod results;
mod results_table;
mod scan_controls;
mod settings;
mod storage_status;
mod token_form;
mod watch_only_form;

pub use app::App;

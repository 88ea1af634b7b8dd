//! The page: what the user sees and asks for. Everything that scans, imports or
//! exports runs in the scan worker (`worker/`); the page talks to it through
//! `scan_protocol` messages.
//!
//! # Layout
//!
//! - [`ui`]: Leptos components. They show the session's state and ask it to act.
//! - [`session`]: the configuration in force and each chain's scan; starts and
//!   stops scans for the components.
//! - [`scan_worker`]: the page's end of the worker: starts it, queues commands
//!   until it listens, hands its reports to the session.
//! - [`upgrade_channel`]: how tabs make way for a schema upgrade.

pub mod scan_worker;
pub mod session;
pub mod ui;
pub mod upgrade_channel;

/// Mounts the app on `<body>`. Called once by `main`.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(ui::App);
}

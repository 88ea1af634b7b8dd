//! The balance scanner's web app: the browser side of `scanner_engine`.
//!
//! # Layout
//!
//! - [`platform`]: the only code that touches web APIs (IndexedDB today; fetch,
//!   timers and downloads as the scanner grows).
//! - [`session`]: the configuration in force and each chain's scan; starts and
//!   stops scans for the components.
//! - [`ui`]: Leptos components. They show the engine's state and ask it to act.
//! - [`worker`]: the scan worker, where scans run off the page's thread.

#[doc(hidden)]
#[cfg(feature = "bench")]
pub mod bench;
pub mod import_flow;
pub mod platform;
pub mod session;
pub mod ui;
pub mod worker;

/// Mounts the app on `<body>`. Called once by `main`.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(ui::App);
}

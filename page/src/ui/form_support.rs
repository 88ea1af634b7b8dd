//! What the settings forms share: saving the user's layer with a note of the
//! outcome.

use crate::session::ScanSession;
use leptos::prelude::*;
use leptos::task::spawn_local;
use scanner_engine::config::Overrides;

/// Saves `user` and reports the outcome in `note`.
pub fn save(
    session: ScanSession,
    user: Overrides,
    note: WriteSignal<Option<String>>,
    done: &'static str,
) {
    spawn_local(async move {
        match session.save_settings(user).await {
            Ok(()) => note.set(Some(done.to_string())),
            Err(e) => note.set(Some(format!("Could not save the settings: {e}"))),
        }
    });
}

//! What the settings forms share: saving the user's layer with a note of the
//! outcome.

use crate::session::ScanSession;
use leptos::prelude::*;
use leptos::task::spawn_local;
use scanner_engine::config::Overrides;

/// Saves `user` and tells `on_note` the outcome, in words for the user.
pub fn save(session: ScanSession, user: Overrides, on_note: Callback<String>, done: &'static str) {
    spawn_local(async move {
        match session.save_settings(user).await {
            Ok(()) => on_note.run(done.to_string()),
            Err(e) => on_note.run(format!("Could not save the settings: {e}")),
        }
    });
}

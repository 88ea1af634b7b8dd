//! What the settings forms share: their problems in the user's words, and
//! saving the user's layer with a note of the outcome.

use crate::session::ScanSession;
use leptos::prelude::*;
use leptos::task::spawn_local;
use scanner_engine::config::{ConfigError, Overrides};

/// A form's problems as the user reads them: the config.json validation's
/// messages without the `providers[0].` (or `tokens[0].`) path of the one entry.
pub fn form_errors(problems: &[ConfigError], entry_path: &str) -> Vec<String> {
    problems
        .iter()
        .map(|p| p.to_string().replacen(entry_path, "", 1))
        .collect()
}

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

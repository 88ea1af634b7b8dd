//! What the settings forms share: asking the worker for an edit, with a note of
//! the outcome.

use crate::session::ScanSession;
use leptos::prelude::*;
use leptos::task::spawn_local;
use scan_protocol::EditRefused;
use scanner_engine::config::SettingsEdit;

/// Has the worker make `edit` and tells `on_note` the outcome, in words for the
/// user (`done` when it was made). Returns what is wrong with the form's fields,
/// if that is why it was not made (empty otherwise), for the form to show.
pub async fn edit(
    session: ScanSession,
    edit: SettingsEdit,
    on_note: Callback<String>,
    done: &'static str,
) -> Vec<String> {
    match session.edit_settings(edit).await {
        Ok(()) => on_note.run(done.to_string()),
        Err(EditRefused::Fields(problems)) => return problems,
        Err(EditRefused::NotSaved(e)) => on_note.run(format!("Could not save the settings: {e}")),
    }
    Vec::new()
}

/// [`edit`], for an edit that has no fields (a button's).
pub fn save(
    session: ScanSession,
    edit: SettingsEdit,
    on_note: Callback<String>,
    done: &'static str,
) {
    spawn_local(async move {
        self::edit(session, edit, on_note, done).await;
    });
}

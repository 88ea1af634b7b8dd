//! How tabs of this page make way for a schema upgrade.
//!
//! IndexedDB upgrades a database only once every other connection to it has
//! closed; until then the upgrading tab waits. A tab whose opening takes long asks
//! the others, over a BroadcastChannel, to let go; a tab with an older schema
//! stops its scans (closing their connections) and asks its user to reload. A tab
//! with the same schema ignores the request: its connections block nothing.

use scan_protocol::storage::SCHEMA_VERSION;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{BroadcastChannel, MessageEvent};

const CHANNEL: &str = "balance-scanner/storage";

/// Tells the other tabs that this one waits to open the database at its schema.
pub fn ask_older_tabs_to_let_go() {
    if let Ok(channel) = BroadcastChannel::new(CHANNEL) {
        let _ = channel.post_message(&f64::from(SCHEMA_VERSION).into());
        channel.close();
    }
}

/// Calls `let_go` when a tab with a newer schema waits for this one. Listens for
/// the page's lifetime.
pub fn when_a_newer_tab_waits(let_go: impl Fn() + 'static) {
    let Ok(channel) = BroadcastChannel::new(CHANNEL) else {
        return;
    };
    let listener = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let wanted = event.data().as_f64().unwrap_or(0.0);
        if wanted > f64::from(SCHEMA_VERSION) {
            let_go();
        }
    });
    channel.set_onmessage(Some(listener.as_ref().unchecked_ref()));
    // Both live as long as the page.
    listener.forget();
    std::mem::forget(channel);
}

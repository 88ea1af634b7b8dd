use leptos::prelude::*;
use scan_protocol::storage::SUPERSEDED_MESSAGE;

/// Whether the app can keep its state in this browser.
#[derive(Clone, Debug, PartialEq)]
pub enum StorageState {
    Opening,
    /// Opening takes unusually long: most likely another tab holds the database
    /// at an older schema version, which blocks the upgrade until it closes.
    Waiting,
    Ready,
    Failed(String),
    /// A newer version of the page, in another tab, needs the database: this tab
    /// stopped its scans and let go of it.
    Superseded,
    /// The scan worker, which opens the storage for the page, stopped or is of
    /// another build; the text says what happened and what to do.
    NoScanner(String),
}

impl StorageState {
    /// The `data-state` value and CSS modifier.
    fn key(&self) -> &'static str {
        match self {
            StorageState::Opening | StorageState::Waiting => "opening",
            StorageState::Ready => "ready",
            StorageState::Failed(_) | StorageState::Superseded | StorageState::NoScanner(_) => {
                "failed"
            }
        }
    }

    fn message(&self) -> String {
        match self {
            StorageState::Opening => "Opening browser storage…".to_string(),
            StorageState::Waiting => {
                "Still opening browser storage: if this page is open in another tab \
                 (an older version of it), close or reload that tab."
                    .to_string()
            }
            StorageState::Ready => "Saved in this browser (IndexedDB)".to_string(),
            StorageState::Failed(reason) => format!("Nothing can be saved: {reason}"),
            StorageState::Superseded => SUPERSEDED_MESSAGE.to_string(),
            StorageState::NoScanner(what) => what.clone(),
        }
    }
}

/// A one-line status of the browser storage, announced to screen readers.
#[component]
pub fn StorageStatus(#[prop(into)] state: Signal<StorageState>) -> impl IntoView {
    view! {
        <p
            class=move || format!("storage-status storage-{}", state.with(StorageState::key))
            role="status"
            data-testid="storage-status"
            data-state=move || state.with(StorageState::key)
        >
            {move || state.with(StorageState::message)}
        </p>
    }
}

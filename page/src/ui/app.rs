use leptos::prelude::*;
use leptos::task::spawn_local;

use super::chain_card::ChainCard;
use super::config_notice::ConfigNotice;
use super::import_panel::ImportPanel;
use super::outdated_notice::OutdatedNotice;
use super::provider_health::ProviderHealth;
use super::results::Results;
use super::scan_controls::ScanControls;
use super::settings::Settings;
use super::storage_status::{StorageState, StorageStatus};
use crate::session::ScanSession;
use crate::upgrade_channel::{ask_older_tabs_to_let_go, when_a_newer_tab_waits};

/// How long opening IndexedDB may take before the page says what may block it.
const STORAGE_PATIENCE_MS: u32 = 4_000;

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let session = ScanSession::provide();
    let (storage, set_storage) = signal(StorageState::Opening);
    // An upgrade blocked by another tab never fails, it waits: say so after a while.
    gloo_timers::callback::Timeout::new(STORAGE_PATIENCE_MS, move || {
        if storage.get_untracked() == StorageState::Opening {
            set_storage.set(StorageState::Waiting);
            ask_older_tabs_to_let_go();
        }
    })
    .forget();
    // And the other way round: a newer version of the page in another tab waits
    // for this one's connections.
    when_a_newer_tab_waits(move || {
        session.stop_all();
        set_storage.set(StorageState::Superseded);
    });
    // The worker opens the database (which decides the storage status), reads
    // the configuration (config.json and saved settings), then each chain's
    // stored state.
    spawn_local(async move {
        match session.load().await {
            Ok(()) => set_storage.set(StorageState::Ready),
            // The worker opens the storage: without it, nothing was read.
            Err(error) => set_storage.set(match session.scanner_gone.get_untracked() {
                Some(what) => StorageState::NoScanner(what),
                None => StorageState::Failed(error),
            }),
        }
    });

    view! {
        <header class="page-header">
            <h1>"Balance Scanner"</h1>
            <p class="tagline">
                "Find which of your Bitcoin, BNB Smart Chain and Solana addresses hold funds. "
                "It runs entirely in this browser, with no server of ours: addresses go only to the blockchain providers you choose."
            </p>
            <StorageStatus state=storage />
        </header>
        <main>
            <OutdatedNotice outdated=session.outdated.into() />
            <ConfigNotice />
            <ImportPanel />
            <section class="panel scan-panel" aria-labelledby="scan-title">
                <div class="panel-head">
                    <h2 id="scan-title">"Scan"</h2>
                    <ScanControls />
                </div>
                <div class="chains">
                    {session
                        .chains
                        .into_iter()
                        .map(|control| view! { <ChainCard control /> })
                        .collect_view()}
                </div>
            </section>
            <Results />
            <ProviderHealth />
            <Settings />
        </main>
    }
}

use leptos::prelude::*;
use leptos::task::spawn_local;
use scanner_engine::Chain;

use super::chain_card::ChainCard;
use super::storage_status::{StorageState, StorageStatus};
use crate::platform::store::{BrowserStore, DATABASE_NAME};

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let (storage, set_storage) = signal(StorageState::Opening);
    spawn_local(async move {
        let state = match BrowserStore::open(DATABASE_NAME).await {
            Ok(_) => StorageState::Ready,
            Err(error) => StorageState::Failed(error.to_string()),
        };
        set_storage.set(state);
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
            <section class="chains" aria-label="Chains">
                {Chain::ALL.into_iter().map(|chain| view! { <ChainCard chain /> }).collect_view()}
            </section>
        </main>
    }
}

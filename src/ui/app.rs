use leptos::prelude::*;
use leptos::task::spawn_local;
use scanner_engine::Chain;

use super::chain_card::ChainCard;
use super::import_panel::ImportPanel;
use super::storage_status::{StorageState, StorageStatus};
use crate::import_flow::stored_totals;
use scanner_engine::Network;

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let (storage, set_storage) = signal(StorageState::Opening);
    // Addresses stored per chain: read at start-up, updated by each import.
    let (totals, set_totals) = signal([0usize; 3]);
    // Reading the totals opens the database: its outcome is the storage status.
    spawn_local(async move {
        match stored_totals(Network::Mainnet).await {
            Ok(stored) => {
                set_totals.set(stored);
                set_storage.set(StorageState::Ready);
            }
            Err(error) => set_storage.set(StorageState::Failed(error.to_string())),
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
            <ImportPanel on_totals=move |stored| set_totals.set(stored) />
            <section class="chains" aria-label="Chains">
                {Chain::ALL
                    .into_iter()
                    .enumerate()
                    .map(|(position, chain)| {
                        let total = Signal::derive(move || totals.with(|t| t[position]));
                        view! { <ChainCard chain total /> }
                    })
                    .collect_view()}
            </section>
        </main>
    }
}

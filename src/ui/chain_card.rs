use leptos::prelude::*;
use scanner_engine::Chain;

/// One chain's card: what is stored for it and where its scan stands.
///
/// The `data-*` attributes are the contract's hooks for automated browsers.
#[component]
pub fn ChainCard(chain: Chain) -> impl IntoView {
    view! {
        <article
            class="chain-card"
            data-testid=format!("chain-status-{}", chain.code())
            data-state="idle"
            data-scanned="0"
            data-total="0"
            data-funded="0"
            data-errors="0"
            aria-labelledby=format!("chain-title-{}", chain.code())
        >
            <h2 id=format!("chain-title-{}", chain.code())>
                <span class="chain-code">{chain.code()}</span>
                {chain.display_name()}
            </h2>
            <p class="chain-state">"Idle"</p>
            <p class="chain-count">"No addresses imported yet"</p>
        </article>
    }
}

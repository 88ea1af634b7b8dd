use leptos::prelude::*;
use scanner_engine::amount::group_thousands;
use scanner_engine::Chain;

/// One chain's card: what is stored for it and where its scan stands.
///
/// The `data-*` attributes are the contract's hooks for automated browsers.
#[component]
pub fn ChainCard(chain: Chain, #[prop(into)] total: Signal<usize>) -> impl IntoView {
    let count = move || match total.get() {
        0 => "No addresses imported yet".to_string(),
        1 => "1 address".to_string(),
        n => format!("{} addresses", group_thousands(&n.to_string())),
    };
    view! {
        <article
            class="chain-card"
            data-testid=format!("chain-status-{}", chain.code())
            data-state="idle"
            data-scanned="0"
            data-total=move || total.get().to_string()
            data-funded="0"
            data-errors="0"
            aria-labelledby=format!("chain-title-{}", chain.code())
        >
            <h2 id=format!("chain-title-{}", chain.code())>
                <span class="chain-code">{chain.code()}</span>
                {chain.display_name()}
            </h2>
            <p class="chain-state">"Idle"</p>
            <p class="chain-count">{count}</p>
        </article>
    }
}

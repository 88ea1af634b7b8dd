//! Deriving a watch-only wallet's addresses: an extended public key or a
//! descriptor, the chain and script type a bare `xpub` does not say, and how
//! many: a count from index 0, or discovery of the used ones with a gap limit.
//! The worker derives and imports them as one import.

use leptos::prelude::*;
use scanner_engine::derive::ScriptType;
use scanner_engine::Chain;

use crate::session::Source;
use scan_protocol::WatchOnlyRequest;

/// How many addresses the form offers to derive until the user says otherwise.
const DEFAULT_COUNT: u32 = 1_000;

/// The gap limit offered: what wallets use (BIP-44). Merchants that hand out
/// addresses never paid need more, so it is the user's to change.
const DEFAULT_GAP: u32 = 20;

#[component]
pub fn WatchOnlyForm(
    /// An import is running: nothing can be submitted.
    #[prop(into)]
    busy: Signal<bool>,
    /// The derivation to import.
    on_derive: impl Fn(Source) + Copy + 'static,
) -> impl IntoView {
    let key = RwSignal::new(String::new());
    let chain = RwSignal::new(Chain::Bitcoin);
    let script = RwSignal::new(None::<ScriptType>);
    let count = RwSignal::new(DEFAULT_COUNT.to_string());
    let discover = RwSignal::new(false);
    let gap = RwSignal::new(DEFAULT_GAP.to_string());
    let submit = move |_| {
        let text = key.get_untracked();
        if text.trim().is_empty() {
            return;
        }
        // Cleared like pasted text: had it been a secret, it is not left on show.
        key.set(String::new());
        on_derive(Source::WatchOnly(WatchOnlyRequest {
            key: text,
            chain: Some(chain.get_untracked()),
            script: script.get_untracked(),
            // Anything not a whole number in range is refused by the worker,
            // with the range in its message.
            count: count.with_untracked(|c| c.trim().parse().unwrap_or(0)),
            gap: discover
                .get_untracked()
                .then(|| gap.with_untracked(|g| g.trim().parse().unwrap_or(0))),
        }));
    };
    view! {
        <details class="derive">
            <summary>"Derive from an xpub or a descriptor (watch-only)"</summary>
            <p class="hint">
                "Paste the wallet's extended public key (xpub, ypub, zpub; testnet tpub, upub, vpub) or an output descriptor "
                "such as " <code>"wpkh([d34db33f/84'/0'/0']xpub…/0/*)"</code> ". A public key shows addresses, never spends: "
                "the page never needs the private key or the seed, and refuses them."
            </p>
            <label class="derive-key">"Extended public key or descriptor"
                <input
                    type="text"
                    data-testid="derive-key"
                    autocomplete="off"
                    spellcheck="false"
                    placeholder="zpub6r… or tr([fingerprint/86'/0'/0']xpub…/0/*)"
                    prop:value=move || key.get()
                    on:input=move |e| key.set(event_target_value(&e))
                />
            </label>
            <div class="derive-options">
                <label>"Chain (for an xpub)"
                    // The selects own their value: the form only reads it.
                    <select data-testid="derive-chain" on:change=move |e| {
                        chain.set(if event_target_value(&e) == "BSC" { Chain::BnbSmartChain } else { Chain::Bitcoin });
                    }>
                        <option value="BTC">"Bitcoin"</option>
                        <option value="BSC">"BNB Smart Chain"</option>
                    </select>
                </label>
                <label>"Script type (for a Bitcoin xpub)"
                    <select
                        data-testid="derive-script"
                        disabled=move || chain.get() != Chain::Bitcoin
                        on:change=move |e| script.set(ScriptType::from_code(&event_target_value(&e)))
                    >
                        <option value="">"Choose…"</option>
                        {ScriptType::ALL.into_iter().map(|s| view! {
                            <option value=s.code()>{s.label()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>"How many"
                    <select data-testid="derive-mode" on:change=move |e| {
                        discover.set(event_target_value(&e) == "gap");
                    }>
                        <option value="count">"A count, from index 0"</option>
                        <option value="gap">"Discover the used ones"</option>
                    </select>
                </label>
                <label class:hidden=move || discover.get()>"Addresses, from index 0"
                    <input
                        type="number"
                        data-testid="derive-count"
                        min="1"
                        max="1000000"
                        step="1"
                        prop:value=move || count.get()
                        on:input=move |e| count.set(event_target_value(&e))
                    />
                </label>
                <label class:hidden=move || !discover.get()>"Gap limit (unused in a row)"
                    <input
                        type="number"
                        data-testid="derive-gap"
                        min="1"
                        max="10000"
                        step="1"
                        prop:value=move || gap.get()
                        on:input=move |e| gap.set(event_target_value(&e))
                    />
                </label>
            </div>
            <p class="hint" class:hidden=move || !discover.get()>
                "Discovery asks this chain's providers whether each address was ever used, on the receive and the change "
                "branch, and stops after the gap limit's number of unused addresses in a row: it imports the addresses up "
                "to the last used one. Through group summaries (mempool.space) a run of unused addresses costs one request per 300; "
                "otherwise one request per Bitcoin address, about one call per BSC address, at the providers' rate limits."
            </p>
            <button
                type="button"
                data-testid="derive-submit"
                on:click=submit
                disabled=move || busy.get() || key.with(|k| k.trim().is_empty())
            >
                {move || if discover.get() { "Discover and import" } else { "Derive and import" }}
            </button>
        </details>
    }
}

use super::form_support::save;
use super::provider_form::ProviderForm;
use super::token_form::TokenForm;
use crate::session::ScanSession;
use leptos::prelude::*;
use scanner_engine::config::SettingsEdit;
use scanner_engine::{Chain, Network};

/// Network, providers and tokens. Saved in this browser; they take precedence over
/// the site's config.json and the built-in defaults.
#[component]
pub fn Settings() -> impl IntoView {
    let session = ScanSession::get();
    let (note, set_note) = signal(None::<String>);
    let on_note = Callback::new(move |text: String| set_note.set(Some(text)));
    let scanning = move || session.any_scanning();
    let on_network = move |event| {
        let network = match event_target_value(&event).as_str() {
            "testnet" => Network::Testnet,
            _ => Network::Mainnet,
        };
        save(
            session,
            SettingsEdit::Network(network),
            on_note,
            "Network changed: each network keeps its own addresses and scans.",
        );
    };
    let restore = move |_| {
        save(
            session,
            SettingsEdit::RestoreDefaults,
            on_note,
            "Restored the site's defaults.",
        )
    };
    let solana_missing = move || {
        session
            .config
            .with(|c| c.shown.chain(Chain::Solana).providers.is_empty())
    };
    // Opens by itself while Solana has no provider, and never closes by itself
    // (not even when the user's new Solana provider is saved).
    let open = RwSignal::new(false);
    Effect::new(move |_| {
        if session.config.with(|c| c.loaded) && solana_missing() {
            open.set(true);
        }
    });
    let on_toggle = move |event: leptos::ev::Event| {
        let details: web_sys::HtmlDetailsElement = event_target(&event);
        open.set(details.open());
    };
    view! {
        <details class="panel settings" prop:open=move || open.get() on:toggle=on_toggle>
            <summary><h2>"Settings"</h2></summary>
            <p class="hint">
                "Saved in this browser only, API keys included: they go to the provider they belong to and nowhere else. "
                "They take precedence over the site's config.json."
            </p>
            {move || solana_missing().then(|| view! {
                <p class="callout" role="note">
                    "Solana has no free public provider that answers web pages (its public endpoint refuses browsers). "
                    "To scan SOL, add a Solana RPC provider with your own API key below, for example Helius: "
                    "URL " <code>"https://mainnet.helius-rpc.com"</code> ", rps 10, batch 100, and your key."
                </p>
            })}
            <label class="field">
                "Network "
                <select on:change=on_network disabled=scanning aria-describedby="network-hint">
                    <option value="mainnet" selected=move || session.network() == Network::Mainnet>"Mainnet"</option>
                    <option value="testnet" selected=move || session.network() == Network::Testnet>"Testnet"</option>
                </select>
                <span id="network-hint" class="hint">" Stop scans to change it."</span>
            </label>
            <ProviderForm on_note />
            <TokenForm on_note />
            <button type="button" on:click=restore disabled=scanning>"Restore the site's defaults"</button>
            <p class="settings-note" role="status">{move || note.get()}</p>
        </details>
    }
}

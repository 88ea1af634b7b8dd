use super::form_fields::{FormErrors, Input, TextField};
use super::form_support::{edit, save};
use crate::session::ScanSession;
use leptos::prelude::*;
use leptos::task::spawn_local;
use scan_protocol::ShownToken;
use scanner_engine::config::{SettingsEdit, TokenFields};
use scanner_engine::Chain;

/// The token lists of BSC and Solana, with add and remove.
#[component]
pub fn TokenForm(
    /// Hears what became of a save, in words for the user.
    on_note: Callback<String>,
) -> impl IntoView {
    let session = ScanSession::get();
    let chain = RwSignal::new(Chain::BnbSmartChain);
    let symbol = RwSignal::new(String::new());
    let address = RwSignal::new(String::new());
    let decimals = RwSignal::new(String::new());
    let token_2022 = RwSignal::new(false);
    let errors = RwSignal::new(Vec::<String>::new());
    let list_of = move |c: Chain| -> Vec<ShownToken> {
        session.config.with(|s| s.shown.chain(c).tokens.clone())
    };
    let presets_of = move |c: Chain| -> Vec<ShownToken> {
        session.config.with(|s| s.shown.chain(c).presets.clone())
    };
    let done = "Token added. New scans check it (Scan again, or Rescan all); a paused scan finishes with the tokens it started with.";
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let c = chain.get_untracked();
        let typed = TokenFields {
            symbol: symbol.get_untracked(),
            address: address.get_untracked(),
            decimals: decimals.get_untracked(),
            token_2022: c == Chain::Solana && token_2022.get_untracked(),
        };
        let add = SettingsEdit::AddToken {
            chain: c,
            fields: typed,
        };
        spawn_local(async move {
            let problems = edit(session, add, on_note, done).await;
            if problems.is_empty() {
                symbol.set(String::new());
                address.set(String::new());
                decimals.set(String::new());
            }
            errors.set(problems);
        });
    };
    let chains = [Chain::BnbSmartChain, Chain::Solana];
    view! {
        <fieldset class="settings-group">
            <legend>"Tokens"</legend>
            {chains.into_iter().map(|c| view! {
                <h3>{c.display_name()}</h3>
                <ul class="provider-list">
                    {move || list_of(c).into_iter().enumerate().map(|(i, t)| view! {
                        <li>
                            <span class="provider-name">{t.symbol.clone()}</span>
                            <code class="provider-host">{t.address.clone()}</code>
                            <span class="provider-meta">{token_meta(&t)}</span>
                            <button type="button" class="small" on:click=move |_| {
                                let remove = SettingsEdit::RemoveToken { chain: c, index: i };
                                save(session, remove, on_note, "Token removed. New scans leave it out; a paused scan finishes with the tokens it started with, and what it found keeps its names.");
                            }>"Remove"</button>
                        </li>
                    }).collect_view()}
                    {move || presets_of(c).into_iter().map(|t| {
                        let fields = TokenFields {
                            symbol: t.symbol.clone(),
                            address: t.address.clone(),
                            decimals: t.decimals.to_string(),
                            token_2022: t.token_2022,
                        };
                        view! {
                            <li class="token-preset" data-testid=format!("token-preset-{}", t.symbol)>
                                <span class="provider-name">{t.symbol.clone()}</span>
                                <code class="provider-host">{t.address.clone()}</code>
                                <span class="provider-meta">{format!("{} · not scanned", token_meta(&t))}</span>
                                <button type="button" class="small" on:click=move |_| {
                                    let add = SettingsEdit::AddToken { chain: c, fields: fields.clone() };
                                    save(session, add, on_note, done);
                                }>"Scan it too"</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }).collect_view()}
            <form class="provider-form" on:submit=submit>
                <h3>"Add a token"</h3>
                <label>"Chain "
                    <select on:change=move |e| chain.set(event_target_value(&e).parse().unwrap_or(Chain::BnbSmartChain))>
                        {chains.into_iter().map(|c| view! { <option value=c.code()>{c.display_name()}</option> }).collect_view()}
                    </select>
                </label>
                <TextField label="Symbol" value=symbol required=true />
                <TextField label="Contract or mint" value=address required=true />
                <TextField label="Decimals" value=decimals input=Input::Number required=true />
                {move || (chain.get() == Chain::Solana).then(|| view! {
                    <label class="check">
                        <input type="checkbox" prop:checked=move || token_2022.get()
                            on:change=move |e| token_2022.set(event_target_checked(&e)) />
                        " Token-2022 mint (PYUSD and other mints with extensions keep their balances in other accounts)"
                    </label>
                })}
                <FormErrors errors=errors.read_only() />
                <button type="submit" class="primary">"Add token"</button>
            </form>
        </fieldset>
    }
}

/// "6 decimals", and the program when it is not the usual one.
fn token_meta(token: &ShownToken) -> String {
    let program = if token.token_2022 {
        " · Token-2022"
    } else {
        ""
    };
    format!("{} decimals{program}", token.decimals)
}

use super::form_support::save;
use crate::session::ScanSession;
use leptos::prelude::*;
use leptos::task::spawn_local;
use scanner_engine::config::TokenFields;
use scanner_engine::scan::Token;
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
    let errors = RwSignal::new(Vec::<String>::new());
    let list_of = move |c: Chain| {
        session
            .config
            .with(|s| s.layers.resolved.tokens(c).to_vec())
    };
    let store = move |c: Chain, tokens: Vec<Token>, done: &'static str| {
        let mut user = session.config.with_untracked(|s| s.layers.user.clone());
        user.tokens.insert(c, tokens);
        save(session, user, on_note, done);
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let c = chain.get_untracked();
        let typed = TokenFields {
            symbol: symbol.get_untracked(),
            address: address.get_untracked(),
            decimals: decimals.get_untracked(),
        };
        spawn_local(async move {
            let token = match session.check_token(c, typed).await {
                Ok(token) => token,
                Err(problems) => return errors.set(problems),
            };
            let mut tokens = list_of(c);
            tokens.push(token);
            errors.set(Vec::new());
            symbol.set(String::new());
            address.set(String::new());
            decimals.set(String::new());
            store(c, tokens, "Token added. New scans check it (Scan again, or Rescan all); a paused scan finishes with the tokens it started with.");
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
                            <span class="provider-meta">{format!("{} decimals", t.decimals.get())}</span>
                            <button type="button" class="small" on:click=move |_| {
                                let mut tokens = list_of(c);
                                tokens.remove(i);
                                store(c, tokens, "Token removed. New scans leave it out; a paused scan finishes with the tokens it started with, and what it found keeps its names.");
                            }>"Remove"</button>
                        </li>
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
                <label>"Symbol " <input type="text" required prop:value=move || symbol.get() on:input=move |e| symbol.set(event_target_value(&e)) /></label>
                <label>"Contract or mint " <input type="text" required prop:value=move || address.get() on:input=move |e| address.set(event_target_value(&e)) /></label>
                <label>"Decimals " <input type="text" inputmode="numeric" required prop:value=move || decimals.get() on:input=move |e| decimals.set(event_target_value(&e)) /></label>
                <ul class="form-errors" role="alert">
                    {move || errors.get().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}
                </ul>
                <button type="submit" class="primary">"Add token"</button>
            </form>
        </fieldset>
    }
}

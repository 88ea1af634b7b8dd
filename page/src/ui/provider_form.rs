use super::form_support::save;
use crate::session::ScanSession;
use leptos::prelude::*;
use leptos::task::spawn_local;
use scan_protocol::ShownProvider;
use scanner_engine::config::ProviderFields;
use scanner_engine::scan::{ProviderConfig, ProviderKind};
use scanner_engine::Chain;

/// The form's fields of an entry being edited. The key is never put back: the
/// field holds only a new key typed by the user, and a blank one keeps the
/// entry's own.
fn fields_of(provider: &ProviderConfig) -> ProviderFields {
    ProviderFields {
        name: provider.name.clone(),
        url: provider.url.clone(),
        rps: provider.rps.to_string(),
        batch: match provider.kind {
            ProviderKind::Esplora => String::new(),
            _ => provider.batch.to_string(),
        },
        api_key: String::new(),
        multicall3: matches!(
            provider.kind,
            ProviderKind::EvmRpc {
                multicall3: Some(_)
            }
        ),
    }
}
/// One provider as the list shows it: its name, its URL with every key-like
/// part masked, its limits, and its key masked (`shown`, masked by the worker).
#[component]
fn ProviderSummary(provider: ProviderConfig, shown: ShownProvider) -> impl IntoView {
    view! {
        <span class="provider-name">{provider.name.clone()}</span>
        <code class="provider-host">{shown.url}</code>
        <span class="provider-meta">
            {format!("{} rps", provider.rps)}
            {(provider.kind != ProviderKind::Esplora).then(|| format!(" · batch {}", provider.batch))}
            {shown.key.map(|k| format!(" · key {k}"))}
        </span>
    }
}

/// How `chain`'s providers in force (`user` false) or the user's own show.
fn shown_of(session: ScanSession, chain: Chain, user: bool) -> Vec<ShownProvider> {
    session.config.with(|s| {
        let shown = &s.layers.shown;
        let lists = if user { &shown.user } else { &shown.resolved };
        lists[chain.index()].clone()
    })
}

/// The provider lists per chain, with add, edit and remove of the user's own
/// entries. The site's entries are listed until the user adds their own for
/// the chain, which then replace them (settings take precedence).
#[component]
pub fn ProviderForm(
    /// Hears what became of a save, in words for the user.
    on_note: Callback<String>,
) -> impl IntoView {
    let session = ScanSession::get();
    let chain = RwSignal::new(Chain::Solana);
    let fields = RwSignal::new(ProviderFields {
        multicall3: true,
        ..Default::default()
    });
    // Which provider of the chain the form edits; None adds a new one.
    let editing = RwSignal::new(None::<usize>);
    let errors = RwSignal::new(Vec::<String>::new());
    let field = move |get: fn(&ProviderFields) -> String, set: fn(&mut ProviderFields, String)| {
        (
            move || fields.with(get),
            move |e| fields.update(|f| set(f, event_target_value(&e))),
        )
    };
    let (name, set_name) = field(|f| f.name.clone(), |f, v| f.name = v);
    let (url, set_url) = field(|f| f.url.clone(), |f, v| f.url = v);
    let (rps, set_rps) = field(|f| f.rps.clone(), |f, v| f.rps = v);
    let (batch, set_batch) = field(|f| f.batch.clone(), |f, v| f.batch = v);
    let (key, set_key) = field(|f| f.api_key.clone(), |f, v| f.api_key = v);

    // The user's own entries are the only ones the form edits: the site's
    // (config.json or built-in) are shown, never copied into the user's settings
    // with their keys.
    let own_list = move |c: Chain| {
        session
            .config
            .with(|s| s.layers.user.providers.get(&c).cloned().unwrap_or_default())
    };
    let site_list = move |c: Chain| {
        session.config.with(|s| {
            if s.layers.user.providers.contains_key(&c) {
                Vec::new()
            } else {
                s.layers.resolved.providers(c).to_vec()
            }
        })
    };
    // The key of the entry being edited, masked, for the key field's placeholder.
    let kept_key = move || {
        let c = chain.get();
        editing.get().and_then(|i| {
            shown_of(session, c, true)
                .get(i)
                .and_then(|p| p.key.clone())
        })
    };
    let reset = move || {
        errors.set(Vec::new());
        editing.set(None);
        fields.set(ProviderFields {
            multicall3: true,
            ..Default::default()
        });
    };
    let store = move |c: Chain, providers: Vec<ProviderConfig>, done: &'static str| {
        let mut user = session.config.with_untracked(|s| s.layers.user.clone());
        if providers.is_empty() {
            user.providers.remove(&c);
        } else {
            user.providers.insert(c, providers);
        }
        save(session, user, on_note, done);
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let c = chain.get_untracked();
        let typed = fields.get_untracked();
        spawn_local(async move {
            let mut provider = match session.check_provider(c, typed).await {
                Ok(provider) => provider,
                Err(problems) => return errors.set(problems),
            };
            let mut providers = own_list(c);
            match editing.get_untracked() {
                Some(i) if i < providers.len() => {
                    // A blank key field keeps this entry's own key.
                    if provider.api_key.is_none() {
                        provider.api_key = providers[i].api_key.take();
                    }
                    providers[i] = provider;
                }
                _ => providers.push(provider),
            }
            reset();
            store(c, providers, "Provider saved.");
        });
    };
    let site_entries = move |c: Chain| {
        site_list(c)
            .into_iter()
            .zip(shown_of(session, c, false))
            .map(|(p, shown)| {
                view! {
                    <li class="site-provider">
                        <ProviderSummary provider=p shown />
                        <span class="provider-source">"the site's"</span>
                    </li>
                }
            })
            .collect_view()
    };
    let chain_list = move |c: Chain| {
        own_list(c)
            .into_iter()
            .zip(shown_of(session, c, true))
            .enumerate()
            .map(|(i, (p, shown))| {
                let edit = fields_of(&p);
                view! {
                    <li>
                        <ProviderSummary provider=p shown />
                        <button type="button" class="small" on:click=move |_| {
                            chain.set(c);
                            fields.set(edit.clone());
                            editing.set(Some(i));
                            errors.set(Vec::new());
                        }>"Edit"</button>
                        <button type="button" class="small" on:click=move |_| {
                            let mut providers = own_list(c);
                            providers.remove(i);
                            let done = if providers.is_empty() {
                                "Removed. With none left, the chain uses the site's providers again."
                            } else {
                                "Provider removed."
                            };
                            reset();
                            store(c, providers, done);
                        }>"Remove"</button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <fieldset class="settings-group">
            <legend>"Providers"</legend>
            <p class="hint">
                "Entries marked \u{201c}the site's\u{201d} come from this site's config.json or the built-in defaults. "
                "Adding your own provider for a chain replaces them for that chain; your keys stay in this browser."
            </p>
            {Chain::ALL.into_iter().map(|c| view! {
                <h3>{c.display_name()}</h3>
                <ul class="provider-list">
                    {move || chain_list(c)}
                    {move || site_entries(c)}
                    {move || (own_list(c).is_empty() && site_list(c).is_empty())
                        .then(|| view! { <li class="empty">"None configured."</li> })}
                </ul>
            }).collect_view()}
            <form class="provider-form" on:submit=submit>
                <h3>{move || if editing.get().is_some() { "Edit provider" } else { "Add a provider" }}</h3>
                <label>"Chain "
                    // Another chain is another entry: the form starts empty, so no
                    // field (the key least of all) moves from one entry to another.
                    <select on:change=move |e| {
                        chain.set(event_target_value(&e).parse().unwrap_or(Chain::Solana));
                        reset();
                    }>
                        {Chain::ALL.into_iter().map(|c| view! {
                            <option value=c.code() selected=move || chain.get() == c>{c.display_name()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>"Name " <input type="text" prop:value=name on:input=set_name placeholder="Helius" /></label>
                <label>"URL " <input type="url" required prop:value=url on:input=set_url placeholder="https://…" /></label>
                <label>"Requests per second " <input type="text" inputmode="numeric" required prop:value=rps on:input=set_rps /></label>
                {move || (chain.get() != Chain::Bitcoin).then(|| view! {
                    <label>"Batch " <input type="text" inputmode="numeric" prop:value=batch on:input=set_batch placeholder="default" /></label>
                })}
                <label>"API key "
                    <input type="password" autocomplete="off" prop:value=key on:input=set_key
                        placeholder=move || match kept_key() {
                            Some(k) => format!("unchanged ({k})"),
                            None => "optional".to_string(),
                        } />
                </label>
                {move || (chain.get() == Chain::BnbSmartChain).then(|| view! {
                    <label class="check">
                        <input type="checkbox" prop:checked=move || fields.with(|f| f.multicall3)
                            on:change=move |e| fields.update(|f| f.multicall3 = event_target_checked(&e)) />
                        " Use Multicall3 (many addresses per call)"
                    </label>
                })}
                <ul class="form-errors" role="alert">
                    {move || errors.get().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}
                </ul>
                <button type="submit" class="primary">{move || if editing.get().is_some() { "Save changes" } else { "Add provider" }}</button>
            </form>
        </fieldset>
    }
}

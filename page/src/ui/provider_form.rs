use super::form_fields::{FormErrors, Input, TextField};
use super::form_support::{edit, save};
use crate::session::ScanSession;
use leptos::prelude::*;
use leptos::task::spawn_local;
use scan_protocol::ShownProvider;
use scanner_engine::config::{ProviderFields, SettingsEdit};
use scanner_engine::Chain;

/// The form's fields, one signal each. The key field holds only a new key typed
/// by the user: an entry's own key is never put back into it, and a blank one
/// keeps the entry's own.
#[derive(Clone, Copy)]
struct Fields {
    name: RwSignal<String>,
    url: RwSignal<String>,
    rps: RwSignal<String>,
    batch: RwSignal<String>,
    api_key: RwSignal<String>,
    multicall3: RwSignal<bool>,
    etherscan: RwSignal<bool>,
}

impl Fields {
    fn new() -> Fields {
        Fields {
            name: RwSignal::new(String::new()),
            url: RwSignal::new(String::new()),
            rps: RwSignal::new(String::new()),
            batch: RwSignal::new(String::new()),
            api_key: RwSignal::new(String::new()),
            multicall3: RwSignal::new(true),
            etherscan: RwSignal::new(false),
        }
    }

    /// Empties the form for a new entry.
    fn clear(self) {
        self.show(&ProviderFields {
            multicall3: true,
            ..Default::default()
        });
    }

    fn show(self, shown: &ProviderFields) {
        self.name.set(shown.name.clone());
        self.url.set(shown.url.clone());
        self.rps.set(shown.rps.clone());
        self.batch.set(shown.batch.clone());
        self.api_key.set(shown.api_key.clone());
        self.multicall3.set(shown.multicall3);
        self.etherscan.set(shown.etherscan);
    }

    /// What the user typed, for the worker to check.
    fn typed(self) -> ProviderFields {
        ProviderFields {
            name: self.name.get_untracked(),
            url: self.url.get_untracked(),
            rps: self.rps.get_untracked(),
            batch: self.batch.get_untracked(),
            api_key: self.api_key.get_untracked(),
            multicall3: self.multicall3.get_untracked(),
            etherscan: self.etherscan.get_untracked(),
        }
    }
}

/// One provider as the list shows it: its name, its URL with every key-like
/// part masked, its limits, and its key masked (all masked by the worker).
#[component]
fn ProviderSummary(provider: ShownProvider) -> impl IntoView {
    view! {
        <span class="provider-name">{provider.name}</span>
        <code class="provider-host">{provider.url}</code>
        <span class="provider-meta">
            {provider.limits}
            {provider.key.map(|k| format!(" · key {k}"))}
        </span>
    }
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
    let fields = Fields::new();
    // Which provider of the chain the form edits; None adds a new one.
    let editing = RwSignal::new(None::<usize>);
    let errors = RwSignal::new(Vec::<String>::new());
    // The user's own entries are the only ones the form edits: the site's
    // (config.json or built-in) are shown, never copied into the user's settings
    // with their keys.
    let list = move |c: Chain, own: bool| -> Vec<ShownProvider> {
        session.config.with(|s| {
            let chain = s.shown.chain(c);
            if chain.own_providers == own {
                chain.providers.clone()
            } else {
                Vec::new()
            }
        })
    };
    // The key of the entry being edited, masked, for the key field's placeholder.
    let kept_key = move || {
        let c = chain.get();
        editing
            .get()
            .and_then(|i| list(c, true).get(i).and_then(|p| p.key.clone()))
    };
    let reset = move || {
        errors.set(Vec::new());
        editing.set(None);
        fields.clear();
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let entry = SettingsEdit::SaveProvider {
            chain: chain.get_untracked(),
            editing: editing.get_untracked(),
            fields: fields.typed(),
        };
        spawn_local(async move {
            let problems = edit(session, entry, on_note, "Provider saved.").await;
            if problems.is_empty() {
                reset();
            } else {
                errors.set(problems);
            }
        });
    };
    let site_entries = move |c: Chain| {
        list(c, false)
            .into_iter()
            .map(|provider| {
                view! {
                    <li class="site-provider">
                        <ProviderSummary provider />
                        <span class="provider-source">"the site's"</span>
                    </li>
                }
            })
            .collect_view()
    };
    let chain_list = move |c: Chain| {
        list(c, true)
            .into_iter()
            .enumerate()
            .map(|(i, provider)| {
                let shown_fields = provider.fields.clone();
                view! {
                    <li>
                        <ProviderSummary provider />
                        <button type="button" class="small" on:click=move |_| {
                            chain.set(c);
                            fields.show(&shown_fields);
                            editing.set(Some(i));
                            errors.set(Vec::new());
                        }>"Edit"</button>
                        <button type="button" class="small" on:click=move |_| {
                            let last = list(c, true).len() == 1;
                            let done = if last {
                                "Removed. With none left, the chain uses the site's providers again."
                            } else {
                                "Provider removed."
                            };
                            reset();
                            let remove = SettingsEdit::RemoveProvider { chain: c, index: i };
                            save(session, remove, on_note, done);
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
                    {move || session.config.with(|s| s.shown.chain(c).providers.is_empty())
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
                {move || (chain.get() == Chain::BnbSmartChain).then(|| view! {
                    <label>"Kind "
                        <select on:change=move |e| fields.etherscan.set(event_target_value(&e) == "etherscan")>
                            <option value="evm-rpc" selected=move || !fields.etherscan.get()>"JSON-RPC node"</option>
                            <option value="etherscan" selected=move || fields.etherscan.get()>
                                "Etherscan-style API (BscScan, Etherscan V2, NodeReal)"
                            </option>
                        </select>
                    </label>
                })}
                {move || (chain.get() == Chain::BnbSmartChain && fields.etherscan.get()).then(|| view! {
                    <p class="hint">
                        "Needs an API key. Etherscan's free plan does not cover BSC: use a paid Etherscan key "
                        "(URL https://api.etherscan.io/v2/api?chainid=56), a BscScan key or NodeReal's BscTrace. "
                        "It reads the BNB of 20 addresses a call, then makes one call per address and token, "
                        "so a JSON-RPC node with Multicall3 scans far faster."
                    </p>
                })}
                <TextField label="Name" value=fields.name placeholder="Helius" />
                <TextField label="URL" value=fields.url input=Input::Url required=true placeholder="https://…" />
                <TextField label="Requests per second" value=fields.rps input=Input::Number required=true />
                {move || if chain.get() == Chain::Bitcoin {
                    // Esplora asks one address a request; a server with
                    // mempool.space's group summary tests many at once.
                    view! {
                        <TextField label="Group summary (addresses)" value=fields.batch input=Input::Number
                            placeholder="none; mempool.space takes 300" />
                    }.into_any()
                } else {
                    view! {
                        <TextField label="Batch" value=fields.batch input=Input::Number placeholder="default" />
                    }.into_any()
                }}
                <TextField label="API key" value=fields.api_key input=Input::Secret
                    placeholder=Signal::derive(move || match kept_key() {
                        Some(k) => format!("unchanged ({k})"),
                        None if chain.get() == Chain::BnbSmartChain && fields.etherscan.get() => {
                            "required".to_string()
                        }
                        None => "optional".to_string(),
                    }) />
                {move || (chain.get() == Chain::BnbSmartChain && !fields.etherscan.get()).then(|| view! {
                    <label class="check">
                        <input type="checkbox" prop:checked=move || fields.multicall3.get()
                            on:change=move |e| fields.multicall3.set(event_target_checked(&e)) />
                        " Use Multicall3 (many addresses per call)"
                    </label>
                })}
                <FormErrors errors=errors.read_only() />
                <button type="submit" class="primary">{move || if editing.get().is_some() { "Save changes" } else { "Add provider" }}</button>
            </form>
        </fieldset>
    }
}

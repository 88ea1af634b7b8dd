use super::format::{count_text, duration_text, number, ratio_text};
use super::rescan_options::{scope_text, RescanOptions};
use crate::session::{ChainControl, ScanSession, StartMode};
use leptos::prelude::*;
use scanner_engine::scan::checkpoint::ScanRange;
use scanner_engine::scan::ChainState;
use scanner_engine::Chain;

/// One chain's card: what is stored for it, where its scan stands, and its
/// controls. The `data-*` attributes are the contract's hooks.
#[component]
pub fn ChainCard(control: ChainControl) -> impl IntoView {
    let session = ScanSession::get();
    let chain = control.chain;
    let snapshot = control.snapshot;
    let state = Memo::new(move |_| snapshot.with(|s| s.state));
    // The card's total is the chain's stored addresses (contract: data-total);
    // a scan of all of them measures its progress against it, a scan of part of
    // the chain against the part.
    let total = control.total;
    let scanned = move || snapshot.with(|s| s.scanned);
    let funded = move || snapshot.with(|s| s.funded);
    let partial = move || snapshot.with(|s| s.range != ScanRange::All);
    let scope_total = move || {
        if partial() {
            snapshot.with(|s| s.total)
        } else {
            total.get()
        }
    };
    // Scanned over total, at most one (a scan's range may have grown since).
    let done = move || {
        let total = scope_total() as u64;
        ((scanned() as u64).min(total), total)
    };
    let running = move || state.get() == ChainState::Scanning;
    let state_label = move || match state.get() {
        ChainState::Idle => "Not scanned yet",
        ChainState::Scanning => "Scanning",
        ChainState::Paused => "Paused",
        ChainState::Completed => "Completed",
        ChainState::Failed => "Failed: providers kept failing",
    };
    let rate = move || {
        snapshot.with(|s| match s.addresses_per_second() {
            Some(rate) if running() => format!("{} addresses/s", number(rate.round() as usize)),
            _ => "–".to_string(),
        })
    };
    let eta = move || {
        snapshot.with(|s| match s.eta_ms() {
            Some(ms) if running() => duration_text(ms),
            _ => "–".to_string(),
        })
    };
    let unchecked = Memo::new(move |_| snapshot.with(|s| if running() { 0 } else { s.unchecked }));
    let unchecked = move || unchecked.get();
    let has_unchecked = Signal::derive(move || unchecked() > 0);
    let start = move |mode| control.start(session, mode);
    let primary = move || match state.get() {
        ChainState::Paused | ChainState::Failed => "Resume",
        ChainState::Completed => "Scan again",
        _ => "Start scan",
    };
    let code = chain.code();
    // Until the worker has read what is stored, a figure is unknown, not zero.
    let known = move |figure: String| {
        if session.stored_read.get() {
            figure
        } else {
            "–".to_string()
        }
    };

    view! {
        <article
            class="chain-card"
            class:is-scanning=running
            data-testid=format!("chain-status-{code}")
            data-state=move || state.get().as_str()
            data-scanned=move || scanned().to_string()
            data-total=move || total.get().to_string()
            data-funded=move || snapshot.with(|s| s.funded.to_string())
            data-errors=move || unchecked().to_string()
            aria-labelledby=format!("chain-title-{code}")
        >
            <h3 class="chain-title" id=format!("chain-title-{code}")>
                <span class="chain-code">{code}</span>
                {chain.display_name()}
            </h3>
            <p class="chain-count">
                <span class=move || format!("state-badge state-{}", state.get().as_str())>
                    {state_label}
                </span>
                {move || match total.get() {
                    _ if !session.stored_read.get() => "Stored addresses not read yet".to_string(),
                    0 => "No addresses imported yet".to_string(),
                    n => count_text(n, "address", "addresses"),
                }}
            </p>
            {move || {
                let how = session.config.with(|c| c.shown.chain(chain).how_scanned.clone());
                (!how.is_empty()).then(|| view! { <p class="chain-method">{how}</p> })
            }}
            {move || snapshot.with(|s| scope_text(s.range, s.deep, s.total)).map(|scope| view! {
                <p class="chain-scope">{scope}</p>
            })}
            <div
                class="progress"
                role="progressbar"
                aria-label=format!("{} scan progress", chain.display_name())
                aria-valuemin="0"
                aria-valuemax="100"
                aria-valuenow=move || { let (done, total) = done(); ratio_text(done * 100, total, 0) }
            >
                <div class="progress-fill" style:transform=move || { let (done, total) = done(); format!("scaleX({})", ratio_text(done, total, 4)) }></div>
            </div>
            <dl class="chain-figures">
                <div><dt>"Checked"</dt><dd>{move || known(format!("{} / {}", number(scanned()), number(scope_total())))}</dd></div>
                // Green once something is found: a green 0 reads as good news.
                <div><dt>"Funded"</dt><dd class:funded=move || { funded() > 0 }>{move || known(number(funded()))}</dd></div>
                <div><dt>"Speed"</dt><dd>{rate}</dd></div>
                <div><dt>"Time left"</dt><dd>{eta}</dd></div>
                <div><dt>"Not checked"</dt><dd class:warn=has_unchecked>{move || known(number(unchecked()))}</dd></div>
            </dl>
            {move || control.notice.with(Option::is_some).then(|| view! {
                <p class="chain-notice" role="status">{move || control.notice.get().unwrap_or_default()}</p>
            })}
            {move || control.stale.with(Option::is_some).then(|| view! {
                <div class="stale-prompt" role="alert">
                    <p>
                        {move || match control.stale.get().and_then(|s| s.age_ms) {
                            Some(age_ms) => format!(
                                "This scan was interrupted {} ago; balances found then may have moved since.",
                                duration_text(age_ms)
                            ),
                            None => "This scan's saved progress is dated in the future: this computer's \
                                     clock changed since. Balances found then may have moved since."
                                .to_string(),
                        }}
                    </p>
                    <button type="button" on:click=move |_| start(StartMode::Resume)>"Resume it"</button>
                    <button type="button" on:click=move |_| start(StartMode::Fresh)>"Start over"</button>
                </div>
            })}
            <div class="chain-actions">
                {move || if running() {
                    view! {
                        <button type="button" on:click=move |_| control.stop()>"Stop"</button>
                    }
                    .into_any()
                } else {
                    view! {
                        <button
                            type="button"
                            class="primary"
                            disabled=move || total.get() == 0
                            on:click=move |_| start(StartMode::Auto)
                        >
                            {primary}
                        </button>
                        {move || matches!(state.get(), ChainState::Paused | ChainState::Failed).then(|| view! {
                            <button type="button" on:click=move |_| start(StartMode::Fresh)>"Rescan all"</button>
                        })}
                    }
                    .into_any()
                }}
            </div>
            // Mounted once the chain was scanned, and kept through scans (what was
            // typed and opened stays); its buttons wait while a scan runs.
            <Show when=move || { state.get() != ChainState::Idle && total.get() > 0 }>
                <RescanOptions
                    code=code
                    deep_offered=chain == Chain::Solana
                    busy=Signal::derive(running)
                    on_rescan=Callback::new(move |(range, deep)| start(StartMode::Only { range, deep }))
                />
            </Show>
        </article>
    }
}

use super::format::number;
use crate::session::ScanSession;
use leptos::prelude::*;
use leptos::task::spawn_local;
use scanner_engine::provider::breaker::BreakerStatus;
use scanner_engine::provider::probe::ProbeVerdict;
use scanner_engine::Chain;

/// Per provider: requests, 429s, failures, breaker state, latency, and a "test
/// connection" that says in plain words what is wrong.
#[component]
pub fn ProviderHealth() -> impl IntoView {
    let session = ScanSession::get();
    // The last test of each (chain, provider position); `None` while testing.
    // A few entries: a list, not a map (a hash map is code the page need not carry).
    let verdicts = RwSignal::new(Vec::<((Chain, usize), Option<ProbeVerdict>)>::new());
    let record = move |at: (Chain, usize), verdict: Option<ProbeVerdict>| {
        verdicts.update(|v| {
            v.retain(|(tested, _)| *tested != at);
            v.push((at, verdict));
        });
    };
    let test = move |chain: Chain, position: usize| {
        record((chain, position), None);
        spawn_local(async move {
            let verdict = session.probe(chain, position).await;
            record((chain, position), Some(verdict));
        });
    };
    let rows = move |chain: Chain| {
        let control = session.chain(chain);
        let providers = session
            .config
            .with(|c| c.shown.chain(chain).providers.clone());
        if providers.is_empty() {
            return view! {
                <tr><td colspan="7" class="empty">"No provider configured: add one in Settings."</td></tr>
            }
            .into_any();
        }
        providers
            .into_iter()
            .enumerate()
            .map(|(position, provider)| {
                let live = move || control.snapshot.with(|s| s.providers.get(position).cloned());
                let status = move || match live().map(|l| (l.stats.left_out, l.status)) {
                    None => ("status-idle", "Not used yet"),
                    Some((true, _)) => ("status-bad", "Left out of this scan"),
                    Some((false, status)) => match status {
                        BreakerStatus::Closed => ("status-ok", "Healthy"),
                        BreakerStatus::HalfOpen => ("status-warn", "Probing"),
                        BreakerStatus::Open => ("status-bad", "Paused after failures"),
                    },
                };
                let stat = move |pick: fn(&scanner_engine::scan::ProviderStats) -> u64| {
                    live().map_or("–".to_string(), |l| number(pick(&l.stats) as usize))
                };
                let latency = move || {
                    live()
                        .and_then(|l| l.stats.last_latency_ms)
                        .map_or("–".to_string(), |ms| format!("{} ms", number(ms as usize)))
                };
                let last_error = move || live().and_then(|l| l.stats.last_error);
                let verdict = move || verdicts.with(|v| {
                    v.iter()
                        .find(|(tested, _)| *tested == (chain, position))
                        .map(|(_, verdict)| verdict.clone())
                });
                view! {
                    <tr>
                        <th scope="row">
                            <span class="provider-name">{provider.name}</span>
                            <span class="provider-host">{provider.host}</span>
                        </th>
                        <td><span class=move || format!("status {}", status().0)>{move || status().1}</span></td>
                        <td class="num">{move || stat(|s| s.requests)}</td>
                        <td class="num">{move || stat(|s| s.rate_limited)}</td>
                        <td class="num">{move || stat(|s| s.failures)}</td>
                        <td class="num">{latency}</td>
                        <td class="probe">
                            <button type="button" class="small" on:click=move |_| test(chain, position)>
                                "Test connection"
                            </button>
                            {move || match verdict() {
                                None => None,
                                Some(None) => Some(view! { <p class="verdict" role="status">"Testing…"</p> }.into_any()),
                                Some(Some(v)) => Some(view! {
                                    <p class="verdict" class:ok=v.ok class:bad=!v.ok role="status">{v.message}</p>
                                }.into_any()),
                            }}
                            {move || last_error().map(|e| view! { <p class="last-error">"Last error: " {e}</p> })}
                        </td>
                    </tr>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <section class="panel" aria-labelledby="health-title">
            <h2 id="health-title">"Providers"</h2>
            <div class="table-scroll">
                <table class="health">
                    <thead>
                        <tr>
                            <th scope="col">"Provider"</th>
                            <th scope="col">"Status"</th>
                            <th scope="col" class="num">"Requests"</th>
                            <th scope="col" class="num">"429s"</th>
                            <th scope="col" class="num">"Failures"</th>
                            <th scope="col" class="num">"Latency"</th>
                            <th scope="col">"Check"</th>
                        </tr>
                    </thead>
                    {Chain::ALL
                        .into_iter()
                        .map(|chain| view! {
                            <tbody>
                                <tr class="group"><th colspan="7" scope="rowgroup">{chain.display_name()}</th></tr>
                                {move || rows(chain)}
                            </tbody>
                        })
                        .collect_view()}
                </table>
            </div>
        </section>
    }
}

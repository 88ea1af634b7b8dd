use super::format::{count_text, number, ratio_text};
use super::results_table::FundedTable;
use crate::session::{ScanSession, StartMode};
use leptos::prelude::*;
use leptos::task::spawn_local;
use scan_protocol::ShownTotal;
use scanner_engine::scan::checkpoint::ScanRange;
use scanner_engine::Chain;

/// What was found: totals per chain and token with a bar chart, and the funded
/// addresses in a paged table.
#[component]
pub fn Results() -> impl IntoView {
    let session = ScanSession::get();
    // The index lives in the scan worker (it can hold hundreds of thousands of
    // balances); signals carry only what is shown: the totals, the symbols, the
    // count, and a version that tells the table to ask for its rows again.
    let version = RwSignal::new(0u64);
    let lines = RwSignal::new(Vec::<ShownTotal>::new());
    let symbols = RwSignal::new(Vec::<String>::new());
    let count = RwSignal::new(0usize);
    let (error, set_error) = signal(None::<String>);
    let loads = StoredValue::new(0u64);
    // Re-read from the store whenever a scan ends or stops, or the data changed.
    Effect::new(move |_| {
        session.results_version.track();
        if !session.config.with(|c| c.loaded) {
            return;
        }
        let network = session.network_untracked();
        // Loads may overlap (three chains ending close together): only the last
        // one started is shown, so an older read never replaces a newer one.
        let load = loads.get_value() + 1;
        loads.set_value(load);
        spawn_local(async move {
            let loaded = session.load_results(network).await;
            if loads.get_value() != load {
                return;
            }
            match loaded {
                Ok(summary) => {
                    lines.set(summary.totals);
                    symbols.set(summary.symbols);
                    count.set(summary.count);
                    version.update(|v| *v += 1);
                    set_error.set(None);
                }
                Err(e) => set_error.set(Some(e)),
            }
        });
    });
    let any_scanning = move || session.any_scanning();
    // Memoised: the totals table is rebuilt only when it comes or goes.
    let any_lines = Memo::new(move |_| lines.with(|l| !l.is_empty()));
    let widest = move || lines.with(|l| l.iter().map(|t| t.addresses).max().unwrap_or(1));
    view! {
        <section class="panel results" aria-labelledby="results-title">
            <h2 id="results-title">"Funded addresses"</h2>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            {move || if any_lines.get() {
                view! {
                    <div class="table-scroll">
                    <table class="totals" aria-label="Totals per chain and token">
                        <thead>
                            <tr>
                                <th scope="col">"Chain"</th>
                                <th scope="col">"Asset"</th>
                                <th scope="col" class="num">"Addresses"</th>
                                <th scope="col" class="chart-col">"Share of funded addresses"</th>
                                <th scope="col" class="num">"Total balance"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {move || lines.get().into_iter().map(|t| {
                                let width = ratio_text(t.addresses as u64 * 100, widest() as u64, 1);
                                let chain = t.chain;
                                view! {
                                    <tr>
                                        <td>{chain.code()}</td>
                                        <td>{t.symbol}</td>
                                        <td class="num">{number(t.addresses)}</td>
                                        <td class="chart-col" aria-hidden="true">
                                            <div class=format!("bar bar-{}", chain.code())
                                                style:width=format!("{width}%")></div>
                                        </td>
                                        <td class="num amount" title=t.sum.exact>{t.sum.text}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                    <p class="hint">
                        {move || count_text(count.get(), "funded balance", "funded balances")}
                        " in total. The CSV export holds every one of them."
                    </p>
                }
                .into_any()
            } else {
                view! {
                    <p class="empty">
                        {move || if any_scanning() {
                            "Scanning: the funded list fills in when a scan stops or finishes (the cards count funded addresses as they are found)."
                        } else {
                            "Nothing funded found yet. Import addresses and scan; funded balances appear here."
                        }}
                    </p>
                }
                .into_any()
            }}
            <FundedTable
                count=count.read_only()
                version=version.read_only()
                symbols=symbols.read_only()
                on_deep_check=Callback::new(move |index| {
                    // The wallet's index as a range of one (a repeated index
                    // checks each wallet that has it).
                    let only = StartMode::Only { range: ScanRange::Indices { first: index, last: index }, deep: true };
                    session.chain(Chain::Solana).start(session, only);
                })
            />
        </section>
    }
}

use super::format::{count_text, number};
use super::results_table::FundedTable;
use crate::session::{load_funded, FundedView, ScanSession};
use leptos::prelude::*;
use leptos::task::spawn_local;
use scanner_engine::amount::{format_decimal, group_thousands, Decimals, U256};
use scanner_engine::Chain;
use std::collections::BTreeMap;

/// One (chain, token) line of the totals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenTotal {
    pub chain: Chain,
    pub token: String,
    pub position: usize,
    pub addresses: usize,
    pub sum: U256,
    pub decimals: Decimals,
}

fn totals(view: &FundedView) -> Vec<TokenTotal> {
    let mut by_token: BTreeMap<(Chain, usize, String), TokenTotal> = BTreeMap::new();
    for row in &view.rows {
        let total = by_token
            .entry((row.chain, row.token_position, row.token.clone()))
            .or_insert_with(|| TokenTotal {
                chain: row.chain,
                token: row.token.clone(),
                position: row.token_position,
                addresses: 0,
                sum: U256::ZERO,
                decimals: row.decimals,
            });
        total.addresses += 1;
        total.sum = total.sum.saturating_add(row.raw);
    }
    by_token.into_values().collect()
}

/// Fraction digits the page shows; the CSV (and the tooltip) keep every digit.
const SHOWN_FRACTION_DIGITS: usize = 8;

/// "1,234.5678 USDC": grouped, with the unit; an amount with more than eight
/// fraction digits is cut there and marked "…" (18-decimal tokens are unreadable
/// otherwise).
pub fn amount_text(raw: U256, decimals: Decimals, unit: &str) -> String {
    let exact = format_decimal(raw, decimals);
    let (whole, fraction) = exact.split_once('.').unwrap_or((&exact, ""));
    let whole = group_thousands(whole);
    match fraction.len() {
        0 => format!("{whole} {unit}"),
        n if n <= SHOWN_FRACTION_DIGITS => format!("{whole}.{fraction} {unit}"),
        _ => format!("{whole}.{}… {unit}", &fraction[..SHOWN_FRACTION_DIGITS]),
    }
}

/// The exact amount, for a tooltip.
pub fn exact_text(raw: U256, decimals: Decimals, unit: &str) -> String {
    format!("{} {unit}", format_decimal(raw, decimals))
}

/// What was found: totals per chain and token with a bar chart, and the funded
/// addresses in a paged table.
#[component]
pub fn Results() -> impl IntoView {
    let session = ScanSession::get();
    let funded = RwSignal::new(FundedView::default());
    let (error, set_error) = signal(None::<String>);
    // Re-read from the store whenever a scan ends or stops, or the data changed.
    Effect::new(move |_| {
        session.results_version.track();
        if !session.config.with(|c| c.loaded) {
            return;
        }
        let config = session.app_config();
        spawn_local(async move {
            match load_funded(&config).await {
                Ok(view) => {
                    funded.set(view);
                    set_error.set(None);
                }
                Err(e) => set_error.set(Some(e.to_string())),
            }
        });
    });
    let lines = Memo::new(move |_| funded.with(totals));
    let any_scanning = move || session.any_scanning();
    let widest = move || lines.with(|l| l.iter().map(|t| t.addresses).max().unwrap_or(1));
    view! {
        <section class="panel results" aria-labelledby="results-title">
            <h2 id="results-title">"Funded addresses"</h2>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <Show
                when=move || lines.with(|l| !l.is_empty())
                fallback=move || view! {
                    <p class="empty">
                        {move || if any_scanning() {
                            "Scanning: the funded list fills in when a scan stops or finishes (the cards count funded addresses as they are found)."
                        } else {
                            "Nothing funded found yet. Import addresses and scan; funded balances appear here."
                        }}
                    </p>
                }
            >
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
                            let width = t.addresses as f64 * 100.0 / widest() as f64;
                            view! {
                                <tr>
                                    <td>{t.chain.code()}</td>
                                    <td>{t.token.clone()}</td>
                                    <td class="num">{number(t.addresses)}</td>
                                    <td class="chart-col" aria-hidden="true">
                                        <div class=format!("bar bar-{}", t.chain.code())
                                            style:width=format!("{width:.1}%")></div>
                                    </td>
                                    <td class="num amount" title=exact_text(t.sum, t.decimals, &t.token)>{amount_text(t.sum, t.decimals, &t.token)}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
                <p class="hint">
                    {move || count_text(funded.with(|f| f.rows.len()), "funded balance", "funded balances")}
                    " in total. The CSV export holds every one of them."
                </p>
            </Show>
            <FundedTable funded />
        </section>
    }
}

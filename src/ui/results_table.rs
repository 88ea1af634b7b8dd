use super::format::number;
use super::results::{amount_text, exact_text};
use crate::session::FundedView;
use leptos::prelude::*;
use scanner_engine::amount::format_decimal;
use scanner_engine::export::FundedRow;

/// Rows per page: the table never renders more, however many are funded.
const PAGE_SIZE: usize = 25;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Order {
    List,
    LargestFirst,
    SmallestFirst,
}

/// The amount as a number for sorting (exact text is shown; f64 orders well enough).
fn magnitude(row: &FundedRow) -> f64 {
    format_decimal(row.raw, row.decimals).parse().unwrap_or(0.0)
}

/// The funded balances, filtered by chain and token, sorted, one page at a time.
#[component]
pub fn FundedTable(funded: RwSignal<FundedView>) -> impl IntoView {
    let chain = RwSignal::new(String::new());
    let token = RwSignal::new(String::new());
    let order = RwSignal::new(Order::List);
    let page = RwSignal::new(0usize);
    // Positions of the rows that pass the filters, in the chosen order.
    let selected =
        Memo::new(move |_| {
            funded.with(|f| {
                let (chain, token) = (chain.get(), token.get());
                let mut picked: Vec<usize> = f
                    .rows
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| chain.is_empty() || r.chain.code() == chain)
                    .filter(|(_, r)| token.is_empty() || r.token == token)
                    .map(|(i, _)| i)
                    .collect();
                match order.get() {
                    Order::List => {}
                    Order::LargestFirst => picked
                        .sort_by(|a, b| magnitude(&f.rows[*b]).total_cmp(&magnitude(&f.rows[*a]))),
                    Order::SmallestFirst => picked
                        .sort_by(|a, b| magnitude(&f.rows[*a]).total_cmp(&magnitude(&f.rows[*b]))),
                }
                picked
            })
        });
    let pages = move || selected.with(|s| s.len().div_ceil(PAGE_SIZE).max(1));
    // A filter change can leave the page past the end.
    let current = move || page.get().min(pages() - 1);
    let tokens = move || {
        funded.with(|f| {
            let mut names: Vec<String> = f.rows.iter().map(|r| r.token.clone()).collect();
            names.sort();
            names.dedup();
            names
        })
    };
    let visible = move || {
        let start = current() * PAGE_SIZE;
        selected.with(|s| {
            funded.with(|f| {
                s.iter()
                    .skip(start)
                    .take(PAGE_SIZE)
                    .map(|&i| f.rows[i].clone())
                    .collect::<Vec<_>>()
            })
        })
    };
    view! {
        <Show when=move || funded.with(|f| !f.rows.is_empty())>
            <div class="table-tools" role="group" aria-label="Filter and sort the funded balances">
                <label>"Chain "
                    <select on:change=move |e| { chain.set(event_target_value(&e)); page.set(0); }>
                        <option value="">"All"</option>
                        <option value="BTC">"BTC"</option>
                        <option value="BSC">"BSC"</option>
                        <option value="SOL">"SOL"</option>
                    </select>
                </label>
                <label>"Asset "
                    <select on:change=move |e| { token.set(event_target_value(&e)); page.set(0); }>
                        <option value="">"All"</option>
                        {move || tokens().into_iter().map(|t| view! { <option value=t.clone()>{t.clone()}</option> }).collect_view()}
                    </select>
                </label>
                <label>"Sort "
                    <select on:change=move |e| {
                        order.set(match event_target_value(&e).as_str() {
                            "largest" => Order::LargestFirst,
                            "smallest" => Order::SmallestFirst,
                            _ => Order::List,
                        });
                        page.set(0);
                    }>
                        <option value="list">"List order"</option>
                        <option value="largest">"Largest amount first"</option>
                        <option value="smallest">"Smallest amount first"</option>
                    </select>
                </label>
            </div>
            <div class="table-scroll">
                <table class="funded-table">
                    <thead>
                        <tr>
                            <th scope="col">"Chain"</th>
                            <th scope="col" class="num">"Index"</th>
                            <th scope="col">"Address"</th>
                            <th scope="col" class="num">"Balance"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || visible().into_iter().map(|row| view! {
                            <tr>
                                <td>{row.chain.code()}</td>
                                <td class="num">{number(row.index as usize)}</td>
                                <td class="address"><code>{row.address.clone()}</code></td>
                                <td class="num amount" title=exact_text(row.raw, row.decimals, &row.token)>{amount_text(row.raw, row.decimals, &row.token)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <nav class="pager" aria-label="Pages of funded balances">
                <button type="button" class="small" disabled=move || current() == 0
                    on:click=move |_| page.set(current().saturating_sub(1))>"Previous"</button>
                <span>{move || format!(
                    "Page {} of {} · {} rows",
                    number(current() + 1),
                    number(pages()),
                    number(selected.with(Vec::len))
                )}</span>
                <button type="button" class="small" disabled=move || { current() + 1 >= pages() }
                    on:click=move |_| page.set(current() + 1)>"Next"</button>
            </nav>
        </Show>
    }
}

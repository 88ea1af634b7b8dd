use super::format::number;
use crate::session::ScanSession;
use leptos::prelude::*;
use leptos::task::spawn_local;
use scan_protocol::ShownRow;
use scanner_engine::export::funded_index::{Order, Selection};
use scanner_engine::Chain;

/// Rows per page: the table never renders more, however many are funded.
const PAGE_SIZE: usize = 25;

/// The funded balances, filtered by chain and token, sorted, one page at a time.
/// The scan worker holds them all; the page asks it for the rows it shows.
#[component]
pub fn FundedTable(
    /// Funded balances in the worker's index.
    count: ReadSignal<usize>,
    /// Bumped whenever the worker's index was replaced.
    version: ReadSignal<u64>,
    symbols: ReadSignal<Vec<String>>,
    /// The user asked for the deep check of the Solana wallet at this index.
    on_deep_check: Callback<u64>,
) -> impl IntoView {
    let session = ScanSession::get();
    let chain = RwSignal::new(None::<Chain>);
    let token = RwSignal::new(String::new());
    let order = RwSignal::new(Order::List);
    let page = RwSignal::new(0usize);
    let visible = RwSignal::new(Vec::<ShownRow>::new());
    // How many balances pass the filters.
    let matching = RwSignal::new(0usize);
    let asks = StoredValue::new(0u64);
    Effect::new(move |_| {
        version.track();
        let selection = Selection {
            chain: chain.get(),
            symbol: Some(token.get()).filter(|t| !t.is_empty()),
            order: order.get(),
        };
        let first = page.get() * PAGE_SIZE;
        // Only the answer to the latest question is shown.
        let ask = asks.get_value() + 1;
        asks.set_value(ask);
        spawn_local(async move {
            let answer = session.results_rows(selection, first, PAGE_SIZE).await;
            if asks.get_value() != ask {
                return;
            }
            if let Ok((rows, total)) = answer {
                // A filter change can leave the page past the end.
                let last_page = total.div_ceil(PAGE_SIZE).max(1) - 1;
                if rows.is_empty() && page.get_untracked() > last_page {
                    page.set(last_page);
                }
                visible.set(rows);
                matching.set(total);
            }
        });
    });
    let pages = move || matching.get().div_ceil(PAGE_SIZE).max(1);
    let current = move || page.get().min(pages() - 1);
    let visible = move || visible.get();
    // Memoised: the table (and its filters' selects) is built once when the first
    // balance arrives, not again on every reload of the index.
    let any = Memo::new(move |_| count.get() > 0);
    view! {
        {move || any.get().then(|| view! {
            <div class="table-tools" role="group" aria-label="Filter and sort the funded balances">
                <label>"Chain "
                    <select on:change=move |e| { chain.set(event_target_value(&e).parse().ok()); page.set(0); }>
                        <option value="">"All"</option>
                        <option value="BTC">"BTC"</option>
                        <option value="BSC">"BSC"</option>
                        <option value="SOL">"SOL"</option>
                    </select>
                </label>
                <label>"Asset "
                    <select on:change=move |e| { token.set(event_target_value(&e)); page.set(0); }>
                        <option value="">"All"</option>
                        {move || symbols.get().into_iter().map(|t| view! { <option value=t.clone()>{t.clone()}</option> }).collect_view()}
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
                            <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            // A wallet's rows follow one another: its button goes on the first.
                            let mut previous = String::new();
                            visible().into_iter().map(|row| {
                                let first_of_wallet = row.address != previous;
                                previous.clone_from(&row.address);
                                let deep_check = (row.chain == Chain::Solana && first_of_wallet)
                                    .then_some(on_deep_check);
                                view! { <FundedRowLine row=row deep_check=deep_check /> }
                            }).collect_view()
                        }}
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
                    number(matching.get())
                )}</span>
                <button type="button" class="small" disabled=move || { current() + 1 >= pages() }
                    on:click=move |_| page.set(current() + 1)>"Next"</button>
            </nav>
        })}
    }
}

/// One funded balance; a Solana wallet's first row offers its deep check.
#[component]
fn FundedRowLine(row: ShownRow, deep_check: Option<Callback<u64>>) -> impl IntoView {
    let index = row.index;
    view! {
        <tr>
            <td>{row.chain.code()}</td>
            <td class="num">{number(row.index as usize)}</td>
            <td class="address"><code>{row.address.clone()}</code></td>
            <td class="num amount" title=row.balance.exact>{row.balance.text}</td>
            <td>
                {deep_check.map(|deep_check| view! {
                    <button type="button" class="small"
                        title="Every token account this wallet owns, not only its associated ones"
                        on:click=move |_| deep_check.run(index)>
                        "Deep check"
                    </button>
                })}
            </td>
        </tr>
    }
}

use super::format::{count_text, number};
use leptos::prelude::*;
use scanner_engine::scan::checkpoint::ScanRange;

/// Rescans of part of a chain: the funded and the unchecked (after a sweep, or
/// to finish what a failed scan left), or an index range. What the user picks
/// goes out through `on_rescan`.
#[component]
pub fn RescanOptions(
    /// The chain's code, for the hooks' names.
    code: &'static str,
    on_rescan: Callback<ScanRange>,
) -> impl IntoView {
    let first = RwSignal::new(String::new());
    let last = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let rescan_range = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        match index_range(&first.get_untracked(), &last.get_untracked()) {
            Ok(range) => {
                problem.set(None);
                on_rescan.run(range);
            }
            Err(why) => problem.set(Some(why)),
        }
    };
    view! {
        <details class="rescan-options">
            <summary>"Rescan part of the list"</summary>
            <p class="rescan-choice">
                <button
                    type="button"
                    data-testid=format!("rescan-funded-{code}")
                    on:click=move |_| on_rescan.run(ScanRange::FundedOrUnchecked)
                >
                    "Only the funded and the unchecked"
                </button>
                <span class="hint">
                    "After a sweep: checks again what held funds or could not be checked, and \
                     what was never checked. Addresses found empty are left as they were."
                </span>
            </p>
            <form class="rescan-range" on:submit=rescan_range>
                <label>"Indices from "
                    <input type="number" min="0" inputmode="numeric" class="index-input"
                        data-testid=format!("rescan-first-{code}")
                        prop:value=move || first.get()
                        on:input=move |e| first.set(event_target_value(&e)) />
                </label>
                <label>" to "
                    <input type="number" min="0" inputmode="numeric" class="index-input"
                        data-testid=format!("rescan-last-{code}")
                        prop:value=move || last.get()
                        on:input=move |e| last.set(event_target_value(&e)) />
                </label>
                <button type="submit" data-testid=format!("rescan-range-{code}")>"Rescan these"</button>
                {move || problem.get().map(|why| view! { <p class="rescan-error" role="alert">{why}</p> })}
            </form>
        </details>
    }
}

/// The inclusive index range typed, or what is wrong with it.
fn index_range(first: &str, last: &str) -> Result<ScanRange, String> {
    let parse = |text: &str, which: &str| {
        text.trim()
            .parse::<u64>()
            .map_err(|_| format!("The {which} index must be a whole number from 0."))
    };
    let (first, last) = (parse(first, "first")?, parse(last, "last")?);
    if first > last {
        return Err(format!(
            "The first index ({}) is above the last ({}).",
            number(first as usize),
            number(last as usize)
        ));
    }
    Ok(ScanRange::Indices { first, last })
}

/// What a scan of part of the chain covers, for its card; `None` for all of it.
pub fn scope_text(range: ScanRange, total: usize) -> Option<String> {
    let covered = count_text(total, "address", "addresses");
    match range {
        ScanRange::All => None,
        ScanRange::FundedOrUnchecked => Some(format!(
            "This scan: only the funded and the unchecked, {covered}"
        )),
        ScanRange::Indices { first, last } => Some(format!(
            "This scan: indices {} to {}, {covered}",
            number(first as usize),
            number(last as usize)
        )),
    }
}

use super::format::{count_text, number};
use leptos::prelude::*;
use scanner_engine::scan::checkpoint::ScanRange;

/// Rescans of part of a chain: the funded and the unchecked (after a sweep, or
/// to finish what a failed scan left), or an index range; on Solana either may
/// be a deep check. What the user picks goes out through `on_rescan`: the range,
/// and whether to check deep.
#[component]
pub fn RescanOptions(
    /// The chain's code, for the hooks' names.
    code: &'static str,
    /// Whether the chain offers the deep check (Solana).
    deep_offered: bool,
    /// A scan of the chain is running: nothing can start now.
    busy: Signal<bool>,
    on_rescan: Callback<(ScanRange, bool)>,
) -> impl IntoView {
    let first = RwSignal::new(String::new());
    let last = RwSignal::new(String::new());
    let deep = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let on_rescan = move |range| on_rescan.run((range, deep_offered && deep.get_untracked()));
    let rescan_range = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        match index_range(&first.get_untracked(), &last.get_untracked()) {
            Ok(range) => {
                problem.set(None);
                on_rescan(range);
            }
            Err(why) => problem.set(Some(why)),
        }
    };
    view! {
        <details class="rescan-options">
            <summary>"Rescan part of the list"</summary>
            {deep_offered.then(|| view! {
                <label class="check deep-check">
                    <input type="checkbox" data-testid=format!("rescan-deep-{code}")
                        prop:checked=move || deep.get()
                        on:change=move |e| deep.set(event_target_checked(&e)) />
                    " Deep check: every token account each wallet owns, not only its \
                     associated ones (3 calls a wallet instead of a share of one)"
                </label>
            })}
            <p class="rescan-choice">
                <button
                    type="button"
                    data-testid=format!("rescan-funded-{code}")
                    disabled=move || busy.get()
                    on:click=move |_| on_rescan(ScanRange::FundedOrUnchecked)
                >
                    "Only the funded and the unchecked"
                </button>
                <span class="hint">
                    "After a sweep: checks again what held funds or could not be checked, and \
                     what was never checked. Addresses found empty are left as they were."
                </span>
            </p>
            <form class="rescan-range" on:submit=rescan_range>
                {index_input("Indices from ", format!("rescan-first-{code}"), first)}
                {index_input(" to ", format!("rescan-last-{code}"), last)}
                <button type="submit" data-testid=format!("rescan-range-{code}") disabled=move || busy.get()>
                    "Rescan these"
                </button>
                <span class="hint">"One wallet: the same index twice."</span>
                {move || problem.get().map(|why| view! { <p class="rescan-error" role="alert">{why}</p> })}
            </form>
        </details>
    }
}

/// A labelled index field (one end of the range) bound to `value`.
fn index_input(label: &'static str, testid: String, value: RwSignal<String>) -> impl IntoView {
    view! {
        <label>{label}
            <input type="number" min="0" inputmode="numeric" class="index-input"
                data-testid=testid
                prop:value=move || value.get()
                on:input=move |e| value.set(event_target_value(&e)) />
        </label>
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
pub fn scope_text(range: ScanRange, deep: bool, total: usize) -> Option<String> {
    let covered = count_text(total, "address", "addresses");
    let deep_check = if deep { "deep check of " } else { "" };
    let part = match range {
        ScanRange::All if deep => "deep check of every address".to_string(),
        ScanRange::All => return None,
        ScanRange::FundedOrUnchecked if deep => "deep check of the funded and the unchecked".into(),
        ScanRange::FundedOrUnchecked => "only the funded and the unchecked".to_string(),
        ScanRange::Indices { first, last } => format!(
            "{deep_check}indices {} to {}",
            number(first as usize),
            number(last as usize)
        ),
    };
    Some(format!("This scan: {part}, {covered}"))
}

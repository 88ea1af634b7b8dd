use leptos::prelude::*;
use leptos::task::spawn_local;

use super::format::count_text;
use super::import_report::ImportView;
use super::watch_only_form::WatchOnlyForm;
use crate::session::{ScanSession, Source};
use scan_protocol::import::SHOWN_REJECTIONS;
use web_platform::download::download_text;

fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    list.map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
        .unwrap_or_default()
}

/// Picking, dropping or pasting address lists, and the report of the last import.
#[component]
pub fn ImportPanel() -> impl IntoView {
    let session = ScanSession::get();
    let (state, set_state) = signal(ImportView::default());
    // The full list of rejected lines, for the download (not rendered).
    let all_rejections = StoredValue::new(String::new());
    let (dragging, set_dragging) = signal(false);
    let (pasted, set_pasted) = signal(String::new());

    // Files (read here) or pasted text become one import.
    let run_import = move |sources: Vec<Source>| {
        // Picking nothing is no import (contract: data-seq).
        if sources.is_empty() || state.with_untracked(|s| s.importing) {
            return;
        }
        set_state.update(ImportView::start);
        spawn_local(async move {
            let progress = move |stage| set_state.update(|s| s.stage = Some(stage));
            match session
                .imports
                .import_sources(sources, session.network_untracked(), progress)
                .await
            {
                Ok(mut outcome) => {
                    all_rejections.set_value(std::mem::take(&mut outcome.rejections_text));
                    set_state.update(|s| s.finished(&outcome));
                    session.imported(outcome.totals);
                }
                Err(error) => set_state.update(|s| s.failed(error)),
            }
        });
    };

    let on_change = move |event: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&event);
        let files = files_of(input.files());
        // Lets the same file be picked again later.
        input.set_value("");
        run_import(files.into_iter().map(Source::File).collect());
    };
    let on_drop = move |event: leptos::ev::DragEvent| {
        event.prevent_default();
        set_dragging.set(false);
        let files = files_of(event.data_transfer().and_then(|d| d.files()));
        run_import(files.into_iter().map(Source::File).collect());
    };
    let on_paste_import = move |_| {
        let text = pasted.get_untracked();
        if !text.trim().is_empty() {
            set_pasted.set(String::new());
            run_import(vec![Source::Text("pasted text".into(), text)]);
        }
    };
    let demo_files = move || session.config.with(|c| c.shown.demo_files.clone());
    let load_demo = move |_| run_import(demo_files().into_iter().map(Source::BesidePage).collect());
    let download_rejections = move |_| {
        let text = all_rejections.get_value();
        let _ = download_text("rejected-lines.txt", "text/plain;charset=utf-8", &text);
    };
    // The report's optional parts, memoised: the import state changes with every
    // progress tick, and a part is rebuilt only when it comes or goes.
    let secrets_refused = Memo::new(move |_| state.with(|s| s.secrets > 0));
    let failed = Memo::new(move |_| state.with(|s| s.error.is_some()));
    let rejections_kept = Memo::new(move |_| state.with(|s| !s.importing && s.rejected > 0));
    let data_state = move || {
        if state.with(|s| s.importing) {
            "importing"
        } else {
            "done"
        }
    };

    view! {
        <section
            class="panel import-panel"
            class:dragging=dragging
            aria-labelledby="import-title"
            on:dragover=move |e: leptos::ev::DragEvent| { e.prevent_default(); set_dragging.set(true); }
            on:dragleave=move |_| set_dragging.set(false)
            on:drop=on_drop
        >
            <h2 id="import-title">"Import addresses"</h2>
            <p class="hint">
                "The HD wallet tool's JSON export, CSV with an address column, or plain text with one address per line: "
                "choose files, drop them here, or paste a list. "
                "This page only ever needs addresses: never import a seed phrase or a private key."
            </p>
            {move || (!demo_files().is_empty()).then(|| view! {
                <p class="callout demo" role="note">
                    "Demo mode: the providers are local mocks with made-up balances, and nothing leaves this machine. "
                    <button type="button" class="small" on:click=load_demo>"Load the demo addresses"</button>
                </p>
            })}
            <div class="import-inputs">
                <label class="file-button">
                    "Choose files…"
                    <input type="file" multiple data-testid="import-file" aria-label="Import address files" on:change=on_change />
                </label>
                <span class="drop-hint" aria-hidden="true">"or drop files anywhere in this box"</span>
            </div>
            <details class="paste">
                <summary>"Paste addresses"</summary>
                <textarea
                    rows="5"
                    aria-label="Addresses to import, one per line"
                    // A Rust string: the view macro does not decode HTML
                    // entities (`&#10;` showed as written).
                    placeholder="bc1q…\n0x…"
                    prop:value=move || pasted.get()
                    on:input=move |e| set_pasted.set(event_target_value(&e))
                ></textarea>
                <button type="button" on:click=on_paste_import disabled=move || pasted.with(|p| p.trim().is_empty())>
                    "Import pasted text"
                </button>
            </details>
            <WatchOnlyForm
                busy=Signal::derive(move || state.with(|s| s.importing))
                on_derive=move |source| run_import(vec![source])
            />
            <div
                class="import-report"
                data-testid="import-report"
                role="status"
                data-state=data_state
                data-seq=move || state.with(|s| s.seq.to_string())
                data-imported=move || state.with(|s| s.imported.to_string())
                data-rejected=move || state.with(|s| s.rejected.to_string())
                data-duplicates=move || state.with(|s| s.duplicates.to_string())
            >
                <p class="import-summary">{move || state.with(ImportView::summary)}</p>
                <ul class="derived">
                    {move || state.with(|s| s.derived.clone()).into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                </ul>
                {move || state.with(ImportView::fraction).map(|(value, max)| view! {
                    <progress value=value.to_string() max=max.to_string() aria-label="Import progress"></progress>
                })}
                {move || secrets_refused.get().then(|| view! {
                    <p class="import-warning">
                        {move || state.with(|s| format!(
                            "{} like a seed phrase or private key and {} not imported (nor shown). Check that you picked the right file.",
                            count_text(s.secrets, "entry looked", "entries looked"),
                            if s.secrets == 1 { "was" } else { "were" }
                        ))}
                    </p>
                })}
                {move || failed.get().then(|| view! {
                    <p class="import-error">{move || state.with(|s| s.error.clone().unwrap_or_default())}</p>
                })}
                <ul class="rejections">
                    {move || state.with(|s| s.first_rejections.clone()).into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                </ul>
                {move || rejections_kept.get().then(|| view! {
                    <button type="button" class="small" on:click=download_rejections>
                        {move || if state.with(|s| s.rejected > SHOWN_REJECTIONS) {
                            "Download all rejected lines"
                        } else {
                            "Download the rejected lines"
                        }}
                    </button>
                })}
            </div>
        </section>
    }
}

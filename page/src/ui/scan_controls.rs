use crate::session::ScanSession;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Scan every chain, stop every chain, and export what was found.
#[component]
pub fn ScanControls() -> impl IntoView {
    let session = ScanSession::get();
    let any_running = move || session.any_scanning();
    let any_addresses = move || session.chains.iter().any(|c| c.total.get() > 0);
    let (export_note, set_export_note) = signal(None::<String>);
    let on_export = move |_| {
        let network = session.network_untracked();
        spawn_local(async move {
            let note = match session.export_csv(network).await {
                Ok(0) => "Exported the CSV: no funded address yet (header only).".to_string(),
                Ok(1) => "Exported 1 funded balance.".to_string(),
                Ok(n) => format!("Exported {} funded balances.", super::format::number(n)),
                Err(error) => format!("Export failed: {error}"),
            };
            set_export_note.set(Some(note));
        });
    };
    view! {
        <div class="scan-controls" role="group" aria-label="Scan controls">
            <button
                type="button"
                class="primary"
                data-testid="scan-all"
                disabled=move || !any_addresses()
                on:click=move |_| session.scan_all()
            >
                "Scan all chains"
            </button>
            <button
                type="button"
                data-testid="stop-all"
                disabled=move || !any_running()
                on:click=move |_| session.stop_all()
            >
                "Stop all"
            </button>
            <button type="button" data-testid="export-csv" on:click=on_export>
                "Export funded (CSV)"
            </button>
            <span class="export-note" role="status">{move || export_note.get()}</span>
        </div>
    }
}

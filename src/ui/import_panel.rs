use leptos::prelude::*;
use leptos::task::spawn_local;
use scanner_engine::amount::group_thousands;
use scanner_engine::import::ImportReport;
use wasm_bindgen_futures::JsFuture;

use crate::import_flow::import_files;
use crate::session::ScanSession;

/// How many rejected lines the page lists; the counts cover all of them.
const SHOWN_REJECTIONS: usize = 5;

/// The last import's outcome, as the report shows it.
#[derive(Clone, Debug, Default, PartialEq)]
struct ImportView {
    importing: bool,
    /// Imports since the page loaded (contract: `data-seq`).
    seq: u32,
    imported: usize,
    rejected: usize,
    duplicates: usize,
    secrets: usize,
    first_rejections: Vec<String>,
    error: Option<String>,
}

impl ImportView {
    fn finished(&mut self, report: &ImportReport) {
        self.importing = false;
        self.imported = report.imported.len();
        self.rejected = report.rejected.len();
        self.duplicates = report.duplicates;
        self.secrets = report.secrets_refused();
        self.first_rejections = report
            .rejected
            .iter()
            .take(SHOWN_REJECTIONS)
            .map(ToString::to_string)
            .collect();
        self.error = None;
    }

    fn summary(&self) -> String {
        if self.importing {
            return "Importing…".into();
        }
        if self.seq == 0 {
            return "No import yet.".into();
        }
        format!(
            "Imported {} · {} rejected · {}",
            counted(self.imported, "new address", "new addresses"),
            group_thousands(&self.rejected.to_string()),
            counted(self.duplicates, "duplicate", "duplicates"),
        )
    }
}

/// "1 duplicate", "1,204 duplicates".
fn counted(n: usize, one: &str, many: &str) -> String {
    let noun = if n == 1 { one } else { many };
    format!("{} {noun}", group_thousands(&n.to_string()))
}

async fn read_file(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|error| format!("could not read {}: {error:?}", file.name()))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Picking address files, and the report of the last import.
#[component]
pub fn ImportPanel() -> impl IntoView {
    let session = ScanSession::get();
    let (state, set_state) = signal(ImportView::default());

    let on_change = move |event: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&event);
        let Some(list) = input.files() else { return };
        let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        // Picking nothing is no import.
        if files.is_empty() {
            return;
        }
        // Lets the same file be picked again later.
        input.set_value("");
        set_state.update(|s| {
            s.importing = true;
            s.seq += 1;
        });
        spawn_local(async move {
            let mut read = Vec::with_capacity(files.len());
            for file in &files {
                match read_file(file).await {
                    Ok(bytes) => read.push((file.name(), bytes)),
                    Err(error) => {
                        set_state.update(|s| {
                            s.importing = false;
                            s.error = Some(error);
                        });
                        return;
                    }
                }
            }
            match import_files(read, session.network_untracked()).await {
                Ok((report, totals)) => {
                    set_state.update(|s| s.finished(&report));
                    session.imported(totals);
                }
                Err(error) => set_state.update(|s| {
                    s.importing = false;
                    s.error = Some(error.to_string());
                }),
            }
        });
    };

    let data_state = move || {
        if state.with(|s| s.importing) {
            "importing"
        } else {
            "done"
        }
    };
    view! {
        <section class="panel import-panel" aria-labelledby="import-title">
            <h2 id="import-title">"Import addresses"</h2>
            <p class="hint">
                "The HD wallet tool's JSON export, CSV with an address column, or plain text with one address per line. "
                "This page only ever needs addresses: never import a seed phrase or a private key."
            </p>
            <label class="file-button">
                "Choose files…"
                <input
                    type="file"
                    multiple
                    data-testid="import-file"
                    aria-label="Import address files"
                    on:change=on_change
                />
            </label>
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
                <Show when=move || state.with(|s| s.secrets > 0)>
                    <p class="import-warning">
                        {move || state.with(|s| format!(
                            "{} line(s) looked like a seed phrase or private key and were not imported. Check that you picked the right file.",
                            s.secrets
                        ))}
                    </p>
                </Show>
                <Show when=move || state.with(|s| s.error.is_some())>
                    <p class="import-error">{move || state.with(|s| s.error.clone().unwrap_or_default())}</p>
                </Show>
                <ul class="rejections">
                    {move || state.with(|s| s.first_rejections.clone()).into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                </ul>
            </div>
        </section>
    }
}

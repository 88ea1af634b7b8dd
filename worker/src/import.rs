//! An import inside the worker: read the sources (files are read here, not on
//! the page's thread), run the import, and report progress and the outcome.

use super::report;
use crate::derive_flow::derive;
use crate::import_flow::import_files;
use crate::page_files::fetch_beside_page;
use scan_protocol::import::{ImportOutcome, ImportStage};
use scan_protocol::{FromWorker, ImportSource};
use scanner_engine::ports::Clock;
use scanner_engine::time::Millis;
use scanner_engine::Network;
use std::cell::Cell;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_platform::clock::BrowserClock;
use web_platform::js_error::js_error_text;
use web_platform::locks::{is_held, with_lock};

/// The longest the page's progress line lags behind the import.
const PROGRESS_EVERY_MS: u64 = 100;

/// Imports run one at a time across every tab of this browser: each checks its
/// addresses against those stored before it began, so two at once would both
/// store an address they share (and the second's write would fail on it).
const IMPORT_LOCK: &str = "balance-scanner/import";

pub(super) fn spawn(network: Network, sources: Vec<ImportSource>, attached: Vec<web_sys::File>) {
    spawn_local(async move {
        if is_held(IMPORT_LOCK).await {
            report(FromWorker::ImportProgress {
                stage: ImportStage::Waiting,
            });
        }
        let outcome = with_lock(IMPORT_LOCK, run(network, sources, attached))
            .await
            .unwrap_or_else(|| Err("this browser refused the import its lock (Web Locks)".into()));
        report(FromWorker::Imported { outcome });
    });
}

async fn run(
    network: Network,
    sources: Vec<ImportSource>,
    attached: Vec<web_sys::File>,
) -> Result<ImportOutcome, String> {
    report(FromWorker::ImportProgress {
        stage: ImportStage::Reading,
    });
    let mut files = attached.into_iter();
    let mut read = Vec::with_capacity(sources.len());
    let mut derived = Vec::new();
    let reported_at = Cell::new(None::<Millis>);
    let progress = |stage: ImportStage| {
        let now = BrowserClock.now();
        if reported_at
            .get()
            .is_none_or(|at| now.since(at) >= PROGRESS_EVERY_MS)
        {
            reported_at.set(Some(now));
            report(FromWorker::ImportProgress { stage });
        }
    };
    for source in sources {
        match source {
            ImportSource::Text { name, text } => read.push((name, text.into_bytes())),
            ImportSource::BesidePage { path } => {
                let bytes = fetch_beside_page(&path).await?;
                read.push((path, bytes));
            }
            ImportSource::AttachedFile => {
                let file = files
                    .next()
                    .ok_or("a file to import did not reach the scanner")?;
                read.push((file.name(), read_file(&file).await?));
            }
            ImportSource::WatchOnly(request) => {
                derived.push(derive(&request, network, &progress).await)
            }
        }
    }
    import_files(read, derived, network, progress)
        .await
        .map_err(|error| error.to_string())
}

async fn read_file(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|error| format!("could not read {}: {}", file.name(), js_error_text(&error)))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

//! An import as the page sees it: hand the sources to the scan worker, follow its
//! progress, and get the outcome. The page never reads a file's bytes itself.

use crate::import_flow::{ImportOutcome, ImportStage};
use crate::platform::scan_worker;
use crate::worker::messages::{FromWorker, ImportSource, ToWorker};
use futures::channel::oneshot;
use scanner_engine::Network;
use std::cell::RefCell;

/// What one import reads: a picked or dropped file, or text (pasted, or a demo
/// file the page fetched).
pub enum Source {
    File(web_sys::File),
    Text(String, String),
}

/// The import in progress: who follows it, and what its end completes.
struct Pending {
    progress: Box<dyn Fn(ImportStage)>,
    done: oneshot::Sender<Result<ImportOutcome, String>>,
}

thread_local! {
    static PENDING: RefCell<Option<Pending>> = const { RefCell::new(None) };
}

/// Imports `sources`, in order, as one import on `network`. One at a time: the
/// import panel starts none while one runs.
pub async fn import_sources(
    sources: Vec<Source>,
    network: Network,
    progress: impl Fn(ImportStage) + 'static,
) -> Result<ImportOutcome, String> {
    let mut described = Vec::with_capacity(sources.len());
    let mut files = Vec::new();
    for source in sources {
        described.push(match source {
            Source::Text(name, text) => ImportSource::Text { name, text },
            Source::File(file) => {
                files.push(file);
                ImportSource::AttachedFile
            }
        });
    }
    let (done, outcome) = oneshot::channel();
    PENDING.set(Some(Pending {
        progress: Box::new(progress),
        done,
    }));
    let command = ToWorker::Import {
        network,
        sources: described,
    };
    if let Err(why) = scan_worker::send_with_files(&command, &files) {
        PENDING.set(None);
        return Err(why);
    }
    outcome
        .await
        .unwrap_or_else(|_| Err("the import was interrupted".into()))
}

/// Applies what the worker reported about the import.
pub(super) fn hear(report: FromWorker) {
    match report {
        FromWorker::ImportProgress { stage } => PENDING.with_borrow(|pending| {
            if let Some(pending) = pending {
                (pending.progress)(stage);
            }
        }),
        FromWorker::Imported { outcome } => finish(outcome.map_err(|why| {
            if why.trim_end_matches(['.', ')']).ends_with("again") {
                why
            } else {
                format!("{why}. Try the import again.")
            }
        })),
        _ => {}
    }
}

/// The worker died: an import it ran is over; what it stored stays.
pub(super) fn worker_crashed(notice: &str) {
    finish(Err(notice.to_string()));
}

fn finish(outcome: Result<ImportOutcome, String>) {
    if let Some(pending) = PENDING.take() {
        let _ = pending.done.send(outcome);
    }
}

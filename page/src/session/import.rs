//! An import as the page sees it: hand the sources to the scan worker, follow its
//! progress, and get the outcome. The page never reads a file's bytes itself.

use crate::scan_worker::WorkerLink;
use futures::channel::oneshot;
use leptos::prelude::*;
use scan_protocol::import::{ImportOutcome, ImportStage};
use scan_protocol::{FromWorker, ImportSource, ToWorker, WatchOnlyRequest};
use scanner_engine::Network;

/// What one import reads: a picked or dropped file, pasted text (named), or a
/// file next to the page (the demo's lists, which the worker fetches).
pub enum Source {
    File(web_sys::File),
    Text(String, String),
    BesidePage(String),
    /// A watch-only wallet's first addresses (the worker derives them).
    WatchOnly(WatchOnlyRequest),
}

/// The import in progress: who follows it, and what its end completes.
struct Pending {
    progress: Box<dyn Fn(ImportStage)>,
    done: oneshot::Sender<Result<ImportOutcome, String>>,
}

/// The page's side of imports: the one in progress, if any (`Copy`, held by
/// the session).
#[derive(Clone, Copy)]
pub struct Imports {
    worker: WorkerLink,
    pending: StoredValue<Option<Pending>, LocalStorage>,
}

impl Imports {
    pub fn new(worker: WorkerLink) -> Self {
        Imports {
            worker,
            pending: StoredValue::new_local(None),
        }
    }

    /// Imports `sources`, in order, as one import on `network`. One at a time:
    /// the import panel starts none while one runs.
    pub async fn import_sources(
        &self,
        sources: Vec<Source>,
        network: Network,
        progress: impl Fn(ImportStage) + 'static,
    ) -> Result<ImportOutcome, String> {
        let mut described = Vec::with_capacity(sources.len());
        let mut files = Vec::new();
        for source in sources {
            described.push(match source {
                Source::Text(name, text) => ImportSource::Text { name, text },
                Source::BesidePage(path) => ImportSource::BesidePage { path },
                Source::WatchOnly(request) => ImportSource::WatchOnly(request),
                Source::File(file) => {
                    files.push(file);
                    ImportSource::AttachedFile
                }
            });
        }
        let (done, outcome) = oneshot::channel();
        self.pending.set_value(Some(Pending {
            progress: Box::new(progress),
            done,
        }));
        let command = ToWorker::Import {
            network,
            sources: described,
        };
        if let Err(why) = self.worker.send_with_files(&command, &files) {
            self.pending.set_value(None);
            return Err(why);
        }
        outcome
            .await
            .unwrap_or_else(|_| Err("the import was interrupted".into()))
    }

    /// Applies what the worker reported about the import.
    pub(super) fn hear(&self, report: FromWorker) {
        match report {
            FromWorker::ImportProgress { stage } => self.pending.with_value(|pending| {
                if let Some(pending) = pending {
                    (pending.progress)(stage);
                }
            }),
            FromWorker::Imported { outcome } => self.finish(outcome.map_err(|why| {
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
    pub(super) fn worker_crashed(&self, notice: &str) {
        self.finish(Err(notice.to_string()));
    }

    fn finish(&self, outcome: Result<ImportOutcome, String>) {
        if let Some(pending) = self.pending.try_update_value(Option::take).flatten() {
            let _ = pending.done.send(outcome);
        }
    }
}

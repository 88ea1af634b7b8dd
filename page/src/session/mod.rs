//! The page's scan session: the configuration in force and, per chain, where its
//! scan stands. Components read it from context and ask it to act; only this
//! module starts and stops scans.

mod chain;
mod config;
mod import;
mod requests;
mod results;
mod stored;

pub use chain::{ChainControl, StaleScan, StartMode};
pub use config::ConfigState;
pub use import::{Imports, Source};
pub use requests::Requests;

use crate::scan_worker::{WorkerLink, WorkerNews};
use leptos::prelude::*;
use leptos::task::spawn_local;
use scan_protocol::import::ChainTotals;
use scanner_engine::scan::ChainState;
use scanner_engine::{Chain, Network};

/// Everything the page shares; `Copy`, so every component can hold it.
#[derive(Clone, Copy)]
pub struct ScanSession {
    pub config: RwSignal<ConfigState>,
    pub chains: [ChainControl; 3],
    /// Bumped when stored results changed enough to re-read the results panel.
    pub results_version: RwSignal<u64>,
    /// The scan worker is of another build than the page: only a reload helps.
    pub outdated: RwSignal<bool>,
    /// The scan worker stopped or is of another build: what to tell the user.
    pub scanner_gone: RwSignal<Option<String>>,
    /// Each chain's stored count has been read (until then a card's count is
    /// not zero, but unknown).
    pub stored_read: RwSignal<bool>,
    /// The page's link to the scan worker, and what waits on it.
    pub worker: WorkerLink,
    pub requests: Requests,
    pub imports: Imports,
}

impl ScanSession {
    pub fn new() -> Self {
        let worker = WorkerLink::new();
        ScanSession {
            config: RwSignal::new(ConfigState::default()),
            chains: Chain::ALL.map(|chain| ChainControl::new(chain, worker)),
            results_version: RwSignal::new(0),
            outdated: RwSignal::new(false),
            scanner_gone: RwSignal::new(None),
            stored_read: RwSignal::new(false),
            worker,
            requests: Requests::new(worker),
            imports: Imports::new(worker),
        }
    }

    pub fn provide() -> Self {
        let session = Self::new();
        provide_context(session);
        session.worker.listen(move |news| session.hear(news));
        session
    }

    /// Routes the scan worker's news to the chain it is about.
    fn hear(&self, news: WorkerNews) {
        match news {
            WorkerNews::Report(report, attached) => {
                let report = *report;
                if let Some(chain) = report.chain() {
                    self.chain(chain).hear(report);
                } else if report.answers().is_some() {
                    self.requests.hear(report, attached);
                } else {
                    self.imports.hear(report);
                }
            }
            WorkerNews::Crashed(why) => {
                self.scanner_gone.set(Some(format!(
                    "{why} Reload the page to try again; what this browser saved is kept."
                )));
                self.worker_gone(
                    &format!(
                        "{why} Everything found so far is saved: start the scan again to resume it."
                    ),
                    &format!("{why} Try the import again."),
                );
            }
            // Trying again would meet the same old worker: only a reload helps.
            WorkerNews::Outdated(why) => {
                self.outdated.set(true);
                self.scanner_gone.set(Some(why.clone()));
                self.worker_gone(&format!("{why} Everything found so far is saved."), &why);
            }
        }
    }

    /// The worker is gone: whatever it ran is over; scanning cards and the
    /// import report say why and what to do.
    fn worker_gone(&self, scan_notice: &str, import_notice: &str) {
        for control in self.chains {
            control.worker_crashed(scan_notice);
        }
        self.imports.worker_crashed(import_notice);
        self.requests.worker_crashed();
    }

    pub fn get() -> Self {
        // Not `expect_context`: its message prints the type's name with `{:?}`,
        // which alone linked Rust's string escaping and its Unicode tables
        // into the page.
        use_context::<ScanSession>().expect("the app provides its ScanSession")
    }

    pub fn chain(&self, chain: Chain) -> ChainControl {
        self.chains[chain.index()]
    }

    pub fn network_untracked(&self) -> Network {
        self.config.with_untracked(|c| c.shown.network)
    }

    pub fn network(&self) -> Network {
        self.config.with(|c| c.shown.network)
    }

    /// An import stored new addresses: refresh totals and idle snapshots.
    pub fn imported(&self, totals: ChainTotals) {
        let session = *self;
        for (control, total) in self.chains.iter().zip(totals) {
            control.total.set(total);
        }
        spawn_local(async move {
            let _ = session.load_chains().await;
        });
    }

    /// Whether any chain is scanning in this tab (tracked: use inside views).
    pub fn any_scanning(&self) -> bool {
        self.chains
            .iter()
            .any(|c| c.snapshot.with(|s| s.state == ChainState::Scanning))
    }

    /// `scan-all`: every chain with addresses resumes or starts.
    pub fn scan_all(&self) {
        for control in self.chains {
            if control.total.get_untracked() > 0 {
                control.start(*self, StartMode::Auto);
            }
        }
    }

    /// `stop-all`: every running scan stops, its progress kept.
    pub fn stop_all(&self) {
        for control in self.chains {
            control.stop();
        }
    }
}

impl Default for ScanSession {
    fn default() -> Self {
        Self::new()
    }
}

//! One chain's scan as the page sees it: start and stop (the scan itself runs in
//! the scan worker), the cross-tab lock, and the signals its card renders.

use super::ScanSession;
use crate::scan_worker::WorkerLink;
use futures::channel::oneshot;
use leptos::prelude::*;
use leptos::task::spawn_local;
use scan_protocol::{FromWorker, ToWorker};
use scanner_engine::scan::{ChainSnapshot, ChainState};
use scanner_engine::{Chain, Network};
use web_platform::locks::{is_held, with_lock_if_free};

pub use scan_protocol::StartMode;

/// An unfinished scan too old to resume silently: its balances may have moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StaleScan {
    /// `None`: the scan's checkpoint is dated in the future (the clock changed).
    pub age_ms: Option<u64>,
}

/// Where a chain's scan stands in this tab, beyond what its card shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Run {
    #[default]
    None,
    /// Asked to start; waiting for the cross-tab lock.
    Starting,
    /// The worker scans the chain (this tab holds its lock).
    Running,
    /// Stopped while starting: the start is called off.
    CalledOff,
}

#[derive(Clone, Copy)]
pub struct ChainControl {
    pub chain: Chain,
    worker: WorkerLink,
    pub snapshot: RwSignal<ChainSnapshot>,
    /// Addresses stored for the chain on the network in force.
    pub total: RwSignal<usize>,
    /// Why the chain is not scanning here, when it is not the user's own doing.
    pub notice: RwSignal<Option<String>>,
    /// Set when starting needs the user's answer: resume the old scan or rescan.
    pub stale: RwSignal<Option<StaleScan>>,
    run: StoredValue<Run>,
    /// What the worker's `Ended` report for the running scan completes.
    ended: StoredValue<Option<oneshot::Sender<()>>>,
}

impl ChainControl {
    pub fn new(chain: Chain, worker: WorkerLink) -> Self {
        ChainControl {
            chain,
            worker,
            snapshot: RwSignal::new(ChainSnapshot::default()),
            total: RwSignal::new(0),
            notice: RwSignal::new(None),
            stale: RwSignal::new(None),
            run: StoredValue::new(Run::None),
            ended: StoredValue::new(None),
        }
    }

    pub fn is_running(&self) -> bool {
        self.run.get_value() != Run::None
    }

    /// Starts (or resumes) the chain's scan unless it runs already, here or in
    /// another tab.
    pub fn start(self, session: ScanSession, mode: StartMode) {
        if self.is_running() {
            return;
        }
        // The worker scans with the providers and tokens in force; whether any
        // provider can carry the scan is its to say: it answers with a notice and
        // `Ended` when none can.
        self.notice.set(None);
        self.stale.set(None);
        self.run.set_value(Run::Starting);
        let network = session.network_untracked();
        let start = ToWorker::Start {
            chain: self.chain,
            network,
            mode,
            shown: self.snapshot.get_untracked(),
            total: self.total.get_untracked(),
        };
        spawn_local(async move {
            let name = scan_protocol::chain_lock_name(network, self.chain);
            let scanned = with_lock_if_free(&name, self.scan_in_worker(start)).await;
            if scanned.is_none() {
                self.notice.set(Some(running_elsewhere_notice(self.chain)));
            }
            self.run.set_value(Run::None);
            session.results_version.update(|v| *v += 1);
        });
    }

    /// Hands the scan to the worker and waits for it to end (holding the lock).
    async fn scan_in_worker(self, start: ToWorker) {
        // Stopped before it began: nothing ran, and the card never left its state.
        if self.run.get_value() == Run::CalledOff {
            return;
        }
        let (ended, on_end) = oneshot::channel();
        self.ended.set_value(Some(ended));
        if let Err(why) = self.worker.send(&start) {
            self.ended.set_value(None);
            return self.notice.set(Some(why));
        }
        self.run.set_value(Run::Running);
        // A dropped sender (the worker crashed) ends the wait too.
        let _ = on_end.await;
    }

    /// Stops the chain's scan; what was stored stays, and it resumes from there.
    pub fn stop(self) {
        match self.run.get_value() {
            Run::Starting => self.run.set_value(Run::CalledOff),
            Run::Running => {
                let _ = self.worker.send(&ToWorker::Stop { chain: self.chain });
            }
            Run::None | Run::CalledOff => {}
        }
    }

    /// Applies what the worker reported about this chain.
    pub(super) fn hear(self, report: FromWorker) {
        match report {
            FromWorker::Progress { snapshot, .. } => self.snapshot.set(snapshot),
            FromWorker::Notice { text, .. } => self.notice.set(Some(text)),
            FromWorker::Stale { age_ms, .. } => self.stale.set(Some(StaleScan { age_ms })),
            FromWorker::Ended { .. } => self.ended(),
            // Not about a chain: the session routes these elsewhere.
            _ => {}
        }
    }

    fn ended(self) {
        if let Some(ended) = self.ended.try_update_value(Option::take).flatten() {
            let _ = ended.send(());
        }
    }

    /// The worker is gone (`notice` says why, and what to do): a scan it ran is
    /// over, its stored progress kept.
    pub(super) fn worker_crashed(self, notice: &str) {
        if self.run.get_value() != Run::Running {
            return;
        }
        self.notice.set(Some(notice.to_string()));
        self.snapshot.update(ChainSnapshot::stopped);
        self.ended();
    }

    /// Shows that another tab is scanning this chain, and follows its progress
    /// from the stored checkpoint until it ends.
    pub async fn notice_if_running_elsewhere(self, session: ScanSession, network: Network) {
        let name = scan_protocol::chain_lock_name(network, self.chain);
        if self.is_running() || !is_held(&name).await {
            return;
        }
        self.notice.set(Some(running_elsewhere_notice(self.chain)));
        while is_held(&name).await && !self.is_running() {
            self.follow_checkpoint(session, network).await;
            gloo_timers::future::TimeoutFuture::new(2_000).await;
        }
        if !self.is_running() {
            self.follow_checkpoint(session, network).await;
            self.notice.set(None);
        }
    }

    async fn follow_checkpoint(self, session: ScanSession, network: Network) {
        let total = self.total.get_untracked();
        let Ok(stored) = session.stored_checkpoint(network, self.chain, total).await else {
            return;
        };
        let mut snapshot = stored.snapshot;
        if stored.scan_running {
            snapshot.state = ChainState::Scanning;
        }
        self.snapshot.set(snapshot);
    }
}

fn running_elsewhere_notice(chain: Chain) -> String {
    format!(
        "{} is being scanned in another tab of this browser, or its watch-only addresses are \
         being discovered: this tab sends nothing meanwhile, so the providers' limits hold.",
        chain.display_name()
    )
}

//! One chain's scan: start (fresh, resumed, or after asking), stop, and the
//! signals its card renders.

use super::ScanSession;
use crate::platform::clock::BrowserClock;
use crate::platform::locks::{is_held, with_lock_if_free};
use crate::platform::store::{BrowserStore, DATABASE_NAME};
use crate::platform::transport::FetchTransport;
use crate::platform::upgrade_channel::SUPERSEDED_MESSAGE;
use futures::future::{AbortHandle, Abortable};
use leptos::prelude::*;
use leptos::task::spawn_local;
use scanner_engine::ports::Clock;
use scanner_engine::scan::checkpoint::{
    decide_start, CheckpointState, ScanRange, StartDecision, DEFAULT_STALE_AFTER_MS,
};
use scanner_engine::scan::driver::{run_scan, ScanJob};
use scanner_engine::scan::{ChainSnapshot, ChainState, ScanEvent, ScanSettings};
use scanner_engine::time::Millis;
use scanner_engine::{Chain, Network};

/// The longest a chain's card lags behind its scan.
const UI_REFRESH_MS: u64 = 200;

/// How a start was asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StartMode {
    /// Resume an unfinished scan, or start fresh after a finished one; ask when the
    /// unfinished scan is old.
    Auto,
    /// Resume even an old scan (the user answered the question).
    Resume,
    /// Start a new scan of every address (rescan).
    Fresh,
}

/// An unfinished scan too old to resume silently: its balances may have moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StaleScan {
    pub age_ms: u64,
}

#[derive(Clone, Copy)]
pub struct ChainControl {
    pub chain: Chain,
    pub snapshot: RwSignal<ChainSnapshot>,
    /// Addresses stored for the chain on the network in force.
    pub total: RwSignal<usize>,
    /// Why the chain is not scanning here, when it is not the user's own doing.
    pub notice: RwSignal<Option<String>>,
    /// Set when starting needs the user's answer: resume the old scan or rescan.
    pub stale: RwSignal<Option<StaleScan>>,
    abort: StoredValue<Option<AbortHandle>>,
}

impl ChainControl {
    pub fn new(chain: Chain) -> Self {
        ChainControl {
            chain,
            snapshot: RwSignal::new(ChainSnapshot::default()),
            total: RwSignal::new(0),
            notice: RwSignal::new(None),
            stale: RwSignal::new(None),
            abort: StoredValue::new(None),
        }
    }

    pub fn is_running(&self) -> bool {
        self.abort.with_value(Option::is_some)
    }

    fn lock_name(chain: Chain, network: Network) -> String {
        format!("balance-scanner/scan/{network}/{}", chain.code())
    }

    /// Starts (or resumes) the chain's scan unless it runs already, here or in
    /// another tab.
    pub fn start(self, session: ScanSession, mode: StartMode) {
        if self.is_running() {
            return;
        }
        let config = session.app_config();
        let providers = config.providers(self.chain).to_vec();
        if providers.is_empty() {
            self.notice.set(Some(no_provider_notice(self.chain)));
            return;
        }
        let job = ScanJob {
            providers,
            tokens: config.tokens(self.chain).to_vec(),
            settings: ScanSettings::default(),
        };
        self.notice.set(None);
        self.stale.set(None);
        let (handle, registration) = AbortHandle::new_pair();
        self.abort.set_value(Some(handle));
        let network = config.network;
        let scan = Abortable::new(self.scan(job, network, mode), registration);
        let guarded = async move {
            if scan.await.is_err() {
                self.mark_paused(network).await;
            }
        };
        spawn_local(async move {
            let name = Self::lock_name(self.chain, network);
            if with_lock_if_free(&name, guarded).await.is_none() {
                self.notice.set(Some(running_elsewhere_notice(self.chain)));
            }
            self.abort.set_value(None);
            session.results_version.update(|v| *v += 1);
        });
    }

    /// Stops the chain's scan; what was stored stays, and it resumes from there.
    pub fn stop(self) {
        if let Some(handle) = self.abort.with_value(Clone::clone) {
            handle.abort();
        }
    }

    async fn scan(self, job: ScanJob, network: Network, mode: StartMode) {
        let clock = BrowserClock;
        let database = match BrowserStore::open(DATABASE_NAME).await {
            Ok(database) => database,
            Err(error) => return self.notice.set(Some(error.to_string())),
        };
        let store = database.for_network(network);
        let latest = match store.read_checkpoint(self.chain).await {
            Ok(latest) => latest,
            Err(error) => return self.notice.set(Some(error.to_string())),
        };
        let decision = decide_start(
            self.chain,
            latest,
            mode == StartMode::Fresh,
            ScanRange::All,
            clock.unix_ms(),
            DEFAULT_STALE_AFTER_MS,
        );
        let checkpoint = match decision {
            StartDecision::Resume(checkpoint) | StartDecision::Fresh(checkpoint) => checkpoint,
            StartDecision::AskUser { checkpoint, .. } if mode == StartMode::Resume => checkpoint,
            StartDecision::AskUser { age_ms, .. } => {
                return self.stale.set(Some(StaleScan { age_ms }));
            }
        };
        let snapshot = self.snapshot;
        // Events are folded into a local copy; the signal (and so the page) is
        // updated at most every UI_REFRESH_MS, and at once when a scan starts or
        // ends: at hundreds of answers a second, re-rendering per answer would
        // cost more main-thread time than the scan itself.
        let mut local = snapshot.get_untracked();
        let mut shown_at: Option<Millis> = None;
        let mut emit = |event: ScanEvent, now: Millis| {
            let milestone = matches!(
                event,
                ScanEvent::Started { .. } | ScanEvent::Finished { .. }
            );
            local.apply(event, now);
            if milestone || shown_at.is_none_or(|at| now.since(at) >= UI_REFRESH_MS) {
                snapshot.set(local.clone());
                shown_at = Some(now);
            }
        };
        let outcome = run_scan(job, checkpoint, &FetchTransport, &clock, &store, &mut emit).await;
        // Whatever came after the last refresh.
        snapshot.set(local);
        if let Err(error) = outcome {
            database.close();
            // Chromium closes a connection under a scan when another tab upgrades
            // the schema; the database then no longer opens at this version.
            let superseded = BrowserStore::open(DATABASE_NAME).await.is_err();
            self.notice.set(Some(if superseded {
                SUPERSEDED_MESSAGE.to_string()
            } else {
                format!("The scan stopped because its progress could not be saved: {error}")
            }));
            snapshot.update(|s| s.apply(ScanEvent::Stopped, clock.now()));
        }
    }

    /// After a stop: the stored checkpoint says paused, so a reload shows it so.
    /// The card says paused only once the stored figures are read: a write the
    /// stop interrupted still commits (IndexedDB finishes what it was given), and
    /// reading after it shows its result rather than a figure that then moves.
    async fn mark_paused(self, network: Network) {
        let Ok(database) = BrowserStore::open(DATABASE_NAME).await else {
            self.snapshot
                .update(|s| s.apply(ScanEvent::Stopped, BrowserClock.now()));
            return;
        };
        let store = database.for_network(network);
        if let Ok(Some(mut checkpoint)) = store.read_checkpoint(self.chain).await {
            if checkpoint.state == CheckpointState::Running {
                checkpoint.state = CheckpointState::Paused;
                let _ = store.write_checkpoint(&checkpoint).await;
            }
            // The card may lag the scan by one refresh: show what is stored, as a
            // reload would.
            let total = self.total.get_untracked();
            self.snapshot
                .set(ChainSnapshot::from_checkpoint(&checkpoint, total));
        } else {
            self.snapshot
                .update(|s| s.apply(ScanEvent::Stopped, BrowserClock.now()));
        }
        database.close();
    }

    /// Shows that another tab is scanning this chain, and follows its progress
    /// from the stored checkpoint until it ends.
    pub async fn notice_if_running_elsewhere(self, network: Network) {
        let name = Self::lock_name(self.chain, network);
        if self.is_running() || !is_held(&name).await {
            return;
        }
        self.notice.set(Some(running_elsewhere_notice(self.chain)));
        while is_held(&name).await && !self.is_running() {
            self.follow_checkpoint(network).await;
            gloo_timers::future::TimeoutFuture::new(2_000).await;
        }
        if !self.is_running() {
            self.follow_checkpoint(network).await;
            self.notice.set(None);
        }
    }

    async fn follow_checkpoint(self, network: Network) {
        let Ok(database) = BrowserStore::open(DATABASE_NAME).await else {
            return;
        };
        let store = database.for_network(network);
        if let Ok(Some(checkpoint)) = store.read_checkpoint(self.chain).await {
            let total = self.total.get_untracked();
            let mut snapshot = ChainSnapshot::from_checkpoint(&checkpoint, total);
            if checkpoint.state == CheckpointState::Running {
                snapshot.state = ChainState::Scanning;
            }
            self.snapshot.set(snapshot);
        }
        database.close();
    }
}

fn no_provider_notice(chain: Chain) -> String {
    match chain {
        Chain::Solana => "Solana has no free public provider that answers web pages: add one \
                          with your API key (for example Helius) in Settings to scan SOL."
            .to_string(),
        _ => format!(
            "No {} provider is configured: add one in Settings.",
            chain.display_name()
        ),
    }
}

fn running_elsewhere_notice(chain: Chain) -> String {
    format!(
        "{} is being scanned in another tab of this browser; this tab follows its progress \
         instead of doubling the requests.",
        chain.display_name()
    )
}

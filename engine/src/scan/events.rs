//! What a scan tells the world, and the snapshot the UI renders from it.
//!
//! The engine emits events; [`ChainSnapshot::apply`] folds them into the numbers a
//! chain's card shows. The engine never touches a UI signal, and this reducer is
//! tested natively.

use super::checkpoint::{Checkpoint, CheckpointState};
use super::scanner::{ProviderStats, ScanOutcome};
use crate::provider::BreakerStatus;
use crate::time::Millis;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScanEvent {
    /// A scan (fresh or resumed) began: `total` addresses in range, of which
    /// `already_checked` were checked (`already_funded` funded) before an
    /// interruption.
    Started {
        total: usize,
        already_checked: usize,
        already_funded: usize,
    },
    /// A batch's results were stored: `checked` addresses newly complete, `funded`
    /// of them with a confirmed balance.
    BatchStored { checked: usize, funded: usize },
    /// A provider's health after a request.
    ProviderHealth {
        provider: usize,
        name: String,
        status: BreakerStatus,
        stats: ProviderStats,
    },
    /// The scan ended.
    Finished {
        outcome: ScanOutcome,
        unchecked: usize,
    },
    /// The user stopped it (or the page is going away); progress is kept.
    Stopped,
}

/// The state a chain's card shows (contract, section 4: `data-state`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ChainState {
    #[default]
    Idle,
    Scanning,
    Paused,
    Completed,
    Failed,
}

impl ChainState {
    pub fn as_str(self) -> &'static str {
        match self {
            ChainState::Idle => "idle",
            ChainState::Scanning => "scanning",
            ChainState::Paused => "paused",
            ChainState::Completed => "completed",
            ChainState::Failed => "failed",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ProviderSnapshot {
    pub name: String,
    pub status: BreakerStatus,
    pub stats: ProviderStats,
}

/// One chain's progress, as the UI renders it.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ChainSnapshot {
    pub state: ChainState,
    /// Addresses in the scan's range.
    pub total: usize,
    /// Addresses completely checked in the current scan.
    pub scanned: usize,
    /// Addresses with a confirmed non-zero balance found in the current scan.
    pub funded: usize,
    /// Addresses not (yet) successfully checked, once the scan has ended.
    pub unchecked: usize,
    pub providers: Vec<ProviderSnapshot>,
    /// When this run started, and how much was already checked then, for the rate.
    run_started: Option<(Millis, usize)>,
    now: Millis,
}

impl ChainSnapshot {
    /// A chain never scanned on this network: idle, with its stored addresses.
    pub fn never_scanned(total: usize) -> ChainSnapshot {
        ChainSnapshot {
            total,
            ..ChainSnapshot::default()
        }
    }

    /// Where a chain stands after a reload, from its stored checkpoint and the
    /// addresses in the checkpoint's range: a scan that was running when the page
    /// went away is `paused` (contract, section 4), with its progress kept.
    pub fn from_checkpoint(checkpoint: &Checkpoint, total: usize) -> ChainSnapshot {
        let state = match checkpoint.state {
            CheckpointState::Running | CheckpointState::Paused => ChainState::Paused,
            CheckpointState::Completed => ChainState::Completed,
            CheckpointState::Failed => ChainState::Failed,
        };
        let scanned = checkpoint.scanned.min(total);
        ChainSnapshot {
            state,
            total,
            scanned,
            funded: checkpoint.funded,
            unchecked: total - scanned,
            ..ChainSnapshot::default()
        }
    }

    /// Folds `event`, which happened at `now`, into the snapshot.
    pub fn apply(&mut self, event: ScanEvent, now: Millis) {
        self.now = now;
        match event {
            ScanEvent::Started {
                total,
                already_checked,
                already_funded,
            } => {
                self.state = ChainState::Scanning;
                self.total = total;
                self.scanned = already_checked;
                self.unchecked = 0;
                self.funded = already_funded;
                self.run_started = Some((now, already_checked));
            }
            ScanEvent::BatchStored { checked, funded } => {
                self.scanned += checked;
                self.funded += funded;
            }
            ScanEvent::ProviderHealth {
                provider,
                name,
                status,
                stats,
            } => {
                if self.providers.len() <= provider {
                    self.providers
                        .resize_with(provider + 1, || ProviderSnapshot {
                            name: String::new(),
                            status: BreakerStatus::Closed,
                            stats: ProviderStats::default(),
                        });
                }
                self.providers[provider] = ProviderSnapshot {
                    name,
                    status,
                    stats,
                };
            }
            ScanEvent::Finished { outcome, unchecked } => {
                self.state = match outcome {
                    ScanOutcome::Completed => ChainState::Completed,
                    ScanOutcome::Failed => ChainState::Failed,
                };
                self.unchecked = unchecked;
                self.run_started = None;
            }
            ScanEvent::Stopped => {
                self.state = ChainState::Paused;
                self.unchecked = self.total - self.scanned;
                self.run_started = None;
            }
        }
    }

    /// Addresses checked per second in this run, once a second has passed.
    pub fn addresses_per_second(&self) -> Option<f64> {
        let (started, checked_then) = self.run_started?;
        let elapsed_ms = self.now.since(started);
        (elapsed_ms >= 1000)
            .then(|| (self.scanned - checked_then) as f64 * 1000.0 / elapsed_ms as f64)
    }

    /// Time left at the current rate, in milliseconds.
    pub fn eta_ms(&self) -> Option<u64> {
        let rate = self.addresses_per_second().filter(|&r| r > 0.0)?;
        Some(((self.total - self.scanned) as f64 / rate * 1000.0).round() as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_resumed_scan_reports_rate_eta_and_its_end() {
        let mut snapshot = ChainSnapshot::default();
        assert_eq!(snapshot.state.as_str(), "idle");
        snapshot.apply(
            ScanEvent::Started {
                total: 1000,
                already_checked: 200,
                already_funded: 4,
            },
            Millis(10_000),
        );
        assert_eq!(
            (snapshot.state, snapshot.scanned),
            (ChainState::Scanning, 200)
        );
        assert_eq!(snapshot.addresses_per_second(), None);

        snapshot.apply(
            ScanEvent::BatchStored {
                checked: 100,
                funded: 3,
            },
            Millis(12_000),
        );
        snapshot.apply(
            ScanEvent::BatchStored {
                checked: 100,
                funded: 0,
            },
            Millis(14_000),
        );
        assert_eq!(snapshot.scanned, 400);
        assert_eq!(snapshot.funded, 7);
        assert_eq!(snapshot.addresses_per_second(), Some(50.0));
        assert_eq!(snapshot.eta_ms(), Some(12_000));

        snapshot.apply(
            ScanEvent::Finished {
                outcome: ScanOutcome::Failed,
                unchecked: 600,
            },
            Millis(15_000),
        );
        assert_eq!(snapshot.state.as_str(), "failed");
        assert_eq!(snapshot.unchecked, 600);
        assert_eq!(snapshot.eta_ms(), None);
    }

    #[test]
    fn a_reload_shows_an_interrupted_scan_as_paused_with_its_progress() {
        let checkpoint = Checkpoint {
            chain: crate::Chain::Bitcoin,
            scan_id: 3,
            range: Default::default(),
            state: CheckpointState::Running,
            scanned: 40,
            funded: 2,
            started_at_unix_ms: 0,
            updated_at_unix_ms: 0,
            tokens: Vec::new(),
            earlier_tokens: Default::default(),
        };
        let snapshot = ChainSnapshot::from_checkpoint(&checkpoint, 100);
        assert_eq!(snapshot.state, ChainState::Paused);
        assert_eq!(
            (snapshot.scanned, snapshot.funded, snapshot.unchecked),
            (40, 2, 60)
        );
        let completed = Checkpoint {
            state: CheckpointState::Completed,
            scanned: 100,
            ..checkpoint
        };
        let snapshot = ChainSnapshot::from_checkpoint(&completed, 100);
        assert_eq!(
            (snapshot.state, snapshot.unchecked),
            (ChainState::Completed, 0)
        );
    }

    #[test]
    fn stopping_keeps_progress_and_counts_the_rest_as_unchecked() {
        let mut snapshot = ChainSnapshot::default();
        snapshot.apply(
            ScanEvent::Started {
                total: 50,
                already_checked: 0,
                already_funded: 0,
            },
            Millis(0),
        );
        snapshot.apply(
            ScanEvent::BatchStored {
                checked: 20,
                funded: 1,
            },
            Millis(500),
        );
        snapshot.apply(ScanEvent::Stopped, Millis(600));
        assert_eq!(snapshot.state, ChainState::Paused);
        assert_eq!(
            (snapshot.scanned, snapshot.funded, snapshot.unchecked),
            (20, 1, 30)
        );
    }

    #[test]
    fn provider_health_is_kept_per_provider() {
        let mut snapshot = ChainSnapshot::default();
        let stats = ProviderStats {
            requests: 9,
            rate_limited: 1,
            failures: 2,
            last_latency_ms: Some(120),
            last_error: None,
        };
        snapshot.apply(
            ScanEvent::ProviderHealth {
                provider: 1,
                name: "b".into(),
                status: BreakerStatus::Open,
                stats: stats.clone(),
            },
            Millis(1),
        );
        assert_eq!(snapshot.providers.len(), 2);
        assert_eq!(snapshot.providers[1].status, BreakerStatus::Open);
        assert_eq!(snapshot.providers[1].stats, stats);
    }

    #[test]
    fn a_snapshot_sent_as_json_keeps_its_rate_eta_and_providers() {
        // The scan worker sends snapshots to the page as JSON: the rate and ETA
        // rest on private fields, which must make the trip too.
        let mut snapshot = ChainSnapshot::default();
        snapshot.apply(
            ScanEvent::Started {
                total: 1_000,
                already_checked: 0,
                already_funded: 0,
            },
            Millis(5_000),
        );
        snapshot.apply(
            ScanEvent::ProviderHealth {
                provider: 0,
                name: "a".into(),
                status: BreakerStatus::HalfOpen,
                stats: ProviderStats::default(),
            },
            Millis(6_000),
        );
        snapshot.apply(
            ScanEvent::BatchStored {
                checked: 250,
                funded: 3,
            },
            Millis(7_000),
        );
        let text = serde_json::to_string(&snapshot).expect("encodes");
        let received: ChainSnapshot = serde_json::from_str(&text).expect("decodes");
        assert_eq!(received, snapshot);
        assert_eq!(received.addresses_per_second(), Some(125.0));
        assert_eq!(received.eta_ms(), Some(6_000));
        assert_eq!(received.providers[0].status, BreakerStatus::HalfOpen);
    }
}

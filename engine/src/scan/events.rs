//! What a scan tells the world, and the snapshot the UI renders from it.
//!
//! The engine emits events; [`ChainSnapshot::apply`] folds them into the numbers a
//! chain's card shows. The engine never touches a UI signal, and this reducer is
//! tested natively.

use super::checkpoint::{Checkpoint, CheckpointState, ScanRange};
use super::scanner::{ProviderStats, ScanOutcome};
use crate::provider::BreakerStatus;
use crate::time::Millis;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScanEvent {
    /// A scan (fresh or resumed) began: `total` addresses in range, of which
    /// `already_checked` were checked (`already_funded` funded) before an
    /// interruption.
    Started {
        /// Which of the chain's addresses the scan covers.
        range: ScanRange,
        /// Whether it is a Solana deep check.
        deep: bool,
        total: usize,
        already_checked: usize,
        already_funded: usize,
    },
    /// Addresses were imported into the range while the scan ran, and the scan
    /// took them in: the range now holds `total`, of which `checked` are checked.
    RangeGrew { total: usize, checked: usize },
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
    /// Which of the chain's addresses the scan covers.
    pub range: ScanRange,
    /// Whether the scan is a Solana deep check.
    pub deep: bool,
    /// Addresses in the scan's range.
    pub total: usize,
    /// Addresses completely checked in the current scan.
    pub scanned: usize,
    /// Addresses with a confirmed non-zero balance found in the current scan
    /// (with, for a scan of part of the chain, those known outside its range).
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
    /// chain's `total` addresses (a scan of part of the chain counts against
    /// the part, as it last counted it): a scan that was running when the page
    /// went away is `paused` (contract, section 4), with its progress kept.
    pub fn from_checkpoint(checkpoint: &Checkpoint, total: usize) -> ChainSnapshot {
        let total = match checkpoint.range {
            ScanRange::All => total,
            _ => checkpoint.in_range,
        };
        let state = match checkpoint.state {
            CheckpointState::Running | CheckpointState::Paused => ChainState::Paused,
            CheckpointState::Completed => ChainState::Completed,
            CheckpointState::Failed => ChainState::Failed,
        };
        let scanned = checkpoint.scanned.min(total);
        ChainSnapshot {
            state,
            range: checkpoint.range,
            deep: checkpoint.deep,
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
                range,
                deep,
                total,
                already_checked,
                already_funded,
            } => {
                self.state = ChainState::Scanning;
                self.range = range;
                self.deep = deep;
                self.total = total;
                self.scanned = already_checked;
                self.unchecked = 0;
                self.funded = already_funded;
                self.run_started = Some((now, already_checked));
            }
            ScanEvent::RangeGrew { total, checked } => {
                self.total = total;
                self.scanned = checked;
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
            ScanEvent::Stopped => self.stopped(),
        }
    }

    /// The scan stopped (asked to, or its worker died): paused where it was.
    pub fn stopped(&mut self) {
        self.state = ChainState::Paused;
        self.unchecked = self.total.saturating_sub(self.scanned);
        self.run_started = None;
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
        Some((self.total.saturating_sub(self.scanned) as f64 / rate * 1000.0).round() as u64)
    }
}

#[cfg(test)]
mod tests;

//! The driver's writes: answered results gathered into one store write (a
//! page of results and the checkpoint in one transaction) every
//! [`WRITE_EVERY_MS`], or at once when a full write waits or the scan ends
//! (a completed scan's last results go in its completion's transaction).

use super::*;
use crate::scan::result::ScanTarget;

/// Results per store write, at most. A write is one page record (postcard
/// bytes) and the checkpoint, so its cost is mostly the transaction's: the
/// scans of all chains take turns at the same object stores, and with 500 a
/// write, a BSC scan (200 results an answer) fell seconds behind its answers
/// (the card said completed 0.95 s after the last one). A write takes what
/// came in while the previous one ran, so this only caps a backlog.
pub const RESULTS_PER_WRITE: usize = 5_000;

/// Answered results waiting for the store beyond which no request is sent.
pub const MAX_UNSAVED_RESULTS: usize = 20_000;

/// What a write stored: the checkpoint, and the addresses it newly checked and
/// found funded.
pub(super) type SaveOutcome = Result<Saved, StoreError>;

pub(super) struct Saved {
    pub checkpoint: Checkpoint,
    pub checked: usize,
    pub funded: usize,
    /// After the write that starts a fresh scan from its first chunk: the
    /// rest of its pending addresses, read beside its first requests (`None`
    /// after any other write).
    pub rest: Option<Vec<ScanTarget>>,
}

/// A store write in progress (one transaction: results and checkpoint).
pub(super) type Saving<'s> = Pin<Box<dyn Future<Output = SaveOutcome> + 's>>;

/// How long answered results may wait for their write: a reload loses at
/// most this much of a scan's answers (they are asked again on resume).
pub const WRITE_EVERY_MS: u64 = 250;

/// Answered results waiting for the next write.
#[derive(Default)]
pub(super) struct Unsaved {
    results: Vec<AddressResult>,
    /// When the oldest of them was answered.
    since: Option<Millis>,
}

impl Unsaved {
    pub(super) fn add(&mut self, results: Vec<AddressResult>, now: Millis) {
        if !results.is_empty() && self.since.is_none() {
            self.since = Some(now);
        }
        self.results.extend(results);
    }

    /// When the results waiting are due for a write.
    pub(super) fn due_at(&self) -> Option<Millis> {
        self.since.map(|since| since + WRITE_EVERY_MS)
    }

    /// Whether to write now: results have waited long enough, a full write
    /// waits, or the scan is ending.
    pub(super) fn is_due(&self, now: Millis, finishing: bool) -> bool {
        !self.results.is_empty()
            && (finishing
                || self.results.len() >= RESULTS_PER_WRITE
                || self.due_at().is_some_and(|at| now >= at))
    }

    /// The store is this far behind the answers: send nothing more for now.
    pub(super) fn is_full(&self) -> bool {
        self.results.len() >= MAX_UNSAVED_RESULTS
    }

    /// Whether what waits fits in one write (the scan's last, with its
    /// completion).
    pub(super) fn fits_one_write(&self) -> bool {
        self.results.len() <= RESULTS_PER_WRITE
    }

    /// Starts writing the oldest [`RESULTS_PER_WRITE`] results waiting, with the
    /// checkpoint advanced past them.
    pub(super) fn start_saving<'s, C: Clock, S: ScanStore>(
        &mut self,
        checkpoint: &Checkpoint,
        clock: &C,
        store: &'s S,
    ) -> Saving<'s> {
        let batch = self.take(RESULTS_PER_WRITE, checkpoint, clock);
        Box::pin(async move {
            store.save_batch(&batch.checkpoint, &batch.results).await?;
            Ok(Saved {
                checkpoint: batch.checkpoint,
                checked: batch.checked,
                funded: batch.funded,
                rest: None,
            })
        })
    }

    /// Every result waiting, with the checkpoint advanced past them: the
    /// scan's last write.
    pub(super) fn take_all<C: Clock>(&mut self, checkpoint: &Checkpoint, clock: &C) -> Batch {
        self.take(usize::MAX, checkpoint, clock)
    }

    /// The oldest `limit` results waiting, with the checkpoint advanced past them.
    fn take<C: Clock>(&mut self, limit: usize, checkpoint: &Checkpoint, clock: &C) -> Batch {
        let rest = self.results.split_off(self.results.len().min(limit));
        let results = std::mem::replace(&mut self.results, rest);
        // What stays behind is as old as what goes: due as soon as this
        // write is done.
        if self.results.is_empty() {
            self.since = None;
        }
        let checked = results.iter().filter(|r| r.is_complete()).count();
        let funded = results
            .iter()
            .filter(|r| r.is_complete() && r.is_funded())
            .count();
        let mut next = checkpoint.clone();
        next.scanned += checked;
        next.funded += funded;
        next.updated_at_unix_ms = clock.unix_ms();
        Batch {
            results,
            checkpoint: next,
            checked,
            funded,
        }
    }
}

/// Results taken for a write, and the checkpoint that counts them.
pub(super) struct Batch {
    pub results: Vec<AddressResult>,
    pub checkpoint: Checkpoint,
    /// How many of them were checked completely, and found funded.
    pub checked: usize,
    pub funded: usize,
}

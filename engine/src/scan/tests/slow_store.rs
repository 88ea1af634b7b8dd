//! A store whose writes take (virtual) time, for the driver's write tests:
//! it records what the driver asked of it and when.

use super::*;
use crate::ports::{Clock, ScanStore, StoreError};
use crate::scan::checkpoint::{decide_start, Checkpoint, ScanRange, StartDecision};
use crate::scan::driver::{run_scan, ScanJob};
use crate::testing::{FakeNetwork, MemoryStore, VirtualClock};
use crate::time::Millis;
use crate::Chain;
use std::cell::{Cell, RefCell};
use std::future::Future;

/// Each write takes `write_ms` of (virtual) time; records what the driver asked of it.
pub(super) struct SlowStore<'c> {
    pub(super) inner: MemoryStore,
    pub(super) clock: &'c VirtualClock,
    pub(super) network: &'c FakeNetwork<'c>,
    pub(super) write_ms: u64,
    /// Addresses one request carries (the provider's batch).
    pub(super) per_request: usize,
    pub(super) stored: Cell<usize>,
    pub(super) largest_write: Cell<usize>,
    /// Most addresses requested but not yet stored, seen at any write.
    pub(super) most_outstanding: Cell<usize>,
    pub(super) writes: Cell<usize>,
    /// How long writing a checkpoint alone takes.
    pub(super) checkpoint_ms: u64,
    /// When the first checkpoint written alone was stored, and when the
    /// first batch began.
    pub(super) checkpoint_stored_at: Cell<Option<Millis>>,
    pub(super) first_batch_at: Cell<Option<Millis>>,
    /// How long reading the whole list of pending addresses takes, and when
    /// it was last read.
    pub(super) pending_ms: u64,
    pub(super) read_whole_list_at: Cell<Option<Millis>>,
    /// Every write, by when it began.
    pub(super) log: RefCell<Vec<(Millis, Write)>>,
}

/// A write the driver asked for, with the results it carried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Write {
    Checkpoint,
    Batch(usize),
    Completion(usize),
}

impl<'c> SlowStore<'c> {
    pub(super) fn new(
        clock: &'c VirtualClock,
        network: &'c FakeNetwork<'c>,
        write_ms: u64,
        per_request: usize,
    ) -> Self {
        SlowStore {
            inner: MemoryStore::default(),
            clock,
            network,
            write_ms,
            per_request,
            stored: Cell::new(0),
            largest_write: Cell::new(0),
            most_outstanding: Cell::new(0),
            writes: Cell::new(0),
            checkpoint_ms: 0,
            checkpoint_stored_at: Cell::new(None),
            first_batch_at: Cell::new(None),
            pending_ms: 0,
            read_whole_list_at: Cell::new(None),
            log: RefCell::new(Vec::new()),
        }
    }

    fn begin(&self, write: Write, takes_ms: u64) -> Millis {
        let now = self.clock.now();
        self.log.borrow_mut().push((now, write));
        Millis(now.0 + takes_ms)
    }
}

pub(super) fn fake_network<'c>(
    clock: &'c VirtualClock,
    name: &str,
    truth: &GroundTruth,
) -> FakeNetwork<'c> {
    FakeNetwork {
        providers: RefCell::new(vec![(
            name.into(),
            FakeProvider::new(3, 0, Faults::default()),
        )]),
        ledger: truth.ledger.clone(),
        clock,
        hang_after: None,
        sent: Cell::new(0),
    }
}

fn fresh(chain: Chain, clock: &VirtualClock) -> Checkpoint {
    let StartDecision::Fresh(checkpoint) =
        decide_start(chain, None, false, ScanRange::All, clock.unix_ms(), 0)
    else {
        panic!("expected a fresh scan")
    };
    checkpoint
}

impl ScanStore for SlowStore<'_> {
    fn checkpoint(
        &self,
        chain: Chain,
    ) -> impl Future<Output = Result<Option<Checkpoint>, StoreError>> {
        self.inner.checkpoint(chain)
    }

    fn first_pending(
        &self,
        checkpoint: &Checkpoint,
    ) -> impl Future<Output = Result<Vec<ScanTarget>, StoreError>> {
        self.inner.first_pending(checkpoint)
    }

    fn pending(
        &self,
        checkpoint: &Checkpoint,
    ) -> impl Future<Output = Result<Vec<ScanTarget>, StoreError>> {
        let checkpoint = checkpoint.clone();
        let done_at = Millis(self.clock.now().0 + self.pending_ms);
        async move {
            self.clock.sleep_until(done_at).await;
            self.read_whole_list_at.set(Some(self.clock.now()));
            self.inner.pending(&checkpoint).await
        }
    }

    fn count_in_range(
        &self,
        checkpoint: &Checkpoint,
    ) -> impl Future<Output = Result<usize, StoreError>> {
        self.inner.count_in_range(checkpoint)
    }

    fn funded_outside(
        &self,
        checkpoint: &Checkpoint,
    ) -> impl Future<Output = Result<usize, StoreError>> {
        self.inner.funded_outside(checkpoint)
    }

    fn save_batch(
        &self,
        checkpoint: &Checkpoint,
        results: &[AddressResult],
    ) -> impl Future<Output = Result<(), StoreError>> {
        self.writes.set(self.writes.get() + 1);
        let now = self.clock.now();
        self.first_batch_at
            .set(self.first_batch_at.get().or(Some(now)));
        self.largest_write
            .set(self.largest_write.get().max(results.len()));
        let requested = self.network.sent.get() * self.per_request;
        let outstanding = requested.saturating_sub(self.stored.get());
        self.most_outstanding
            .set(self.most_outstanding.get().max(outstanding));
        let (checkpoint, results) = (checkpoint.clone(), results.to_vec());
        let done_at = self.begin(Write::Batch(results.len()), self.write_ms);
        async move {
            self.clock.sleep_until(done_at).await;
            self.stored.set(self.stored.get() + results.len());
            self.inner.save_batch(&checkpoint, &results).await
        }
    }

    fn save_checkpoint(
        &self,
        checkpoint: &Checkpoint,
    ) -> impl Future<Output = Result<(), StoreError>> {
        let checkpoint = checkpoint.clone();
        let done_at = self.begin(Write::Checkpoint, self.checkpoint_ms);
        async move {
            self.clock.sleep_until(done_at).await;
            self.inner.save_checkpoint(&checkpoint).await?;
            let first = self.checkpoint_stored_at.get().or(Some(self.clock.now()));
            self.checkpoint_stored_at.set(first);
            Ok(())
        }
    }

    fn save_completed(
        &self,
        checkpoint: &Checkpoint,
        results: &[AddressResult],
        addresses: usize,
    ) -> impl Future<Output = Result<bool, StoreError>> {
        // A write like any other: results (if any) and the checkpoint.
        let (checkpoint, results) = (checkpoint.clone(), results.to_vec());
        let done_at = self.begin(Write::Completion(results.len()), self.write_ms);
        async move {
            self.clock.sleep_until(done_at).await;
            self.stored.set(self.stored.get() + results.len());
            let completed = self.inner.save_completed(&checkpoint, &results, addresses);
            completed.await
        }
    }
}

/// Settings for providers that have sent nothing for long: their first
/// window opens at once (by default it opens as if one had just been sent).
pub(super) fn quiet_settings() -> ScanSettings {
    ScanSettings {
        quiet_for_ms: Some(u64::MAX),
        ..ScanSettings::default()
    }
}

pub(super) fn scan(job: ScanJob, chain: Chain, clock: &VirtualClock, store: &SlowStore<'_>) {
    let checkpoint = fresh(chain, clock);
    let mut quiet = |_, _| {};
    let outcome = clock
        .run(run_scan(
            job,
            checkpoint,
            store.network,
            clock,
            store,
            &mut quiet,
        ))
        .unwrap()
        .unwrap();
    assert_eq!(outcome, ScanOutcome::Completed);
}

//! A store slower than the providers: writes stay small (each is one task on the
//! page's thread) and answers never pile up unsaved.

use super::*;
use crate::ports::{Clock, ScanStore, StoreError};
use crate::scan::checkpoint::{decide_start, Checkpoint, ScanRange, StartDecision};
use crate::scan::driver::{run_scan, ScanJob, MAX_UNSAVED_RESULTS, RESULTS_PER_WRITE};
use crate::testing::{FakeNetwork, MemoryStore, VirtualClock};
use crate::time::Millis;
use crate::Chain;
use std::cell::{Cell, RefCell};
use std::future::Future;

/// Each write takes `write_ms` of (virtual) time; records what the driver asked of it.
struct SlowStore<'c> {
    inner: MemoryStore,
    clock: &'c VirtualClock,
    network: &'c FakeNetwork<'c>,
    write_ms: u64,
    /// Addresses one request carries (the provider's batch).
    per_request: usize,
    stored: Cell<usize>,
    largest_write: Cell<usize>,
    /// Most addresses requested but not yet stored, seen at any write.
    most_outstanding: Cell<usize>,
}

impl ScanStore for SlowStore<'_> {
    fn checkpoint(
        &self,
        chain: Chain,
    ) -> impl Future<Output = Result<Option<Checkpoint>, StoreError>> {
        self.inner.checkpoint(chain)
    }

    fn pending(
        &self,
        checkpoint: &Checkpoint,
    ) -> impl Future<Output = Result<Vec<ScanTarget>, StoreError>> {
        self.inner.pending(checkpoint)
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
        self.largest_write
            .set(self.largest_write.get().max(results.len()));
        let requested = self.network.sent.get() * self.per_request;
        let outstanding = requested.saturating_sub(self.stored.get());
        self.most_outstanding
            .set(self.most_outstanding.get().max(outstanding));
        let (checkpoint, results) = (checkpoint.clone(), results.to_vec());
        let done_at = Millis(self.clock.now().0 + self.write_ms);
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
        self.inner.save_checkpoint(checkpoint)
    }

    fn save_completed(
        &self,
        checkpoint: &Checkpoint,
        addresses: usize,
    ) -> impl Future<Output = Result<bool, StoreError>> {
        self.inner.save_completed(checkpoint, addresses)
    }
}

#[test]
fn a_slow_store_gets_small_writes_and_holds_the_requests_back() {
    let count = 30_000;
    let truth = bsc_truth(count, 51);
    let clock = VirtualClock::default();
    let network = FakeNetwork {
        providers: RefCell::new(vec![(
            "bsc".into(),
            FakeProvider::new(3, 0, Faults::default()),
        )]),
        ledger: truth.ledger.clone(),
        clock: &clock,
        hang_after: None,
        sent: Cell::new(0),
    };
    let batch = 200;
    let store = SlowStore {
        inner: MemoryStore::default(),
        clock: &clock,
        network: &network,
        // 500 results a second at most, against 10,000 a second answered.
        write_ms: 1_000,
        per_request: batch,
        stored: Cell::new(0),
        largest_write: Cell::new(0),
        most_outstanding: Cell::new(0),
    };
    store
        .inner
        .add_addresses(Chain::BnbSmartChain, truth.targets.clone());
    let StartDecision::Fresh(checkpoint) = decide_start(
        Chain::BnbSmartChain,
        None,
        false,
        ScanRange::All,
        clock.unix_ms(),
        u64::MAX,
    ) else {
        panic!("expected a fresh scan")
    };
    let job = ScanJob {
        providers: vec![multicall("bsc", 50, batch)],
        tokens: bsc_tokens(),
        settings: ScanSettings::default(),
    };
    let mut quiet = |_, _| {};
    let outcome = clock
        .run(run_scan(
            job, checkpoint, &network, &clock, &store, &mut quiet,
        ))
        .unwrap()
        .unwrap();

    assert_eq!(outcome, ScanOutcome::Completed);
    assert_eq!(store.inner.results(Chain::BnbSmartChain), truth.expected);
    assert_eq!(store.largest_write.get(), RESULTS_PER_WRITE);
    // Requests stop once MAX_UNSAVED_RESULTS wait; those in flight may add a few
    // batches more, never the whole chain.
    let bound = MAX_UNSAVED_RESULTS + 8 * batch;
    let outstanding = store.most_outstanding.get();
    assert!(
        outstanding <= bound,
        "{outstanding} addresses answered but unsaved (bound {bound})"
    );
    assert!(
        outstanding >= MAX_UNSAVED_RESULTS / 2,
        "the store was never behind: {outstanding}"
    );
}

//! A store slower than the providers: writes stay bounded and answers never
//! pile up unsaved; and a fast one: answers are gathered into a write every
//! `WRITE_EVERY_MS`, not one transaction per answer; and the first requests
//! need not wait for the write that says the scan is running, nor for a fresh
//! scan's whole list of addresses.

use super::*;
use crate::ports::{Clock, ScanStore, StoreError};
use crate::provider::rate_limiter::RateLimiter;
use crate::scan::checkpoint::{decide_start, Checkpoint, ScanRange, StartDecision};
use crate::scan::driver::{
    run_scan, ScanJob, MAX_UNSAVED_RESULTS, RESULTS_PER_WRITE, WRITE_EVERY_MS,
};
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
    writes: Cell<usize>,
    /// How long writing a checkpoint alone takes.
    checkpoint_ms: u64,
    /// When the first checkpoint written alone was stored, and when the
    /// first batch began.
    checkpoint_stored_at: Cell<Option<Millis>>,
    first_batch_at: Cell<Option<Millis>>,
    /// How long reading the whole list of pending addresses takes, and when
    /// it was last read.
    pending_ms: u64,
    read_whole_list_at: Cell<Option<Millis>>,
}

impl<'c> SlowStore<'c> {
    fn new(
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
        }
    }
}

fn fake_network<'c>(clock: &'c VirtualClock, name: &str, truth: &GroundTruth) -> FakeNetwork<'c> {
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
        let checkpoint = checkpoint.clone();
        let done_at = Millis(self.clock.now().0 + self.checkpoint_ms);
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
        addresses: usize,
    ) -> impl Future<Output = Result<bool, StoreError>> {
        self.inner.save_completed(checkpoint, addresses)
    }
}

fn scan(job: ScanJob, chain: Chain, clock: &VirtualClock, store: &SlowStore<'_>) {
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

#[test]
fn a_slow_store_gets_bounded_writes_and_holds_the_requests_back() {
    let count = 60_000;
    let truth = bsc_truth(count, 51);
    let clock = VirtualClock::default();
    let network = fake_network(&clock, "bsc", &truth);
    let batch = 200;
    // 5,000 results a second at most, against 10,000 a second answered.
    let store = SlowStore::new(&clock, &network, 1_000, batch);
    store
        .inner
        .add_addresses(Chain::BnbSmartChain, truth.targets.clone());
    let job = ScanJob {
        providers: vec![multicall("bsc", 50, batch)],
        tokens: bsc_tokens(),
        settings: ScanSettings::default(),
    };
    scan(job, Chain::BnbSmartChain, &clock, &store);
    assert_eq!(store.inner.results(Chain::BnbSmartChain), truth.expected);
    assert_eq!(store.largest_write.get(), RESULTS_PER_WRITE);
    // Requests stop once MAX_UNSAVED_RESULTS wait. A write counts here from
    // when it is first polled, after the requests that went out the moment it
    // took its results off the backlog: the pace's burst and its catch-up of
    // two (the fake answers at once, so requests in flight do not hold them
    // back). A few batches more, never the whole chain.
    let burst = RateLimiter::new(50, 0, Millis(0)).burst() as usize;
    let bound = MAX_UNSAVED_RESULTS + (burst + 2) * batch;
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

#[test]
fn answers_are_gathered_into_a_write_every_quarter_second() {
    // 3,000 addresses at 100 a second: 30 s of answers, one by one.
    let truth = bitcoin_truth(3_000, 52);
    let clock = VirtualClock::default();
    let network = fake_network(&clock, "btc", &truth);
    let store = SlowStore::new(&clock, &network, 5, 1);
    store
        .inner
        .add_addresses(Chain::Bitcoin, truth.targets.clone());
    let job = ScanJob {
        providers: vec![esplora("btc", 100)],
        tokens: vec![],
        settings: ScanSettings::default(),
    };
    scan(job, Chain::Bitcoin, &clock, &store);
    assert_eq!(store.inner.results(Chain::Bitcoin), truth.expected);
    // One write per answer would be 3,000 transactions.
    let span_ms = clock.now().0;
    let writes = store.writes.get();
    assert!(
        writes <= (span_ms / WRITE_EVERY_MS) as usize + 2,
        "{writes} writes in {span_ms} ms"
    );
    assert!(writes >= 100, "{writes} writes: answers waited too long");
}

#[test]
fn the_first_requests_do_not_wait_for_the_running_checkpoint() {
    // Writing the checkpoint alone takes 400 ms (a transaction queued behind
    // the other chains' starts).
    let truth = bitcoin_truth(40, 53);
    let clock = VirtualClock::default();
    let network = fake_network(&clock, "btc", &truth);
    let mut store = SlowStore::new(&clock, &network, 5, 1);
    store.checkpoint_ms = 400;
    store
        .inner
        .add_addresses(Chain::Bitcoin, truth.targets.clone());
    let settings = ScanSettings {
        quiet_for_ms: Some(u64::MAX),
        ..ScanSettings::default()
    };
    let job = ScanJob {
        providers: vec![esplora("btc", 20)],
        tokens: vec![],
        settings,
    };
    scan(job, Chain::Bitcoin, &clock, &store);
    assert_eq!(store.inner.results(Chain::Bitcoin), truth.expected);
    let providers = network.providers.borrow();
    let first_arrival = providers[0].1.arrivals[0].0;
    assert_eq!(first_arrival, Millis(0), "the first request waited");
    // No results are stored before the checkpoint that says the scan runs.
    let running_at = store.checkpoint_stored_at.get().expect("stored");
    let first_batch_at = store.first_batch_at.get().expect("a batch");
    assert_eq!(running_at, Millis(400));
    assert!(
        first_batch_at >= running_at,
        "a batch began at {first_batch_at:?}"
    );
}

#[test]
fn a_fresh_scan_starts_before_its_whole_list_is_read() {
    // The store's first chunk (4,096 addresses) at once, the whole list after
    // 600 ms (a long list, a busy store), or after 5 s, when the first chunk
    // has been asked about long before: the scan waits for the rest.
    for pending_ms in [600, 5_000] {
        fresh_scan_with_a_slow_list(pending_ms);
    }
}

fn fresh_scan_with_a_slow_list(pending_ms: u64) {
    let count = 10_000;
    let truth = bsc_truth(count, 54);
    let clock = VirtualClock::default();
    let network = fake_network(&clock, "bsc", &truth);
    let batch = 200;
    let mut store = SlowStore::new(&clock, &network, 5, batch);
    store.pending_ms = pending_ms;
    store
        .inner
        .add_addresses(Chain::BnbSmartChain, truth.targets.clone());
    let settings = ScanSettings {
        quiet_for_ms: Some(u64::MAX),
        ..ScanSettings::default()
    };
    let job = ScanJob {
        providers: vec![multicall("bsc", 20, batch)],
        tokens: bsc_tokens(),
        settings,
    };
    scan(job, Chain::BnbSmartChain, &clock, &store);
    // Every address once, and each result exact.
    assert_eq!(store.inner.results(Chain::BnbSmartChain), truth.expected);
    let providers = network.providers.borrow();
    let arrivals = &providers[0].1.arrivals;
    assert_eq!(arrivals.len(), count as usize / batch);
    assert_eq!(
        arrivals[0].0,
        Millis(0),
        "the first request waited for the list"
    );
    assert_eq!(store.read_whole_list_at.get(), Some(Millis(pending_ms)));
}

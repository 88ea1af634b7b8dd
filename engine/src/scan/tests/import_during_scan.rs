//! Addresses imported into a chain while it scans (contract, section 2): the
//! running scan takes them in, and says completed only once they are checked.

use super::*;
use crate::ports::{Clock, ScanStore, StoreError};
use crate::scan::checkpoint::{
    decide_start, Checkpoint, CheckpointState, ScanRange, StartDecision,
};
use crate::scan::driver::{run_scan, ScanJob};
use crate::scan::events::{ChainSnapshot, ChainState};
use crate::testing::{drive, FakeNetwork, MemoryStore, VirtualClock};
use crate::Chain;
use std::cell::{Cell, RefCell};
use std::future::Future;

/// A memory store into which an "import" lands at a chosen moment of the scan:
/// after its `at_write`-th batch write, or just before the scan's completion.
struct ImportingStore {
    inner: MemoryStore,
    chain: Chain,
    later: RefCell<Option<Vec<ScanTarget>>>,
    at_write: Option<usize>,
    writes: Cell<usize>,
}

impl ImportingStore {
    fn import_now(&self) {
        if let Some(targets) = self.later.borrow_mut().take() {
            self.inner.add_addresses(self.chain, targets);
        }
    }
}

impl ScanStore for ImportingStore {
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
        let saved = self.inner.save_batch(checkpoint, results);
        self.writes.set(self.writes.get() + 1);
        if self.at_write == Some(self.writes.get()) {
            self.import_now();
        }
        saved
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
        results: &[AddressResult],
        addresses: usize,
    ) -> impl Future<Output = Result<bool, StoreError>> {
        // The import's transaction commits just before the scan's last one.
        if self.at_write.is_none() {
            self.import_now();
        }
        self.inner.save_completed(checkpoint, results, addresses)
    }
}

/// Scans 40 BTC addresses while 25 more are imported at the moment `at_write`
/// says, and checks that all 65 were checked, once each, before `completed`.
fn assert_import_taken_in(at_write: Option<usize>) {
    let truth = bitcoin_truth(65, 61);
    let (first, later) = truth.targets.split_at(40);
    let clock = VirtualClock::default();
    let store = ImportingStore {
        inner: MemoryStore::default(),
        chain: Chain::Bitcoin,
        later: RefCell::new(Some(later.to_vec())),
        at_write,
        writes: Cell::new(0),
    };
    store.inner.add_addresses(Chain::Bitcoin, first.to_vec());
    let network = FakeNetwork {
        providers: RefCell::new(vec![(
            "a".into(),
            FakeProvider::new(3, 0, Faults::default()),
        )]),
        ledger: truth.ledger.clone(),
        clock: &clock,
        hang_after: None,
        sent: Cell::new(0),
    };
    let StartDecision::Fresh(checkpoint) = decide_start(
        Chain::Bitcoin,
        None,
        false,
        ScanRange::All,
        clock.unix_ms(),
        u64::MAX,
    ) else {
        panic!("expected a fresh scan")
    };
    let job = ScanJob {
        providers: vec![esplora("a", 20)],
        tokens: vec![],
        settings: ScanSettings::default(),
    };
    let mut snapshot = ChainSnapshot::default();
    let mut emit = |event, at| snapshot.apply(event, at);
    let outcome = clock
        .run(run_scan(
            job, checkpoint, &network, &clock, &store, &mut emit,
        ))
        .unwrap()
        .unwrap();
    assert_eq!(outcome, ScanOutcome::Completed);
    assert!(store.later.borrow().is_none(), "the import happened");
    assert_eq!(store.inner.results(Chain::Bitcoin), truth.expected);
    assert_eq!(
        (snapshot.state, snapshot.scanned, snapshot.total),
        (ChainState::Completed, 65, 65)
    );
    assert_eq!(network.sent.get(), 65, "every address asked for once");
    let saved = drive(store.checkpoint(Chain::Bitcoin))
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(
        (saved.state, saved.scanned),
        (CheckpointState::Completed, 65)
    );
}

#[test]
fn an_import_during_the_scan_is_checked_before_it_says_completed() {
    assert_import_taken_in(Some(1));
}

#[test]
fn an_import_that_lands_as_the_scan_completes_is_taken_in_too() {
    assert_import_taken_in(None);
}

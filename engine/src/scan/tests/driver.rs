//! The driver over the ports: storage of every batch, events, and resume after the
//! page closes at any point.

use super::*;
use crate::ports::ScanStore;
use crate::scan::checkpoint::{
    decide_start, Checkpoint, ScanRange, StartDecision, DEFAULT_STALE_AFTER_MS,
};
use crate::scan::driver::{run_scan, ScanJob};
use crate::scan::events::{ChainSnapshot, ChainState};
use crate::testing::{drive, FakeNetwork, MemoryStore, VirtualClock};
use crate::Chain;
use std::cell::{Cell, RefCell};

pub(super) fn network<'c>(
    clock: &'c VirtualClock,
    truth: &GroundTruth,
    names: &[&str],
    faults: Faults,
    hang_after: Option<usize>,
) -> FakeNetwork<'c> {
    FakeNetwork {
        providers: RefCell::new(
            names
                .iter()
                .enumerate()
                .map(|(i, name)| {
                    (
                        name.to_string(),
                        FakeProvider::new(i as u64 + 7, 0, faults.clone()),
                    )
                })
                .collect(),
        ),
        ledger: truth.ledger.clone(),
        clock,
        hang_after,
        sent: Cell::new(0),
    }
}

pub(super) fn start(store: &MemoryStore, clock: &VirtualClock, chain: Chain) -> Checkpoint {
    use crate::ports::Clock;
    let latest = drive(store.checkpoint(chain)).unwrap().unwrap();
    match decide_start(
        chain,
        latest,
        false,
        ScanRange::All,
        clock.unix_ms(),
        DEFAULT_STALE_AFTER_MS,
    ) {
        StartDecision::Resume(checkpoint) | StartDecision::Fresh(checkpoint) => checkpoint,
        StartDecision::AskUser { .. } => panic!("nothing here is a day old"),
    }
}

fn solana_job() -> ScanJob {
    ScanJob {
        providers: vec![solana_rpc("a", 10), solana_rpc("b", 4)],
        tokens: solana_tokens(),
        settings: ScanSettings::default(),
    }
}

#[test]
fn a_full_run_stores_every_result_and_reports_completion() {
    let truth = solana_truth(500, 21);
    let clock = VirtualClock::default();
    let store = MemoryStore::default();
    store.add_addresses(Chain::Solana, truth.targets.clone());
    let network = network(
        &clock,
        &truth,
        &["a", "b"],
        Faults {
            error_percent: 10,
            ..Faults::default()
        },
        None,
    );
    let mut snapshot = ChainSnapshot::default();
    let mut emit = |event, at| snapshot.apply(event, at);
    let checkpoint = start(&store, &clock, Chain::Solana);

    let outcome = clock
        .run(run_scan(
            solana_job(),
            checkpoint,
            &network,
            &clock,
            &store,
            &mut emit,
        ))
        .unwrap()
        .unwrap();

    assert_eq!(outcome, ScanOutcome::Completed);
    assert_eq!(store.results(Chain::Solana), truth.expected);
    assert_eq!(
        (snapshot.state, snapshot.scanned, snapshot.total),
        (ChainState::Completed, 500, 500)
    );
    let funded = truth.expected.values().filter(|r| r.is_funded()).count();
    assert_eq!(snapshot.funded, funded);
    assert_eq!(snapshot.providers.len(), 2);
    let saved = drive(store.checkpoint(Chain::Solana))
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!((saved.scanned, saved.funded), (500, funded));
}

#[test]
fn closing_the_page_at_any_point_then_resuming_equals_an_uninterrupted_run() {
    let truth = solana_truth(400, 22);
    // The whole scan is 13 requests (400 wallets, 33 a call): hang before each.
    for hang_after in [0, 1, 2, 3, 5, 8, 12] {
        let clock = VirtualClock::default();
        let store = MemoryStore::default();
        store.add_addresses(Chain::Solana, truth.targets.clone());

        // First visit: the page closes once `hang_after` requests have gone out.
        let first = network(
            &clock,
            &truth,
            &["a", "b"],
            Faults::default(),
            Some(hang_after),
        );
        let checkpoint = start(&store, &clock, Chain::Solana);
        let interrupted = clock.run(run_scan(
            solana_job(),
            checkpoint,
            &first,
            &clock,
            &store,
            &mut |_, _| {},
        ));
        assert!(
            interrupted.is_none(),
            "the scan should hang after {hang_after} requests"
        );
        let complete_before = store
            .results(Chain::Solana)
            .values()
            .filter(|r| r.is_complete())
            .count();

        // Second visit: resume from the stored checkpoint.
        let checkpoint = start(&store, &clock, Chain::Solana);
        assert_eq!(checkpoint.scan_id, 1, "resumes the same scan");
        let pending = drive(store.pending(&checkpoint)).unwrap().unwrap();
        assert_eq!(
            pending.len(),
            400 - complete_before,
            "never from zero, never skipping"
        );

        let second = network(&clock, &truth, &["a", "b"], Faults::default(), None);
        let mut snapshot = ChainSnapshot::default();
        let mut emit = |event, at| snapshot.apply(event, at);
        let outcome = clock
            .run(run_scan(
                solana_job(),
                checkpoint,
                &second,
                &clock,
                &store,
                &mut emit,
            ))
            .unwrap()
            .unwrap();

        assert_eq!(outcome, ScanOutcome::Completed, "hang after {hang_after}");
        assert_eq!(
            store.results(Chain::Solana),
            truth.expected,
            "hang after {hang_after}"
        );
        assert_eq!(snapshot.scanned, 400, "no address counted twice");
        // Only what was not yet checked was asked for again: 400 wallets, each
        // with its token accounts, at 100 keys per call.
        let per_call = 100 / (1 + solana_tokens().len());
        let calls_needed = (400 - complete_before).div_ceil(per_call);
        assert_eq!(second.sent.get(), calls_needed, "hang after {hang_after}");
    }
}

/// The virtual clock, counting the driver's yields (its sleeps until a moment
/// already come).
struct CountingYields<'c> {
    clock: &'c VirtualClock,
    yields: Cell<usize>,
}

impl crate::ports::Clock for CountingYields<'_> {
    fn now(&self) -> crate::time::Millis {
        self.clock.now()
    }
    fn unix_ms(&self) -> u64 {
        self.clock.unix_ms()
    }
    fn sleep_until(&self, until: crate::time::Millis) -> impl std::future::Future<Output = ()> {
        if until <= self.clock.now() {
            self.yields.set(self.yields.get() + 1);
        }
        self.clock.sleep_until(until)
    }
}

#[test]
fn a_driver_woken_after_a_wait_sends_before_it_yields() {
    use crate::ports::Clock;
    // Here work takes no time and only waits make time pass: the driver never
    // works a whole slice, so it should never yield. Counting its slice from
    // its last yield, it yielded at every wake after 8 ms of waiting, and the
    // send that had come due went after everything queued meanwhile.
    let truth = solana_truth(500, 23);
    let clock = VirtualClock::default();
    let counting = CountingYields {
        clock: &clock,
        yields: Cell::new(0),
    };
    let store = MemoryStore::default();
    store.add_addresses(Chain::Solana, truth.targets.clone());
    let network = network(&clock, &truth, &["a", "b"], Faults::default(), None);
    let checkpoint = start(&store, &clock, Chain::Solana);
    let started = clock.now();

    let outcome = clock
        .run(run_scan(
            solana_job(),
            checkpoint,
            &network,
            &counting,
            &store,
            &mut |_, _| {},
        ))
        .unwrap()
        .unwrap();

    assert_eq!(outcome, ScanOutcome::Completed);
    assert_eq!(store.results(Chain::Solana), truth.expected);
    assert!(
        clock.now().since(started) > 1_000,
        "the scan waited on its rate limits"
    );
    assert_eq!(counting.yields.get(), 0);
}

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
use std::collections::BTreeMap;

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

fn start(store: &MemoryStore, clock: &VirtualClock, chain: Chain) -> Checkpoint {
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

#[test]
fn a_failed_chain_resumes_after_recovery() {
    let truth = bitcoin_truth(30, 23);
    let clock = VirtualClock::default();
    let store = MemoryStore::default();
    store.add_addresses(Chain::Bitcoin, truth.targets.clone());
    let job = ScanJob {
        providers: vec![esplora("a", 5), esplora("b", 5)],
        tokens: vec![],
        settings: ScanSettings::default(),
    };

    let down = network(
        &clock,
        &truth,
        &["a", "b"],
        Faults {
            down: true,
            ..Faults::default()
        },
        None,
    );
    let checkpoint = start(&store, &clock, Chain::Bitcoin);
    let outcome = clock
        .run(run_scan(
            job.clone(),
            checkpoint,
            &down,
            &clock,
            &store,
            &mut |_, _| {},
        ))
        .unwrap()
        .unwrap();
    assert_eq!(outcome, ScanOutcome::Failed);
    assert!(
        store.results(Chain::Bitcoin).is_empty(),
        "nothing stored as zero"
    );

    let recovered = network(&clock, &truth, &["a", "b"], Faults::default(), None);
    let checkpoint = start(&store, &clock, Chain::Bitcoin);
    assert_eq!(checkpoint.scan_id, 1, "a failed scan resumes");
    let outcome = clock
        .run(run_scan(
            job,
            checkpoint,
            &recovered,
            &clock,
            &store,
            &mut |_, _| {},
        ))
        .unwrap()
        .unwrap();
    assert_eq!(outcome, ScanOutcome::Completed);
    assert_eq!(store.results(Chain::Bitcoin), truth.expected);
}

#[test]
fn all_three_chains_scan_at_the_same_time() {
    let bitcoin = bitcoin_truth(40, 31);
    let bsc = bsc_truth(300, 32);
    let solana = solana_truth(200, 33);
    let clock = VirtualClock::default();
    let store = MemoryStore::default();
    store.add_addresses(Chain::Bitcoin, bitcoin.targets.clone());
    store.add_addresses(Chain::BnbSmartChain, bsc.targets.clone());
    store.add_addresses(Chain::Solana, solana.targets.clone());
    // One network serves all three chains, as the browser does.
    let mut ledger = bitcoin.ledger.clone();
    ledger.by_key.extend(solana.ledger.by_key.clone());
    ledger.evm.extend(bsc.ledger.evm.clone());
    let all = GroundTruth {
        targets: vec![],
        ledger,
        expected: BTreeMap::new(),
        outside: BTreeMap::new(),
    };
    let network = network(
        &clock,
        &all,
        &["btc", "bsc", "sol"],
        Faults::default(),
        None,
    );
    let job = |providers, tokens| ScanJob {
        providers,
        tokens,
        settings: ScanSettings::default(),
    };

    let (mut quiet_btc, mut quiet_bsc, mut quiet_sol) = (|_, _| {}, |_, _| {}, |_, _| {});
    let scans = futures::future::join3(
        run_scan(
            job(vec![esplora("btc", 5)], vec![]),
            start(&store, &clock, Chain::Bitcoin),
            &network,
            &clock,
            &store,
            &mut quiet_btc,
        ),
        run_scan(
            job(vec![multicall("bsc", 5, 100)], bsc_tokens()),
            start(&store, &clock, Chain::BnbSmartChain),
            &network,
            &clock,
            &store,
            &mut quiet_bsc,
        ),
        run_scan(
            job(vec![solana_rpc("sol", 5)], solana_tokens()),
            start(&store, &clock, Chain::Solana),
            &network,
            &clock,
            &store,
            &mut quiet_sol,
        ),
    );
    let (btc, bnb, sol) = clock.run(scans).unwrap();
    assert_eq!(
        (btc, bnb, sol),
        (
            Ok(ScanOutcome::Completed),
            Ok(ScanOutcome::Completed),
            Ok(ScanOutcome::Completed)
        )
    );
    assert_eq!(store.results(Chain::Bitcoin), bitcoin.expected);
    assert_eq!(store.results(Chain::BnbSmartChain), bsc.expected);
    assert_eq!(store.results(Chain::Solana), solana.expected);
    // Run together, the chains finished in the time of the slowest (40 addresses at
    // 5 a second), not the sum of all three.
    use crate::ports::Clock;
    assert!(
        clock.now().0 < 40 * 1000 / 5 + 3_000,
        "took {:?}",
        clock.now()
    );
}

#[test]
fn new_addresses_in_a_completed_chain_are_the_only_ones_checked_on_resume() {
    let truth = bitcoin_truth(30, 41);
    let (first, later) = truth.targets.split_at(20);
    let clock = VirtualClock::default();
    let store = MemoryStore::default();
    store.add_addresses(Chain::Bitcoin, first.to_vec());
    let job = ScanJob {
        providers: vec![esplora("a", 10)],
        tokens: vec![],
        settings: ScanSettings::default(),
    };
    let net = network(&clock, &truth, &["a"], Faults::default(), None);
    let checkpoint = start(&store, &clock, Chain::Bitcoin);
    assert_eq!(
        clock
            .run(run_scan(
                job.clone(),
                checkpoint,
                &net,
                &clock,
                &store,
                &mut |_, _| {}
            ))
            .unwrap(),
        Ok(ScanOutcome::Completed)
    );

    // Ten more addresses arrive; the import pauses the completed chain.
    store.add_addresses(Chain::Bitcoin, later.to_vec());
    let paused = drive(store.checkpoint(Chain::Bitcoin))
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(
        paused.state,
        crate::scan::checkpoint::CheckpointState::Paused
    );

    let checkpoint = start(&store, &clock, Chain::Bitcoin);
    let net = network(&clock, &truth, &["a"], Faults::default(), None);
    let mut snapshot = ChainSnapshot::default();
    let mut emit = |event, at| snapshot.apply(event, at);
    assert_eq!(
        clock
            .run(run_scan(job, checkpoint, &net, &clock, &store, &mut emit))
            .unwrap(),
        Ok(ScanOutcome::Completed)
    );
    assert_eq!(net.sent.get(), 10, "only the new addresses were asked for");
    assert_eq!((snapshot.scanned, snapshot.total), (30, 30));
    assert_eq!(store.results(Chain::Bitcoin), truth.expected);
}

//! The driver across chains and runs: a failed chain's recovery, three chains
//! at once, and addresses added to a completed chain.

use super::driver::{network, start};
use super::*;
use crate::ports::ScanStore;
use crate::scan::driver::{run_scan, ScanJob};
use crate::scan::events::ChainSnapshot;
use crate::testing::{drive, FakeNetwork, MemoryStore, VirtualClock};
use crate::Chain;
use std::collections::BTreeMap;

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

/// A network whose first `costly` sends each take the thread `cost_ms`
/// (building and handing over a large body) before they leave.
struct CostlySends<'c> {
    network: FakeNetwork<'c>,
    costly: usize,
    cost_ms: u64,
}

impl crate::ports::Transport for CostlySends<'_> {
    fn send(
        &self,
        request: crate::codec::Request,
        timeout_ms: u64,
    ) -> impl std::future::Future<Output = Result<HttpResponse, TransportError>> {
        if self.network.sent.get() < self.costly {
            self.network.clock.pass(self.cost_ms);
        }
        self.network.send(request, timeout_ms)
    }
}

#[test]
fn each_send_of_a_turn_counts_from_its_own_moment() {
    // A BSC send costs the worker's thread 2-4 ms, and a turn may send a
    // burst of them. Counted from the turn's start, the burst's later sends
    // were logged earlier than they left by the cost of the sends before
    // them in the turn, and the sends a window later (cheap ones here, as
    // sends vary) came that much less than a window after them (1,024 ms
    // here). Each is now counted from when its turn came: only its own cost
    // (3 ms) is left uncounted.
    let truth = bsc_truth(4_000, 34);
    let clock = VirtualClock::default();
    let store = MemoryStore::default();
    store.add_addresses(Chain::BnbSmartChain, truth.targets.clone());
    let costly = CostlySends {
        network: network(&clock, &truth, &["a"], Faults::default(), None),
        costly: 5,
        cost_ms: 3,
    };
    let settings = ScanSettings::default();
    let window_ms = 1_000 + settings.rate_margin_ms;
    let rps = 20;
    let job = ScanJob {
        providers: vec![multicall("a", rps, 50)],
        tokens: bsc_tokens(),
        settings,
    };

    let outcome = clock
        .run(run_scan(
            job,
            start(&store, &clock, Chain::BnbSmartChain),
            &costly,
            &clock,
            &store,
            &mut |_, _| {},
        ))
        .unwrap()
        .unwrap();

    assert_eq!(outcome, ScanOutcome::Completed);
    assert_eq!(store.results(Chain::BnbSmartChain), truth.expected);
    let providers = costly.network.providers.borrow();
    let arrivals: Vec<u64> = providers[0].1.arrivals.iter().map(|(t, _)| t.0).collect();
    assert_eq!(arrivals.len(), 80);
    let shortest = arrivals
        .windows(rps as usize + 1)
        .map(|w| w[rps as usize] - w[0])
        .min()
        .unwrap();
    assert!(
        shortest >= window_ms - costly.cost_ms,
        "{shortest} ms for {} sends",
        rps + 1
    );
}

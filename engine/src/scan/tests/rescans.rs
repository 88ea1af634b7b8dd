//! Rescans that reuse what is known: only the funded and the unchecked (sweeps,
//! addresses never checked), or an index range; each asks only its addresses,
//! counts the funds known outside it, and resumes like any scan.

use super::driver::network;
use super::*;
use crate::ports::{Clock, ScanStore};
use crate::scan::checkpoint::{decide_start, Checkpoint, ScanRange, StartDecision};
use crate::scan::driver::{run_scan, ScanJob};
use crate::scan::events::{ChainSnapshot, ChainState};
use crate::scan::{ProviderConfig, Token};
use crate::testing::{drive, MemoryStore, VirtualClock};
use crate::Chain;

fn bitcoin_job() -> ScanJob {
    ScanJob {
        providers: vec![esplora("a", 10), esplora("b", 5)],
        tokens: vec![],
        settings: ScanSettings::default(),
    }
}

/// How the next scan of `chain` starts: resumed, or (`rescan`) fresh over `range`.
fn begin(
    store: &MemoryStore,
    clock: &VirtualClock,
    chain: Chain,
    rescan: bool,
    range: ScanRange,
) -> Checkpoint {
    let latest = drive(store.checkpoint(chain)).unwrap().unwrap();
    match decide_start(chain, latest, rescan, range, clock.unix_ms(), u64::MAX) {
        StartDecision::Resume(checkpoint) | StartDecision::Fresh(checkpoint) => checkpoint,
        StartDecision::AskUser { .. } => panic!("never stale here"),
    }
}

/// Scans Bitcoin from `checkpoint` against `truth`'s ledger to its end (or, with
/// `hang_after`, until the page "closes"): the snapshot, and how many requests
/// went out.
fn scan(
    store: &MemoryStore,
    clock: &VirtualClock,
    truth: &GroundTruth,
    checkpoint: Checkpoint,
    hang_after: Option<usize>,
) -> (Option<ScanOutcome>, ChainSnapshot, usize) {
    let network = network(clock, truth, &["a", "b"], Faults::default(), hang_after);
    let mut snapshot = ChainSnapshot::default();
    let mut emit = |event, at| snapshot.apply(event, at);
    let ran = clock.run(run_scan(
        bitcoin_job(),
        checkpoint,
        &network,
        clock,
        store,
        &mut emit,
    ));
    (ran.map(|r| r.unwrap()), snapshot, network.sent.get())
}

fn funded_count(store: &MemoryStore) -> usize {
    let results = store.results(Chain::Bitcoin);
    results.values().filter(|r| r.is_funded()).count()
}

#[test]
fn funded_and_unchecked_asks_only_those_and_sees_what_was_swept() {
    let truth = bitcoin_truth(120, 41);
    let (known, late) = truth.targets.split_at(100);
    let clock = VirtualClock::default();
    let store = MemoryStore::default();
    store.add_addresses(Chain::Bitcoin, known.to_vec());
    let first = begin(&store, &clock, Chain::Bitcoin, false, ScanRange::All);
    let (outcome, _, _) = scan(&store, &clock, &truth, first, None);
    assert_eq!(outcome, Some(ScanOutcome::Completed));
    let funded_before: Vec<String> = known
        .iter()
        .filter(|t| truth.expected[&t.address].is_funded())
        .map(|t| t.address.clone())
        .collect();
    assert!(funded_before.len() > 20, "the set has funds to sweep");

    // Since then: 20 addresses were imported, half the funded ones were swept,
    // and one address checked empty received a deposit.
    store.add_addresses(Chain::Bitcoin, late.to_vec());
    let mut now = truth.clone();
    for address in funded_before.iter().step_by(2) {
        now.ledger.by_key.insert(address.clone(), 0);
        now.expected.get_mut(address).unwrap().native = checked(0);
    }
    let empty = known
        .iter()
        .find(|t| !truth.expected[&t.address].is_funded())
        .unwrap();
    now.ledger.by_key.insert(empty.address.clone(), 5_000);

    // The page closes a few requests into the follow-up; it resumes later.
    let follow_up = begin(
        &store,
        &clock,
        Chain::Bitcoin,
        true,
        ScanRange::FundedOrUnchecked,
    );
    assert_eq!(follow_up.scan_id, 2);
    let covered = funded_before.len() + late.len();
    assert_eq!(
        drive(store.count_in_range(&follow_up)).unwrap().unwrap(),
        covered
    );
    let (interrupted, _, sent_before) = scan(&store, &clock, &now, follow_up, Some(7));
    assert_eq!(interrupted, None);
    let resumed = begin(&store, &clock, Chain::Bitcoin, false, ScanRange::All);
    assert_eq!(
        (resumed.scan_id, resumed.range),
        (2, ScanRange::FundedOrUnchecked),
        "the follow-up resumes as it was"
    );
    // Swept addresses it already rechecked stay in its range: counted once.
    assert_eq!(
        drive(store.count_in_range(&resumed)).unwrap().unwrap(),
        covered
    );
    let (outcome, snapshot, sent_after) = scan(&store, &clock, &now, resumed, None);

    assert_eq!(outcome, Some(ScanOutcome::Completed));
    assert_eq!(
        sent_before.min(7) + sent_after,
        covered,
        "one request per covered address"
    );
    // Every result is as the ledger is now, except the deposit into an address
    // checked empty: this rescan leaves those alone, a full one finds it.
    let mut expected = now.expected.clone();
    expected.get_mut(&empty.address).unwrap().native = checked(0);
    assert_eq!(store.results(Chain::Bitcoin), expected);
    assert_eq!(
        (snapshot.state, snapshot.total, snapshot.scanned),
        (ChainState::Completed, covered, covered)
    );
    assert_eq!(snapshot.funded, funded_count(&store));
}

#[test]
fn an_index_range_asks_only_its_indices_and_counts_the_funds_outside_it() {
    let truth = bitcoin_truth(100, 42);
    let clock = VirtualClock::default();
    let store = MemoryStore::default();
    store.add_addresses(Chain::Bitcoin, truth.targets.clone());
    let first = begin(&store, &clock, Chain::Bitcoin, false, ScanRange::All);
    assert_eq!(
        scan(&store, &clock, &truth, first, None).0,
        Some(ScanOutcome::Completed)
    );

    // Every balance changed since; the user rescans indices 20 to 39.
    let mut now = truth.clone();
    for (address, satoshi) in now.ledger.by_key.iter_mut() {
        *satoshi = 7;
        now.expected.get_mut(address).unwrap().native = checked(7);
    }
    let range = ScanRange::Indices {
        first: 20,
        last: 39,
    };
    let rescan = begin(&store, &clock, Chain::Bitcoin, true, range);
    let (outcome, snapshot, sent) = scan(&store, &clock, &now, rescan, None);

    assert_eq!(outcome, Some(ScanOutcome::Completed));
    assert_eq!(sent, 20);
    for target in &truth.targets {
        let inside = (20..=39).contains(&target.index);
        let (_, result) = store.result(Chain::Bitcoin, &target.address).unwrap();
        let expected = if inside {
            &now.expected
        } else {
            &truth.expected
        };
        assert_eq!(
            &result, &expected[&target.address],
            "index {}",
            target.index
        );
    }
    let funded_outside = truth
        .targets
        .iter()
        .filter(|t| !(20..=39).contains(&t.index) && truth.expected[&t.address].is_funded())
        .count();
    assert_eq!((snapshot.total, snapshot.scanned), (20, 20));
    assert_eq!(snapshot.funded, funded_outside + 20);
    assert_eq!(snapshot.funded, funded_count(&store));
    // After a reload the card counts against the range too: nothing unchecked.
    let saved = drive(store.checkpoint(Chain::Bitcoin))
        .unwrap()
        .unwrap()
        .unwrap();
    let reloaded = ChainSnapshot::from_checkpoint(&saved, 100);
    assert_eq!(
        (
            reloaded.state,
            reloaded.total,
            reloaded.scanned,
            reloaded.unchecked
        ),
        (ChainState::Completed, 20, 20, 0)
    );
}

#[test]
fn a_deep_check_finds_tokens_held_outside_the_associated_accounts() {
    let truth = solana_truth(60, 43);
    assert!(
        !truth.outside.is_empty(),
        "some wallets hold USDC elsewhere"
    );
    let clock = VirtualClock::default();
    let store = MemoryStore::default();
    store.add_addresses(Chain::Solana, truth.targets.clone());
    let solana = |deep: bool, tokens: &[Token]| {
        let providers: Vec<ProviderConfig> = vec![solana_rpc("a", 10), solana_rpc("b", 4)];
        let providers = match deep {
            true => providers
                .iter()
                .filter_map(|p| p.for_deep_check(tokens))
                .collect(),
            false => providers,
        };
        ScanJob {
            providers,
            tokens: tokens.to_vec(),
            settings: ScanSettings::default(),
        }
    };
    let network = network(&clock, &truth, &["a", "b"], Faults::default(), None);
    let run = |job, checkpoint| {
        let mut snapshot = ChainSnapshot::default();
        let mut emit = |event, at| snapshot.apply(event, at);
        let outcome = clock
            .run(run_scan(
                job, checkpoint, &network, &clock, &store, &mut emit,
            ))
            .unwrap()
            .unwrap();
        (outcome, snapshot)
    };
    let tokens = solana_tokens();
    let (outcome, _) = run(
        solana(false, &tokens),
        begin(&store, &clock, Chain::Solana, false, ScanRange::All),
    );
    assert_eq!(outcome, ScanOutcome::Completed);
    assert_eq!(
        store.results(Chain::Solana),
        truth.expected,
        "a normal scan reads the ATAs"
    );

    // The deep check of wallets 0 to 39: one batch array of three calls each
    // (getBalance, and getTokenAccountsByOwner under both programs).
    let mut deep = begin(
        &store,
        &clock,
        Chain::Solana,
        true,
        ScanRange::Indices { first: 0, last: 39 },
    );
    deep.deep = true;
    let before = network.sent.get();
    let (outcome, snapshot) = run(solana(true, &tokens), deep);
    assert_eq!(outcome, ScanOutcome::Completed);
    assert_eq!(network.sent.get() - before, 40);
    assert!(snapshot.deep);
    let deep_expected = truth.deep_expected();
    for target in &truth.targets {
        let (_, result) = store.result(Chain::Solana, &target.address).unwrap();
        let expected = match target.index < 40 {
            true => &deep_expected[&target.address],
            false => &truth.expected[&target.address],
        };
        assert_eq!(&result, expected, "index {}", target.index);
    }
    let found_elsewhere = truth.outside.keys().filter(|a| {
        let index = truth.expected[*a].target.index;
        index < 40
    });
    assert!(
        found_elsewhere.count() >= 5,
        "the range holds wallets with USDC elsewhere"
    );
    let checkpoint = drive(store.checkpoint(Chain::Solana))
        .unwrap()
        .unwrap()
        .unwrap();
    assert!(checkpoint.deep, "a resumed deep check stays deep");
}

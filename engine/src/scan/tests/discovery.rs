//! Discovery with a gap limit over fake providers: the used addresses of each
//! branch are found exactly, each address is asked about once, and a search
//! stops after the gap.

use super::driver::network;
use super::*;
use crate::amount::U256;
use crate::derive::{parse_watch_only, Choices, ScriptType, WatchOnly};
use crate::discovery::{discover, BranchFound, DiscoveryError};
use crate::scan::driver::ScanJob;
use crate::testing::{HistoryTx, VirtualClock};
use crate::{Chain, Network};

/// BIP-84's account key (m/84'/0'/0').
const ZPUB: &str = "zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH1r1ADqtfSdVCToUG868RvUUkgDKf31mGDtKsAYz2oz2AGutZYs";
/// A BSC account key (m/44'/60'/0'), from the fixtures' viem wallet.
const BSC_XPUB: &str = "xpub6DULVuNmpJDfkmmtiM6CSJ3kKiKqFc2C9Wd7pdmJiggJ3d5RyYfGnjAioMEDPUBbsEGSiw9nLXDrz1oenzd9AJNKmshVYxwwyMcqL8L3mgc";

fn branches(key: &str, chain: Chain) -> Vec<WatchOnly> {
    let choices = Choices {
        chain: Some(chain),
        script: Some(ScriptType::Wpkh),
    };
    parse_watch_only(key, Network::Mainnet, choices)
        .unwrap()
        .branches()
}

fn address(wallet: &WatchOnly, index: u32) -> String {
    wallet.addresses(index, 1).remove(0).1
}

/// A history that leaves `balance` satoshi: received `balance + 500`, spent 500.
fn history(balance: i64, seed: u64) -> Vec<HistoryTx> {
    vec![
        HistoryTx {
            txid: seed * 2,
            height: 800_000,
            value: balance + 500,
        },
        HistoryTx {
            txid: seed * 2 + 1,
            height: 800_001,
            value: -500,
        },
    ]
}

/// Where a walk index by index stops: the addresses up to the last used one.
fn walk(used: &[u32], gap: u32) -> u32 {
    let (mut run, mut found, mut index) = (0, 0, 0);
    while run < gap {
        if used.contains(&index) {
            found = index + 1;
            run = 0;
        } else {
            run += 1;
        }
        index += 1;
    }
    found
}

fn run_discovery(
    wallets: Vec<WatchOnly>,
    gap: u32,
    providers: Vec<ProviderConfig>,
    tokens: Vec<Token>,
    truth: &GroundTruth,
    faults: Faults,
) -> (Result<Vec<BranchFound>, DiscoveryError>, usize) {
    let clock = VirtualClock::default();
    let names: Vec<String> = providers.iter().map(|p| p.name.clone()).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let net = network(&clock, truth, &names, faults, None);
    let job = ScanJob {
        providers,
        tokens,
        settings: ScanSettings::default(),
    };
    let mut progress = Vec::new();
    let found = clock
        .run(discover(wallets, gap, job, &net, &clock, &mut |p| {
            progress.push(p)
        }))
        .expect("discovery ends");
    // Progress only grows.
    assert!(progress.windows(2).all(|w| w[0].checked <= w[1].checked));
    let units: u32 = net
        .providers
        .borrow()
        .iter()
        .flat_map(|(_, fake)| fake.arrivals.iter().map(|(_, units)| units))
        .sum();
    UNITS.with(|u| u.set(units));
    (found, net.sent.get())
}

thread_local! {
    /// Rate-limit units (calls) the last discovery's requests counted.
    static UNITS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

#[test]
fn bitcoin_receive_and_change_are_found_up_to_the_last_used_address() {
    let wallets = branches(ZPUB, Chain::Bitcoin);
    let (receive, change) = (&wallets[0], &wallets[1]);
    // Funded, emptied (a history, no balance), and one past the gap that must
    // not be found.
    let receive_used = [0, 3, 12, 22];
    let change_used = [2];
    let mut truth = empty_truth();
    for (k, &i) in receive_used.iter().enumerate() {
        let balance = if i == 3 { 0 } else { 1_000 * (k as i64 + 1) };
        let txs = history(balance, u64::from(i));
        truth
            .ledger
            .bitcoin_history
            .insert(address(receive, i), txs);
    }
    let beyond = address(receive, 40);
    truth
        .ledger
        .bitcoin_history
        .insert(beyond.clone(), history(9, 99));
    for &i in &change_used {
        truth
            .ledger
            .bitcoin_history
            .insert(address(change, i), history(0, 77));
    }
    let providers = vec![esplora("a", 10), esplora("b", 10)];
    let (found, sent) = run_discovery(
        wallets.clone(),
        10,
        providers,
        vec![],
        &truth,
        Faults::default(),
    );
    let found = found.unwrap();
    assert_eq!(found.len(), 2);
    assert_eq!((found[0].branch, found[1].branch), (0, 1));
    assert_eq!(found[0].addresses.len() as u32, walk(&receive_used, 10));
    assert_eq!(found[0].addresses.len(), 23);
    assert_eq!(found[0].addresses, receive.addresses(0, 23));
    assert_eq!(
        found[1].addresses,
        change.addresses(0, walk(&change_used, 10))
    );
    assert!(!found[0].addresses.iter().any(|(_, a)| *a == beyond));
    assert_eq!((found[0].used, found[1].used), (4, 1));
    // Checked: up to the last used one plus the gap, each asked once.
    assert_eq!((found[0].checked, found[1].checked), (33, 13));
    assert_eq!(sent, 33 + 13);
}

#[test]
fn group_summaries_find_the_same_addresses_with_far_fewer_requests() {
    // A merchant's wallet: few addresses paid, a large gap.
    let wallets = branches(ZPUB, Chain::Bitcoin);
    let receive_used = [0, 150, 300, 333];
    let mut truth = empty_truth();
    for &i in &receive_used {
        let txs = history(i64::from(i) + 1, u64::from(i));
        truth
            .ledger
            .bitcoin_history
            .insert(address(&wallets[0], i), txs);
    }
    let gap = 200;
    let one_by_one = run_discovery(
        wallets.clone(),
        gap,
        vec![esplora("a", 10), esplora("b", 10)],
        vec![],
        &truth,
        Faults::default(),
    );
    let grouped = run_discovery(
        wallets.clone(),
        gap,
        vec![esplora_groups("a", 10, 300), esplora_groups("b", 10, 300)],
        vec![],
        &truth,
        Faults::default(),
    );
    let (found, sent) = (grouped.0.unwrap(), grouped.1);
    let (expected, one_by_one_sent) = (one_by_one.0.unwrap(), one_by_one.1);
    assert_eq!(found[0].addresses.len() as u32, walk(&receive_used, gap));
    assert_eq!(
        found.iter().map(|b| &b.addresses).collect::<Vec<_>>(),
        expected.iter().map(|b| &b.addresses).collect::<Vec<_>>()
    );
    assert_eq!(found[0].used, 4);
    // 534 + 200 addresses checked: one request each without groups.
    assert_eq!(one_by_one_sent, 734);
    assert!(sent * 10 < one_by_one_sent, "{sent} requests with groups");
}

#[test]
fn an_unused_wallet_is_one_gap_per_branch_and_nothing_found() {
    let wallets = branches(ZPUB, Chain::Bitcoin);
    let (found, sent) = run_discovery(
        wallets,
        20,
        vec![esplora("a", 10)],
        vec![],
        &empty_truth(),
        Faults::default(),
    );
    let found = found.unwrap();
    assert!(found
        .iter()
        .all(|b| b.addresses.is_empty() && b.checked == 20));
    assert_eq!(sent, 40);
}

#[test]
fn bsc_counts_a_nonce_or_any_balance_as_used() {
    let wallets = branches(BSC_XPUB, Chain::BnbSmartChain);
    assert_eq!(wallets.len(), 1, "BSC wallets have one branch");
    let wallet = &wallets[0];
    let holder = |i| {
        address(wallet, i)
            .parse::<alloy_primitives::Address>()
            .unwrap()
    };
    let usdt: alloy_primitives::Address = USDT_BSC.parse().unwrap();
    let mut truth = empty_truth();
    // 1: sent transactions, holds nothing (emptied); 4: only ever received
    // USDT (nonce 0); 9: holds BNB; 30: past the gap.
    truth.ledger.evm_nonce.insert(holder(1), 3);
    truth
        .ledger
        .evm
        .insert((holder(4), Some(usdt)), U256::from(5_000_000u64));
    truth.ledger.evm.insert((holder(9), None), U256::from(1u8));
    truth.ledger.evm.insert((holder(30), None), U256::from(1u8));
    let discover_over = |providers| {
        run_discovery(
            wallets.clone(),
            5,
            providers,
            bsc_tokens(),
            &truth,
            Faults::default(),
        )
    };
    let (found, _) = discover_over(vec![multicall("node", 20, 200), evm_batch("batch", 20, 40)]);
    let found = found.unwrap();
    assert_eq!(found[0].addresses, wallet.addresses(0, 10));
    assert_eq!((found[0].used, found[0].checked), (3, 15));
    // Over Multicall3 alone: the balances in one call, a nonce per address;
    // over batch arrays alone, 4 calls an address (nonce, BNB, 2 tokens).
    let (found, sent) = discover_over(vec![multicall("node", 20, 200)]);
    assert_eq!(found.unwrap()[0].addresses, wallet.addresses(0, 10));
    assert_eq!(UNITS.with(|u| u.get()), 15 + sent as u32);
    let (found, _) = discover_over(vec![evm_batch("batch", 20, 40)]);
    assert_eq!(found.unwrap()[0].addresses, wallet.addresses(0, 10));
    assert_eq!(UNITS.with(|u| u.get()), 15 * 4);
}

#[test]
fn failing_providers_do_not_change_what_is_found() {
    let wallets = branches(ZPUB, Chain::Bitcoin);
    let mut truth = empty_truth();
    for i in [1, 7, 15] {
        truth
            .ledger
            .bitcoin_history
            .insert(address(&wallets[0], i), history(10, u64::from(i)));
    }
    let faults = Faults {
        error_percent: 25,
        malformed_percent: 10,
        ..Faults::default()
    };
    let (found, _) = run_discovery(
        wallets.clone(),
        8,
        vec![esplora("a", 10), esplora("b", 10)],
        vec![],
        &truth,
        faults,
    );
    let found = found.unwrap();
    assert_eq!(found[0].addresses, wallets[0].addresses(0, 16));
    assert!(found[1].addresses.is_empty());
}

#[test]
fn without_a_provider_that_can_tell_discovery_says_so() {
    let wallets = branches(BSC_XPUB, Chain::BnbSmartChain);
    let (found, sent) = run_discovery(
        wallets,
        20,
        vec![etherscan("scan", 5)],
        bsc_tokens(),
        &empty_truth(),
        Faults::default(),
    );
    assert_eq!(found, Err(DiscoveryError::NoProvider("BNB Smart Chain")));
    assert_eq!(sent, 0);
    let down = Faults {
        down: true,
        ..Faults::default()
    };
    let (found, _) = run_discovery(
        branches(ZPUB, Chain::Bitcoin),
        20,
        vec![esplora("a", 10)],
        vec![],
        &empty_truth(),
        down,
    );
    assert!(
        matches!(found, Err(DiscoveryError::ProvidersFailed { checked: 0 })),
        "{found:?}"
    );
}

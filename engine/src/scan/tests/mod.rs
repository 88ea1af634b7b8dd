//! The scanner against fake providers on a manual clock: ground truth comes back
//! exactly, under faults, within every provider's rate limit.

mod backpressure;
mod batch_arrays;
mod cold_start;
mod discovery;
mod driver;
mod driver_chains;
mod etherscan;
mod groups;
mod import_during_scan;
mod properties;
mod rescans;
mod retry_after;
mod slow_store;
mod truth;

use super::*;
use crate::testing::{run, FakeProvider, Faults};
use crate::time::Millis;
use std::collections::BTreeMap;
use truth::*;

#[test]
fn bitcoin_over_three_esplora_providers_is_exact_and_within_limits() {
    let truth = bitcoin_truth(300, 1);
    let providers = vec![esplora("a", 4), esplora("b", 5), esplora("c", 10)];
    let mut fakes = fakes(vec![
        (80, Faults::default()),
        (120, Faults::default()),
        (60, Faults::default()),
    ]);
    let mut scanner = scanner(providers.clone(), vec![], &truth.targets);
    let run = run(&mut scanner, &mut fakes, &truth.ledger, Millis(0), None);
    assert_eq!(run.outcome, Some(ScanOutcome::Completed));
    assert_eq!(run.results, truth.expected);
    assert_within_limits(&fakes, &providers);
    // Work spreads in proportion to capacity: the 10 rps provider carries most.
    let served: Vec<usize> = fakes.iter().map(|f| f.arrivals.len()).collect();
    assert!(served[2] > served[1] && served[1] > served[0], "{served:?}");
    // 300 addresses at 19 requests per 1.1 s window (1 s plus the margin), plus
    // the opening window and a second of slack: near the bound.
    assert!(
        run.ended_at.0 < 300 * 1100 / 19 + 1_100 + 1_000,
        "took {:?}",
        run.ended_at
    );
}

#[test]
fn bsc_multicall_carries_native_and_tokens_of_a_whole_batch_in_one_call() {
    let truth = bsc_truth(450, 2);
    let providers = vec![multicall("node", 3, 200)];
    let mut fakes = fakes(vec![(150, Faults::default())]);
    let mut scanner = scanner(providers.clone(), bsc_tokens(), &truth.targets);
    let run = run(&mut scanner, &mut fakes, &truth.ledger, Millis(0), None);
    assert_eq!(run.outcome, Some(ScanOutcome::Completed));
    assert_eq!(run.results, truth.expected);
    assert_eq!(fakes[0].arrivals.len(), 3, "200 + 200 + 50 addresses");
}

#[test]
fn solana_packs_wallets_and_token_accounts_into_100_key_calls() {
    let truth = solana_truth(200, 3);
    let providers = vec![solana_rpc("rpc", 10)];
    let mut fakes = fakes(vec![(100, Faults::default())]);
    let mut scanner = scanner(providers.clone(), solana_tokens(), &truth.targets);
    let run = run(&mut scanner, &mut fakes, &truth.ledger, Millis(0), None);
    assert_eq!(run.outcome, Some(ScanOutcome::Completed));
    assert_eq!(run.results, truth.expected);
    // Three tokens (two legacy, one Token-2022): 25 wallets (100 keys) a call,
    // so 200 wallets take 8 calls.
    assert_eq!(solana_tokens().len(), 3);
    assert_eq!(fakes[0].arrivals.len(), 8);
}

#[test]
fn a_provider_that_is_down_fails_over_to_the_others() {
    let truth = bitcoin_truth(60, 4);
    let providers = vec![esplora("down", 10), esplora("up", 5)];
    let down = Faults {
        down: true,
        ..Faults::default()
    };
    let mut fakes = fakes(vec![(50, down), (50, Faults::default())]);
    let mut scanner = scanner(providers.clone(), vec![], &truth.targets);
    let run = run(&mut scanner, &mut fakes, &truth.ledger, Millis(0), None);
    assert_eq!(run.outcome, Some(ScanOutcome::Completed));
    assert_eq!(run.results, truth.expected);
    // The breaker opened: the dead provider got a handful of requests, not 60.
    assert!(
        fakes[0].arrivals.len() <= 10,
        "{} requests to a dead provider",
        fakes[0].arrivals.len()
    );
    let (_, status, stats) = scanner.provider_stats().next().unwrap();
    assert_ne!(status, crate::provider::BreakerStatus::Closed);
    assert!(stats.failures >= 5);
}

#[test]
fn a_batch_the_node_rejects_as_too_large_is_split() {
    let truth = bsc_truth(100, 6);
    let providers = vec![multicall("small-node", 10, 100)];
    let faults = Faults {
        max_batch: Some(30),
        ..Faults::default()
    };
    let mut fakes = fakes(vec![(50, faults)]);
    let mut scanner = scanner(providers.clone(), bsc_tokens(), &truth.targets);
    let run = run(&mut scanner, &mut fakes, &truth.ledger, Millis(0), None);
    assert_eq!(run.outcome, Some(ScanOutcome::Completed));
    assert_eq!(run.results, truth.expected);
    // 100 rejected; its first half of 50 rejected too; from then on the node's
    // batch size is known to be smaller, so the rest goes out as 25s: 4 x 25.
    assert_eq!(fakes[0].arrivals.len(), 1 + 1 + 4);
}

#[test]
fn a_failing_token_keeps_the_native_balance_and_never_reads_as_zero() {
    let truth = bsc_truth(10, 7);
    let providers = vec![multicall("node", 10, 200)];
    let faults = Faults {
        failing_tokens: vec![USDT_BSC.parse().unwrap()],
        ..Faults::default()
    };
    let mut fakes = fakes(vec![(50, faults)]);
    let mut scanner = scanner(providers.clone(), bsc_tokens(), &truth.targets);
    let run = run(&mut scanner, &mut fakes, &truth.ledger, Millis(0), None);
    // USDT never answers, so the scan cannot complete.
    assert_eq!(run.outcome, Some(ScanOutcome::Failed));
    for (address, result) in &run.results {
        let expected = &truth.expected[address];
        assert_eq!(result.native, expected.native);
        assert_eq!(result.tokens[0], expected.tokens[0]);
        assert_eq!(result.tokens[1], AssetBalance::Unchecked);
    }
    assert_eq!(run.results.len(), 10);
    assert_eq!(scanner.counts().set_aside, 10);
}

#[test]
fn a_fault_storm_still_yields_the_exact_ground_truth_within_limits() {
    for seed in 0..5 {
        let truth = bitcoin_truth(150, 100 + seed);
        let providers = vec![
            esplora("down", 5),
            esplora("flaky", 8),
            esplora("limited", 6),
            esplora("weird", 4),
        ];
        let profiles = vec![
            (
                60,
                Faults {
                    down: true,
                    ..Faults::default()
                },
            ),
            (
                90,
                Faults {
                    error_percent: 20,
                    hang_percent: 2,
                    ..Faults::default()
                },
            ),
            (
                70,
                Faults {
                    rate_limit_percent: 15,
                    retry_after_ms: Some(1_500),
                    rate_limit_burst: Some(5..25),
                    ..Faults::default()
                },
            ),
            (
                50,
                Faults {
                    malformed_percent: 15,
                    rate_limit_percent: 10,
                    ..Faults::default()
                },
            ),
        ];
        let mut fakes: Vec<FakeProvider> = profiles
            .into_iter()
            .enumerate()
            .map(|(i, (latency, faults))| FakeProvider::new(seed * 10 + i as u64, latency, faults))
            .collect();
        let mut scanner = scanner(providers.clone(), vec![], &truth.targets);
        let run = run(&mut scanner, &mut fakes, &truth.ledger, Millis(0), None);
        assert_eq!(run.outcome, Some(ScanOutcome::Completed), "seed {seed}");
        assert_eq!(run.results, truth.expected, "seed {seed}");
        assert_within_limits(&fakes, &providers);
    }
}

#[test]
fn short_and_malformed_solana_answers_are_retried_not_zeroed() {
    let truth = solana_truth(150, 8);
    let providers = vec![solana_rpc("flaky", 10), solana_rpc("short", 10)];
    let profiles = vec![
        (
            80,
            Faults {
                malformed_percent: 30,
                ..Faults::default()
            },
        ),
        (
            80,
            Faults {
                short_percent: 40,
                ..Faults::default()
            },
        ),
    ];
    let mut fakes = fakes(profiles);
    let mut scanner = scanner(providers.clone(), solana_tokens(), &truth.targets);
    let run = run(&mut scanner, &mut fakes, &truth.ledger, Millis(0), None);
    assert_eq!(run.outcome, Some(ScanOutcome::Completed));
    assert_eq!(run.results, truth.expected);
    assert_within_limits(&fakes, &providers);
}

#[test]
fn all_providers_down_ends_failed_with_nothing_stored_as_zero() {
    let truth = bitcoin_truth(40, 9);
    let providers = vec![esplora("a", 5), esplora("b", 5)];
    let down = || Faults {
        down: true,
        ..Faults::default()
    };
    let mut fakes = fakes(vec![(30, down()), (30, down())]);
    let mut scanner = scanner(providers.clone(), vec![], &truth.targets);
    let run = run(&mut scanner, &mut fakes, &truth.ledger, Millis(0), None);
    assert_eq!(run.outcome, Some(ScanOutcome::Failed));
    assert!(
        run.results.is_empty(),
        "no provider answered, so nothing is known"
    );
    let counts = scanner.counts();
    assert_eq!(
        counts.queued + counts.set_aside,
        40,
        "every address is still to check"
    );
    // Backing off exponentially, it gave up within minutes, not hours.
    assert!(
        run.ended_at.0 < 5 * 60 * 1000,
        "gave up after {:?}",
        run.ended_at
    );
}

#[test]
fn interrupted_and_resumed_scans_equal_an_uninterrupted_one() {
    let truth = solana_truth(120, 10);
    let providers = vec![solana_rpc("a", 5), solana_rpc("b", 3)];
    let faults = || Faults {
        error_percent: 10,
        ..Faults::default()
    };
    for stop_after in [1, 2, 3, 5] {
        let mut stored: BTreeMap<String, AddressResult> = BTreeMap::new();
        let mut now = Millis(0);
        let mut sent_per_address: BTreeMap<String, usize> = BTreeMap::new();
        for attempt in 0.. {
            // Resume: only what is not yet completely checked.
            let pending: Vec<ScanTarget> = truth
                .targets
                .iter()
                .filter(|t| {
                    !stored
                        .get(&t.address)
                        .is_some_and(AddressResult::is_complete)
                })
                .cloned()
                .collect();
            let mut fakes = fakes(vec![(60, faults()), (60, faults())]);
            let mut scanner = ChainScanner::new(
                providers.clone(),
                solana_tokens(),
                pending,
                ScanSettings::default(),
                now,
            );
            let interrupted = run(
                &mut scanner,
                &mut fakes,
                &truth.ledger,
                now,
                (attempt < 3).then_some(stop_after),
            );
            for (address, result) in interrupted.results {
                *sent_per_address.entry(address.clone()).or_default() += 1;
                let merged = stored
                    .get(&address)
                    .map_or(result.clone(), |old| old.merged_with(&result));
                stored.insert(address, merged);
            }
            now = interrupted.ended_at + 10_000;
            if interrupted.outcome == Some(ScanOutcome::Completed) {
                break;
            }
        }
        assert_eq!(stored, truth.expected, "stop after {stop_after}");
        // No address was checked again after it was complete.
        assert!(
            sent_per_address.values().all(|&n| n == 1),
            "stop after {stop_after}"
        );
    }
}

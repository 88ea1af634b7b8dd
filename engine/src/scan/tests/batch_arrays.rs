//! BSC without Multicall3 (`"multicall3": null`): JSON-RPC batch arrays, where
//! every call counts against the rate bound, and providers that cannot carry
//! one address within it.

use super::*;

#[test]
fn batch_arrays_are_exact_and_count_every_call_against_the_limit() {
    let truth = bsc_truth(120, 71);
    // 9 calls a second, 3 calls per address (BNB and two tokens): 3 addresses
    // an array, one array every 1.1 s window at most.
    let providers = vec![evm_batch("node", 9, 30), evm_batch("other", 6, 100)];
    let faults = Faults {
        error_percent: 10,
        short_percent: 5,
        ..Faults::default()
    };
    let mut fakes = fakes(vec![(80, faults.clone()), (120, faults)]);
    let mut scanner = scanner(providers.clone(), bsc_tokens(), &truth.targets);
    let run = run(&mut scanner, &mut fakes, &truth.ledger, Millis(0), None);
    assert_eq!(run.outcome, Some(ScanOutcome::Completed));
    assert_eq!(run.results, truth.expected);
    assert_within_limits(&fakes, &providers);
    assert!(fakes[0].arrivals.iter().all(|&(_, units)| units <= 9));
    assert!(fakes[1]
        .arrivals
        .iter()
        .all(|&(_, units)| units == 6 || units == 3));
}

#[test]
fn a_failing_token_in_a_batch_array_is_unchecked_never_zero() {
    let truth = bsc_truth(12, 72);
    let providers = vec![evm_batch("node", 30, 30)];
    let failing = bsc_tokens()[1].address.parse().unwrap();
    let faults = Faults {
        failing_tokens: vec![failing],
        ..Faults::default()
    };
    let mut fakes = fakes(vec![(50, faults)]);
    let mut scanner = scanner(providers, bsc_tokens(), &truth.targets);
    let run = run(&mut scanner, &mut fakes, &truth.ledger, Millis(0), None);
    assert_eq!(run.outcome, Some(ScanOutcome::Failed));
    for result in run.results.values() {
        assert!(!result.is_complete(), "{result:?}");
        assert!(matches!(result.tokens[1], AssetBalance::Unchecked));
    }
}

#[test]
fn a_provider_whose_rps_cannot_carry_one_address_is_refused_not_a_crash() {
    let truth = bsc_truth(30, 73);
    // Two tokens: 3 calls per address, above an rps of 2.
    let providers = vec![evm_batch("too-slow", 2, 50), evm_batch("fine", 6, 50)];
    let mut fakes = fakes_for(2);
    let mut mixed = scanner(providers.clone(), bsc_tokens(), &truth.targets);
    let done = run(&mut mixed, &mut fakes, &truth.ledger, Millis(0), None);
    assert_eq!(done.outcome, Some(ScanOutcome::Completed));
    assert_eq!(done.results, truth.expected);
    assert_eq!(
        fakes[0].arrivals.len(),
        0,
        "the refused provider got nothing"
    );
    let (_, _, stats) = mixed.provider_stats().next().unwrap();
    let why = stats.last_error.clone().unwrap();
    assert!(why.contains("raise rps to at least 3"), "{why}");

    // With only such providers the scan fails at once, and says why.
    let only = vec![evm_batch("too-slow", 2, 50)];
    let mut fakes = fakes_for(1);
    let mut refused = scanner(only, bsc_tokens(), &truth.targets);
    assert_eq!(refused.outcome(), Some(ScanOutcome::Failed));
    let failed = run(&mut refused, &mut fakes, &truth.ledger, Millis(0), None);
    assert_eq!(failed.outcome, Some(ScanOutcome::Failed));
    assert!(failed.results.is_empty());
    assert_eq!(fakes[0].arrivals.len(), 0);
}

fn fakes_for(count: usize) -> Vec<FakeProvider> {
    fakes((0..count).map(|_| (50, Faults::default())).collect())
}

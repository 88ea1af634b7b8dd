//! The `etherscan` kind: BNB of up to 20 addresses a `balancemulti` call, then a
//! `tokenbalance` call per address and token, alone or beside a node.

use super::*;

#[test]
fn alone_it_makes_one_balancemulti_per_20_and_one_call_per_token() {
    let truth = bsc_truth(100, 21);
    let providers = vec![etherscan("bscscan", 10)];
    let mut fakes = fakes(vec![(90, Faults::default())]);
    let mut scanner = scanner(providers.clone(), bsc_tokens(), &truth.targets);
    let run = run(&mut scanner, &mut fakes, &truth.ledger, Millis(0), None);
    assert_eq!(run.outcome, Some(ScanOutcome::Completed));
    assert_eq!(run.results, truth.expected);
    // 100 / 20 balancemulti calls and 100 x 2 tokenbalance calls, nothing more.
    assert_eq!(fakes[0].arrivals.len(), 5 + 200);
    assert_within_limits(&fakes, &providers);
}

#[test]
fn without_tokens_only_balancemulti_calls_go_out() {
    let mut truth = bsc_truth(95, 22);
    for result in truth.expected.values_mut() {
        result.tokens.clear();
    }
    let providers = vec![etherscan("bscscan", 5)];
    let mut fakes = fakes(vec![(90, Faults::default())]);
    let mut scanner = scanner(providers, vec![], &truth.targets);
    let run = run(&mut scanner, &mut fakes, &truth.ledger, Millis(0), None);
    assert_eq!(run.outcome, Some(ScanOutcome::Completed));
    assert_eq!(run.results, truth.expected);
    assert_eq!(fakes[0].arrivals.len(), 5, "95 addresses, 20 a call");
}

#[test]
fn beside_a_node_both_carry_work_and_results_are_exact() {
    let truth = bsc_truth(2_000, 23);
    let providers = vec![etherscan("bscscan", 5), multicall("node", 4, 100)];
    let mut fakes = fakes(vec![(120, Faults::default()), (150, Faults::default())]);
    let mut scanner = scanner(providers.clone(), bsc_tokens(), &truth.targets);
    let run = run(&mut scanner, &mut fakes, &truth.ledger, Millis(0), None);
    assert_eq!(run.outcome, Some(ScanOutcome::Completed));
    assert_eq!(run.results, truth.expected);
    assert_within_limits(&fakes, &providers);
    assert!(
        fakes[0].arrivals.len() > 10,
        "the API carried some addresses"
    );
    assert!(fakes[1].arrivals.len() > 10, "the node carried most");
}

#[test]
fn a_refused_key_or_plan_takes_the_provider_out_and_says_why() {
    for (faults, words) in [
        (
            Faults {
                key_refused: true,
                ..Faults::default()
            },
            "refused the API key",
        ),
        (
            Faults {
                not_on_plan: true,
                ..Faults::default()
            },
            "free tier has no BSC",
        ),
    ] {
        let truth = bsc_truth(300, 24);
        let providers = vec![etherscan("etherscan", 5), multicall("node", 4, 100)];
        let mut fakes = fakes(vec![(80, faults), (100, Faults::default())]);
        let mut scanner = scanner(providers, bsc_tokens(), &truth.targets);
        let run = run(&mut scanner, &mut fakes, &truth.ledger, Millis(0), None);
        assert_eq!(run.outcome, Some(ScanOutcome::Completed));
        assert_eq!(run.results, truth.expected);
        assert_eq!(fakes[0].arrivals.len(), 1, "asked once, then left alone");
        let (_, _, stats) = scanner.provider_stats().next().unwrap();
        let error = stats.last_error.as_deref().unwrap();
        assert!(error.contains(words), "{error}");
    }
}

#[test]
fn alone_with_a_refused_key_the_scan_fails_instead_of_waiting() {
    let truth = bsc_truth(40, 25);
    let providers = vec![etherscan("etherscan", 5)];
    let faults = Faults {
        key_refused: true,
        ..Faults::default()
    };
    let mut fakes = fakes(vec![(80, faults)]);
    let mut scanner = scanner(providers, bsc_tokens(), &truth.targets);
    let run = run(&mut scanner, &mut fakes, &truth.ledger, Millis(0), None);
    assert_eq!(run.outcome, Some(ScanOutcome::Failed));
    assert!(run.results.values().all(|r| !r.is_complete()));
}

#[test]
fn flaky_calls_and_soft_rate_limits_are_asked_again_and_results_stay_exact() {
    let truth = bsc_truth(400, 26);
    let providers = vec![etherscan("bscscan", 10), multicall("node", 1, 20)];
    let flaky = Faults {
        error_percent: 10,
        malformed_percent: 5,
        hang_percent: 2,
        soft_rate_limit_percent: 5,
        ..Faults::default()
    };
    let mut fakes = fakes(vec![(80, flaky), (100, Faults::default())]);
    let mut scanner = scanner(providers.clone(), bsc_tokens(), &truth.targets);
    let run = run(&mut scanner, &mut fakes, &truth.ledger, Millis(0), None);
    assert_eq!(run.outcome, Some(ScanOutcome::Completed));
    assert_eq!(run.results, truth.expected);
    assert_within_limits(&fakes, &providers);
    let (_, _, stats) = scanner.provider_stats().next().unwrap();
    assert!(
        stats.rate_limited > 0,
        "the soft rate limits were seen as such: {stats:?}, {} calls",
        fakes[0].arrivals.len()
    );
}

#[test]
fn addresses_waiting_for_token_calls_go_to_the_node_when_the_key_is_revoked() {
    let truth = bsc_truth(600, 29);
    let providers = vec![etherscan("bscscan", 10), multicall("node", 1, 100)];
    // Refused after its first calls: their addresses wait for token calls that
    // no provider can make any more.
    let revoked = Faults {
        key_revoked_after: Some(4),
        ..Faults::default()
    };
    let mut fakes = fakes(vec![(80, revoked), (100, Faults::default())]);
    let mut scanner = scanner(providers, bsc_tokens(), &truth.targets);
    let run = run(&mut scanner, &mut fakes, &truth.ledger, Millis(0), None);
    assert_eq!(run.outcome, Some(ScanOutcome::Completed));
    assert_eq!(run.results, truth.expected);
}

#[test]
fn addresses_waiting_for_token_calls_go_to_the_node_when_the_api_goes_down() {
    let truth = bsc_truth(600, 27);
    let providers = vec![etherscan("bscscan", 10), multicall("node", 1, 100)];
    // Down after its first balancemulti calls: their addresses wait for token
    // calls nobody can make.
    let dying = Faults {
        down_after: Some(3),
        ..Faults::default()
    };
    let mut fakes = fakes(vec![(80, dying), (100, Faults::default())]);
    let mut scanner = scanner(providers, bsc_tokens(), &truth.targets);
    let run = run(&mut scanner, &mut fakes, &truth.ledger, Millis(0), None);
    assert_eq!(run.outcome, Some(ScanOutcome::Completed));
    assert_eq!(run.results, truth.expected);
}

#[test]
fn a_scan_stopped_mid_assembly_resumes_to_the_same_results() {
    let truth = bsc_truth(200, 28);
    let providers = vec![etherscan("bscscan", 10)];
    let mut results = BTreeMap::new();
    let mut pending = truth.targets.clone();
    for stop_after in [7, 30, 51] {
        let mut fakes = fakes(vec![(80, Faults::default())]);
        let mut scanner = scanner(providers.clone(), bsc_tokens(), &pending);
        let run = run(
            &mut scanner,
            &mut fakes,
            &truth.ledger,
            Millis(0),
            Some(stop_after),
        );
        assert_eq!(run.outcome, None, "stopped before the end");
        // Only whole results leave the scanner.
        assert!(run.results.values().all(AddressResult::is_complete));
        results.extend(run.results);
        pending.retain(|t| !results.contains_key(&t.address));
    }
    assert!(!pending.is_empty() && pending.len() < 200);
    let mut fakes = fakes(vec![(80, Faults::default())]);
    let mut scanner = scanner(providers, bsc_tokens(), &pending);
    let run = run(&mut scanner, &mut fakes, &truth.ledger, Millis(0), None);
    assert_eq!(run.outcome, Some(ScanOutcome::Completed));
    results.extend(run.results);
    assert_eq!(results, truth.expected);
}

//! Group summaries (contract: `group_summary`): the same results as asking one
//! address at a time, in far fewer requests where funded addresses are rare.

use super::*;

/// Scans `truth` over `providers` to its end; the results, and the requests
/// each provider received.
fn scan(
    truth: &GroundTruth,
    providers: Vec<ProviderConfig>,
    faults: Vec<Faults>,
) -> (Run, Vec<usize>) {
    let mut fakes = fakes(faults.into_iter().map(|f| (80, f)).collect());
    let mut scanner = scanner(providers, vec![], &truth.targets);
    let run = run(&mut scanner, &mut fakes, &truth.ledger, Millis(0), None);
    let requests = fakes.iter().map(|f| f.arrivals.len()).collect();
    (run, requests)
}

use crate::testing::Run;

#[test]
fn group_summaries_give_exactly_the_one_by_one_results() {
    // 2% funded, emptied and unused addresses, payments between neighbours, and
    // histories longer than a summary lists.
    let truth = bitcoin_history_truth(4_000, 2_000, 11);
    let long = truth
        .ledger
        .bitcoin_history
        .values()
        .filter(|h| h.len() > 5_000)
        .count();
    assert!(long >= 2, "the truth has cut-off histories");

    let (one_by_one, _) = scan(&truth, vec![esplora("plain", 50)], vec![Faults::default()]);
    let (grouped, requests) = scan(
        &truth,
        vec![esplora_groups("mempool", 50, 300)],
        vec![Faults::default()],
    );
    assert_eq!(one_by_one.outcome, Some(ScanOutcome::Completed));
    assert_eq!(grouped.outcome, Some(ScanOutcome::Completed));
    assert_eq!(one_by_one.results, truth.expected);
    assert_eq!(grouped.results, one_by_one.results);
    assert!(
        requests[0] < 4_000 / 4,
        "{requests:?} requests for 4,000 addresses"
    );
}

/// Requests per address with group summaries, against one address a request on
/// the same set, at a share of funded addresses.
fn requests_per_address(funded_per_100k: u64) -> (f64, f64) {
    let count = 20_000;
    let truth = bitcoin_history_truth(count, funded_per_100k, 5);
    let (grouped, grouped_requests) = scan(
        &truth,
        vec![esplora_groups("mempool", 100, 300)],
        vec![Faults::default()],
    );
    let (plain, plain_requests) =
        scan(&truth, vec![esplora("plain", 100)], vec![Faults::default()]);
    assert_eq!(grouped.results, truth.expected);
    assert_eq!(plain.results, truth.expected);
    let per_address = |n: usize| n as f64 / count as f64;
    let figures = (
        per_address(grouped_requests[0]),
        per_address(plain_requests[0]),
    );
    println!(
        "{:.1}% funded: {:.4} requests an address in groups, {:.4} one by one",
        funded_per_100k as f64 / 1000.0,
        figures.0,
        figures.1
    );
    figures
}

#[test]
fn at_one_in_a_thousand_funded_groups_take_fifty_times_fewer_requests() {
    let (grouped, plain) = requests_per_address(100);
    assert!(grouped <= 0.02 * plain, "{grouped} vs {plain}");
}

#[test]
fn at_one_in_a_hundred_funded_groups_take_ten_times_fewer_requests() {
    let (grouped, plain) = requests_per_address(1_000);
    assert!(grouped <= 0.1 * plain, "{grouped} vs {plain}");
}

#[test]
fn at_five_and_fifty_percent_funded_groups_never_take_more_requests() {
    for share in [5_000, 50_000] {
        let (grouped, plain) = requests_per_address(share);
        assert!(grouped <= plain, "{share}: {grouped} vs {plain}");
    }
}

#[test]
fn a_scan_stopped_mid_group_resumes_to_the_same_results() {
    let truth = bitcoin_history_truth(3_000, 1_000, 12);
    let providers = vec![esplora_groups("mempool", 20, 300)];
    let mut results = BTreeMap::new();
    let mut pending = truth.targets.clone();
    // Stopped every few answers, groups half split each time.
    for stop_after in [3, 5, 8, 13] {
        let mut fakes = fakes(vec![(80, Faults::default())]);
        let mut scanner = scanner(providers.clone(), vec![], &pending);
        let run = run(
            &mut scanner,
            &mut fakes,
            &truth.ledger,
            Millis(0),
            Some(stop_after),
        );
        assert_eq!(run.outcome, None, "stopped before the end");
        results.extend(run.results.into_iter().filter(|(_, r)| r.is_complete()));
        pending.retain(|t| !results.contains_key(&t.address));
    }
    assert!(!pending.is_empty() && pending.len() < 3_000);
    let mut fakes = fakes(vec![(80, Faults::default())]);
    let mut scanner = scanner(providers, vec![], &pending);
    let run = run(&mut scanner, &mut fakes, &truth.ledger, Millis(0), None);
    assert_eq!(run.outcome, Some(ScanOutcome::Completed));
    results.extend(run.results);
    assert_eq!(results, truth.expected);
}

#[test]
fn without_the_endpoint_a_provider_goes_one_address_a_request() {
    let truth = bitcoin_history_truth(500, 1_000, 13);
    let missing = Faults {
        no_group_summary: true,
        ..Faults::default()
    };
    let providers = vec![esplora_groups("says-it-has-it", 20, 300)];
    let mut fakes = fakes(vec![(80, missing)]);
    let mut scanner = scanner(providers, vec![], &truth.targets);
    let run = run(&mut scanner, &mut fakes, &truth.ledger, Millis(0), None);
    assert_eq!(run.outcome, Some(ScanOutcome::Completed));
    assert_eq!(run.results, truth.expected);
    // The summaries sent before the first refusal came back, then one by one.
    let refused = fakes[0].statuses.iter().filter(|s| **s == 404).count();
    assert!((1..=6).contains(&refused), "{refused}");
    assert_eq!(fakes[0].arrivals.len(), 500 + refused);
    let (_, _, stats) = scanner.provider_stats().next().unwrap();
    let error = stats.last_error.as_deref().unwrap_or_default();
    assert!(
        error.contains("HTTP 404") && error.contains("one address a request"),
        "{error}"
    );
}

#[test]
fn failing_summaries_are_asked_again_and_results_stay_exact() {
    let truth = bitcoin_history_truth(3_000, 1_000, 14);
    let flaky = Faults {
        error_percent: 15,
        malformed_percent: 5,
        hang_percent: 3,
        ..Faults::default()
    };
    // A provider with summaries beside one without.
    let providers = vec![esplora_groups("mempool", 10, 300), esplora("plain", 10)];
    let (run, _) = scan(&truth, providers.clone(), vec![flaky.clone(), flaky]);
    assert_eq!(run.outcome, Some(ScanOutcome::Completed));
    assert_eq!(run.results, truth.expected);
}

#[test]
fn grouped_scans_stay_within_the_rate_limit() {
    let truth = bitcoin_history_truth(5_000, 1_000, 15);
    let providers = vec![esplora_groups("a", 4, 300), esplora_groups("b", 6, 100)];
    let mut fakes = fakes(vec![(300, Faults::default()), (150, Faults::default())]);
    let mut scanner = scanner(providers.clone(), vec![], &truth.targets);
    let run = run(&mut scanner, &mut fakes, &truth.ledger, Millis(0), None);
    assert_eq!(run.results, truth.expected);
    assert_within_limits(&fakes, &providers);
    let bodies_ok = fakes.iter().flat_map(|f| &f.statuses).all(|s| *s == 200);
    assert!(bodies_ok, "no summary over a provider's limits");
}

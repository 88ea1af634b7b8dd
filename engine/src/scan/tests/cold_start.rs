//! A provider's first requests from a page go out cold (a new connection, a
//! CORS preflight first) and arrive late, and so do a JSON-RPC provider's
//! whenever the browser forgot its preflight: the rate limit's next window
//! counts from when they can have arrived.

use super::*;
use crate::scan::HttpResponse;

/// A browser's first requests to a provider arrive late (a new connection, a
/// CORS preflight): the next window must count from when they can have arrived.
#[test]
fn a_cold_providers_late_first_arrivals_do_not_crowd_the_next_window() {
    let truth = bitcoin_truth(200, 3);
    let providers = vec![esplora("a", 20), esplora("b", 20)];
    let mut fakes = fakes(vec![(10, Faults::default()), (40, Faults::default())]);
    fakes[0].cold_transit_ms = 150;
    fakes[1].cold_transit_ms = 90;
    let mut scanner = scanner(providers.clone(), vec![], &truth.targets);
    let run = run(&mut scanner, &mut fakes, &truth.ledger, Millis(0), None);
    assert_eq!(run.outcome, Some(ScanOutcome::Completed));
    assert_eq!(run.results, truth.expected);
    assert_within_limits(&fakes, &providers);
}

/// The moment a cold request came back is when its answer's headers did, not
/// when its body was read after them.
#[test]
fn a_cold_request_counts_from_its_answers_headers() {
    let truth = bitcoin_truth(3, 4);
    let providers = vec![esplora("a", 1)];
    let settings = ScanSettings {
        quiet_for_ms: Some(u64::MAX),
        ..ScanSettings::default()
    };
    let mut scanner = ChainScanner::new(
        providers,
        vec![],
        truth.targets.iter().cloned(),
        settings,
        Millis(0),
    );
    let first = scanner.poll_request(Millis(0)).expect("opens at once");
    let mut fake = FakeProvider::new(1, 0, Faults::default());
    let answer = fake
        .answer(Millis(50), &first.request, &truth.ledger)
        .expect("an answer")
        .map(|answer| HttpResponse {
            headers_at: Some(Millis(100)),
            ..answer
        });
    scanner.on_response(Millis(900), first.id, answer);
    // One a window of 1,030 ms: from the headers at 100, not from the send
    // (0) nor from when the body was read (900).
    assert_eq!(scanner.next_wakeup(Millis(900)), Some(Millis(1_130)));
}

/// A browser keeps a preflight 5 s when the provider does not say longer: a
/// JSON-RPC provider's requests go out cold again after that, mid-scan.
#[test]
fn requests_preflighted_again_mid_scan_do_not_crowd_the_next_window() {
    let truth = bsc_truth(400, 6);
    let providers = vec![multicall("node", 5, 10)];
    let mut fakes = fakes(vec![(20, Faults::default())]);
    fakes[0].cold_transit_ms = 150;
    fakes[0].preflight_kept_ms = Some(crate::provider::rate_limiter::PREFLIGHT_KEPT_MS);
    let mut scanner = scanner(providers.clone(), bsc_tokens(), &truth.targets);
    let run = run(&mut scanner, &mut fakes, &truth.ledger, Millis(0), None);
    assert_eq!(run.outcome, Some(ScanOutcome::Completed));
    assert_eq!(run.results, truth.expected);
    // 40 requests at 5 a second: the preflight was forgotten at least once.
    assert!(run.ended_at.0 > 7_000, "took {:?}", run.ended_at);
    assert_within_limits(&fakes, &providers);
}

//! A provider's `Retry-After` is obeyed to the letter, however long, and said.

use super::*;

#[test]
fn retry_after_is_obeyed() {
    let stats = scan_under_retry_after(3_000);
    assert!(stats.last_error.unwrap().contains("waiting 3 s"));
}

#[test]
fn a_retry_after_of_minutes_is_obeyed_to_the_letter_and_said() {
    let stats = scan_under_retry_after(180_000);
    let said = stats.last_error.unwrap();
    assert!(
        said.contains("waiting 3 min as the provider asked"),
        "{said}"
    );
}

/// Scans against a provider answering 429 with `Retry-After: retry_ms` to a
/// fifth of the requests; asserts nothing arrived before a `Retry-After` ran out.
fn scan_under_retry_after(retry_ms: u64) -> ProviderStats {
    let truth = bitcoin_truth(20, 5);
    let providers = vec![esplora("strict", 10)];
    let faults = Faults {
        rate_limit_percent: 20,
        retry_after_ms: Some(retry_ms),
        ..Faults::default()
    };
    let mut fakes = fakes(vec![(40, faults)]);
    let mut scanner = scanner(providers.clone(), vec![], &truth.targets);
    let run = run(&mut scanner, &mut fakes, &truth.ledger, Millis(0), None);
    assert_eq!(run.outcome, Some(ScanOutcome::Completed));
    assert_eq!(run.results, truth.expected);
    let stats = scanner.provider_stats().next().unwrap().2.clone();
    assert!(stats.rate_limited > 0);
    // Once a 429 is received (40 ms after it arrived), nothing arrives until the
    // Retry-After has passed.
    let fake = &fakes[0];
    let mut holds = 0;
    for (&(Millis(arrived), _), status) in fake.arrivals.iter().zip(&fake.statuses) {
        if *status != 429 {
            continue;
        }
        holds += 1;
        let received = arrived + 40;
        let too_soon = fake
            .arrivals
            .iter()
            .filter(|(t, _)| t.0 > received && t.0 < received + retry_ms)
            .count();
        assert_eq!(
            too_soon, 0,
            "{too_soon} requests within {retry_ms} ms of the 429 received at {received} ms"
        );
    }
    assert!(holds > 0, "the fake answered no 429");
    stats
}

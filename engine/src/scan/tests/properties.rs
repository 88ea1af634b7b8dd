//! Properties over random providers and faults (proptest).

use super::*;

/// Random providers (rate, latency, cold transit, faults) over random Bitcoin lists: the exact
/// ground truth comes back, and no provider ever receives more than its rate.
fn storm() -> impl proptest::strategy::Strategy<Value = Vec<(u32, u64, u64, Faults)>> {
    use proptest::prelude::*;
    let provider = (
        1u32..12,
        0u64..800,
        0u64..400,
        0u64..30,
        0u64..20,
        0u64..20,
        any::<bool>(),
    )
        .prop_map(
            |(rps, latency, cold_transit, errors, malformed, limited, with_retry_after)| {
                let faults = Faults {
                    error_percent: errors,
                    malformed_percent: malformed,
                    rate_limit_percent: limited,
                    retry_after_ms: with_retry_after.then_some(1_000),
                    ..Faults::default()
                };
                (rps, latency, cold_transit, faults)
            },
        );
    proptest::collection::vec(provider, 1..4)
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
    #[test]
    fn random_providers_and_faults_give_the_exact_truth_within_limits(profiles in storm(), seed in 0u64..1000) {
        let truth = bitcoin_truth(40, seed);
        let providers: Vec<ProviderConfig> = profiles
            .iter()
            .enumerate()
            .map(|(i, (rps, _, _, _))| esplora(&format!("p{i}"), *rps))
            .collect();
        let mut fakes: Vec<FakeProvider> = profiles
            .into_iter()
            .enumerate()
            .map(|(i, (_, latency, cold_transit, faults))| {
                let mut fake = FakeProvider::new(seed + i as u64, latency, faults);
                fake.cold_transit_ms = cold_transit;
                fake
            })
            .collect();
        // Up to 70% of answers fail here, so a lone provider may now and then fail
        // four probes in a row, when a real scan rightly ends `failed` (tested on
        // its own). This property is about exactness and limits: never give up.
        let settings = ScanSettings {
            probes_before_giving_up: u32::MAX,
            ..ScanSettings::default()
        };
        let mut scanner = ChainScanner::new(
            providers.clone(),
            vec![],
            truth.targets.iter().cloned(),
            settings,
            Millis(0),
        );
        let run = run(&mut scanner, &mut fakes, &truth.ledger, Millis(0), None);
        proptest::prop_assert_eq!(run.outcome, Some(ScanOutcome::Completed));
        proptest::prop_assert_eq!(&run.results, &truth.expected);
        for (fake, config) in fakes.iter().zip(&providers) {
            proptest::prop_assert!(fake.peak_per_second() <= config.rps);
        }
    }
}

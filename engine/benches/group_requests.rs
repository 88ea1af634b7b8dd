//! Requests per Bitcoin address with group summaries (issue 16, part 2), against
//! one address a request on the same set, at the shares of funded addresses the
//! targets name. Fake providers on a virtual clock: request counts do not depend
//! on the machine, and every result is compared with the ground truth.
//!
//! Run with `cargo bench -p scanner-engine --features testing --bench group_requests`.

use scanner_engine::scan::{ChainScanner, ProviderConfig, ProviderKind, ScanSettings};
use scanner_engine::testing::{bitcoin_with_history, run, FakeProvider, Faults};
use scanner_engine::time::Millis;

const ADDRESSES: u64 = 20_000;

fn esplora(group_summary: usize) -> ProviderConfig {
    ProviderConfig {
        name: "esplora".into(),
        kind: ProviderKind::Esplora { group_summary },
        url: "https://esplora.example/api".into(),
        rps: 100,
        batch: 1,
        api_key: None,
        timeout_ms: 15_000,
    }
}

/// Requests one scan of the set took, its results checked against the truth.
fn requests(group_summary: usize, funded_per_100k: u64) -> usize {
    let (targets, ledger) = bitcoin_with_history(ADDRESSES, funded_per_100k, 5);
    let mut scanner = ChainScanner::new(
        vec![esplora(group_summary)],
        vec![],
        targets.clone(),
        ScanSettings::default(),
        Millis(0),
    );
    let mut fakes = [FakeProvider::new(1, 80, Faults::default())];
    let outcome = run(&mut scanner, &mut fakes, &ledger, Millis(0), None);
    for target in &targets {
        let result = &outcome.results[&target.address];
        let expected = ledger.by_key[&target.address];
        assert!(
            result.native
                == scanner_engine::scan::AssetBalance::Checked(scanner_engine::amount::U256::from(
                    expected
                )),
            "{} came back {:?}, not {expected}",
            target.address,
            result.native
        );
    }
    fakes[0].arrivals.len()
}

fn main() {
    println!(
        "Group summaries: requests per BTC address, {ADDRESSES} addresses, groups of up to 300"
    );
    println!(
        "{:>8} {:>9} {:>12} {:>12} {:>10} {:>10}  met",
        "funded", "grouped", "one by one", "per address", "ratio", "target"
    );
    for (funded_per_100k, target) in [(100, 0.02), (1_000, 0.1), (5_000, 1.0), (50_000, 1.0)] {
        let grouped = requests(300, funded_per_100k);
        let plain = requests(0, funded_per_100k);
        let per_address = grouped as f64 / ADDRESSES as f64;
        let ratio = grouped as f64 / plain as f64;
        println!(
            "{:>7.1}% {grouped:>9} {plain:>12} {per_address:>12.4} {ratio:>10.4} {:>10}  {}",
            funded_per_100k as f64 / 1_000.0,
            format!("≤ {target}"),
            if ratio <= target { "yes" } else { "NO" }
        );
    }
}

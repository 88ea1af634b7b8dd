//! Discovery with a gap limit at merchant scale (issue 18): requests and time to
//! find a wallet's used addresses one address a request, and with group
//! summaries, on the same wallet. Fake providers on a virtual clock at public
//! rates (two providers of 10 requests a second): counts and times do not
//! depend on the machine, and both ways must find the same addresses.
//!
//! Run with `cargo bench -p scanner-engine --features testing --bench discovery`.

use scanner_engine::derive::{parse_watch_only, Choices, WatchOnly};
use scanner_engine::discovery::{discover, BranchFound};
use scanner_engine::scan::driver::ScanJob;
use scanner_engine::scan::{ProviderConfig, ProviderKind, ScanSettings};
use scanner_engine::testing::{FakeNetwork, FakeProvider, Faults, HistoryTx, Ledger, VirtualClock};
use scanner_engine::Network;
use std::cell::{Cell, RefCell};

/// BIP-84's account key.
const ZPUB: &str = "zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH1r1ADqtfSdVCToUG868RvUUkgDKf31mGDtKsAYz2oz2AGutZYs";

fn esplora(name: &str, group_summary: usize) -> ProviderConfig {
    ProviderConfig {
        name: name.into(),
        kind: ProviderKind::Esplora { group_summary },
        url: format!("https://{name}.example/api"),
        rps: 10,
        batch: 1,
        api_key: None,
        timeout_ms: 15_000,
    }
}

/// Discovers the wallet whose receive addresses `0..span` are used every
/// `every`-th one; returns what was found, the requests, and the virtual seconds.
fn run(
    wallet: &WatchOnly,
    ledger: &Ledger,
    gap: u32,
    group_summary: usize,
) -> (Vec<BranchFound>, usize, f64) {
    let clock = VirtualClock::default();
    let providers = vec![esplora("a", group_summary), esplora("b", group_summary)];
    let network = FakeNetwork {
        providers: RefCell::new(
            providers
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    (
                        p.name.clone(),
                        FakeProvider::new(i as u64 + 1, 0, Faults::default()),
                    )
                })
                .collect(),
        ),
        ledger: ledger.clone(),
        clock: &clock,
        hang_after: None,
        sent: Cell::new(0),
    };
    let job = ScanJob {
        providers,
        tokens: vec![],
        settings: ScanSettings::default(),
    };
    let branches = wallet.branches();
    assert_eq!(branches.len(), 2, "receive and change");
    let found = clock
        .run(discover(branches, gap, job, &network, &clock, &mut |_| {}))
        .expect("discovery ends")
        .expect("discovery succeeds");
    let seconds = scanner_engine::ports::Clock::now(&clock).0 as f64 / 1000.0;
    (found, network.sent.get(), seconds)
}

fn minutes(seconds: f64) -> String {
    if seconds < 120.0 {
        format!("{seconds:.0} s")
    } else {
        format!("{:.1} min", seconds / 60.0)
    }
}

fn main() {
    let wallet = parse_watch_only(ZPUB, Network::Mainnet, Choices::default()).expect("a valid key");
    let span = 10_000;
    let addresses: Vec<String> = wallet
        .addresses(0, span)
        .into_iter()
        .map(|(_, a)| a)
        .collect();
    println!("Discovery of a {span}-address BTC wallet (receive used every k-th index, change unused), 2 providers x 10 rps");
    println!(
        "{:>6} {:>5} {:>8} {:>12} {:>10} {:>10} {:>10} {:>8}",
        "gap", "every", "checked", "one by one", "time", "grouped", "time", "ratio"
    );
    for (gap, every) in [(20, 1), (20, 10), (100, 50), (1_000, 100), (1_000, 500)] {
        let mut ledger = Ledger::default();
        for (i, address) in addresses.iter().enumerate().step_by(every) {
            let tx = HistoryTx {
                txid: i as u64 + 1,
                height: 800_000 + i as u64,
                value: 1_000,
            };
            ledger.bitcoin_history.insert(address.clone(), vec![tx]);
        }
        let (plain, plain_requests, plain_s) = run(&wallet, &ledger, gap, 0);
        let (grouped, grouped_requests, grouped_s) = run(&wallet, &ledger, gap, 300);
        assert_eq!(plain, grouped, "both ways find the same addresses");
        let last_used = (span as usize - 1) / every * every;
        assert_eq!(plain[0].addresses.len(), last_used + 1);
        let checked: u32 = plain.iter().map(|b| b.checked).sum();
        println!(
            "{gap:>6} {every:>5} {checked:>8} {plain_requests:>12} {:>10} {grouped_requests:>10} {:>10} {:>8.3}",
            minutes(plain_s),
            minutes(grouped_s),
            grouped_requests as f64 / plain_requests as f64
        );
    }
}

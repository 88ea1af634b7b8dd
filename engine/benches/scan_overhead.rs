//! The engine's own cost per 10,000 addresses per chain: planning, request
//! building, decoding, merging and storing, with instant fake providers, the
//! in-memory store and a virtual clock (so rate limits cost no real time).
//!
//! Run with `cargo bench -p scanner-engine --features testing --bench scan_overhead`.
//! The figure includes the fakes' own work (building real JSON and ABI answers),
//! so it is an upper bound on the engine's overhead.

use scanner_engine::amount::Decimals;
use scanner_engine::codec::evm::CANONICAL_MULTICALL3;
use scanner_engine::scan::checkpoint::{decide_start, ScanRange, StartDecision};
use scanner_engine::scan::driver::{run_scan, ScanJob};
use scanner_engine::scan::{
    ProviderConfig, ProviderKind, ScanOutcome, ScanSettings, ScanTarget, Token,
};
use scanner_engine::testing::{
    FakeNetwork, FakeProvider, Faults, Ledger, MemoryStore, Rng, VirtualClock,
};
use scanner_engine::Chain;
use std::cell::{Cell, RefCell};
use std::time::Instant;

const ADDRESSES: u64 = 10_000;

fn targets(chain: Chain, rng: &mut Rng) -> Vec<ScanTarget> {
    (0..ADDRESSES)
        .map(|index| {
            let bytes: Vec<u8> = (0..32).map(|_| rng.next_u64() as u8).collect();
            let address = match chain {
                Chain::Bitcoin => bs58::encode([&[0u8][..], &bytes[..20]].concat())
                    .with_check()
                    .into_string(),
                Chain::BnbSmartChain => {
                    alloy_primitives::Address::from_slice(&bytes[..20]).to_checksum(None)
                }
                Chain::Solana => bs58::encode(&bytes).into_string(),
            };
            ScanTarget { index, address }
        })
        .collect()
}

fn job(chain: Chain) -> ScanJob {
    let provider = |kind, batch| ProviderConfig {
        name: "bench".into(),
        kind,
        url: "https://bench.example/api".into(),
        // High enough that the limiter never holds the instant fake back.
        rps: 1_000_000,
        batch,
        api_key: None,
        timeout_ms: 15_000,
    };
    let token = |symbol: &str, address: &str, decimals| Token {
        symbol: symbol.into(),
        address: address.into(),
        decimals: Decimals::new(decimals).unwrap(),
        program: Default::default(),
    };
    let (provider, tokens) = match chain {
        Chain::Bitcoin => (
            provider(ProviderKind::Esplora { group_summary: 0 }, 1),
            vec![],
        ),
        Chain::BnbSmartChain => (
            provider(
                ProviderKind::EvmRpc {
                    multicall3: Some(CANONICAL_MULTICALL3),
                },
                200,
            ),
            vec![
                token("USDC", "0x8AC76a51cc950d9822D68b83fE1Ad97B32Cd580d", 18),
                token("USDT", "0x55d398326f99059fF775485246999027B3197955", 18),
            ],
        ),
        Chain::Solana => (
            provider(ProviderKind::SolanaRpc, 100),
            vec![
                token("USDC", "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v", 6),
                token("USDT", "Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB", 6),
            ],
        ),
    };
    ScanJob {
        providers: vec![provider],
        tokens,
        settings: ScanSettings::default(),
    }
}

fn main() {
    let mut rng = Rng(7);
    println!("scan engine overhead, {ADDRESSES} addresses per chain, instant fake provider:");
    for chain in Chain::ALL {
        let store = MemoryStore::default();
        store.add_addresses(chain, targets(chain, &mut rng));
        let clock = VirtualClock::default();
        let network = FakeNetwork {
            providers: RefCell::new(vec![(
                "bench".into(),
                FakeProvider::new(1, 0, Faults::default()),
            )]),
            ledger: Ledger::default(),
            clock: &clock,
            hang_after: None,
            sent: Cell::new(0),
        };
        let StartDecision::Fresh(checkpoint) =
            decide_start(chain, None, false, ScanRange::All, 0, u64::MAX)
        else {
            unreachable!("a first scan is fresh")
        };
        let started = Instant::now();
        let outcome = clock
            .run(run_scan(
                job(chain),
                checkpoint,
                &network,
                &clock,
                &store,
                &mut |_, _| {},
            ))
            .expect("the instant fake never hangs")
            .expect("the memory store never fails");
        let elapsed = started.elapsed();
        assert_eq!(outcome, ScanOutcome::Completed);
        assert_eq!(store.results(chain).len(), ADDRESSES as usize);
        println!(
            "  {chain}: {:>7.1} ms for {} requests ({:.1} µs per address)",
            elapsed.as_secs_f64() * 1e3,
            network.sent.get(),
            elapsed.as_secs_f64() * 1e6 / ADDRESSES as f64
        );
    }
}

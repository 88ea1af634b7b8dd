//! How long deriving 100,000 watch-only addresses takes natively, per address
//! form (the browser's figure is in the page benchmark; wasm is slower).
//!
//! A plain binary that prints figures (`cargo bench -p scanner-engine`): the
//! target is "a few seconds" in the browser, and machines here are too noisy for
//! a timed test.

use scanner_engine::derive::{parse_watch_only, Choices, ScriptType};
use scanner_engine::{Chain, Network};
use std::time::Instant;

const COUNT: u32 = 100_000;

/// BIP-84's and BIP-86's account keys (their vectors' public halves).
const ZPUB: &str = "zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH1r1ADqtfSdVCToUG868RvUUkgDKf31mGDtKsAYz2oz2AGutZYs";
const XPUB: &str = "xpub6BgBgsespWvERF3LHQu6CnqdvfEvtMcQjYrcRzx53QJjSxarj2afYWcLteoGVky7D3UKDP9QyrLprQ3VCECoY49yfdDEHGCtMMj92pReUsQ";

fn main() {
    let cases = [
        ("BTC wpkh (zpub)", ZPUB, Choices::default()),
        (
            "BTC pkh (xpub)",
            XPUB,
            Choices {
                chain: Some(Chain::Bitcoin),
                script: Some(ScriptType::Pkh),
            },
        ),
        (
            "BTC tr (xpub)",
            XPUB,
            Choices {
                chain: Some(Chain::Bitcoin),
                script: Some(ScriptType::Tr),
            },
        ),
        (
            "BSC (account xpub)",
            XPUB,
            Choices {
                chain: Some(Chain::BnbSmartChain),
                script: None,
            },
        ),
    ];
    for (name, key, choices) in cases {
        let wallet = parse_watch_only(key, Network::Mainnet, choices).expect("a valid key");
        let started = Instant::now();
        let addresses = wallet.addresses(0, COUNT);
        let seconds = started.elapsed().as_secs_f64();
        assert_eq!(addresses.len(), COUNT as usize);
        println!(
            "derive {name}: {COUNT} addresses in {seconds:.2} s ({:.1} µs each)",
            seconds * 1e6 / f64::from(COUNT)
        );
    }
}

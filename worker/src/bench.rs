//! Measurement hooks for `./dev bench` (issue-level benchmarks in headless
//! Chromium). They run the same code the page runs, on inputs the benchmark
//! gives, and return elapsed milliseconds; the page itself never calls them.

use crate::store::BrowserStore;
use scanner_engine::amount::U256;
use scanner_engine::scan::checkpoint::{Checkpoint, CheckpointState, ScanRange};
use scanner_engine::scan::{AddressResult, AssetBalance, ScanTarget};
use scanner_engine::solana::associated_token_address;
use scanner_engine::{Chain, Network};
use wasm_bindgen::prelude::*;

fn now_ms() -> f64 {
    web_platform::global::performance_now()
}

/// Derives the Associated Token Account of each (wallet, mint) pair, given as 64
/// bytes per pair (wallet then mint); returns the elapsed ms and checks the work
/// by returning it with the XOR of the first byte of every result.
#[wasm_bindgen(js_name = benchAta)]
pub fn bench_ata(pairs: &[u8]) -> Vec<f64> {
    let started = now_ms();
    let mut check = 0u8;
    for pair in pairs.chunks_exact(64) {
        let wallet: [u8; 32] = pair[..32].try_into().expect("32 bytes");
        let mint: [u8; 32] = pair[32..].try_into().expect("32 bytes");
        check ^= associated_token_address(&wallet, &mint)[0];
    }
    vec![now_ms() - started, f64::from(check)]
}

/// Writes `count` balance records through the app's IndexedDB scan store (one
/// batch of results with its checkpoint, as a scan stores them) into the database
/// `database`; returns the ms the write took. The addresses are stored first,
/// untimed, as an import would.
#[wasm_bindgen(js_name = benchStoreWrite)]
pub async fn bench_store_write(database: String, count: u32) -> Result<f64, JsValue> {
    let error = |e: crate::store::StoreError| JsValue::from_str(&e.to_string());
    let db = BrowserStore::open(&database).await.map_err(error)?;
    let store = db.for_network(Network::Mainnet);
    let targets: Vec<ScanTarget> = (0..u64::from(count))
        .map(|index| ScanTarget {
            index,
            address: format!("bc1qbench{index:020}"),
        })
        .collect();
    store
        .add_addresses(Chain::Bitcoin, targets.clone())
        .await
        .map_err(error)?;
    let results: Vec<AddressResult> = targets
        .into_iter()
        .map(|target| AddressResult {
            native: AssetBalance::Checked(U256::from(target.index * 1_000)),
            tokens: Vec::new(),
            target,
        })
        .collect();
    let checkpoint = Checkpoint {
        chain: Chain::Bitcoin,
        scan_id: 1,
        range: ScanRange::All,
        state: CheckpointState::Running,
        scanned: results.len(),
        funded: results.len(),
        started_at_unix_ms: 0,
        updated_at_unix_ms: 0,
        tokens: Vec::new(),
        earlier_tokens: Default::default(),
    };
    let started = now_ms();
    use scanner_engine::ports::ScanStore;
    store
        .save_batch(&checkpoint, &results)
        .await
        .map_err(|e| JsValue::from_str(&e.to_string()))?;
    let elapsed = now_ms() - started;
    db.close();
    Ok(elapsed)
}

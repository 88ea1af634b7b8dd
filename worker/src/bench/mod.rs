//! Measurement hooks for `./dev bench` (issue-level benchmarks in headless
//! Chromium). They run the same code the page runs, on inputs the benchmark
//! gives, and return elapsed milliseconds; the page itself never calls them.

// The version-2 store, to measure version 3 against; only some of it is used.
#[allow(dead_code)]
mod v2_store;

use crate::store::BrowserStore;
use scanner_engine::amount::U256;
use scanner_engine::scan::checkpoint::{Checkpoint, CheckpointState, ScanRange};
use scanner_engine::scan::{AddressResult, AssetBalance, ScanTarget};
use scanner_engine::solana::{associated_token_address, TokenProgram};
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
        check ^= associated_token_address(&wallet, &mint, TokenProgram::Token)[0];
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
            transactions: None,
            target,
        })
        .collect();
    let checkpoint = Checkpoint {
        chain: Chain::Bitcoin,
        scan_id: 1,
        range: ScanRange::All,
        deep: false,
        state: CheckpointState::Running,
        scanned: results.len(),
        in_range: 0,
        funded: results.len(),
        started_at_unix_ms: 0,
        updated_at_unix_ms: 0,
        tokens: Vec::new(),
        earlier_tokens: Default::default(),
        fresh: false,
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

/// What the scan benchmark does with a store, for either version.
trait BenchStore: scanner_engine::ports::ScanStore {
    async fn add(&self, chain: Chain, targets: Vec<ScanTarget>) -> Result<(), String>;
    async fn visit_funded(
        &self,
        chain: Chain,
        visit: impl FnMut(u64, AddressResult),
    ) -> Result<(), String>;
}

impl BenchStore for crate::store::NetworkStore<'_> {
    async fn add(&self, chain: Chain, targets: Vec<ScanTarget>) -> Result<(), String> {
        self.add_addresses(chain, targets)
            .await
            .map_err(|e| e.to_string())
    }
    async fn visit_funded(
        &self,
        chain: Chain,
        visit: impl FnMut(u64, AddressResult),
    ) -> Result<(), String> {
        self.for_each_funded(chain, visit)
            .await
            .map_err(|e| e.to_string())
    }
}

impl BenchStore for v2_store::NetworkStore<'_> {
    async fn add(&self, chain: Chain, targets: Vec<ScanTarget>) -> Result<(), String> {
        // As version 2's import stored them: 2,000 per transaction.
        for piece in targets.chunks(2_000) {
            self.add_addresses(chain, piece.to_vec())
                .await
                .map_err(|e| e.to_string())?;
        }
        Ok(())
    }
    async fn visit_funded(
        &self,
        chain: Chain,
        visit: impl FnMut(u64, AddressResult),
    ) -> Result<(), String> {
        self.for_each_funded(chain, visit)
            .await
            .map_err(|e| e.to_string())
    }
}

/// Results per batch written: what one Multicall3 request of 200 addresses
/// brings back on BSC.
const RESULTS_PER_BATCH: usize = 200;

/// A scan's store work on `count` addresses per chain, on a store of schema
/// `version` (3: this one; 2: the one-record-per-address store it replaced) in
/// database `database`: read the pending work, write every result in batches
/// with the checkpoint, then rebuild the results index from the store. The
/// addresses are stored first, untimed. Returns [pending ms, writes ms, index
/// ms, funded balances indexed].
#[wasm_bindgen(js_name = benchScanStore)]
pub async fn bench_scan_store(
    version: u32,
    database: String,
    count: u32,
) -> Result<Vec<f64>, JsValue> {
    let error = |e: String| JsValue::from_str(&e);
    match version {
        3 => {
            let db = BrowserStore::open(&database)
                .await
                .map_err(|e| error(e.to_string()))?;
            let timed = scan_store_work(&db.for_network(Network::Mainnet), count).await;
            db.close();
            timed.map_err(error)
        }
        2 => {
            let db = v2_store::BrowserStore::open(&database)
                .await
                .map_err(|e| error(e.to_string()))?;
            let timed = scan_store_work(&db.for_network(Network::Mainnet), count).await;
            db.close();
            timed.map_err(error)
        }
        other => Err(error(format!("no store of schema {other}"))),
    }
}

async fn scan_store_work(store: &impl BenchStore, count: u32) -> Result<Vec<f64>, String> {
    use scanner_engine::export::funded_index::FundedIndex;
    let store_error = |e: scanner_engine::ports::StoreError| e.to_string();
    for chain in Chain::ALL {
        let targets = (0..u64::from(count))
            .map(|index| ScanTarget {
                index,
                address: format!("{}bench{index:020}", chain.code()),
            })
            .collect();
        store.add(chain, targets).await?;
    }
    let checkpoint = |chain| Checkpoint {
        chain,
        scan_id: 1,
        range: ScanRange::All,
        deep: false,
        state: CheckpointState::Running,
        scanned: 0,
        in_range: 0,
        funded: 0,
        started_at_unix_ms: 0,
        updated_at_unix_ms: 0,
        tokens: Vec::new(),
        earlier_tokens: Default::default(),
        fresh: false,
    };
    let started = now_ms();
    let mut pending = Vec::new();
    for chain in Chain::ALL {
        pending.push(
            store
                .pending(&checkpoint(chain))
                .await
                .map_err(store_error)?,
        );
    }
    let read = now_ms();
    for (chain, targets) in Chain::ALL.into_iter().zip(pending) {
        let mut scan = checkpoint(chain);
        for batch in targets.chunks(RESULTS_PER_BATCH) {
            // One address in ten funded, as a merchant's deposit addresses may be.
            let results: Vec<AddressResult> = batch
                .iter()
                .map(|target| AddressResult {
                    native: AssetBalance::Checked(U256::from(u64::from(target.index % 10 == 0))),
                    tokens: Vec::new(),
                    transactions: None,
                    target: target.clone(),
                })
                .collect();
            scan.scanned += results.len();
            store
                .save_batch(&scan, &results)
                .await
                .map_err(store_error)?;
        }
    }
    let written = now_ms();
    let mut index = FundedIndex::default();
    for chain in Chain::ALL {
        store
            .visit_funded(chain, |_, result| index.add(chain, &result, &[]))
            .await?;
        index.finish();
    }
    let indexed = now_ms();
    Ok(vec![
        read - started,
        written - read,
        indexed - written,
        index.len() as f64,
    ])
}

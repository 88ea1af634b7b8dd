//! Version 2 to version 3: one record per address (its result as JSON text
//! inside it) becomes packed chunks, result pages and kept counts.
//!
//! It runs once the upgraded database is open, in one transaction over the old
//! records and the new stores: all of it is stored, the old records emptied, or
//! nothing changes and the next opening tries again. Checkpoints (with the token
//! lists of earlier scans they remember) and settings keep their version-2
//! records, which version 3 reads as they are.

use super::records::{field, key, number, text};
use super::scan_store::ChainCounts;
use super::{commit, finish, BrowserStore, StoreError, CHAINS, CHUNKS, LEGACY_ADDRESSES, RESULTS};
use idb::TransactionMode;
use litemap::LiteMap;
use scanner_engine::packed::ADDRESSES_PER_CHUNK;
use scanner_engine::scan::{AddressResult, ScanTarget};
use scanner_engine::{Chain, Network};
use wasm_bindgen::JsValue;

/// Old records read per request.
const RECORDS_PER_READ: u32 = 5_000;

/// Results per migrated page: a scan writes a page per batch (100–200); the
/// migration's pages are larger, as nothing waits on them.
const RESULTS_PER_PAGE: usize = 2_000;

/// One chain's version-2 records, in the old store's (address) order.
#[derive(Default)]
struct Legacy {
    targets: Vec<ScanTarget>,
    /// (scan id, result), as the records held them.
    results: Vec<(u64, AddressResult)>,
}

#[derive(serde::Deserialize)]
struct StoredResult {
    scan_id: u64,
    result: AddressResult,
}

/// Migrates version 2's records if any are left. A migrated database keeps the
/// emptied old store (only an upgrade could delete it), and every command opens
/// the database: the check is a read-only count, so an opening that has nothing
/// to migrate never takes a write transaction over the new stores.
pub(super) async fn from_version_2_if_needed(store: &BrowserStore) -> Result<(), StoreError> {
    let has_legacy = store
        .database
        .store_names()
        .iter()
        .any(|n| n == LEGACY_ADDRESSES);
    if !has_legacy {
        return Ok(());
    }
    let transaction = store.transaction(&[LEGACY_ADDRESSES], TransactionMode::ReadOnly)?;
    let left = finish(transaction.object_store(LEGACY_ADDRESSES)?.count(None)?).await?;
    if left == 0 {
        return Ok(());
    }
    from_version_2(store).await
}

async fn from_version_2(store: &BrowserStore) -> Result<(), StoreError> {
    let transaction = store.transaction(
        &[LEGACY_ADDRESSES, CHUNKS, CHAINS, RESULTS],
        TransactionMode::ReadWrite,
    )?;
    let legacy = transaction.object_store(LEGACY_ADDRESSES)?;
    let mut chains: LiteMap<(String, String), Legacy> = LiteMap::new();
    let mut after: Option<JsValue> = None;
    loop {
        let range = match &after {
            None => None,
            Some(last) => Some(idb::KeyRange::lower_bound(last, Some(true))?.into()),
        };
        let page = finish(legacy.get_all(range, Some(RECORDS_PER_READ))?).await?;
        let full = page.len() == RECORDS_PER_READ as usize;
        for record in &page {
            let network = text(record, "network")?;
            let chain = text(record, "chain")?;
            let address = text(record, "address")?;
            let index = number(record, "index")?;
            after = Some(key(&[
                JsValue::from_str(&network),
                JsValue::from_str(&chain),
                JsValue::from_str(&address),
            ]));
            let held = chains.entry((network, chain)).or_default();
            if let Some(json) = field(record, "result")?.as_string() {
                let stored: StoredResult = serde_json::from_str(&json)
                    .map_err(|e| StoreError::Shape(format!("a version-2 result: {e}")))?;
                held.results.push((stored.scan_id, stored.result));
            }
            held.targets.push(ScanTarget { index, address });
        }
        if !full {
            break;
        }
    }
    for ((network, chain), held) in chains.into_tuple_vec() {
        let network = parse_network(&network)?;
        let chain: Chain = chain
            .parse()
            .map_err(|_| StoreError::Shape(format!("a version-2 record of chain {chain}")))?;
        write_chain(store, &transaction, network, chain, held)?;
    }
    legacy.clear()?;
    commit(transaction).await
}

fn parse_network(text: &str) -> Result<Network, StoreError> {
    match text {
        "mainnet" => Ok(Network::Mainnet),
        "testnet" => Ok(Network::Testnet),
        other => Err(StoreError::Shape(format!(
            "a version-2 record of network {other}"
        ))),
    }
}

/// Writes one chain's addresses (in index order, as version 2 listed them) and
/// results (one page run per scan, oldest scan first) into the new stores.
fn write_chain(
    store: &BrowserStore,
    transaction: &idb::Transaction,
    network: Network,
    chain: Chain,
    mut held: Legacy,
) -> Result<(), StoreError> {
    let view = store.for_network(network);
    ScanTarget::sort_by_index(&mut held.targets);
    let chunks = transaction.object_store(CHUNKS)?;
    let mut written = 0u64;
    for piece in held.targets.chunks(ADDRESSES_PER_CHUNK) {
        chunks.put(&view.chunk_record(chain, written, piece)?, None)?;
        written += 1;
    }
    let counts = ChainCounts {
        addresses: held.targets.len() as u64,
        chunks: written,
    };
    transaction
        .object_store(CHAINS)?
        .put(&view.counts_record(chain, counts)?, None)?;
    let mut by_scan: LiteMap<u64, Vec<AddressResult>> = LiteMap::new();
    for (scan_id, result) in held.results {
        by_scan.entry(scan_id).or_default().push(result);
    }
    let pages = transaction.object_store(RESULTS)?;
    for (scan_id, results) in by_scan.into_tuple_vec() {
        for page in results.chunks(RESULTS_PER_PAGE) {
            pages.add(&view.page_record(chain, scan_id, page)?, None)?;
        }
    }
    Ok(())
}

//! The engine's [`ScanStore`] on IndexedDB: addresses with their latest result, and
//! one checkpoint per chain, for one network.
//!
//! An address record keeps `index` as a JS number (so the `by_position` index can
//! order and range over it) and its result as JSON text: amounts are U256 and
//! timestamps u64, which a JS number cannot hold exactly.

use super::store::{BrowserStore, StoreError, ADDRESSES, BY_POSITION, CHECKPOINTS};
use js_sys::Array;
use rexie::{KeyRange, Transaction, TransactionMode};
use scanner_engine::ports::{ScanStore, StoreError as PortError};
use scanner_engine::scan::checkpoint::{Checkpoint, ScanRange};
use scanner_engine::scan::{AddressResult, ScanTarget};
use scanner_engine::{Chain, Network};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use wasm_bindgen::JsValue;

/// Records read per IndexedDB request when walking a whole chain: decoding a page
/// takes a few milliseconds of main thread, never a long task.
const RECORDS_PER_PAGE: u32 = 500;

#[derive(Serialize, Deserialize)]
struct AddressRecord {
    network: String,
    chain: String,
    address: String,
    index: f64,
    /// JSON of [`StoredResult`], once the address was checked.
    result: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct StoredResult {
    scan_id: u64,
    result: AddressResult,
}

impl AddressRecord {
    /// The result stored with the address, if it was ever checked.
    fn stored(&self) -> Result<Option<StoredResult>, StoreError> {
        self.result
            .as_deref()
            .map(|json| serde_json::from_str(json).map_err(json_error))
            .transpose()
    }

    /// The result of scan `scan_id`, if this scan checked the address.
    fn result_of(&self, scan_id: u64) -> Result<Option<AddressResult>, StoreError> {
        Ok(self
            .stored()?
            .filter(|s| s.scan_id == scan_id)
            .map(|s| s.result))
    }
}

#[derive(Serialize, Deserialize)]
struct CheckpointRecord {
    network: String,
    chain: String,
    checkpoint: String,
}

/// The store seen from one network: what a scan reads and writes.
pub struct NetworkStore<'s> {
    store: &'s BrowserStore,
    network: Network,
}

impl BrowserStore {
    pub fn for_network(&self, network: Network) -> NetworkStore<'_> {
        NetworkStore {
            store: self,
            network,
        }
    }
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, StoreError> {
    Ok(value.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?)
}

fn port_error(error: StoreError) -> PortError {
    PortError(error.to_string())
}

fn json_error(error: serde_json::Error) -> StoreError {
    StoreError::Shape(error.to_string())
}

impl NetworkStore<'_> {
    fn transaction(
        &self,
        stores: &[&str],
        mode: TransactionMode,
    ) -> Result<Transaction, StoreError> {
        Ok(self.store.database().transaction(stores, mode)?)
    }

    fn key(&self, parts: &[JsValue]) -> JsValue {
        let key = Array::new();
        key.push(&JsValue::from_str(&self.network.to_string()));
        for part in parts {
            key.push(part);
        }
        key.into()
    }

    /// The `by_position` key range of a chain's addresses within `range`.
    fn positions(&self, chain: Chain, range: ScanRange) -> Result<KeyRange, StoreError> {
        let (first, last) = match range {
            ScanRange::All => (0.0, f64::MAX),
            ScanRange::Indices { first, last } => (first as f64, last as f64),
        };
        let code = JsValue::from_str(chain.code());
        let lower = self.key(&[code.clone(), JsValue::from_f64(first)]);
        let upper = self.key(&[code, JsValue::from_f64(last)]);
        KeyRange::bound(&lower, &upper, None, None)
            .map_err(|error| StoreError::Request(error.to_string()))
    }

    /// Up to `limit` of the chain's records after address `after`, in address
    /// order: paging by primary key is exact even when indices repeat (two plain
    /// text files both start at index 0).
    async fn records_page(
        &self,
        chain: Chain,
        after: Option<&str>,
        limit: u32,
    ) -> Result<Vec<AddressRecord>, StoreError> {
        let code = JsValue::from_str(chain.code());
        let lower = self.key(&[code.clone(), JsValue::from_str(after.unwrap_or(""))]);
        // In IndexedDB's key order every array sorts after every string, so
        // [network, chain, []] bounds all of the chain's addresses from above.
        let upper = self.key(&[code, Array::new().into()]);
        let range = KeyRange::bound(&lower, &upper, Some(after.is_some()), Some(true))
            .map_err(|error| StoreError::Request(error.to_string()))?;
        let transaction = self.transaction(&[ADDRESSES], TransactionMode::ReadOnly)?;
        let found = transaction
            .store(ADDRESSES)?
            .get_all(Some(range), Some(limit))
            .await?;
        transaction.done().await?;
        found
            .into_iter()
            .map(|value| Ok(serde_wasm_bindgen::from_value(value)?))
            .collect()
    }

    /// Visits the chain's records page by page, yielding to the page between pages
    /// so 100,000 records never make one long task.
    async fn for_each_record(
        &self,
        chain: Chain,
        mut visit: impl FnMut(AddressRecord) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut after: Option<String> = None;
        loop {
            let page = self
                .records_page(chain, after.as_deref(), RECORDS_PER_PAGE)
                .await?;
            let full = page.len() == RECORDS_PER_PAGE as usize;
            after = page.last().map(|record| record.address.clone());
            for record in page {
                visit(record)?;
            }
            if !full {
                return Ok(());
            }
            gloo_timers::future::TimeoutFuture::new(0).await;
        }
    }

    async fn records(
        &self,
        chain: Chain,
        range: ScanRange,
    ) -> Result<Vec<AddressRecord>, StoreError> {
        let mut records = Vec::new();
        self.for_each_record(chain, |record| {
            if range.contains(record.index as u64) {
                records.push(record);
            }
            Ok(())
        })
        .await?;
        records.sort_by(|a, b| a.index.total_cmp(&b.index));
        Ok(records)
    }

    /// Every stored result of the chain with a confirmed non-zero balance.
    pub async fn funded_results(&self, chain: Chain) -> Result<Vec<AddressResult>, StoreError> {
        let mut funded = Vec::new();
        self.for_each_record(chain, |record| {
            // Only funded records need parsing; the rest are skipped cheaply.
            if record.result.is_some() {
                if let Some(stored) = record.stored()? {
                    if stored.result.is_funded() {
                        funded.push(stored.result);
                    }
                }
            }
            Ok(())
        })
        .await?;
        Ok(funded)
    }

    /// Stores new addresses (the import's job; existing records keep their results).
    pub async fn add_addresses(
        &self,
        chain: Chain,
        targets: Vec<ScanTarget>,
    ) -> Result<(), StoreError> {
        let transaction = self.transaction(&[ADDRESSES], TransactionMode::ReadWrite)?;
        let addresses = transaction.store(ADDRESSES)?;
        // Built by hand with the repeated strings made once: an import of 500,000
        // addresses would otherwise leave a million copies of "mainnet" and "BTC"
        // for the garbage collector. Same shape as `AddressRecord`.
        let network = JsValue::from_str(&self.network.to_string());
        let code = JsValue::from_str(chain.code());
        let keys = ["network", "chain", "address", "index", "result"].map(JsValue::from_str);
        let records: Vec<JsValue> = targets
            .into_iter()
            .map(|target| {
                let record = js_sys::Object::new();
                let values = [
                    network.clone(),
                    code.clone(),
                    JsValue::from_str(&target.address),
                    JsValue::from_f64(target.index as f64),
                    JsValue::NULL,
                ];
                for (key, value) in keys.iter().zip(&values) {
                    js_sys::Reflect::set(&record, key, value)
                        .map_err(|e| StoreError::Shape(format!("{e:?}")))?;
                }
                Ok(record.into())
            })
            .collect::<Result<_, StoreError>>()?;
        // All requests go out at once, and only the last one is awaited: IndexedDB
        // runs them in order within the transaction, and a failure of any of them
        // fails the transaction (`done` below reports it).
        addresses
            .add_all(records.into_iter().map(|record| (record, None)))
            .await?;
        transaction.done().await?;
        Ok(())
    }

    /// Every stored (chain, address): what a new import de-duplicates against.
    pub async fn all_addresses(&self) -> Result<Vec<(Chain, String)>, StoreError> {
        let mut all = Vec::new();
        for chain in Chain::ALL {
            let records = self.records(chain, ScanRange::All).await?;
            all.extend(records.into_iter().map(|record| (chain, record.address)));
        }
        Ok(all)
    }

    /// How many addresses the chain holds on this network.
    pub async fn count_addresses(&self, chain: Chain) -> Result<usize, StoreError> {
        self.count_in(chain, ScanRange::All).await
    }

    async fn count_in(&self, chain: Chain, range: ScanRange) -> Result<usize, StoreError> {
        let transaction = self.transaction(&[ADDRESSES], TransactionMode::ReadOnly)?;
        let count = transaction
            .store(ADDRESSES)?
            .index(BY_POSITION)?
            .count(Some(self.positions(chain, range)?))
            .await?;
        transaction.done().await?;
        Ok(count as usize)
    }

    /// Every stored result of the chain, by address.
    pub async fn results(
        &self,
        chain: Chain,
    ) -> Result<BTreeMap<String, AddressResult>, StoreError> {
        let mut results = BTreeMap::new();
        for record in self.records(chain, ScanRange::All).await? {
            if let Some(stored) = record.stored()? {
                results.insert(record.address, stored.result);
            }
        }
        Ok(results)
    }

    /// The chain's latest scan checkpoint on this network.
    pub async fn read_checkpoint(&self, chain: Chain) -> Result<Option<Checkpoint>, StoreError> {
        let transaction = self.transaction(&[CHECKPOINTS], TransactionMode::ReadOnly)?;
        let found = transaction
            .store(CHECKPOINTS)?
            .get(self.key(&[JsValue::from_str(chain.code())]))
            .await?;
        transaction.done().await?;
        let Some(found) = found else { return Ok(None) };
        let record: CheckpointRecord = serde_wasm_bindgen::from_value(found)?;
        Ok(Some(
            serde_json::from_str(&record.checkpoint).map_err(json_error)?,
        ))
    }

    fn checkpoint_record(&self, checkpoint: &Checkpoint) -> Result<JsValue, StoreError> {
        to_js(&CheckpointRecord {
            network: self.network.to_string(),
            chain: checkpoint.chain.code().to_string(),
            checkpoint: serde_json::to_string(checkpoint).map_err(json_error)?,
        })
    }

    async fn pending_targets(
        &self,
        checkpoint: &Checkpoint,
    ) -> Result<Vec<ScanTarget>, StoreError> {
        let mut pending = Vec::new();
        for record in self.records(checkpoint.chain, checkpoint.range).await? {
            let done = record
                .result_of(checkpoint.scan_id)?
                .is_some_and(|result| result.is_complete());
            if !done {
                pending.push(ScanTarget {
                    index: record.index as u64,
                    address: record.address,
                });
            }
        }
        Ok(pending)
    }

    /// The batch's results (merged within the scan) and the checkpoint, in one
    /// transaction: both are stored, or neither.
    async fn write_batch(
        &self,
        checkpoint: &Checkpoint,
        results: &[AddressResult],
    ) -> Result<(), StoreError> {
        let transaction =
            self.transaction(&[ADDRESSES, CHECKPOINTS], TransactionMode::ReadWrite)?;
        let addresses = transaction.store(ADDRESSES)?;
        let code = JsValue::from_str(checkpoint.chain.code());
        // One result per address: a batch may answer the same address twice
        // (a partial answer, then its retry), merged in order.
        let mut batch: Vec<AddressResult> = Vec::with_capacity(results.len());
        let mut position: BTreeMap<&str, usize> = BTreeMap::new();
        for result in results {
            match position.get(result.target.address.as_str()) {
                Some(&at) => batch[at] = batch[at].merged_with(result),
                None => {
                    position.insert(&result.target.address, batch.len());
                    batch.push(result.clone());
                }
            }
        }
        // A complete result replaces whatever this or an earlier scan stored, so
        // it is written without reading the record first. A partial one merges
        // with what this scan stored before: those are read, all together.
        let (complete, partial): (Vec<&AddressResult>, Vec<&AddressResult>) =
            batch.iter().partition(|r| r.is_complete());
        let keys: Vec<JsValue> = partial
            .iter()
            .map(|r| self.key(&[code.clone(), JsValue::from_str(&r.target.address)]))
            .collect();
        let found =
            futures::future::try_join_all(keys.into_iter().map(|key| addresses.get(key))).await?;
        let mut records = Vec::with_capacity(batch.len());
        for result in complete {
            records.push(self.result_record(checkpoint, result.clone())?);
        }
        for (result, found) in partial.into_iter().zip(found) {
            let Some(found) = found else { continue };
            let record: AddressRecord = serde_wasm_bindgen::from_value(found)?;
            // Within one scan a confirmed balance survives a later failure; a
            // result of an earlier scan is simply replaced.
            let merged = match record.result_of(checkpoint.scan_id)? {
                Some(earlier) => earlier.merged_with(result),
                None => result.clone(),
            };
            records.push(self.result_record(checkpoint, merged)?);
        }
        addresses
            .put_all(records.into_iter().map(|record| (record, None)))
            .await?;
        transaction
            .store(CHECKPOINTS)?
            .put(&self.checkpoint_record(checkpoint)?, None)
            .await?;
        transaction.done().await?;
        Ok(())
    }

    /// The address record holding `result` as this scan's.
    fn result_record(
        &self,
        checkpoint: &Checkpoint,
        result: AddressResult,
    ) -> Result<JsValue, StoreError> {
        let record = AddressRecord {
            network: self.network.to_string(),
            chain: checkpoint.chain.code().to_string(),
            address: result.target.address.clone(),
            index: result.target.index as f64,
            result: Some(
                serde_json::to_string(&StoredResult {
                    scan_id: checkpoint.scan_id,
                    result,
                })
                .map_err(json_error)?,
            ),
        };
        to_js(&record)
    }

    pub async fn write_checkpoint(&self, checkpoint: &Checkpoint) -> Result<(), StoreError> {
        let transaction = self.transaction(&[CHECKPOINTS], TransactionMode::ReadWrite)?;
        transaction
            .store(CHECKPOINTS)?
            .put(&self.checkpoint_record(checkpoint)?, None)
            .await?;
        transaction.done().await?;
        Ok(())
    }
}

impl ScanStore for NetworkStore<'_> {
    async fn checkpoint(&self, chain: Chain) -> Result<Option<Checkpoint>, PortError> {
        self.read_checkpoint(chain).await.map_err(port_error)
    }

    async fn pending(&self, checkpoint: &Checkpoint) -> Result<Vec<ScanTarget>, PortError> {
        self.pending_targets(checkpoint).await.map_err(port_error)
    }

    async fn count_in_range(&self, checkpoint: &Checkpoint) -> Result<usize, PortError> {
        self.count_in(checkpoint.chain, checkpoint.range)
            .await
            .map_err(port_error)
    }

    async fn save_batch(
        &self,
        checkpoint: &Checkpoint,
        results: &[AddressResult],
    ) -> Result<(), PortError> {
        self.write_batch(checkpoint, results)
            .await
            .map_err(port_error)
    }

    async fn save_checkpoint(&self, checkpoint: &Checkpoint) -> Result<(), PortError> {
        self.write_checkpoint(checkpoint).await.map_err(port_error)
    }
}

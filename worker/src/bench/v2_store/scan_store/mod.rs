//! The engine's [`ScanStore`] on IndexedDB: addresses with their latest result, and
//! one checkpoint per chain, for one network.
//!
//! An address record keeps `index` as a JS number (so the `by_position` index can
//! order and range over it) and its result as JSON text: amounts are U256 and
//! timestamps u64, which a JS number cannot hold exactly.
//!
//! - `reads`: a chain's records page by page, pending targets, funded results,
//!   counts and the checkpoint.
//! - `writes`: addresses (an import), a batch of results with its checkpoint (a
//!   scan), and checkpoints alone.

use super::{BrowserStore, StoreError, ADDRESSES, BY_POSITION, CHECKPOINTS};
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

mod reads;
mod writes;

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
            ScanRange::FundedOrUnchecked => return Err(no_follow_up()),
        };
        let code = JsValue::from_str(chain.code());
        let lower = self.key(&[code.clone(), JsValue::from_f64(first)]);
        let upper = self.key(&[code, JsValue::from_f64(last)]);
        KeyRange::bound(&lower, &upper, None, None)
            .map_err(|error| StoreError::Request(error.to_string()))
    }
}

/// Schema 2 (benchmarked as the reference) scanned whole chains and index
/// ranges; rescans of part of a chain came with schema 3.
fn no_follow_up() -> StoreError {
    StoreError::Request("schema 2 has no rescans of the funded and the unchecked".into())
}

impl ScanStore for NetworkStore<'_> {
    async fn checkpoint(&self, chain: Chain) -> Result<Option<Checkpoint>, PortError> {
        self.read_checkpoint(chain).await.map_err(port_error)
    }

    /// The version-2 layout keeps no chunks: its scans read the whole list
    /// first, as they did.
    async fn first_pending(&self, _: &Checkpoint) -> Result<Vec<ScanTarget>, PortError> {
        Ok(Vec::new())
    }

    async fn pending(&self, checkpoint: &Checkpoint) -> Result<Vec<ScanTarget>, PortError> {
        self.pending_targets(checkpoint).await.map_err(port_error)
    }

    async fn count_in_range(&self, checkpoint: &Checkpoint) -> Result<usize, PortError> {
        self.count_in(checkpoint.chain, checkpoint.range)
            .await
            .map_err(port_error)
    }

    async fn funded_outside(&self, checkpoint: &Checkpoint) -> Result<usize, PortError> {
        match checkpoint.range {
            ScanRange::All => Ok(0),
            _ => Err(port_error(no_follow_up())),
        }
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

    async fn save_completed(
        &self,
        checkpoint: &Checkpoint,
        results: &[AddressResult],
        addresses: usize,
    ) -> Result<bool, PortError> {
        // As the version-2 store ended a scan: its last results in a write of
        // their own, then the completion.
        if !results.is_empty() {
            self.write_batch(&checkpoint.still_running(), results)
                .await
                .map_err(port_error)?;
        }
        self.write_completed(checkpoint, addresses)
            .await
            .map_err(port_error)
    }
}

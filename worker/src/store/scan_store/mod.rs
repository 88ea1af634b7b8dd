//! The engine's [`ScanStore`] on IndexedDB, for one network: a chain's addresses
//! in packed chunks, its results in pages, its count and checkpoint.
//!
//! - `reads`: addresses, pending targets, funded results, counts, checkpoints.
//! - `writes`: addresses (an import), a batch of results with its checkpoint (a
//!   scan), and checkpoints alone.

use super::records::{bytes, bytes_of, key, number, object, prefix_range, text};
use super::{commit, finish, BrowserStore, StoreError, CHAINS, CHECKPOINTS, CHUNKS, RESULTS};
use super::{RESULTS_BY_CHAIN, RESULTS_BY_SCAN};
use idb::{Transaction, TransactionMode};
use scanner_engine::packed::{self, LatestResults};
use scanner_engine::ports::{ScanStore, StoreError as PortError};
use scanner_engine::scan::checkpoint::{Checkpoint, CheckpointState, ScanRange};
use scanner_engine::scan::{AddressResult, ScanTarget};
use scanner_engine::{Chain, Network};
use wasm_bindgen::JsValue;

mod reads;
mod writes;

/// What the `chains` record says of one chain.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(in crate::store) struct ChainCounts {
    pub addresses: u64,
    pub chunks: u64,
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
        self.store.transaction(stores, mode)
    }

    fn network_key(&self) -> JsValue {
        JsValue::from_str(&self.network.to_string())
    }

    fn chain_key(&self, chain: Chain) -> JsValue {
        key(&[self.network_key(), JsValue::from_str(chain.code())])
    }

    fn chain_range(&self, chain: Chain) -> Result<idb::KeyRange, StoreError> {
        prefix_range(&[self.network_key(), JsValue::from_str(chain.code())])
    }

    /// The chain's counts, read within `transaction` (which includes CHAINS).
    async fn counts_in(
        &self,
        transaction: &Transaction,
        chain: Chain,
    ) -> Result<ChainCounts, StoreError> {
        let found = finish(
            transaction
                .object_store(CHAINS)?
                .get(self.chain_key(chain))?,
        )
        .await?;
        let Some(record) = found else {
            return Ok(ChainCounts::default());
        };
        Ok(ChainCounts {
            addresses: number(&record, "addresses")?,
            chunks: number(&record, "chunks")?,
        })
    }
}

impl ScanStore for NetworkStore<'_> {
    async fn checkpoint(&self, chain: Chain) -> Result<Option<Checkpoint>, PortError> {
        self.read_checkpoint(chain).await.map_err(port_error)
    }

    async fn first_pending(&self, checkpoint: &Checkpoint) -> Result<Vec<ScanTarget>, PortError> {
        self.first_chunk_targets(checkpoint.chain)
            .await
            .map_err(port_error)
    }

    async fn pending(&self, checkpoint: &Checkpoint) -> Result<Vec<ScanTarget>, PortError> {
        self.pending_targets(checkpoint).await.map_err(port_error)
    }

    async fn count_in_range(&self, checkpoint: &Checkpoint) -> Result<usize, PortError> {
        self.count_in(checkpoint).await.map_err(port_error)
    }

    async fn funded_outside(&self, checkpoint: &Checkpoint) -> Result<usize, PortError> {
        self.funded_outside_range(checkpoint)
            .await
            .map_err(port_error)
    }

    async fn save_batch(
        &self,
        checkpoint: &Checkpoint,
        results: &[AddressResult],
    ) -> Result<(), PortError> {
        self.write_page(checkpoint, results, None)
            .await
            .map(|_| ())
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
        self.write_page(checkpoint, results, Some(addresses))
            .await
            .map_err(port_error)
    }
}

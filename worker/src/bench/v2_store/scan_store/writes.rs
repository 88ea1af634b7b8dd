//! Writing addresses (an import), results with their checkpoint (a scan), and
//! checkpoints.

use super::*;
use web_platform::js_error::js_error_text;

impl NetworkStore<'_> {
    /// Stores new addresses (the import's job; existing records keep their
    /// results). A completed checkpoint of the chain becomes paused in the same
    /// transaction (contract, section 2): whenever the import stops, a reload
    /// shows the chain paused, and reading and writing the checkpoint in one
    /// transaction cannot interleave with a scan's own writes.
    pub async fn add_addresses(
        &self,
        chain: Chain,
        targets: Vec<ScanTarget>,
    ) -> Result<(), StoreError> {
        let transaction =
            self.transaction(&[ADDRESSES, CHECKPOINTS], TransactionMode::ReadWrite)?;
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
                        .map_err(|e| StoreError::Shape(js_error_text(&e)))?;
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
        if let Some(checkpoint) = self.checkpoint_in(&transaction, chain).await? {
            let after = checkpoint.clone().after_import();
            if after != checkpoint {
                self.put_checkpoint(&transaction, &after).await?;
            }
        }
        transaction.done().await?;
        Ok(())
    }

    /// Stores the completed `checkpoint` if its range still holds `addresses`
    /// addresses: the count and the write are one transaction, so an import
    /// cannot land between them.
    pub(super) async fn write_completed(
        &self,
        checkpoint: &Checkpoint,
        addresses: usize,
    ) -> Result<bool, StoreError> {
        let transaction =
            self.transaction(&[ADDRESSES, CHECKPOINTS], TransactionMode::ReadWrite)?;
        let count = transaction
            .store(ADDRESSES)?
            .index(BY_POSITION)?
            .count(Some(self.positions(checkpoint.chain, checkpoint.range)?))
            .await? as usize;
        let unchanged = count == addresses;
        if unchanged {
            self.put_checkpoint(&transaction, checkpoint).await?;
        }
        transaction.done().await?;
        Ok(unchanged)
    }

    /// Puts the checkpoint within `transaction` (which includes CHECKPOINTS).
    async fn put_checkpoint(
        &self,
        transaction: &Transaction,
        checkpoint: &Checkpoint,
    ) -> Result<(), StoreError> {
        transaction
            .store(CHECKPOINTS)?
            .put(&self.checkpoint_record(checkpoint)?, None)
            .await?;
        Ok(())
    }

    fn checkpoint_record(&self, checkpoint: &Checkpoint) -> Result<JsValue, StoreError> {
        to_js(&CheckpointRecord {
            network: self.network.to_string(),
            chain: checkpoint.chain.code().to_string(),
            checkpoint: serde_json::to_string(checkpoint).map_err(json_error)?,
        })
    }

    /// The batch's results (merged within the scan) and the checkpoint, in one
    /// transaction: both are stored, or neither.
    pub(super) async fn write_batch(
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
        self.put_checkpoint(&transaction, checkpoint).await?;
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
        self.put_checkpoint(&transaction, checkpoint).await?;
        transaction.done().await?;
        Ok(())
    }
}

//! Reading a network's addresses, results and checkpoints, page by page.

use super::*;

impl NetworkStore<'_> {
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
            // This store predates results-based ranges (the bench never asks one).
            if range.covers(0, record.index as u64, None) {
                records.push(record);
            }
            Ok(())
        })
        .await?;
        records.sort_by(|a, b| a.index.total_cmp(&b.index));
        Ok(records)
    }

    /// Visits every stored result of the chain with a confirmed non-zero balance,
    /// with the id of the scan that stored it, page by page: only the result being
    /// visited is held, however many are funded.
    pub async fn for_each_funded(
        &self,
        chain: Chain,
        mut visit: impl FnMut(u64, AddressResult),
    ) -> Result<(), StoreError> {
        self.for_each_record(chain, |record| {
            // Only checked records need parsing; the rest are skipped cheaply.
            if record.result.is_some() {
                if let Some(stored) = record.stored()? {
                    if stored.result.is_funded() {
                        visit(stored.scan_id, stored.result);
                    }
                }
            }
            Ok(())
        })
        .await
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

    pub(super) async fn count_in(
        &self,
        chain: Chain,
        range: ScanRange,
    ) -> Result<usize, StoreError> {
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
        let found = self.checkpoint_in(&transaction, chain).await?;
        transaction.done().await?;
        Ok(found)
    }

    /// The chain's checkpoint, read within `transaction` (which includes
    /// CHECKPOINTS).
    pub(super) async fn checkpoint_in(
        &self,
        transaction: &Transaction,
        chain: Chain,
    ) -> Result<Option<Checkpoint>, StoreError> {
        let found = transaction
            .store(CHECKPOINTS)?
            .get(self.key(&[JsValue::from_str(chain.code())]))
            .await?;
        let Some(found) = found else { return Ok(None) };
        let record: CheckpointRecord = serde_wasm_bindgen::from_value(found)?;
        Ok(Some(
            serde_json::from_str(&record.checkpoint).map_err(json_error)?,
        ))
    }

    pub(super) async fn pending_targets(
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
}

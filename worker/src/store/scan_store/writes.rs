//! Writing addresses (an import), results with their checkpoint (a scan), and
//! checkpoints.
//!
//! Writes go out without waiting on each other and the transaction's commit is
//! awaited: IndexedDB runs them in order within it, and a failure of any of them
//! aborts it, so all of a write is stored or none.

use super::*;

impl NetworkStore<'_> {
    /// Appends new addresses to the chain's list (the import's job): the last
    /// chunk is filled up first, so chunks stay full whatever the imports' sizes.
    /// The chain's count goes up in the same transaction, and a completed
    /// checkpoint of the chain becomes paused in it too (contract, section 2):
    /// whenever the import stops, a reload shows the chain paused.
    pub async fn add_addresses(
        &self,
        chain: Chain,
        targets: Vec<ScanTarget>,
    ) -> Result<(), StoreError> {
        if targets.is_empty() {
            return Ok(());
        }
        let transaction =
            self.transaction(&[CHUNKS, CHAINS, CHECKPOINTS], TransactionMode::ReadWrite)?;
        let chunks = transaction.object_store(CHUNKS)?;
        let counts = self.counts_in(&transaction, chain).await?;
        let added = targets.len() as u64;
        // The last chunk, if not full, takes the first of the new addresses.
        let mut next_chunk = counts.chunks;
        let mut queue = targets;
        if let Some(last) = counts.chunks.checked_sub(1) {
            let found = finish(chunks.get(self.chunk_key(chain, last))?).await?;
            if let Some(record) = found {
                let mut held = packed::decode_chunk(&bytes_of(&record)?)?;
                if held.len() < packed::ADDRESSES_PER_CHUNK {
                    let room = (packed::ADDRESSES_PER_CHUNK - held.len()).min(queue.len());
                    held.extend(queue.drain(..room));
                    chunks.put(&self.chunk_record(chain, last, &held)?, None)?;
                }
            }
        }
        for piece in queue.chunks(packed::ADDRESSES_PER_CHUNK) {
            chunks.put(&self.chunk_record(chain, next_chunk, piece)?, None)?;
            next_chunk += 1;
        }
        let counts = ChainCounts {
            addresses: counts.addresses + added,
            chunks: next_chunk,
        };
        transaction
            .object_store(CHAINS)?
            .put(&self.counts_record(chain, counts)?, None)?;
        if let Some(checkpoint) = self.checkpoint_in(&transaction, chain).await? {
            let after = checkpoint.clone().after_import();
            if after != checkpoint {
                self.put_checkpoint(&transaction, &after)?;
            }
        }
        commit(transaction).await
    }

    fn chunk_key(&self, chain: Chain, chunk: u64) -> JsValue {
        key(&[
            self.network_key(),
            JsValue::from_str(chain.code()),
            JsValue::from_f64(chunk as f64),
        ])
    }

    pub(in crate::store) fn chunk_record(
        &self,
        chain: Chain,
        chunk: u64,
        targets: &[ScanTarget],
    ) -> Result<JsValue, StoreError> {
        object(&[
            ("network", self.network_key()),
            ("chain", JsValue::from_str(chain.code())),
            ("chunk", JsValue::from_f64(chunk as f64)),
            ("count", JsValue::from_f64(targets.len() as f64)),
            ("bytes", bytes(&packed::encode_chunk(targets))),
        ])
    }

    pub(in crate::store) fn counts_record(
        &self,
        chain: Chain,
        counts: ChainCounts,
    ) -> Result<JsValue, StoreError> {
        object(&[
            ("network", self.network_key()),
            ("chain", JsValue::from_str(chain.code())),
            ("addresses", JsValue::from_f64(counts.addresses as f64)),
            ("chunks", JsValue::from_f64(counts.chunks as f64)),
        ])
    }

    pub(in crate::store) fn page_record(
        &self,
        chain: Chain,
        scan_id: u64,
        results: &[AddressResult],
    ) -> Result<JsValue, StoreError> {
        object(&[
            ("network", self.network_key()),
            ("chain", JsValue::from_str(chain.code())),
            ("scan_id", JsValue::from_f64(scan_id as f64)),
            ("bytes", bytes(&packed::encode_results(results))),
        ])
    }

    /// After `checkpoint`'s scan completed: when it covered every address and
    /// checked each completely, the pages of earlier scans hold nothing that
    /// counts any more, and are deleted (reads give the latest result either
    /// way; this only frees the space). Returns whether it deleted them.
    pub async fn delete_superseded_pages(
        &self,
        checkpoint: &Checkpoint,
    ) -> Result<bool, StoreError> {
        if checkpoint.range != ScanRange::All || checkpoint.state != CheckpointState::Completed {
            return Ok(false);
        }
        let transaction = self.transaction(&[CHUNKS, RESULTS], TransactionMode::ReadWrite)?;
        let superseded = self.checked_all(&transaction, checkpoint).await?;
        if superseded {
            self.delete_pages_before(&transaction, checkpoint).await?;
        }
        commit(transaction).await?;
        Ok(superseded)
    }

    /// Whether `checkpoint`'s scan has a complete result for every address of
    /// its chain.
    async fn checked_all(
        &self,
        transaction: &Transaction,
        checkpoint: &Checkpoint,
    ) -> Result<bool, StoreError> {
        let targets = self.targets_in(transaction, checkpoint.chain).await?;
        let done = self
            .latest_in(transaction, checkpoint.chain, Some(checkpoint.scan_id))
            .await?;
        Ok(targets
            .iter()
            .all(|t| done.is_done(checkpoint.scan_id, &t.address)))
    }

    /// Deletes the result pages of the chain's scans before `checkpoint`'s.
    async fn delete_pages_before(
        &self,
        transaction: &Transaction,
        checkpoint: &Checkpoint,
    ) -> Result<(), StoreError> {
        let code = JsValue::from_str(checkpoint.chain.code());
        let lower = key(&[self.network_key(), code.clone()]);
        let upper = key(&[
            self.network_key(),
            code,
            JsValue::from_f64(checkpoint.scan_id as f64),
        ]);
        let earlier = idb::KeyRange::bound(&lower, &upper, None, Some(true))?;
        let pages = transaction.object_store(RESULTS)?;
        let keys = finish(
            pages
                .index(RESULTS_BY_SCAN)?
                .get_all_keys(Some(earlier.into()), None)?,
        )
        .await?;
        for page in keys {
            pages.delete(page)?;
        }
        Ok(())
    }

    /// Puts the checkpoint within `transaction` (which includes CHECKPOINTS).
    pub(in crate::store) fn put_checkpoint(
        &self,
        transaction: &Transaction,
        checkpoint: &Checkpoint,
    ) -> Result<(), StoreError> {
        let json = serde_json::to_string(checkpoint).map_err(json_error)?;
        let record = object(&[
            ("network", self.network_key()),
            ("chain", JsValue::from_str(checkpoint.chain.code())),
            ("checkpoint", JsValue::from_str(&json)),
        ])?;
        transaction.object_store(CHECKPOINTS)?.put(&record, None)?;
        Ok(())
    }

    /// Results as one page, and the checkpoint, in one transaction: both are
    /// stored, or neither. Nothing is read for a batch: which result of an
    /// address counts is decided when pages are read (`packed::LatestResults`).
    /// The scan's last write (`completing`: the addresses it counted) stores
    /// the checkpoint as completed only if its range still holds that many,
    /// counted in the same transaction so an import cannot land between; else
    /// as still running. Returns whether it stored it completed. Nothing else
    /// happens in it: the card says completed once it commits, and older
    /// pages are deleted afterwards ([`Self::delete_superseded_pages`]).
    pub(super) async fn write_page(
        &self,
        checkpoint: &Checkpoint,
        results: &[AddressResult],
        completing: Option<usize>,
    ) -> Result<bool, StoreError> {
        let stores: &[&str] = match completing {
            Some(_) => &[CHAINS, CHUNKS, CHECKPOINTS, RESULTS],
            None => &[RESULTS, CHECKPOINTS],
        };
        let transaction = self.transaction(stores, TransactionMode::ReadWrite)?;
        // Counted before the page goes in: the count is of the addresses, as
        // the scan counted them.
        let unchanged = match completing {
            Some(addresses) => self.count_within(&transaction, checkpoint).await? == addresses,
            None => true,
        };
        if !results.is_empty() {
            let page = self.page_record(checkpoint.chain, checkpoint.scan_id, results)?;
            transaction.object_store(RESULTS)?.add(&page, None)?;
        }
        match unchanged {
            true => self.put_checkpoint(&transaction, checkpoint)?,
            false => self.put_checkpoint(&transaction, &checkpoint.still_running())?,
        }
        commit(transaction).await?;
        Ok(unchanged)
    }

    pub async fn write_checkpoint(&self, checkpoint: &Checkpoint) -> Result<(), StoreError> {
        let transaction = self.transaction(&[CHECKPOINTS], TransactionMode::ReadWrite)?;
        self.put_checkpoint(&transaction, checkpoint)?;
        commit(transaction).await
    }
}

//! Reading a network's addresses, results, counts and checkpoints.

use super::*;

impl NetworkStore<'_> {
    /// The chain's addresses in list order, read within `transaction` (which
    /// includes CHUNKS).
    pub(super) async fn targets_in(
        &self,
        transaction: &Transaction,
        chain: Chain,
    ) -> Result<Vec<ScanTarget>, StoreError> {
        self.chunks_in(transaction, chain, None).await
    }

    /// The addresses of the chain's first stored chunk, in index order: a
    /// fresh scan's first requests (see `ScanStore::first_pending`).
    pub(super) async fn first_chunk_targets(
        &self,
        chain: Chain,
    ) -> Result<Vec<ScanTarget>, StoreError> {
        let transaction = self.transaction(&[CHUNKS], TransactionMode::ReadOnly)?;
        let mut targets = self.chunks_in(&transaction, chain, Some(1)).await?;
        ScanTarget::sort_by_index(&mut targets);
        Ok(targets)
    }

    /// The addresses of the chain's first `chunks` chunks (all: `None`), in
    /// list order.
    async fn chunks_in(
        &self,
        transaction: &Transaction,
        chain: Chain,
        chunks: Option<u32>,
    ) -> Result<Vec<ScanTarget>, StoreError> {
        let chunks = finish(
            transaction
                .object_store(CHUNKS)?
                .get_all(Some(self.chain_range(chain)?.into()), chunks)?,
        )
        .await?;
        let mut targets = Vec::new();
        for chunk in chunks {
            targets.extend(packed::decode_chunk(&bytes_of(&chunk)?)?);
        }
        Ok(targets)
    }

    /// The result that counts for each address of the chain (`scan` None), or of
    /// the addresses scan `scan` checked, from the result pages in the order they
    /// were written; within `transaction` (which includes RESULTS).
    pub(super) async fn latest_in(
        &self,
        transaction: &Transaction,
        chain: Chain,
        scan: Option<u64>,
    ) -> Result<LatestResults, StoreError> {
        let pages = transaction.object_store(RESULTS)?;
        let (index, range) = match scan {
            None => (RESULTS_BY_CHAIN, self.chain_range(chain)?),
            Some(scan_id) => {
                let only = key(&[
                    self.network_key(),
                    JsValue::from_str(chain.code()),
                    JsValue::from_f64(scan_id as f64),
                ]);
                (RESULTS_BY_SCAN, idb::KeyRange::only(&only)?)
            }
        };
        let found = finish(pages.index(index)?.get_all(Some(range.into()), None)?).await?;
        let mut latest = LatestResults::default();
        for page in found {
            let scan_id = number(&page, "scan_id")?;
            latest.apply(scan_id, packed::decode_results(&bytes_of(&page)?)?);
        }
        Ok(latest)
    }

    /// Visits every stored result of the chain with a confirmed non-zero balance,
    /// with the id of the scan that stored it.
    pub async fn for_each_funded(
        &self,
        chain: Chain,
        mut visit: impl FnMut(u64, AddressResult),
    ) -> Result<(), StoreError> {
        let transaction = self.transaction(&[RESULTS], TransactionMode::ReadOnly)?;
        let latest = self.latest_in(&transaction, chain, None).await?;
        for (scan_id, result) in latest.into_results() {
            if result.is_funded() {
                visit(scan_id, result);
            }
        }
        Ok(())
    }

    /// Every stored (chain, address): what a new import de-duplicates against.
    pub async fn all_addresses(&self) -> Result<Vec<(Chain, String)>, StoreError> {
        let transaction = self.transaction(&[CHUNKS], TransactionMode::ReadOnly)?;
        let mut all = Vec::new();
        for chain in Chain::ALL {
            let targets = self.targets_in(&transaction, chain).await?;
            all.extend(targets.into_iter().map(|target| (chain, target.address)));
        }
        Ok(all)
    }

    /// The chain's addresses, in list order.
    pub async fn addresses(&self, chain: Chain) -> Result<Vec<ScanTarget>, StoreError> {
        let transaction = self.transaction(&[CHUNKS], TransactionMode::ReadOnly)?;
        self.targets_in(&transaction, chain).await
    }

    /// How many addresses the chain holds on this network: a count kept with
    /// the addresses, read without reading them.
    pub async fn count_addresses(&self, chain: Chain) -> Result<usize, StoreError> {
        let transaction = self.transaction(&[CHAINS], TransactionMode::ReadOnly)?;
        Ok(self.counts_in(&transaction, chain).await?.addresses as usize)
    }

    /// How many of the chain's addresses the checkpoint's range holds, within
    /// `transaction` (which includes CHAINS, CHUNKS and RESULTS).
    pub(super) async fn count_within(
        &self,
        transaction: &Transaction,
        checkpoint: &Checkpoint,
    ) -> Result<usize, StoreError> {
        if checkpoint.range == ScanRange::All {
            let counts = self.counts_in(transaction, checkpoint.chain).await?;
            return Ok(counts.addresses as usize);
        }
        let (covered, _) = self.split_by_range(transaction, checkpoint).await?;
        Ok(covered.len())
    }

    pub(super) async fn count_in(&self, checkpoint: &Checkpoint) -> Result<usize, StoreError> {
        let transaction =
            self.transaction(&[CHAINS, CHUNKS, RESULTS], TransactionMode::ReadOnly)?;
        self.count_within(&transaction, checkpoint).await
    }

    /// The chain's addresses the checkpoint's range covers, and the stored
    /// results that count: of every scan when the range depends on them, else
    /// of the checkpoint's scan only (all that pending work needs). Within
    /// `transaction` (which includes CHUNKS and RESULTS).
    async fn split_by_range(
        &self,
        transaction: &Transaction,
        checkpoint: &Checkpoint,
    ) -> Result<(Vec<ScanTarget>, LatestResults), StoreError> {
        let targets = self.targets_in(transaction, checkpoint.chain).await?;
        let of_scan = (!checkpoint.range.needs_results()).then_some(checkpoint.scan_id);
        let latest = self
            .latest_in(transaction, checkpoint.chain, of_scan)
            .await?;
        let range = checkpoint.range;
        let covered = targets
            .into_iter()
            .filter(|t| range.covers(checkpoint.scan_id, t.index, latest.get(&t.address)))
            .collect();
        Ok((covered, latest))
    }

    /// How many addresses outside the checkpoint's range hold funds by their
    /// stored results.
    pub(super) async fn funded_outside_range(
        &self,
        checkpoint: &Checkpoint,
    ) -> Result<usize, StoreError> {
        if checkpoint.range == ScanRange::All {
            return Ok(0);
        }
        let transaction = self.transaction(&[CHUNKS, RESULTS], TransactionMode::ReadOnly)?;
        let targets = self.targets_in(&transaction, checkpoint.chain).await?;
        let latest = self.latest_in(&transaction, checkpoint.chain, None).await?;
        Ok(targets
            .iter()
            .filter(|t| {
                let stored = latest.get(&t.address);
                !checkpoint.range.covers(checkpoint.scan_id, t.index, stored)
                    && stored.is_some_and(|(_, result)| result.is_funded())
            })
            .count())
    }

    /// Every stored result of the chain, by address.
    pub async fn results(
        &self,
        chain: Chain,
    ) -> Result<std::collections::BTreeMap<String, AddressResult>, StoreError> {
        let transaction = self.transaction(&[RESULTS], TransactionMode::ReadOnly)?;
        let latest = self.latest_in(&transaction, chain, None).await?;
        Ok(latest
            .into_results()
            .map(|(_, result)| (result.target.address.clone(), result))
            .collect())
    }

    /// The chain's latest scan checkpoint on this network.
    pub async fn read_checkpoint(&self, chain: Chain) -> Result<Option<Checkpoint>, StoreError> {
        let transaction = self.transaction(&[CHECKPOINTS], TransactionMode::ReadOnly)?;
        self.checkpoint_in(&transaction, chain).await
    }

    /// The chain's checkpoint, read within `transaction` (which includes
    /// CHECKPOINTS).
    pub(super) async fn checkpoint_in(
        &self,
        transaction: &Transaction,
        chain: Chain,
    ) -> Result<Option<Checkpoint>, StoreError> {
        let found = finish(
            transaction
                .object_store(CHECKPOINTS)?
                .get(self.chain_key(chain))?,
        )
        .await?;
        let Some(record) = found else { return Ok(None) };
        let checkpoint = text(&record, "checkpoint")?;
        Ok(Some(serde_json::from_str(&checkpoint).map_err(json_error)?))
    }

    /// The addresses in the checkpoint's range that its scan has not checked
    /// completely, in index order (list order among equal indices).
    pub(super) async fn pending_targets(
        &self,
        checkpoint: &Checkpoint,
    ) -> Result<Vec<ScanTarget>, StoreError> {
        let transaction = self.transaction(&[CHUNKS, RESULTS], TransactionMode::ReadOnly)?;
        let (covered, done) = self.split_by_range(&transaction, checkpoint).await?;
        let mut pending: Vec<ScanTarget> = covered
            .into_iter()
            .filter(|t| !done.is_done(checkpoint.scan_id, &t.address))
            .collect();
        ScanTarget::sort_by_index(&mut pending);
        Ok(pending)
    }
}

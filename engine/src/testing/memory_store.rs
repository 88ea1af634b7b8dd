//! An in-memory [`ScanStore`]: the reference the IndexedDB store must match.

use crate::ports::{ScanStore, StoreError};
use crate::scan::checkpoint::Checkpoint;
use crate::scan::{AddressResult, ScanTarget};
use crate::Chain;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::future::{ready, Future};

#[derive(Default)]
pub struct MemoryStore {
    inner: RefCell<Inner>,
}

#[derive(Default)]
struct Inner {
    /// Per chain, addresses in list order (indices may repeat: two plain text
    /// files both start at 0).
    addresses: HashMap<Chain, Vec<ScanTarget>>,
    /// (chain, address) → the scan that produced the result, and the result.
    results: HashMap<(Chain, String), (u64, AddressResult)>,
    checkpoints: HashMap<Chain, Checkpoint>,
}

impl Inner {
    fn latest(&self, chain: Chain, target: &ScanTarget) -> Option<&(u64, AddressResult)> {
        self.results.get(&(chain, target.address.clone()))
    }

    /// Whether the checkpoint's range covers `target`, by its stored result.
    fn covers(&self, checkpoint: &Checkpoint, target: &ScanTarget) -> bool {
        let latest = self.latest(checkpoint.chain, target);
        checkpoint
            .range
            .covers(checkpoint.scan_id, target.index, latest)
    }

    fn is_funded(&self, chain: Chain, target: &ScanTarget) -> bool {
        self.latest(chain, target)
            .is_some_and(|(_, result)| result.is_funded())
    }
}

impl MemoryStore {
    /// Stores addresses, as an import does: a completed checkpoint of the chain
    /// becomes paused in the same write, so resuming checks the new ones.
    pub fn add_addresses(&self, chain: Chain, targets: impl IntoIterator<Item = ScanTarget>) {
        let mut inner = self.inner.borrow_mut();
        inner.addresses.entry(chain).or_default().extend(targets);
        if let Some(checkpoint) = inner.checkpoints.remove(&chain) {
            inner.checkpoints.insert(chain, checkpoint.after_import());
        }
    }

    /// The stored result of `address` and the scan that produced it.
    pub fn result(&self, chain: Chain, address: &str) -> Option<(u64, AddressResult)> {
        self.inner
            .borrow()
            .results
            .get(&(chain, address.to_string()))
            .cloned()
    }

    /// Every stored result of the chain, by address.
    pub fn results(&self, chain: Chain) -> BTreeMap<String, AddressResult> {
        let inner = self.inner.borrow();
        inner
            .results
            .iter()
            .filter(|((c, _), _)| *c == chain)
            .map(|((_, address), (_, result))| (address.clone(), result.clone()))
            .collect()
    }

    /// Results merged with what this scan already knew of them, and the
    /// checkpoint: a write's work.
    fn store_batch(&self, checkpoint: &Checkpoint, results: &[AddressResult]) {
        let mut inner = self.inner.borrow_mut();
        for result in results {
            let key = (checkpoint.chain, result.target.address.clone());
            let merged = match inner.results.get(&key) {
                // Within one scan, a confirmed balance survives a later failure.
                Some((scan, old)) if *scan == checkpoint.scan_id => old.merged_with(result),
                _ => result.clone(),
            };
            inner.results.insert(key, (checkpoint.scan_id, merged));
        }
        inner
            .checkpoints
            .insert(checkpoint.chain, checkpoint.clone());
    }

    /// The checkpoint's range of addresses, in index order (list order among
    /// equal indices).
    fn in_range(&self, checkpoint: &Checkpoint) -> Vec<ScanTarget> {
        let inner = self.inner.borrow();
        let mut targets: Vec<ScanTarget> = inner
            .addresses
            .get(&checkpoint.chain)
            .into_iter()
            .flatten()
            .filter(|t| inner.covers(checkpoint, t))
            .cloned()
            .collect();
        ScanTarget::sort_by_index(&mut targets);
        targets
    }

    /// The chain's addresses, in list order.
    pub fn addresses(&self, chain: Chain) -> Vec<ScanTarget> {
        let inner = self.inner.borrow();
        inner.addresses.get(&chain).cloned().unwrap_or_default()
    }
}

impl super::store_contract::ContractStore for MemoryStore {
    fn add_addresses(
        &self,
        chain: Chain,
        targets: Vec<ScanTarget>,
    ) -> impl Future<Output = Result<(), StoreError>> {
        MemoryStore::add_addresses(self, chain, targets);
        ready(Ok(()))
    }

    fn results(
        &self,
        chain: Chain,
    ) -> impl Future<Output = Result<BTreeMap<String, AddressResult>, StoreError>> {
        ready(Ok(MemoryStore::results(self, chain)))
    }

    fn addresses(&self, chain: Chain) -> impl Future<Output = Result<Vec<ScanTarget>, StoreError>> {
        ready(Ok(MemoryStore::addresses(self, chain)))
    }

    fn count_addresses(&self, chain: Chain) -> impl Future<Output = Result<usize, StoreError>> {
        ready(Ok(MemoryStore::addresses(self, chain).len()))
    }

    fn all_addresses(&self) -> impl Future<Output = Result<Vec<(Chain, String)>, StoreError>> {
        let all = Chain::ALL
            .into_iter()
            .flat_map(|chain| {
                MemoryStore::addresses(self, chain)
                    .into_iter()
                    .map(move |t| (chain, t.address))
            })
            .collect();
        ready(Ok(all))
    }

    fn funded(
        &self,
        chain: Chain,
    ) -> impl Future<Output = Result<Vec<(u64, AddressResult)>, StoreError>> {
        let inner = self.inner.borrow();
        let funded = inner
            .results
            .iter()
            .filter(|((c, _), (_, result))| *c == chain && result.is_funded())
            .map(|(_, stored)| stored.clone())
            .collect();
        ready(Ok(funded))
    }
}

impl ScanStore for MemoryStore {
    fn checkpoint(
        &self,
        chain: Chain,
    ) -> impl Future<Output = Result<Option<Checkpoint>, StoreError>> {
        ready(Ok(self.inner.borrow().checkpoints.get(&chain).cloned()))
    }

    /// As a browser's store: the first chunk of the chain's list.
    fn first_pending(
        &self,
        checkpoint: &Checkpoint,
    ) -> impl Future<Output = Result<Vec<ScanTarget>, StoreError>> {
        let inner = self.inner.borrow();
        let mut first: Vec<ScanTarget> = inner
            .addresses
            .get(&checkpoint.chain)
            .into_iter()
            .flatten()
            .take(crate::packed::ADDRESSES_PER_CHUNK)
            .cloned()
            .collect();
        ScanTarget::sort_by_index(&mut first);
        ready(Ok(first))
    }

    fn pending(
        &self,
        checkpoint: &Checkpoint,
    ) -> impl Future<Output = Result<Vec<ScanTarget>, StoreError>> {
        let inner = self.inner.borrow();
        let done = |target: &ScanTarget| {
            inner
                .results
                .get(&(checkpoint.chain, target.address.clone()))
                .is_some_and(|(scan, result)| *scan == checkpoint.scan_id && result.is_complete())
        };
        let pending = self
            .in_range(checkpoint)
            .into_iter()
            .filter(|t| !done(t))
            .collect();
        ready(Ok(pending))
    }

    fn count_in_range(
        &self,
        checkpoint: &Checkpoint,
    ) -> impl Future<Output = Result<usize, StoreError>> {
        ready(Ok(self.in_range(checkpoint).len()))
    }

    fn funded_outside(
        &self,
        checkpoint: &Checkpoint,
    ) -> impl Future<Output = Result<usize, StoreError>> {
        let inner = self.inner.borrow();
        let funded = inner
            .addresses
            .get(&checkpoint.chain)
            .into_iter()
            .flatten()
            .filter(|t| !inner.covers(checkpoint, t) && inner.is_funded(checkpoint.chain, t))
            .count();
        ready(Ok(funded))
    }

    fn save_batch(
        &self,
        checkpoint: &Checkpoint,
        results: &[AddressResult],
    ) -> impl Future<Output = Result<(), StoreError>> {
        self.store_batch(checkpoint, results);
        ready(Ok(()))
    }

    fn save_checkpoint(
        &self,
        checkpoint: &Checkpoint,
    ) -> impl Future<Output = Result<(), StoreError>> {
        self.inner
            .borrow_mut()
            .checkpoints
            .insert(checkpoint.chain, checkpoint.clone());
        ready(Ok(()))
    }

    fn save_completed(
        &self,
        checkpoint: &Checkpoint,
        results: &[AddressResult],
        addresses: usize,
    ) -> impl Future<Output = Result<bool, StoreError>> {
        let unchanged = self.in_range(checkpoint).len() == addresses;
        let stored = match unchanged {
            true => checkpoint.clone(),
            false => checkpoint.still_running(),
        };
        self.store_batch(&stored, results);
        ready(Ok(unchanged))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_memory_store_keeps_the_store_contract() {
        let store = super::MemoryStore::default();
        super::super::drive(super::super::store_contract::check_store_contract(&store)).unwrap();
    }
}

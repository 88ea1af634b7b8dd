//! The store contract suite: what every [`ScanStore`] must do, as one async check
//! that any implementation runs (the memory store natively, the IndexedDB store in
//! headless Chromium). It panics with the broken promise.

use crate::amount::U256;
use crate::ports::{ScanStore, StoreError};
use crate::scan::checkpoint::{Checkpoint, CheckpointState, ScanRange};
use crate::scan::{AddressResult, AssetBalance, ScanTarget};
use crate::Chain;
use std::collections::BTreeMap;
use std::future::Future;

mod later_reads;
use later_reads::check_imports_and_reads;

/// A store the suite can fill and read back.
pub trait ContractStore: ScanStore {
    /// Stores new addresses, as an import does; a completed checkpoint of the
    /// chain becomes paused in the same transaction.
    fn add_addresses(
        &self,
        chain: Chain,
        targets: Vec<ScanTarget>,
    ) -> impl Future<Output = Result<(), StoreError>>;
    fn results(
        &self,
        chain: Chain,
    ) -> impl Future<Output = Result<BTreeMap<String, AddressResult>, StoreError>>;
    /// The chain's addresses in list order (the order they were added in).
    fn addresses(&self, chain: Chain) -> impl Future<Output = Result<Vec<ScanTarget>, StoreError>>;
    /// How many addresses the chain holds (the chain cards' count).
    fn count_addresses(&self, chain: Chain) -> impl Future<Output = Result<usize, StoreError>>;
    /// Every (chain, address) stored (what an import de-duplicates against).
    fn all_addresses(&self) -> impl Future<Output = Result<Vec<(Chain, String)>, StoreError>>;
    /// The chain's results with a confirmed non-zero balance, with the scan that
    /// stored each, in any order (the results panel and the CSV read these).
    fn funded(
        &self,
        chain: Chain,
    ) -> impl Future<Output = Result<Vec<(u64, AddressResult)>, StoreError>>;
}

/// The suite's address at `index` ("address-007").
pub(crate) fn target(index: u64) -> ScanTarget {
    ScanTarget {
        index,
        address: format!("address-{index:03}"),
    }
}

/// A result of [`target`]`(index)` with one token; `None` is unchecked.
pub(crate) fn result(index: u64, native: Option<u64>, token: Option<u64>) -> AddressResult {
    let balance = |amount: Option<u64>| {
        amount.map_or(AssetBalance::Unchecked, |a| {
            AssetBalance::Checked(U256::from(a))
        })
    };
    AddressResult {
        target: target(index),
        native: balance(native),
        tokens: vec![balance(token)],
        transactions: None,
    }
}

fn checkpoint(scan_id: u64, range: ScanRange) -> Checkpoint {
    Checkpoint {
        chain: Chain::Solana,
        scan_id,
        range,
        deep: false,
        state: CheckpointState::Running,
        scanned: 0,
        in_range: 0,
        funded: 0,
        started_at_unix_ms: 1,
        updated_at_unix_ms: 1,
        tokens: Vec::new(),
        earlier_tokens: Default::default(),
        fresh: false,
    }
}

fn indices(targets: &[ScanTarget]) -> Vec<u64> {
    targets.iter().map(|t| t.index).collect()
}

/// Runs every check against `store`, which must start empty.
pub async fn check_store_contract<S: ContractStore>(store: &S) {
    assert_eq!(
        store.checkpoint(Chain::Solana).await.unwrap(),
        None,
        "an empty store has no checkpoint"
    );

    // Addresses come back in index order whatever order they were added in.
    store
        .add_addresses(Chain::Solana, vec![target(3), target(1), target(2)])
        .await
        .unwrap();
    store
        .add_addresses(Chain::Solana, vec![target(0), target(4)])
        .await
        .unwrap();
    store
        .add_addresses(Chain::Bitcoin, vec![target(9)])
        .await
        .unwrap();
    let scan = checkpoint(1, ScanRange::All);
    assert_eq!(
        store.count_in_range(&scan).await.unwrap(),
        5,
        "count of the chain's addresses"
    );
    assert_eq!(
        indices(&store.pending(&scan).await.unwrap()),
        [0, 1, 2, 3, 4],
        "pending in index order"
    );
    // A fresh scan's first addresses: the first stored chunk (the first
    // import's addresses at least), in index order, all of them pending.
    let first = indices(&store.first_pending(&scan).await.unwrap());
    assert!(
        first.contains(&3),
        "the first chunk holds the first address added: {first:?}"
    );
    assert!(
        first.is_sorted(),
        "the first chunk in index order: {first:?}"
    );
    assert!(
        first.iter().all(|i| *i <= 4),
        "only the chain's own: {first:?}"
    );
    let ranged = checkpoint(1, ScanRange::Indices { first: 1, last: 3 });
    assert_eq!(
        store.count_in_range(&ranged).await.unwrap(),
        3,
        "count within a range"
    );
    assert_eq!(
        indices(&store.pending(&ranged).await.unwrap()),
        [1, 2, 3],
        "pending within a range"
    );

    // A batch and its checkpoint are stored together; complete results leave the
    // pending list, partial ones stay in it.
    let mut scan = scan;
    scan.scanned = 1;
    store
        .save_batch(
            &scan,
            &[result(1, Some(5), Some(0)), result(2, Some(7), None)],
        )
        .await
        .unwrap();
    assert_eq!(
        store.checkpoint(Chain::Solana).await.unwrap(),
        Some(scan.clone()),
        "checkpoint saved with the batch"
    );
    assert_eq!(
        indices(&store.pending(&scan).await.unwrap()),
        [0, 2, 3, 4],
        "only complete results leave pending"
    );

    // Within a scan, a confirmed balance survives a later failed check of it.
    store
        .save_batch(&scan, &[result(2, None, Some(9))])
        .await
        .unwrap();
    let results = store.results(Chain::Solana).await.unwrap();
    assert_eq!(
        results["address-002"],
        result(2, Some(7), Some(9)),
        "merge keeps what was confirmed"
    );
    assert_eq!(results["address-001"], result(1, Some(5), Some(0)));
    assert_eq!(
        indices(&store.pending(&scan).await.unwrap()),
        [0, 3, 4],
        "merged result is complete"
    );
    assert!(
        store.results(Chain::Bitcoin).await.unwrap().is_empty(),
        "chains are kept apart"
    );

    // A new scan counts nothing from the old one as checked, and replaces results.
    let rescan = checkpoint(2, ScanRange::All);
    assert_eq!(
        indices(&store.pending(&rescan).await.unwrap()),
        [0, 1, 2, 3, 4],
        "a rescan checks everything"
    );
    store
        .save_batch(&rescan, &[result(2, None, Some(1))])
        .await
        .unwrap();
    let results = store.results(Chain::Solana).await.unwrap();
    assert_eq!(
        results["address-002"],
        result(2, None, Some(1)),
        "a new scan does not inherit old balances"
    );

    // Checkpoint state changes round-trip on their own.
    let mut finished = rescan;
    finished.state = CheckpointState::Completed;
    finished.updated_at_unix_ms = u64::MAX / 2;
    store.save_checkpoint(&finished).await.unwrap();
    assert_eq!(
        store.checkpoint(Chain::Solana).await.unwrap(),
        Some(finished.clone())
    );
    assert_eq!(store.checkpoint(Chain::BnbSmartChain).await.unwrap(), None);

    // An import into a completed chain leaves it paused, in the same write as
    // the addresses: a reload right after any chunk of an import still shows it.
    store
        .add_addresses(Chain::Solana, vec![target(5)])
        .await
        .unwrap();
    let paused = store.checkpoint(Chain::Solana).await.unwrap().unwrap();
    assert_eq!(
        paused.state,
        CheckpointState::Paused,
        "an import pauses a completed chain"
    );
    assert_eq!(paused.scan_id, finished.scan_id, "and keeps its scan");

    // A scan may say completed only with the count of addresses it checked: one
    // added since (an import) makes the write refuse the completion. The last
    // results it carries are stored all the same, under the scan still running.
    let mut done = paused.clone();
    done.state = CheckpointState::Completed;
    done.scanned = 3;
    let last = |index| result(index, Some(0), Some(0));
    assert!(
        !store.save_completed(&done, &[last(3)], 5).await.unwrap(),
        "completion refused: 6 addresses, 5 counted"
    );
    assert_eq!(
        store.checkpoint(Chain::Solana).await.unwrap(),
        Some(done.still_running()),
        "a refused completion leaves the scan running"
    );
    assert_eq!(
        store.results(Chain::Solana).await.unwrap()["address-003"],
        last(3),
        "a refused completion stores its results"
    );
    done.scanned = 4;
    assert!(
        store.save_completed(&done, &[last(4)], 6).await.unwrap(),
        "completion with the current count"
    );
    assert_eq!(store.checkpoint(Chain::Solana).await.unwrap(), Some(done));
    assert_eq!(
        store.results(Chain::Solana).await.unwrap()["address-004"],
        last(4),
        "the completion stores its results"
    );
    let mut ranged_done = checkpoint(3, ScanRange::Indices { first: 4, last: 5 });
    ranged_done.state = CheckpointState::Completed;
    assert!(
        store.save_completed(&ranged_done, &[], 2).await.unwrap(),
        "a range's completion counts only the range"
    );

    check_imports_and_reads(store).await;
}

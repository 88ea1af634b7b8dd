//! The engine's ports: the I/O primitives the platform supplies. Browser futures
//! are not `Send`, so the methods return plain `impl Future`.

use crate::codec::Request;
use crate::scan::checkpoint::Checkpoint;
use crate::scan::{AddressResult, HttpResponse, ScanTarget, TransportError};
use crate::time::Millis;
use crate::Chain;
use std::future::Future;

/// Sends HTTP requests. The request must leave when `send` is called (the rate
/// limiter logs that moment), not when the returned future is first polled; the
/// timeout must really abort it.
pub trait Transport {
    fn send(
        &self,
        request: Request,
        timeout_ms: u64,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>>;
}

/// The monotonic clock and sleeping on it, plus the wall clock for timestamps.
pub trait Clock {
    fn now(&self) -> Millis;
    fn unix_ms(&self) -> u64;
    fn sleep_until(&self, until: Millis) -> impl Future<Output = ()>;
}

/// Why the store failed, in words for the user.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct StoreError(pub String);

/// Where addresses, balances and scan checkpoints live.
pub trait ScanStore {
    /// The chain's latest scan checkpoint, if it was ever scanned.
    fn checkpoint(
        &self,
        chain: Chain,
    ) -> impl Future<Output = Result<Option<Checkpoint>, StoreError>>;

    /// The addresses in the checkpoint's range not yet completely checked in its
    /// scan, in index order.
    fn pending(
        &self,
        checkpoint: &Checkpoint,
    ) -> impl Future<Output = Result<Vec<ScanTarget>, StoreError>>;

    /// A fresh scan's first addresses, read quickly (the first stored chunk of
    /// the chain's addresses), so that its first requests need not wait for the
    /// whole list: the scan reads the rest with [`ScanStore::pending`] beside
    /// them. Asked only for a fresh scan of every address (nothing is stored
    /// under its scan id, so all of them are pending). Empty when the store
    /// cannot say cheaply: the scan then reads the whole list first. (No
    /// default: a wrapper that forgot to pass it on would start every scan
    /// the slow way, unnoticed.)
    fn first_pending(
        &self,
        checkpoint: &Checkpoint,
    ) -> impl Future<Output = Result<Vec<ScanTarget>, StoreError>>;

    /// How many addresses the checkpoint's range holds.
    fn count_in_range(
        &self,
        checkpoint: &Checkpoint,
    ) -> impl Future<Output = Result<usize, StoreError>>;

    /// How many of the chain's addresses outside the checkpoint's range hold
    /// funds by their stored results: a scan of part of the chain counts them
    /// among the chain's funded addresses, as they are still known to be.
    fn funded_outside(
        &self,
        checkpoint: &Checkpoint,
    ) -> impl Future<Output = Result<usize, StoreError>>;

    /// Stores a batch's results, merged with what this scan already knew of those
    /// addresses, together with the checkpoint: one transaction, so a checkpoint
    /// never claims results that were not stored. Callers poll the future as soon
    /// as it is woken and await nothing else meanwhile: an IndexedDB transaction
    /// commits when its requests are answered and nobody continues it.
    fn save_batch(
        &self,
        checkpoint: &Checkpoint,
        results: &[AddressResult],
    ) -> impl Future<Output = Result<(), StoreError>>;

    fn save_checkpoint(
        &self,
        checkpoint: &Checkpoint,
    ) -> impl Future<Output = Result<(), StoreError>>;

    /// Stores the scan's last `results` (merged as [`Self::save_batch`] does)
    /// with `checkpoint`, marked completed by the caller and counting them, if
    /// its range still holds `addresses` addresses: counting and writing are one
    /// transaction, and the last results ride in it, so a scan ends one write
    /// after its last answer, not two. Returns `false` when an import added
    /// addresses since they were counted: the results are stored all the same,
    /// under the checkpoint as still running ([`Checkpoint::still_running`]),
    /// and the scan must take the new addresses in before it may say completed
    /// (contract, section 2). Imports only ever add addresses, so an equal count
    /// means the same addresses.
    fn save_completed(
        &self,
        checkpoint: &Checkpoint,
        results: &[AddressResult],
        addresses: usize,
    ) -> impl Future<Output = Result<bool, StoreError>>;
}

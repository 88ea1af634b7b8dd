//! How a scan shares its thread (the scan worker's, with the other chains'
//! scans, imports and the page's questions): it works in slices, yields
//! between them, and a wait ends a slice.

use super::writes::{SaveOutcome, Saving};
use crate::ports::Clock;
use crate::time::Millis;
use futures::future::{select, Either, FutureExt};
use std::future::Future;

/// The longest the driver works before yielding its thread.
pub(super) const YIELD_AFTER_MS: u64 = 8;

/// Yields the thread once. A write under way is polled meanwhile: an IndexedDB
/// transaction commits as soon as its requests are done and nobody continues it,
/// so the write must go on the moment its requests answer. Returns the write's
/// outcome if it ended first.
pub(super) async fn yield_now<C: Clock>(
    clock: &C,
    now: Millis,
    saving: Option<&mut Saving<'_>>,
) -> Option<SaveOutcome> {
    let pause = std::pin::pin!(clock.sleep_until(now));
    match saving {
        None => {
            pause.await;
            None
        }
        Some(write) => match select(pause, write).await {
            Either::Left(((), _)) => None,
            Either::Right((saved, _)) => Some(saved),
        },
    }
}

/// `future`'s output, and whether it had to wait for it.
pub(super) async fn noting_wait<F: Future + Unpin>(mut future: F) -> (F::Output, bool) {
    let mut waited = false;
    let output = futures::future::poll_fn(|context| {
        let poll = future.poll_unpin(context);
        waited |= poll.is_pending();
        poll
    })
    .await;
    (output, waited)
}

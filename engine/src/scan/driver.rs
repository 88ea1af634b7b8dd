//! Runs a [`ChainScanner`] over the ports: sends its requests concurrently, sleeps
//! when it says, stores each batch with the checkpoint, and reports events.
//!
//! Stopping is dropping the future: every batch already answered is stored with
//! its checkpoint, so nothing is lost and the scan resumes from there.

use super::checkpoint::{Checkpoint, CheckpointState, ScanRange};
use super::events::ScanEvent;
use super::result::AddressResult;
use super::scanner::{ChainScanner, ScanOutcome};
use super::setup::{ProviderConfig, ScanSettings, Token};
use super::{HttpResponse, TransportError};
use crate::ports::{Clock, ScanStore, StoreError, Transport};
use crate::time::Millis;
use futures::future::{select_all, FutureExt};
use futures::stream::{FuturesUnordered, StreamExt};
use std::future::Future;
use std::pin::Pin;

mod turns;
mod writes;
use turns::{noting_wait, yield_now, YIELD_AFTER_MS};
use writes::{SaveOutcome, Saved, Saving, Unsaved};
pub use writes::{MAX_UNSAVED_RESULTS, RESULTS_PER_WRITE, WRITE_EVERY_MS};

/// What to scan a chain with.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct ScanJob {
    pub providers: Vec<ProviderConfig>,
    pub tokens: Vec<Token>,
    pub settings: ScanSettings,
}

/// Runs the scan that `checkpoint` describes (fresh or resumed) to its end.
pub async fn run_scan<T: Transport, C: Clock, S: ScanStore>(
    job: ScanJob,
    mut checkpoint: Checkpoint,
    transport: &T,
    clock: &C,
    store: &S,
    emit: &mut impl FnMut(ScanEvent, Millis),
) -> Result<ScanOutcome, StoreError> {
    // One scan, one token list: a resumed scan goes on with the tokens it started
    // with, so its stored results all mean the same columns.
    let tokens = checkpoint.adopt_tokens(&job.tokens);
    // Counted before the pending ones are read: every address counted is then
    // among those read, which is what `save_completed` relies on.
    let mut total = store.count_in_range(&checkpoint).await?;
    // A fresh scan of every address starts from the store's first chunk and
    // reads the rest beside its first requests (a list of 500,000 takes a while
    // to read, and a short scan's first window sets its length): nothing is
    // stored under its id, so every address counted is pending.
    let first = if checkpoint.fresh && checkpoint.range == ScanRange::All {
        store.first_pending(&checkpoint).await?
    } else {
        Vec::new()
    };
    checkpoint.fresh = false;
    let from_first = !first.is_empty();
    // A first chunk that holds every address counted is the whole list.
    let read_rest = from_first && first.len() < total;
    let pending = if from_first {
        first
    } else {
        store.pending(&checkpoint).await?
    };
    // The addresses the scan started with (sorted, to be looked up), left out
    // of the rest when it comes.
    let mut started_with: Vec<String> = match read_rest {
        true => pending.iter().map(|t| t.address.clone()).collect(),
        false => Vec::new(),
    };
    started_with.sort_unstable();
    checkpoint.scanned = match from_first {
        true => 0,
        false => total.saturating_sub(pending.len()),
    };
    checkpoint.in_range = total;
    // A scan of part of the chain starts from the funds known outside its range
    // (counted once: they do not change while it runs, as it stores nothing there).
    if checkpoint.range != ScanRange::All && checkpoint.scanned == 0 && checkpoint.funded == 0 {
        checkpoint.funded = store.funded_outside(&checkpoint).await?;
    }
    checkpoint.state = CheckpointState::Running;
    checkpoint.updated_at_unix_ms = clock.unix_ms();
    emit(
        ScanEvent::Started {
            range: checkpoint.range,
            deep: checkpoint.deep,
            total,
            already_checked: checkpoint.scanned,
            already_funded: checkpoint.funded,
        },
        clock.now(),
    );

    let mut scanner = ChainScanner::new(job.providers, tokens, pending, job.settings, clock.now());
    if read_rest {
        scanner.awaiting_more();
    }
    let mut in_flight = FuturesUnordered::new();
    // Results answered but not stored yet, and the store write under way: storing
    // runs beside the sending, so a slow write never delays a request the rate
    // limit allows (nor bunches the delayed ones together).
    let mut unsaved = Unsaved::default();
    // The first write says the scan is running. The first requests need not
    // wait for it (it costs a transaction queued beside the other chains'
    // starts); every later write waits for it, so nothing is stored under a
    // checkpoint older than it. A fresh scan's other addresses are read after
    // it, and the scan cannot end before they are in.
    let mut saving: Option<Saving<'_>> = Some({
        let running = checkpoint.clone();
        Box::pin(async move {
            store.save_checkpoint(&running).await?;
            let rest = match read_rest {
                true => Some(store.pending(&running).await?),
                false => None,
            };
            Ok(Saved {
                checkpoint: running,
                checked: 0,
                funded: 0,
                rest,
            })
        })
    });
    let mut slice_started = clock.now();
    // The wake-up armed for the scanner's next send. It is kept while that moment
    // holds: most turns are answers that leave it where it was, and re-arming on
    // each (a browser timer set and cleared) cost a timer per request.
    let mut alarm: Option<Alarm<'_>> = None;
    let outcome = loop {
        let mut now = clock.now();
        // Answers that arrive together are all ready at once and would be handled
        // in one go: hand the thread back (a zero sleep is a macrotask in a
        // browser), so the worker's other jobs (imports, the page's questions,
        // the other chains' scans) are never held up by one long task.
        if now.since(slice_started) >= YIELD_AFTER_MS {
            if let Some(saved) = yield_now(clock, now, saving.as_mut()).await {
                saving = None;
                checkpoint = stored(saved, &mut scanner, &mut started_with, clock, emit)?;
            }
            now = clock.now();
            slice_started = now;
        }
        // Backpressure: when the store falls behind the answers, stop asking for
        // more until it catches up, so unsaved results never pile up in memory.
        // Sending costs main-thread time too (a fetch takes milliseconds on a busy
        // machine): a long catch-up goes on after the next yield.
        //
        // Each send counts from its own moment: a send before it in this turn
        // took time (a BSC body 2-4 ms), and counted from the turn's start it
        // would open its window a window later that much early. (Its own body
        // is built and handed over after this moment.)
        loop {
            now = clock.now();
            if unsaved.is_full() || now.since(slice_started) >= YIELD_AFTER_MS {
                break;
            }
            let Some(outgoing) = scanner.poll_request(now) else {
                break;
            };
            let answer = transport.send(outgoing.request, outgoing.timeout_ms);
            in_flight.push(async move { (outgoing.id, answer.await) });
        }
        // Writes are gathered: one every WRITE_EVERY_MS at most (each is a
        // transaction the chains' scans take turns at), at once when the scan
        // has nothing left to ask or a full write waits. A completed scan's
        // last results go with its completion, in one transaction.
        let outcome = scanner.outcome();
        let completing = outcome == Some(ScanOutcome::Completed) && unsaved.fits_one_write();
        if saving.is_none() && !completing && unsaved.is_due(now, outcome.is_some()) {
            saving = Some(unsaved.start_saving(&checkpoint, clock, store));
        }
        if let Some(outcome) = outcome {
            if saving.is_none() {
                if outcome == ScanOutcome::Failed {
                    break outcome;
                }
                let last = unsaved.take_all(&checkpoint, clock);
                let mut done = last.checkpoint.clone();
                done.state = CheckpointState::Completed;
                let completed = store.save_completed(&done, &last.results, total).await?;
                if !last.results.is_empty() {
                    let (checked, funded) = (last.checked, last.funded);
                    emit(ScanEvent::BatchStored { checked, funded }, clock.now());
                }
                if completed {
                    checkpoint = done;
                    break outcome;
                }
                // An import added addresses to the range during the scan: they
                // are checked in this scan before it may say completed. The
                // results went in all the same, under the running checkpoint.
                checkpoint = last.checkpoint;
                total = store.count_in_range(&checkpoint).await?;
                let added = store.pending(&checkpoint).await?;
                checkpoint.scanned = total.saturating_sub(added.len());
                checkpoint.in_range = total;
                emit(
                    ScanEvent::RangeGrew {
                        total,
                        checked: checkpoint.scanned,
                    },
                    clock.now(),
                );
                scanner.take_in(added);
                continue;
            }
        }
        // Held back by the store: only the write (or an answer) can move things on.
        let send_at = scanner.next_wakeup(now).filter(|_| !unsaved.is_full());
        let write_at = unsaved.due_at().filter(|_| saving.is_none());
        let wake_at = send_at.into_iter().chain(write_at).min();
        if alarm.as_ref().map(|a| a.at) != wake_at {
            alarm = wake_at.map(|at| Alarm {
                at,
                sleep: Box::pin(clock.sleep_until(at)),
            });
        }
        let woke = {
            let mut waits: Vec<Pin<Box<dyn Future<Output = Wake> + '_>>> = Vec::new();
            // An empty FuturesUnordered is ready at once (with None): waiting on it
            // with nothing in flight would spin and starve the browser's timers.
            if !in_flight.is_empty() {
                waits.push(Box::pin(in_flight.next().map(Wake::Answer)));
            }
            if let Some(alarm) = alarm.as_mut() {
                waits.push(Box::pin(alarm.sleep.as_mut().map(|()| Wake::Timer)));
            }
            if let Some(write) = saving.as_mut() {
                waits.push(Box::pin(write.map(Wake::Saved)));
            }
            // Cannot happen (the scanner sets an outcome once nothing is queued or
            // in flight), but a scan that could not go on must end, never hang.
            if waits.is_empty() {
                break ScanOutcome::Failed;
            }
            // A wait ends the browser's task: the driver goes on in a new one
            // (an answer's, a timer's), with a slice of its own. Counted from
            // the last yield instead, every wake began with a yield, and a send
            // come due waited behind all that was queued meanwhile.
            let (woke, waited) = noting_wait(select_all(waits)).await;
            if waited {
                slice_started = clock.now();
            }
            woke.0
        };
        match woke {
            Wake::Timer => alarm = None,
            Wake::Answer(None) => {}
            Wake::Saved(saved) => {
                saving = None;
                checkpoint = stored(saved, &mut scanner, &mut started_with, clock, emit)?;
            }
            Wake::Answer(Some((id, response))) => {
                let now = clock.now();
                unsaved.add(scanner.on_response(now, id, response), now);
                for (provider, (name, status, stats)) in scanner.provider_stats().enumerate() {
                    let name = name.to_string();
                    let stats = stats.clone();
                    emit(
                        ScanEvent::ProviderHealth {
                            provider,
                            name,
                            status,
                            stats,
                        },
                        now,
                    );
                }
            }
        }
    };

    // A completed scan was stored above, with the count that proves it.
    if outcome == ScanOutcome::Failed {
        checkpoint.state = CheckpointState::Failed;
        checkpoint.updated_at_unix_ms = clock.unix_ms();
        store.save_checkpoint(&checkpoint).await?;
    }
    emit(
        ScanEvent::Finished {
            outcome,
            unchecked: total.saturating_sub(checkpoint.scanned),
        },
        clock.now(),
    );
    Ok(outcome)
}

/// A finished write: the checkpoint it stored, reported as a stored batch, and
/// the rest of a fresh scan's addresses (less those it started with) queued.
fn stored<C: Clock>(
    saved: SaveOutcome,
    scanner: &mut ChainScanner,
    started_with: &mut Vec<String>,
    clock: &C,
    emit: &mut impl FnMut(ScanEvent, Millis),
) -> Result<Checkpoint, StoreError> {
    let Saved {
        checkpoint,
        checked,
        funded,
        rest,
    } = saved?;
    emit(ScanEvent::BatchStored { checked, funded }, clock.now());
    if let Some(rest) = rest {
        scanner.take_in(
            rest.into_iter()
                .filter(|t| started_with.binary_search(&t.address).is_err()),
        );
        *started_with = Vec::new();
    }
    Ok(checkpoint)
}

/// A wake-up armed for a moment (a finished one is never polled again).
struct Alarm<'c> {
    at: Millis,
    sleep: Pin<Box<dyn Future<Output = ()> + 'c>>,
}

/// What woke the driver.
enum Wake {
    Answer(Option<(u64, Result<HttpResponse, TransportError>)>),
    Timer,
    /// A write finished: the checkpoint it stored, and the addresses it newly
    /// checked and found funded.
    Saved(SaveOutcome),
}

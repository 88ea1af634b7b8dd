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
use futures::future::{select, select_all, Either, FutureExt};
use futures::stream::{FuturesUnordered, StreamExt};
use std::future::Future;
use std::pin::Pin;

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
    let pending = store.pending(&checkpoint).await?;
    checkpoint.scanned = total.saturating_sub(pending.len());
    checkpoint.in_range = total;
    // A scan of part of the chain starts from the funds known outside its range
    // (counted once: they do not change while it runs, as it stores nothing there).
    if checkpoint.range != ScanRange::All && checkpoint.scanned == 0 && checkpoint.funded == 0 {
        checkpoint.funded = store.funded_outside(&checkpoint).await?;
    }
    checkpoint.state = CheckpointState::Running;
    checkpoint.updated_at_unix_ms = clock.unix_ms();
    store.save_checkpoint(&checkpoint).await?;
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
    let mut in_flight = FuturesUnordered::new();
    // Results answered but not stored yet, and the store write under way: storing
    // runs beside the sending, so a slow write never delays a request the rate
    // limit allows (nor bunches the delayed ones together).
    let mut unsaved = Unsaved::default();
    let mut saving: Option<Saving<'_>> = None;
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
                checkpoint = stored(saved, clock, emit)?;
            }
            now = clock.now();
            slice_started = now;
        }
        // Backpressure: when the store falls behind the answers, stop asking for
        // more until it catches up, so unsaved results never pile up in memory.
        // Sending costs main-thread time too (a fetch takes milliseconds on a busy
        // machine): a long catch-up goes on after the next yield.
        while !unsaved.is_full() && clock.now().since(slice_started) < YIELD_AFTER_MS {
            let Some(outgoing) = scanner.poll_request(now) else {
                break;
            };
            let answer = transport.send(outgoing.request, outgoing.timeout_ms);
            in_flight.push(async move { (outgoing.id, answer.await) });
        }
        // Writes are gathered: one every WRITE_EVERY_MS at most (each is a
        // transaction the chains' scans take turns at), at once when the scan
        // has nothing left to ask or a full write waits.
        let finishing = scanner.outcome().is_some();
        if saving.is_none() && unsaved.is_due(now, finishing) {
            saving = Some(unsaved.start_saving(&checkpoint, clock, store));
        }
        if let Some(outcome) = scanner.outcome() {
            if saving.is_none() {
                if outcome == ScanOutcome::Failed {
                    break outcome;
                }
                let mut done = checkpoint.clone();
                done.state = CheckpointState::Completed;
                done.updated_at_unix_ms = clock.unix_ms();
                if store.save_completed(&done, total).await? {
                    checkpoint = done;
                    break outcome;
                }
                // An import added addresses to the range during the scan: they
                // are checked in this scan before it may say completed.
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
        let wake_at = match (send_at, write_at) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
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
            select_all(waits).await.0
        };
        match woke {
            Wake::Timer => alarm = None,
            Wake::Answer(None) => {}
            Wake::Saved(saved) => {
                saving = None;
                checkpoint = stored(saved, clock, emit)?;
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

/// Yields the thread once. A write under way is polled meanwhile: an IndexedDB
/// transaction commits as soon as its requests are done and nobody continues it,
/// so the write must go on the moment its requests answer. Returns the write's
/// outcome if it ended first.
async fn yield_now<C: Clock>(
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

/// A finished write: the checkpoint it stored, reported as a stored batch.
fn stored<C: Clock>(
    saved: SaveOutcome,
    clock: &C,
    emit: &mut impl FnMut(ScanEvent, Millis),
) -> Result<Checkpoint, StoreError> {
    let (checkpoint, checked, funded) = saved?;
    emit(ScanEvent::BatchStored { checked, funded }, clock.now());
    Ok(checkpoint)
}

/// The longest the driver works before yielding its thread.
const YIELD_AFTER_MS: u64 = 8;

/// Results per store write, at most. A write is one page record (postcard
/// bytes) and the checkpoint, so its cost is mostly the transaction's: the
/// scans of all chains take turns at the same object stores, and with 500 a
/// write, a BSC scan (200 results an answer) fell seconds behind its answers
/// (the card said completed 0.95 s after the last one). A write takes what
/// came in while the previous one ran, so this only caps a backlog.
pub const RESULTS_PER_WRITE: usize = 5_000;

/// Answered results waiting for the store beyond which no request is sent.
pub const MAX_UNSAVED_RESULTS: usize = 20_000;

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

/// What a write stored: the checkpoint, and the addresses it newly checked and
/// found funded.
type SaveOutcome = Result<(Checkpoint, usize, usize), StoreError>;

/// A store write in progress (one transaction: results and checkpoint).
type Saving<'s> = Pin<Box<dyn Future<Output = SaveOutcome> + 's>>;

/// How long answered results may wait for their write: a reload loses at
/// most this much of a scan's answers (they are asked again on resume).
pub const WRITE_EVERY_MS: u64 = 250;

/// Answered results waiting for the next write.
#[derive(Default)]
struct Unsaved {
    results: Vec<AddressResult>,
    /// When the oldest of them was answered.
    since: Option<Millis>,
}

impl Unsaved {
    fn add(&mut self, results: Vec<AddressResult>, now: Millis) {
        if !results.is_empty() && self.since.is_none() {
            self.since = Some(now);
        }
        self.results.extend(results);
    }

    /// When the results waiting are due for a write.
    fn due_at(&self) -> Option<Millis> {
        self.since.map(|since| since + WRITE_EVERY_MS)
    }

    /// Whether to write now: results have waited long enough, a full write
    /// waits, or the scan is ending.
    fn is_due(&self, now: Millis, finishing: bool) -> bool {
        !self.results.is_empty()
            && (finishing
                || self.results.len() >= RESULTS_PER_WRITE
                || self.due_at().is_some_and(|at| now >= at))
    }

    /// The store is this far behind the answers: send nothing more for now.
    fn is_full(&self) -> bool {
        self.results.len() >= MAX_UNSAVED_RESULTS
    }

    /// Starts writing the oldest [`RESULTS_PER_WRITE`] results waiting, with the
    /// checkpoint advanced past them.
    fn start_saving<'s, C: Clock, S: ScanStore>(
        &mut self,
        checkpoint: &Checkpoint,
        clock: &C,
        store: &'s S,
    ) -> Saving<'s> {
        let rest = self
            .results
            .split_off(self.results.len().min(RESULTS_PER_WRITE));
        let results = std::mem::replace(&mut self.results, rest);
        // What stays behind is as old as what goes: due as soon as this
        // write is done.
        if self.results.is_empty() {
            self.since = None;
        }
        let checked = results.iter().filter(|r| r.is_complete()).count();
        let funded = results
            .iter()
            .filter(|r| r.is_complete() && r.is_funded())
            .count();
        let mut next = checkpoint.clone();
        next.scanned += checked;
        next.funded += funded;
        next.updated_at_unix_ms = clock.unix_ms();
        Box::pin(async move {
            store.save_batch(&next, &results).await?;
            Ok((next, checked, funded))
        })
    }
}

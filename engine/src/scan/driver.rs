//! Runs a [`ChainScanner`] over the ports: sends its requests concurrently, sleeps
//! when it says, stores each batch with the checkpoint, and reports events.
//!
//! Stopping is dropping the future: every batch already answered is stored with
//! its checkpoint, so nothing is lost and the scan resumes from there.

use super::checkpoint::{Checkpoint, CheckpointState};
use super::events::ScanEvent;
use super::scanner::{ChainScanner, ScanOutcome};
use super::setup::{ProviderConfig, ScanSettings, Token};
use crate::ports::{Clock, ScanStore, StoreError, Transport};
use crate::time::Millis;
use futures::future::{select, Either};
use futures::stream::{FuturesUnordered, StreamExt};

/// What to scan a chain with.
#[derive(Clone, Debug)]
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
    let pending = store.pending(&checkpoint).await?;
    let total = store.count_in_range(&checkpoint).await?;
    checkpoint.scanned = total - pending.len();
    checkpoint.state = CheckpointState::Running;
    checkpoint.updated_at_unix_ms = clock.unix_ms();
    store.save_checkpoint(&checkpoint).await?;
    emit(
        ScanEvent::Started {
            total,
            already_checked: checkpoint.scanned,
            already_funded: checkpoint.funded,
        },
        clock.now(),
    );

    let mut scanner = ChainScanner::new(
        job.providers,
        job.tokens,
        pending,
        job.settings,
        clock.now(),
    );
    let mut in_flight = FuturesUnordered::new();
    let outcome = loop {
        let now = clock.now();
        while let Some(outgoing) = scanner.poll_request(now) {
            let answer = transport.send(outgoing.request, outgoing.timeout_ms);
            in_flight.push(async move { (outgoing.id, answer.await) });
        }
        if let Some(outcome) = scanner.outcome() {
            break outcome;
        }
        // An empty FuturesUnordered is ready at once (with None): waiting on it
        // with nothing in flight would spin and starve the browser's timers.
        let answered = match (scanner.next_wakeup(now), in_flight.is_empty()) {
            (Some(wake_at), true) => {
                clock.sleep_until(wake_at).await;
                None
            }
            (Some(wake_at), false) => {
                match select(in_flight.next(), Box::pin(clock.sleep_until(wake_at))).await {
                    Either::Left((answered, _)) => answered,
                    Either::Right(_) => None,
                }
            }
            (None, false) => in_flight.next().await,
            // Cannot happen (the scanner sets an outcome once nothing is queued or
            // in flight), but a scan that could not go on must end, never hang.
            (None, true) => break ScanOutcome::Failed,
        };
        let Some((id, response)) = answered else {
            continue;
        };
        let now = clock.now();
        let results = scanner.on_response(now, id, response);
        let complete: Vec<_> = results.iter().filter(|r| r.is_complete()).collect();
        let funded = complete.iter().filter(|r| r.is_funded()).count();
        if !results.is_empty() {
            checkpoint.scanned += complete.len();
            checkpoint.funded += funded;
            checkpoint.updated_at_unix_ms = clock.unix_ms();
            store.save_batch(&checkpoint, &results).await?;
            emit(
                ScanEvent::BatchStored {
                    checked: complete.len(),
                    funded,
                },
                now,
            );
        }
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
    };

    checkpoint.state = match outcome {
        ScanOutcome::Completed => CheckpointState::Completed,
        ScanOutcome::Failed => CheckpointState::Failed,
    };
    checkpoint.updated_at_unix_ms = clock.unix_ms();
    store.save_checkpoint(&checkpoint).await?;
    emit(
        ScanEvent::Finished {
            outcome,
            unchecked: total - checkpoint.scanned,
        },
        clock.now(),
    );
    Ok(outcome)
}

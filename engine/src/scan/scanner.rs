//! One chain's scan as a state machine that does no I/O (as quinn-proto does for
//! QUIC): it hands out requests when rate limits and breakers allow, takes the
//! answers, and says when to wake it. A driver supplies the network and the clock;
//! tests drive it with a manual clock.
//!
//! The pool logic lives here too: every healthy provider is kept busy up to its own
//! limit, so work spreads in proportion to what each can carry; a failed batch goes
//! back to the front of the queue for whichever provider is free next; a batch a
//! node rejects as too large is split.

use super::protocol::{build_request, read_response, ChainTokens, HttpResponse, TransportError};
use super::result::{AddressResult, ScanTarget};
use super::setup::{ProviderConfig, ScanSettings, Token};
use crate::codec::Request;
use crate::provider::{BreakerStatus, CircuitBreaker, ProviderError, RateLimiter};
use crate::time::Millis;
use std::collections::{BTreeMap, VecDeque};

/// A request for the driver to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outgoing {
    /// Hand this back to [`ChainScanner::on_response`] with the answer.
    pub id: u64,
    pub provider: usize,
    pub request: Request,
    pub timeout_ms: u64,
}

/// How a scan ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScanOutcome {
    /// Every address in range was checked.
    Completed,
    /// Providers kept failing: some addresses remain unchecked; resumable.
    Failed,
}

/// What the UI shows of each provider.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ProviderStats {
    pub requests: u64,
    pub rate_limited: u64,
    pub failures: u64,
    pub last_latency_ms: Option<u64>,
    pub last_error: Option<String>,
}

struct ProviderSlot {
    config: ProviderConfig,
    /// Set when the provider cannot carry one address within its rate bound
    /// (see [`ProviderConfig::cannot_carry_one_address`]): it is never used.
    refused: bool,
    limiter: RateLimiter,
    breaker: CircuitBreaker,
    in_flight: usize,
    /// Shrinks when a node rejects a batch as too large.
    max_addresses: usize,
    rate_limits_in_a_row: u32,
    stats: ProviderStats,
}

#[derive(Clone, Debug)]
struct WorkItem {
    target: ScanTarget,
    attempts: u32,
}

struct InFlight {
    provider: usize,
    items: Vec<WorkItem>,
    sent_at: Millis,
}

/// Counts for progress displays.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QueueCounts {
    pub queued: usize,
    pub in_flight: usize,
    /// Failed too often this pass; retried once more before the scan ends.
    pub set_aside: usize,
}

pub struct ChainScanner {
    tokens: ChainTokens,
    settings: ScanSettings,
    providers: Vec<ProviderSlot>,
    queue: VecDeque<WorkItem>,
    set_aside: Vec<WorkItem>,
    in_flight: BTreeMap<u64, InFlight>,
    next_id: u64,
    /// Round-robin start, so batches spread over providers.
    next_provider: usize,
    final_pass: bool,
    outcome: Option<ScanOutcome>,
}

/// The longest the scanner's own backoff after a 429 without `Retry-After`
/// grows to. A `Retry-After` is obeyed whatever it says.
const MAX_HOLD_MS: u64 = 60_000;

/// "45 s", "3 min": how long a provider asked to be left alone.
fn waiting_text(ms: u64) -> String {
    let seconds = ms.div_ceil(1000);
    if seconds < 120 {
        format!("{seconds} s")
    } else {
        format!("{} min", seconds.div_ceil(60))
    }
}

impl ChainScanner {
    /// A scan of `targets` (in order) over `providers`, starting at `now`.
    pub fn new(
        providers: Vec<ProviderConfig>,
        tokens: Vec<Token>,
        targets: impl IntoIterator<Item = ScanTarget>,
        settings: ScanSettings,
        now: Millis,
    ) -> Self {
        let tokens = ChainTokens::new(tokens);
        let providers = providers
            .into_iter()
            .map(|config| {
                // The reason is shown where its health is: the last error.
                let refusal = config.cannot_carry_one_address(tokens.len());
                ProviderSlot {
                    refused: refusal.is_some(),
                    limiter: RateLimiter::quiet_for(
                        config.rps,
                        settings.rate_margin_ms,
                        now,
                        settings.quiet_for_ms,
                    ),
                    breaker: CircuitBreaker::new(
                        settings.breaker_threshold,
                        settings.breaker_cooldown_ms,
                    ),
                    in_flight: 0,
                    max_addresses: config.addresses_per_request(tokens.len()),
                    rate_limits_in_a_row: 0,
                    stats: ProviderStats {
                        last_error: refusal,
                        ..ProviderStats::default()
                    },
                    config,
                }
            })
            .collect();
        let queue = targets
            .into_iter()
            .map(|target| WorkItem {
                target,
                attempts: 0,
            })
            .collect();
        let mut scanner = ChainScanner {
            tokens,
            settings,
            providers,
            queue,
            set_aside: Vec::new(),
            in_flight: BTreeMap::new(),
            next_id: 0,
            next_provider: 0,
            final_pass: false,
            outcome: None,
        };
        scanner.check_finished();
        scanner
    }

    /// Adds `targets` (imported while the scan ran) to a scan, which then goes on
    /// until they are checked too.
    pub fn take_in(&mut self, targets: impl IntoIterator<Item = ScanTarget>) {
        self.queue
            .extend(targets.into_iter().map(|target| WorkItem {
                target,
                attempts: 0,
            }));
        if self.outcome == Some(ScanOutcome::Completed) {
            self.outcome = None;
            self.final_pass = false;
        }
        self.check_finished();
    }

    pub fn outcome(&self) -> Option<ScanOutcome> {
        self.outcome
    }

    pub fn counts(&self) -> QueueCounts {
        QueueCounts {
            queued: self.queue.len(),
            in_flight: self.in_flight.values().map(|f| f.items.len()).sum(),
            set_aside: self.set_aside.len(),
        }
    }

    pub fn provider_stats(&self) -> impl Iterator<Item = (&str, BreakerStatus, &ProviderStats)> {
        self.providers
            .iter()
            .map(|p| (p.config.name.as_str(), p.breaker.status(), &p.stats))
    }

    /// The next request to send now, if any provider may send one.
    pub fn poll_request(&mut self, now: Millis) -> Option<Outgoing> {
        if self.outcome.is_some() || self.queue.is_empty() {
            return None;
        }
        let count = self.providers.len();
        for offset in 0..count {
            let index = (self.next_provider + offset) % count;
            if let Some(outgoing) = self.try_send(index, now) {
                self.next_provider = (index + 1) % count;
                return Some(outgoing);
            }
        }
        None
    }

    fn try_send(&mut self, index: usize, now: Millis) -> Option<Outgoing> {
        let tokens = self.tokens.len();
        let slot = &mut self.providers[index];
        if slot.refused
            || slot.in_flight >= self.settings.max_in_flight
            || !slot.breaker.allows(now)
        {
            return None;
        }
        let take = slot.max_addresses.min(self.queue.len());
        slot.limiter
            .try_take(now, slot.config.units(take, tokens))
            .ok()?;
        slot.breaker.on_send(now);
        slot.in_flight += 1;
        slot.stats.requests += 1;

        let items: Vec<WorkItem> = self.queue.drain(..take).collect();
        let targets: Vec<ScanTarget> = items.iter().map(|i| i.target.clone()).collect();
        let id = self.next_id;
        self.next_id += 1;
        let request = build_request(&slot.config, &self.tokens, id, &targets);
        self.in_flight.insert(
            id,
            InFlight {
                provider: index,
                items,
                sent_at: now,
            },
        );
        Some(Outgoing {
            id,
            provider: index,
            request,
            timeout_ms: slot.config.timeout_ms,
        })
    }

    /// When to call [`ChainScanner::poll_request`] again if no answer comes first:
    /// the earliest moment a provider's rate limit or breaker lets it send.
    pub fn next_wakeup(&self, now: Millis) -> Option<Millis> {
        if self.outcome.is_some() || self.queue.is_empty() {
            return None;
        }
        let tokens = self.tokens.len();
        self.providers
            .iter()
            .filter(|slot| !slot.refused && slot.in_flight < self.settings.max_in_flight)
            .filter_map(|slot| {
                let breaker_ready = slot.breaker.next_allowed(now)?;
                let take = slot.max_addresses.min(self.queue.len());
                let rate_ready = slot.limiter.ready_at(now, slot.config.units(take, tokens));
                Some(rate_ready.max(breaker_ready))
            })
            .min()
    }

    /// Takes the answer to request `id` and returns the results to store: complete
    /// ones, and partial ones whose confirmed assets should be kept.
    pub fn on_response(
        &mut self,
        now: Millis,
        id: u64,
        response: Result<HttpResponse, TransportError>,
    ) -> Vec<AddressResult> {
        let Some(flight) = self.in_flight.remove(&id) else {
            return Vec::new();
        };
        let slot = &mut self.providers[flight.provider];
        slot.in_flight -= 1;
        slot.stats.last_latency_ms = Some(now.since(flight.sent_at));
        let targets: Vec<ScanTarget> = flight.items.iter().map(|i| i.target.clone()).collect();
        let results = match read_response(&slot.config, &self.tokens, &targets, response) {
            Ok(results) => {
                slot.breaker.record_success();
                slot.rate_limits_in_a_row = 0;
                for (item, result) in flight.items.into_iter().zip(&results) {
                    if !result.is_complete() {
                        self.retry(item, false);
                    }
                }
                results
            }
            Err(error) => {
                self.on_failure(now, flight, error);
                Vec::new()
            }
        };
        self.check_finished();
        results
    }

    fn on_failure(&mut self, now: Millis, flight: InFlight, error: ProviderError) {
        let slot = &mut self.providers[flight.provider];
        slot.stats.failures += 1;
        // Error texts can quote the request's URL, key and all.
        slot.stats.last_error = Some(crate::config::redact(
            &error.to_string(),
            &slot.config.url,
            slot.config.api_key.as_deref(),
        ));
        if error.is_rate_limit() {
            slot.stats.rate_limited += 1;
            let hold = match error.retry_after_ms() {
                // The provider said how long: obeyed to the letter, however long.
                Some(asked) => {
                    slot.stats.last_error = Some(format!(
                        "{error}: waiting {} as the provider asked (Retry-After)",
                        waiting_text(asked)
                    ));
                    asked
                }
                None => {
                    let backoff =
                        self.settings.rate_limit_backoff_ms << slot.rate_limits_in_a_row.min(5);
                    backoff.min(MAX_HOLD_MS)
                }
            };
            slot.limiter.hold_until(now + hold);
            slot.rate_limits_in_a_row += 1;
        }
        if error.counts_against_provider() {
            slot.breaker.record_failure(now);
        } else {
            // Not the provider's fault: its breaker stays as it was, but a probe
            // that came back this way still proved the provider answers.
            slot.breaker.record_success();
        }
        if error.should_split() && flight.items.len() > 1 {
            slot.max_addresses = (flight.items.len() / 2).max(1);
            for item in flight.items.into_iter().rev() {
                self.queue.push_front(item);
            }
            return;
        }
        let give_up_now = !error.is_retryable() && flight.items.len() == 1;
        for item in flight.items.into_iter().rev() {
            self.retry(item, give_up_now);
        }
    }

    /// Sends `item` again later, or sets it aside for the final pass once it has
    /// failed too often (or cannot succeed as it is).
    fn retry(&mut self, mut item: WorkItem, give_up_now: bool) {
        item.attempts += 1;
        if give_up_now || item.attempts >= self.settings.max_attempts {
            self.set_aside.push(item);
        } else {
            self.queue.push_front(item);
        }
    }

    fn check_finished(&mut self) {
        if self.outcome.is_some() || !self.in_flight.is_empty() {
            return;
        }
        let all_down = !self.providers.is_empty()
            && self.providers.iter().all(|p| {
                p.refused || p.breaker.failed_probes() >= self.settings.probes_before_giving_up
            });
        if self.providers.is_empty() || all_down {
            self.outcome = Some(ScanOutcome::Failed);
            return;
        }
        if !self.queue.is_empty() {
            return;
        }
        if self.set_aside.is_empty() {
            self.outcome = Some(ScanOutcome::Completed);
        } else if !self.final_pass {
            self.final_pass = true;
            self.queue = self
                .set_aside
                .drain(..)
                .map(|item| WorkItem {
                    target: item.target,
                    attempts: 0,
                })
                .collect();
        } else {
            self.outcome = Some(ScanOutcome::Failed);
        }
    }
}

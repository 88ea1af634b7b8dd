//! One chain's scan as a state machine that does no I/O (as quinn-proto does for
//! QUIC): it hands out requests when rate limits and breakers allow, takes the
//! answers, and says when to wake it. A driver supplies the network and the clock;
//! tests drive it with a manual clock.
//!
//! The pool logic lives here too: every healthy provider is kept busy up to its own
//! limit, so work spreads in proportion to what each can carry; a failed batch goes
//! back to the front of the queue for whichever provider is free next; a batch a
//! node rejects as too large is split. Providers with group summaries test
//! groups of addresses for funds first ([`super::groups`]).

use super::groups::{group_size, settle, GroupTest};
use super::protocol::{
    build_request, read_response, read_summary, summary_request, ChainTokens, HttpResponse,
    TransportError,
};
use super::result::{AddressResult, AssetBalance, ScanTarget};
use super::setup::{ProviderConfig, ProviderKind, ScanSettings, Token};
use crate::amount::U256;
use crate::codec::esplora::{summary_body_len, MAX_SUMMARY_BODY};
use crate::codec::{DecodeError, Request};
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
    /// The most addresses one group summary carries; 0: none (the provider has
    /// no such endpoint, or its endpoint refused one).
    group_limit: usize,
    rate_limits_in_a_row: u32,
    stats: ProviderStats,
}

#[derive(Clone, Debug)]
pub(super) struct WorkItem {
    pub(super) target: ScanTarget,
    attempts: u32,
    /// Its history is longer than a group summary lists: asked about alone.
    one_by_one: bool,
}

impl WorkItem {
    pub(super) fn new(target: ScanTarget) -> Self {
        WorkItem {
            target,
            attempts: 0,
            one_by_one: false,
        }
    }
}

/// What a request in flight asks about.
enum Asked {
    /// The balances of these addresses.
    Balances(Vec<WorkItem>),
    /// A group's summary.
    Group(GroupTest),
}

impl Asked {
    fn len(&self) -> usize {
        match self {
            Asked::Balances(items) => items.len(),
            Asked::Group(test) => test.len(),
        }
    }
}

struct InFlight {
    provider: usize,
    asked: Asked,
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
    /// Group summaries to ask for, the last split first: finishing a group
    /// before starting the next keeps few addresses half-settled.
    group_tests: Vec<GroupTest>,
    /// Addresses settled so far, and how many of them hold funds: the share
    /// that sizes fresh groups.
    settled: u64,
    settled_funded: u64,
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
                    group_limit: match config.kind {
                        ProviderKind::Esplora { group_summary } => group_summary,
                        _ => 0,
                    },
                    rate_limits_in_a_row: 0,
                    stats: ProviderStats {
                        last_error: refusal,
                        ..ProviderStats::default()
                    },
                    config,
                }
            })
            .collect();
        let queue = targets.into_iter().map(WorkItem::new).collect();
        let mut scanner = ChainScanner {
            tokens,
            settings,
            providers,
            queue,
            group_tests: Vec::new(),
            settled: 0,
            settled_funded: 0,
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
        self.queue.extend(targets.into_iter().map(WorkItem::new));
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
            queued: self.queue.len() + self.group_tests.iter().map(GroupTest::len).sum::<usize>(),
            in_flight: self.in_flight.values().map(|f| f.asked.len()).sum(),
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
        if self.outcome.is_some() || self.nothing_to_send() {
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

    fn nothing_to_send(&self) -> bool {
        self.queue.is_empty() && self.group_tests.is_empty()
    }

    /// Whether provider `slot` has anything to send: group tests only go to
    /// providers with group summaries.
    fn has_work_for(&self, slot: &ProviderSlot) -> bool {
        !self.queue.is_empty() || (slot.group_limit > 0 && !self.group_tests.is_empty())
    }

    /// What provider `index` would ask about next, and how many rate-limit
    /// units it costs.
    fn next_units(&self, slot: &ProviderSlot) -> u32 {
        if slot.group_limit > 0 && (!self.group_tests.is_empty() || self.fresh_group_len() > 1) {
            return 1;
        }
        let take = slot.max_addresses.min(self.queue.len());
        slot.config.units(take, self.tokens.len())
    }

    /// The smallest group limit among the providers that summarise groups: any
    /// of them can take any test.
    fn shared_group_limit(&self) -> usize {
        self.providers
            .iter()
            .filter(|p| !p.refused && p.group_limit > 0)
            .map(|p| p.group_limit)
            .min()
            .unwrap_or(0)
    }

    /// How many queued addresses a fresh group would take: up to the size the
    /// funded share suggests, none that go one by one, and a body electrs takes.
    fn fresh_group_len(&self) -> usize {
        let size = group_size(self.settled, self.settled_funded, self.shared_group_limit());
        let mut body = summary_body_len([]);
        self.queue
            .iter()
            .take(size)
            .take_while(|item| {
                body += item.target.address.len() + 3;
                !item.one_by_one && body <= MAX_SUMMARY_BODY
            })
            .count()
    }

    fn try_send(&mut self, index: usize, now: Millis) -> Option<Outgoing> {
        let slot = &self.providers[index];
        if slot.refused
            || slot.in_flight >= self.settings.max_in_flight
            || !self.has_work_for(slot)
            || !slot.breaker.allows(now)
        {
            return None;
        }
        let units = self.next_units(slot);
        let groups = slot.group_limit > 0;
        let fresh_group = self.fresh_group_len();
        let slot = &mut self.providers[index];
        slot.limiter.try_take(now, units).ok()?;
        slot.breaker.on_send(now);
        slot.in_flight += 1;
        slot.stats.requests += 1;

        let id = self.next_id;
        self.next_id += 1;
        let asked = match self.group_tests.pop() {
            Some(test) if groups => Asked::Group(test),
            other => {
                self.group_tests.extend(other);
                if groups && fresh_group > 1 {
                    Asked::Group(GroupTest::fresh(self.queue.drain(..fresh_group).collect()))
                } else {
                    let take = slot.max_addresses.min(self.queue.len());
                    Asked::Balances(self.queue.drain(..take).collect())
                }
            }
        };
        let request = match &asked {
            Asked::Balances(items) => {
                let targets: Vec<ScanTarget> = items.iter().map(|i| i.target.clone()).collect();
                build_request(&slot.config, &self.tokens, id, &targets)
            }
            Asked::Group(test) => summary_request(&slot.config, &test.items),
        };
        self.in_flight.insert(
            id,
            InFlight {
                provider: index,
                asked,
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
        if self.outcome.is_some() || self.nothing_to_send() {
            return None;
        }
        self.providers
            .iter()
            .filter(|slot| !slot.refused && slot.in_flight < self.settings.max_in_flight)
            .filter(|slot| self.has_work_for(slot))
            .filter_map(|slot| {
                let breaker_ready = slot.breaker.next_allowed(now)?;
                let rate_ready = slot.limiter.ready_at(now, self.next_units(slot));
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
        let provider = flight.provider;
        let slot = &mut self.providers[provider];
        slot.in_flight -= 1;
        slot.stats.last_latency_ms = Some(now.since(flight.sent_at));
        let results = match flight.asked {
            Asked::Balances(items) => self.on_balances(now, provider, items, response),
            Asked::Group(test) => self.on_summary(now, provider, test, response),
        };
        for result in &results {
            if result.is_complete() {
                self.settled += 1;
                self.settled_funded += u64::from(result.is_funded());
            }
        }
        self.check_finished();
        results
    }

    fn on_balances(
        &mut self,
        now: Millis,
        provider: usize,
        items: Vec<WorkItem>,
        response: Result<HttpResponse, TransportError>,
    ) -> Vec<AddressResult> {
        let slot = &mut self.providers[provider];
        let targets: Vec<ScanTarget> = items.iter().map(|i| i.target.clone()).collect();
        match read_response(&slot.config, &self.tokens, &targets, response) {
            Ok(results) => {
                slot.breaker.record_success();
                slot.rate_limits_in_a_row = 0;
                for (item, result) in items.into_iter().zip(&results) {
                    if !result.is_complete() {
                        self.retry(item, false);
                    }
                }
                results
            }
            Err(error) => {
                self.note_failure(now, provider, &error);
                self.retry_balances(provider, items, &error);
                Vec::new()
            }
        }
    }

    fn on_summary(
        &mut self,
        now: Millis,
        provider: usize,
        test: GroupTest,
        response: Result<HttpResponse, TransportError>,
    ) -> Vec<AddressResult> {
        let slot = &mut self.providers[provider];
        let (test, error) = match read_summary(&slot.config, response) {
            Ok(summary) => match settle(test, &summary) {
                Ok(settled) => {
                    slot.breaker.record_success();
                    slot.rate_limits_in_a_row = 0;
                    self.group_tests.extend(settled.tests);
                    for mut item in settled.one_by_one.into_iter().rev() {
                        item.one_by_one = true;
                        self.queue.push_front(item);
                    }
                    let tokens = self.tokens.len();
                    return settled
                        .balances
                        .into_iter()
                        .map(|(target, satoshi)| AddressResult {
                            target,
                            native: AssetBalance::Checked(U256::from(satoshi)),
                            tokens: vec![AssetBalance::Unchecked; tokens],
                        })
                        .collect();
                }
                Err(test) => {
                    let why = "the group summary contradicts the balance known for its group";
                    (test, ProviderError::Decode(DecodeError::malformed(why)))
                }
            },
            Err(error) => (test, error),
        };
        self.note_failure(now, provider, &error);
        self.retry_group(provider, test, &error);
        Vec::new()
    }

    /// A group test that failed: asked again, or past the scan's attempts (or
    /// refused as a request), its addresses go back to the queue. A provider
    /// whose summary endpoint refuses requests is asked one address at a time.
    fn retry_group(&mut self, provider: usize, mut test: GroupTest, error: &ProviderError) {
        if !error.is_retryable() {
            let slot = &mut self.providers[provider];
            slot.group_limit = 0;
            slot.stats.last_error = Some(format!(
                "{}: group summaries off, one address a request",
                slot.stats.last_error.take().unwrap_or_default()
            ));
            for item in test.into_items().collect::<Vec<_>>().into_iter().rev() {
                self.queue.push_front(item);
            }
            if self.shared_group_limit() == 0 {
                // Nobody left to take them.
                let tests: Vec<GroupTest> = self.group_tests.drain(..).collect();
                for item in tests.into_iter().flat_map(GroupTest::into_items) {
                    self.queue.push_back(item);
                }
            }
            return;
        }
        test.attempts += 1;
        if test.attempts >= self.settings.max_attempts {
            for mut item in test.into_items().collect::<Vec<_>>().into_iter().rev() {
                item.one_by_one = true;
                self.queue.push_front(item);
            }
        } else {
            self.group_tests.push(test);
        }
    }

    /// The provider's health and limits after a failed answer.
    fn note_failure(&mut self, now: Millis, provider: usize, error: &ProviderError) {
        let slot = &mut self.providers[provider];
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
    }

    /// A batch that failed: split when the node found it too large, else each
    /// address retried.
    fn retry_balances(&mut self, provider: usize, items: Vec<WorkItem>, error: &ProviderError) {
        if error.should_split() && items.len() > 1 {
            self.providers[provider].max_addresses = (items.len() / 2).max(1);
            for item in items.into_iter().rev() {
                self.queue.push_front(item);
            }
            return;
        }
        let give_up_now = !error.is_retryable() && items.len() == 1;
        for item in items.into_iter().rev() {
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
        if !self.nothing_to_send() {
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
                    attempts: 0,
                    ..item
                })
                .collect();
        } else {
            self.outcome = Some(ScanOutcome::Failed);
        }
    }
}

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
//!
//! - `failures.rs`: what a failed answer does to its provider and its addresses.
//! - `summaries.rs`: forming fresh groups, and reading a group summary's answer.
//! - `per_token.rs`: providers that answer one token balance a request.
//! - `report.rs`: what the scanner hands its driver and the page.
//! - `sending.rs`: which provider sends what next, and when to wake.

use super::groups::GroupTest;
use super::protocol::{read_response, ChainTokens, HttpResponse, TransportError};
use super::result::{AddressResult, ScanTarget};
use super::setup::{ActivityQuery, ProviderConfig, ProviderKind, ScanSettings, Token};
use crate::provider::rate_limiter::PREFLIGHT_KEPT_MS;
use crate::provider::{BreakerStatus, CircuitBreaker, RateLimiter};
use crate::time::Millis;
use litemap::LiteMap;
use std::collections::VecDeque;

mod failures;
mod per_token;
mod report;
mod sending;
mod summaries;

use per_token::{Assembly, TokenAsk};
pub use report::{Outgoing, ProviderStats, QueueCounts, ScanOutcome};

struct ProviderSlot {
    config: ProviderConfig,
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

/// What a provider would ask about next (see [`ChainScanner::next_ask`]).
#[derive(Clone, Copy)]
enum NextAsk {
    /// The group test last split.
    GroupTest,
    /// A fresh group of this many queued addresses.
    FreshGroup(usize),
    /// The balances of this many queued addresses.
    Balances(usize),
    /// The next token balance of an address being assembled.
    TokenBalance,
}

/// What a request in flight asks about.
enum Asked {
    /// The balances of these addresses.
    Balances(Vec<WorkItem>),
    /// A group's summary.
    Group(GroupTest),
    /// One token balance of an address being assembled (counted there).
    Token(TokenAsk),
}

impl Asked {
    fn len(&self) -> usize {
        match self {
            Asked::Balances(items) => items.len(),
            Asked::Group(test) => test.len(),
            Asked::Token(_) => 0,
        }
    }
}

struct InFlight {
    provider: usize,
    asked: Asked,
    sent_at: Millis,
    /// Its rate-limit units (see `RateLimiter::on_return`).
    units: u32,
}

pub struct ChainScanner {
    tokens: ChainTokens,
    settings: ScanSettings,
    providers: Vec<ProviderSlot>,
    queue: VecDeque<WorkItem>,
    /// Group summaries to ask for, the last split first: finishing a group
    /// before starting the next keeps few addresses half-settled.
    group_tests: Vec<GroupTest>,
    /// Addresses settled so far, and how many of them are what group tests
    /// look for (funds, or in discovery, use): the share that sizes fresh
    /// groups.
    settled: u64,
    settled_hits: u64,
    /// Addresses whose native balance is in, waiting for token calls, and those
    /// calls, in the order they are made.
    assemblies: LiteMap<u64, Assembly>,
    token_asks: VecDeque<TokenAsk>,
    next_assembly: u64,
    set_aside: Vec<WorkItem>,
    in_flight: LiteMap<u64, InFlight>,
    next_id: u64,
    /// Round-robin start, so batches spread over providers.
    next_provider: usize,
    final_pass: bool,
    outcome: Option<ScanOutcome>,
    /// More addresses are coming (a fresh scan's rest, being read).
    awaiting_more: bool,
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
                    limiter: RateLimiter::quiet_for(
                        config.rps,
                        settings.rate_margin_ms,
                        now,
                        settings.quiet_for_ms,
                    )
                    .returning_within(config.timeout_ms)
                    .preflight_kept(config.kind.is_preflighted().then_some(PREFLIGHT_KEPT_MS)),
                    breaker: CircuitBreaker::new(
                        settings.breaker_threshold,
                        settings.breaker_cooldown_ms,
                    ),
                    in_flight: 0,
                    max_addresses: config.addresses_per_request(tokens.len()),
                    group_limit: match config.kind {
                        ProviderKind::Esplora { group_summary }
                        | ProviderKind::Activity(ActivityQuery::Esplora { group_summary }) => {
                            group_summary
                        }
                        _ => 0,
                    },
                    rate_limits_in_a_row: 0,
                    stats: ProviderStats {
                        left_out: refusal.is_some(),
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
            settled_hits: 0,
            assemblies: LiteMap::new(),
            token_asks: VecDeque::new(),
            next_assembly: 0,
            set_aside: Vec::new(),
            in_flight: LiteMap::new(),
            next_id: 0,
            next_provider: 0,
            final_pass: false,
            outcome: None,
            awaiting_more: false,
        };
        scanner.check_finished();
        scanner
    }

    pub fn outcome(&self) -> Option<ScanOutcome> {
        self.outcome
    }

    pub fn counts(&self) -> QueueCounts {
        QueueCounts {
            queued: self.queue.len() + self.group_tests.iter().map(GroupTest::len).sum::<usize>(),
            in_flight: self
                .in_flight
                .values()
                .map(|f| f.asked.len())
                .sum::<usize>()
                + self.assemblies.len(),
            set_aside: self.set_aside.len(),
        }
    }

    pub fn provider_stats(&self) -> impl Iterator<Item = (&str, BreakerStatus, &ProviderStats)> {
        self.providers
            .iter()
            .map(|p| (p.config.name.as_str(), p.breaker.status(), &p.stats))
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
        // A request that reached the provider was there before its answer's
        // headers came back, however long its body then took.
        let returned_at = match &response {
            Ok(answer) => answer.headers_at.map_or(now, |at| at.min(now)),
            Err(_) => now,
        };
        slot.limiter
            .on_return(flight.sent_at, flight.units, returned_at, response.is_ok());
        let results = match flight.asked {
            Asked::Balances(items) => self.on_balances(now, provider, items, response),
            Asked::Group(test) => self.on_summary(now, provider, test, response),
            Asked::Token(ask) => self.on_token(now, provider, ask, response),
        };
        for result in &results {
            if result.is_complete() {
                self.settled += 1;
                // What sizes groups: funded addresses, or in discovery, used
                // ones (a funded address was used).
                self.settled_hits += u64::from(result.was_used() == Some(true));
            }
        }
        self.release_stranded_assemblies();
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
                let per_token = slot.config.kind == ProviderKind::Etherscan;
                self.note_success(provider);
                if per_token && !self.tokens.is_empty() {
                    self.assemble(items, results);
                    return Vec::new();
                }
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

    fn check_finished(&mut self) {
        if self.outcome.is_some() || !self.in_flight.is_empty() {
            return;
        }
        let all_down = !self.providers.is_empty()
            && self.providers.iter().all(|p| {
                p.stats.left_out
                    || p.breaker.failed_probes() >= self.settings.probes_before_giving_up
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

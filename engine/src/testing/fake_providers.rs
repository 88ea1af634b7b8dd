//! Fake providers that speak the real protocols, with faults on command, and a
//! simulated network that runs a scanner to its end on a manual clock.

use crate::amount::U256;
use crate::codec::Request;
use crate::scan::{AddressResult, ChainScanner, HttpResponse, ScanOutcome, TransportError};
use crate::time::Millis;
use alloy_primitives::Address;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

mod esplora;
mod etherscan;
mod evm;
mod solana;
mod solana_deep;

pub use esplora::HistoryTx;

/// Deterministic randomness (SplitMix64).
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// `N` random bytes.
    pub fn bytes<const N: usize>(&mut self) -> [u8; N] {
        std::array::from_fn(|_| self.next_u64() as u8)
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
}

/// What a fake provider does wrong, chosen per request with a seeded RNG.
#[derive(Clone, Debug, Default)]
pub struct Faults {
    pub down: bool,
    pub error_percent: u64,
    pub malformed_percent: u64,
    pub short_percent: u64,
    pub hang_percent: u64,
    /// Answers 429 with this `Retry-After` (ms) to this share of requests.
    pub rate_limit_percent: u64,
    pub retry_after_ms: Option<u64>,
    /// Answers 429 (without `Retry-After`) to every request whose arrival number
    /// falls in this range: a burst of refusals.
    pub rate_limit_burst: Option<std::ops::Range<usize>>,
    /// Multicall batches above this many addresses revert ("out of gas").
    pub max_batch: Option<usize>,
    /// Token contracts whose `balanceOf` always reverts.
    pub failing_tokens: Vec<Address>,
    /// An Esplora without mempool.space's group summary: 404.
    pub no_group_summary: bool,
    /// Answers nothing (connection refused) from this arrival number on.
    pub down_after: Option<usize>,
    /// Etherscan-style: every call refused for its key, or for its plan.
    pub key_refused: bool,
    pub not_on_plan: bool,
    /// Etherscan-style: the key is revoked from this arrival number on.
    pub key_revoked_after: Option<usize>,
    /// Etherscan-style: this share of calls answered 200 with "Max calls per
    /// sec rate limit reached" (such APIs rarely answer 429).
    pub soft_rate_limit_percent: u64,
}

/// The balances the fakes serve, keyed the way each protocol asks.
#[derive(Clone, Debug, Default)]
pub struct Ledger {
    /// Esplora address or Solana account key → satoshi / lamports / token amount.
    pub by_key: HashMap<String, u64>,
    /// EVM: (holder, None) native, (holder, Some(token)) token balance.
    pub evm: HashMap<(Address, Option<Address>), U256>,
    /// Bitcoin addresses' confirmed transactions (group summaries read them);
    /// their values sum to the address's balance in `by_key`.
    pub bitcoin_history: HashMap<String, Vec<HistoryTx>>,
    /// EVM: each holder's nonce (transactions sent); 0 when not listed.
    pub evm_nonce: HashMap<Address, u64>,
}

pub struct FakeProvider {
    pub faults: Faults,
    pub latency_ms: u64,
    pub rng: Rng,
    /// Arrival time and units (calls) of every request, good or bad.
    pub arrivals: Vec<(Millis, u32)>,
    /// The HTTP status of each answer, in arrival order (0: no HTTP answer).
    pub statuses: Vec<u16>,
    /// How much later than sent a request arrives while the provider is cold,
    /// that is sent before the page had any answer from it: a browser's first
    /// requests to an origin wait for a connection and a CORS preflight.
    pub cold_transit_ms: u64,
    /// How long the browser keeps this provider's preflight (`None`: forever,
    /// or its requests need none); after that its requests go out cold again.
    pub preflight_kept_ms: Option<u64>,
    /// When the answer to its first cold request reached the page.
    warm_at: Option<Millis>,
    /// When the browser forgets its preflight.
    cold_again_at: Option<Millis>,
}

impl FakeProvider {
    pub fn new(seed: u64, latency_ms: u64, faults: Faults) -> Self {
        FakeProvider {
            faults,
            latency_ms,
            rng: Rng(seed),
            arrivals: Vec::new(),
            statuses: Vec::new(),
            cold_transit_ms: 0,
            preflight_kept_ms: None,
            warm_at: None,
            cold_again_at: None,
        }
    }

    /// `request`, sent at `now`, over the simulated network: when its outcome
    /// reaches the page (after the latency, or at the timeout), and what it is.
    pub fn exchange(
        &mut self,
        now: Millis,
        request: &Request,
        ledger: &Ledger,
        timeout_ms: u64,
    ) -> (Millis, Result<HttpResponse, TransportError>) {
        if self.cold_again_at.is_some_and(|at| now >= at) {
            self.warm_at = None;
            self.cold_again_at = None;
        }
        let cold = self.warm_at.is_none_or(|warm| now < warm);
        let arrival = now + if cold { self.cold_transit_ms } else { 0 };
        match self.answer(arrival, request, ledger) {
            Some(response) => {
                let back = arrival + self.latency_ms;
                if cold && response.is_ok() && self.warm_at.is_none_or(|warm| back < warm) {
                    self.warm_at = Some(back);
                    // Kept from when the preflight came, just before the request.
                    self.cold_again_at = self.preflight_kept_ms.map(|kept| arrival + kept);
                }
                (back, response)
            }
            None => (now + timeout_ms, Err(TransportError::Timeout)),
        }
    }

    /// Most units that arrived within any one-second window.
    pub fn peak_per_second(&self) -> u32 {
        self.arrivals
            .iter()
            .map(|&(start, _)| {
                self.arrivals
                    .iter()
                    .filter(|(t, _)| *t >= start && t.since(start) < 1000)
                    .map(|(_, units)| units)
                    .sum()
            })
            .max()
            .unwrap_or(0)
    }

    /// The answer to `request` arriving at `now`: its delay, and the response
    /// (`None` when the provider hangs until the timeout).
    pub fn answer(
        &mut self,
        now: Millis,
        request: &Request,
        ledger: &Ledger,
    ) -> Option<Result<HttpResponse, TransportError>> {
        self.arrivals.push((now, units_of(request)));
        let answer = self.respond(request, ledger);
        self.statuses.push(match &answer {
            Some(Ok(response)) => response.status,
            _ => 0,
        });
        answer
    }

    fn respond(
        &mut self,
        request: &Request,
        ledger: &Ledger,
    ) -> Option<Result<HttpResponse, TransportError>> {
        let faults = self.faults.clone();
        let down_now = faults
            .down_after
            .is_some_and(|after| self.arrivals.len() > after);
        if faults.down || down_now {
            return Some(Err(TransportError::Network("connection refused".into())));
        }
        if self.rng.chance(faults.hang_percent) {
            return None;
        }
        let in_burst = faults
            .rate_limit_burst
            .as_ref()
            .is_some_and(|burst| burst.contains(&(self.arrivals.len() - 1)));
        if in_burst || self.rng.chance(faults.rate_limit_percent) {
            return Some(Ok(HttpResponse {
                status: 429,
                body: "Too Many Requests".into(),
                retry_after_ms: faults.retry_after_ms,
                headers_at: None,
            }));
        }
        if self.rng.chance(faults.error_percent) {
            return Some(Ok(http(503, "Service Unavailable")));
        }
        if self.rng.chance(faults.malformed_percent) {
            return Some(Ok(http(200, "{\"truncated\": ")));
        }
        let short = self.rng.chance(faults.short_percent);
        if self.rng.chance(faults.soft_rate_limit_percent) {
            let body = r#"{"status":"0","message":"NOTOK","result":"Max calls per sec rate limit reached (5/sec)"}"#;
            return Some(Ok(http(200, body)));
        }
        Some(Ok(match request {
            Request::Get { url } if url.contains("module=account") => {
                let revoked = faults
                    .key_revoked_after
                    .is_some_and(|after| self.arrivals.len() > after);
                let faults = Faults {
                    key_refused: faults.key_refused || revoked,
                    ..faults
                };
                etherscan::answer(url, ledger, &faults)
            }
            Request::Get { url } => esplora::address(url, ledger),
            Request::PostText { .. } if faults.no_group_summary => http(404, "Not Found"),
            Request::PostText { body, .. } => esplora::summary(body, ledger),
            Request::PostJson { body, .. } if body.contains("getMultipleAccounts") => {
                solana::answer(body, ledger, short)
            }
            Request::PostJson { body, .. } if body.contains("getTokenAccountsByOwner") => {
                solana_deep::answer(body, ledger)
            }
            Request::PostJson { body, .. } => evm::answer(body, ledger, &faults, short),
        }))
    }
}

fn http(status: u16, body: &str) -> HttpResponse {
    HttpResponse {
        status,
        body: body.into(),
        retry_after_ms: None,
        headers_at: None,
    }
}

fn units_of(request: &Request) -> u32 {
    match request {
        Request::PostJson { body, .. } if body.starts_with('[') => {
            serde_json::from_str::<Vec<Value>>(body).map_or(1, |calls| calls.len() as u32)
        }
        _ => 1,
    }
}

/// Runs `scanner` to its end. `stop_after` answers interrupt it (the page closed):
/// then the outcome is `None`. Results are merged per address, as the store does.
pub struct Run {
    pub outcome: Option<ScanOutcome>,
    pub results: BTreeMap<String, AddressResult>,
    pub ended_at: Millis,
}

pub fn run(
    scanner: &mut ChainScanner,
    fakes: &mut [FakeProvider],
    ledger: &Ledger,
    start: Millis,
    stop_after: Option<usize>,
) -> Run {
    let mut now = start;
    let mut pending: BTreeMap<(Millis, u64), Result<HttpResponse, TransportError>> =
        BTreeMap::new();
    let mut results: BTreeMap<String, AddressResult> = BTreeMap::new();
    let mut answered = 0;
    loop {
        while let Some(outgoing) = scanner.poll_request(now) {
            let fake = &mut fakes[outgoing.provider];
            let (back, response) =
                fake.exchange(now, &outgoing.request, ledger, outgoing.timeout_ms);
            pending.insert((back, outgoing.id), response);
        }
        if scanner.outcome().is_some() || stop_after == Some(answered) {
            break;
        }
        let next_answer = pending.keys().next().map(|&(t, _)| t);
        let next = match (next_answer, scanner.next_wakeup(now)) {
            (Some(a), Some(w)) => a.min(w),
            (Some(a), None) => a,
            (None, Some(w)) => w,
            (None, None) => panic!("the scan stalled at {now:?}: {:?}", scanner.counts()),
        };
        // A wake-up that is already due but sends nothing would spin forever.
        assert!(
            next > now || next_answer == Some(next),
            "no progress at {now:?}"
        );
        now = next;
        while let Some(entry) = pending.first_entry().filter(|e| e.key().0 <= now) {
            let ((_, id), response) = entry.remove_entry();
            for result in scanner.on_response(now, id, response) {
                let merged = match results.get(&result.target.address) {
                    Some(old) => old.merged_with(&result),
                    None => result,
                };
                results.insert(merged.target.address.clone(), merged);
            }
            answered += 1;
            if stop_after == Some(answered) {
                break;
            }
        }
    }
    Run {
        outcome: scanner.outcome(),
        results,
        ended_at: now,
    }
}

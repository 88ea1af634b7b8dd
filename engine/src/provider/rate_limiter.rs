//! The per-provider request rate bound (contract, section 1): never more than `rps`
//! requests in any sliding one-second window where they arrive.
//!
//! A sliding-window log rather than a classic token bucket: a bucket holding `rps`
//! tokens and refilling at `rps` per second lets up to 2 x `rps` requests through
//! within one sliding second (a full bucket, then a second's refill). The log keeps
//! the send time of each of the last `rps` requests and admits a new one only when
//! the oldest has left the window, which is exactly the contract's bound.
//!
//! Sends are also paced, one unit per `1000 / rps` ms: a burst of `rps` requests at
//! once queues at the provider (and at its edge), so the burst's first arrivals are
//! stamped late and bunch with the next window's. Evenly spaced sends keep the
//! arrival times as far apart as the send times; the throughput is the same.
//! The pace allows a short burst after a pause, a quarter of `rps` at most
//! ([`RateLimiter::burst`]): a scan's length is set by its opening window, since
//! each later window repeats the send times of the one before, a window later.
//! With 50 requests at 20 rps, evenly paced, the last leaves 2,510 ms after the
//! first (the 10th's time, 450 ms, plus two windows); five at once and the rest
//! paced, 2,310 ms. The window still bounds every second; the burst only moves
//! sends earlier within it.
//!
//! A send is logged at the moment it leaves, which is when the provider sees it
//! give or take the network's jitter (the margin below), except while the
//! provider is cold: the page's first requests to an origin wait for a new
//! connection and, for a JSON POST, a CORS preflight round trip, and arrive that
//! much later than sent, bunched with the next window's sends. So a request sent
//! before the provider's first answer is logged at the latest moment it can
//! arrive (its deadline, when the transport gives up on it) until it comes back,
//! and then at that moment (`on_return`). Until a provider has answered
//! once, its requests go one at a time: sent together, each opens its own
//! connection and preflight and counts from its own return, late by all of
//! that under load, and the opening window that every later window repeats
//! moves back with them; after the first answer the rest follow warm,
//! counted from their sends. The browser keeps a preflight for the
//! provider's `Access-Control-Max-Age` only (5 s when it sends none, and a page
//! cannot read the header): for a provider whose requests are preflighted, the
//! limiter goes cold again that long after the preflight could have happened,
//! and warms again only on the answer to a request sent once it has surely
//! expired (that long after the answer that warmed it): one sent between
//! may have used the old preflight, which may expire right after it.

use crate::time::Millis;

/// Extra window length beyond one second, so that requests sent at the limit still
/// arrive at the limit when network latency varies between them. Every
/// millisecond of it costs throughput (the bound is `rps` per `1000 + margin`
/// ms): 100 ms capped a scan at 0.91 of the bound; 40 ms at 0.96, 30 ms at 0.97. The
/// mock providers count arrivals in a 950 ms window (50 ms for their own timing).
/// At 20 ms a 20,000-address scan of every chain at once measured no violation,
/// but the end-to-end test with a second tab loading beside a scan saw one
/// request in about four runs arrive inside the window (a send the busy browser
/// put out late, bunched with one sent on time): 40 ms gives that jitter 90 ms.
/// Measured again on 2026-12-03 with the mock judging arrivals by arrival time
/// (20,000 per chain, all chains at once): at 20 ms SOL saw 4 violations (the
/// mock's own event loop lagged up to 111 ms); at 30 ms one run had none, with
/// BTC and SOL at 0.948 of the bound (0.94 at 40 ms); with the pacing's
/// catch-up (below) two more runs at 30 ms had none, with BTC 0.956–0.957 and
/// SOL 0.951–0.958, and the end-to-end tab and scan tests passed three times
/// over. 30 ms leaves arrival jitter 80 ms (with the mock's 50).
pub const DEFAULT_MARGIN_MS: u64 = 30;

/// How long a browser keeps a CORS preflight when the provider does not say
/// (`Access-Control-Max-Age`; the Fetch standard's default, Chromium's too).
/// Geth-based nodes say 600 s and Solana's 86,400, but a page cannot read
/// the header, so it assumes the shortest.
pub const PREFLIGHT_KEPT_MS: u64 = 5_000;

#[derive(Clone, Debug)]
pub struct RateLimiter {
    rps: usize,
    window_ms: u64,
    /// Send time of each request unit still inside the window, oldest first.
    sent: std::collections::VecDeque<Millis>,
    /// No request before this time (a 429's `Retry-After`).
    held_until: Millis,
    /// When the pace's schedule is next due (one unit per `1000 / rps` ms);
    /// a send may run up to `burst - 1` units ahead of it.
    paced_until: Millis,
    /// Whether a request sent cold has been answered (and no preflight may
    /// have expired since): requests sent before then go out cold (see the
    /// module's comment).
    warm: bool,
    /// Whether any request has been answered yet: until then one goes at a
    /// time (see [`Self::ready_at`]).
    opened: bool,
    /// The send time and units of each request sent cold and not yet returned.
    cold_in_flight: Vec<(Millis, u32)>,
    /// How long after its send a request can still arrive: the transport's
    /// timeout (0 until `returning_within` says).
    deadline_ms: u64,
    /// How long the browser may keep a preflight of this provider's requests
    /// (`None`: they need none).
    preflight_kept_ms: Option<u64>,
    /// When the preflight that warmed the provider may expire: at the earliest,
    /// that long after the send whose answer warmed it.
    cold_again_at: Option<Millis>,
    /// When it has expired for sure: that long after the answer that warmed
    /// the provider. A request sent cold before then may have used it
    /// rather than a preflight of its own, so its answer says nothing about
    /// the requests after it.
    surely_expired_at: Option<Millis>,
}

impl RateLimiter {
    /// A limiter created at `now` acts as if `rps` requests had just been sent: the
    /// page cannot know what it sent before a reload, so it opens without a burst.
    pub fn new(rps: u32, margin_ms: u64, now: Millis) -> Self {
        Self::quiet_for(rps, margin_ms, now, None)
    }

    /// A limiter for a provider known to have sent nothing for `quiet_ms` before
    /// `now` (`None`: not known, so as if `rps` requests had just been sent). One
    /// quiet for a whole window opens at full rate at once.
    pub fn quiet_for(rps: u32, margin_ms: u64, now: Millis, quiet_ms: Option<u64>) -> Self {
        let rps = rps.max(1) as usize;
        let window_ms = 1000 + margin_ms;
        let sent = match quiet_ms {
            Some(quiet) if quiet >= window_ms => std::collections::VecDeque::new(),
            // Before the clock's origin reads as at its origin: later, so safe.
            Some(quiet) => std::iter::repeat_n(Millis(now.0.saturating_sub(quiet)), rps).collect(),
            None => std::iter::repeat_n(now, rps).collect(),
        };
        RateLimiter {
            rps,
            window_ms,
            sent,
            held_until: now,
            paced_until: now,
            warm: false,
            opened: false,
            cold_in_flight: Vec::new(),
            deadline_ms: 0,
            preflight_kept_ms: None,
            cold_again_at: None,
            surely_expired_at: None,
        }
    }

    /// The limiter of a provider whose requests the browser preflights and
    /// keeps the preflight of `kept_ms` (`None`: not preflighted; see the
    /// module's comment).
    pub fn preflight_kept(mut self, kept_ms: Option<u64>) -> Self {
        self.preflight_kept_ms = kept_ms;
        self
    }

    /// The limiter of a provider whose requests are given up `timeout_ms` after
    /// they are sent: a request sent cold counts as arriving then until it
    /// returns.
    pub fn returning_within(mut self, timeout_ms: u64) -> Self {
        self.deadline_ms = timeout_ms;
        self
    }

    /// Takes `units` (1 for a plain request, n for a batch array of n calls) if the
    /// bound allows sending now; otherwise says when to ask again.
    ///
    /// # Panics
    /// If `units` exceeds `rps`: such a request could never be sent, and the
    /// scanner never plans one (a provider that cannot carry one address within
    /// its `rps` is refused: `ProviderConfig::cannot_carry_one_address`).
    pub fn try_take(&mut self, now: Millis, units: u32) -> Result<(), Millis> {
        let ready = self.ready_at(now, units);
        if ready > now {
            return Err(ready);
        }
        while self
            .sent
            .front()
            .is_some_and(|&t| now.since(t) >= self.window_ms)
        {
            self.sent.pop_front();
        }
        if self.cold_again_at.is_some_and(|at| now >= at) {
            self.warm = false;
            self.cold_again_at = None;
        }
        let logged_at = if !self.warm {
            self.cold_in_flight.push((now, units));
            now + self.deadline_ms
        } else {
            now
        };
        self.log(logged_at, units);
        // Paced from when this send was due, not from when the timer woke: a
        // worker's timers run a few ms late, and pacing from each late wake would
        // lose those ms on every send (4 ms of every 50 at 20 rps). A send up to
        // two intervals late counts from when it was due, so the next one may
        // follow at once (at 100 rps a busy worker is often 5–20 ms late: with
        // half an interval allowed, BTC ran at 94.4 of its 96 a second, with two
        // at 94.9); one later than that (the provider was idle, or waited on the
        // window) counts from now. The window above still bounds any catching up.
        let interval = self.interval_ms();
        let due = if now.since(self.paced_until) <= 2 * interval {
            self.paced_until
        } else {
            now
        };
        self.paced_until = due + u64::from(units.max(1)) * interval;
        Ok(())
    }

    /// The request of `units` sent at `sent_at` came back at `now`, `answered`
    /// (an HTTP response of any status) or not (a network error, a timeout). One
    /// sent while the provider was cold may have reached it as late as now: its
    /// units are logged at now instead, so that the next window counts from
    /// there. Its answer, if any, warms the provider.
    pub fn on_return(&mut self, sent_at: Millis, units: u32, now: Millis, answered: bool) {
        let Some(place) = self
            .cold_in_flight
            .iter()
            .position(|&sent| sent == (sent_at, units))
        else {
            return;
        };
        self.cold_in_flight.swap_remove(place);
        // Only a request sent cold warms the provider: its answer means its
        // connection and preflight are done (one sent warm before the
        // preflight expired proves nothing about the next, nor does one sent
        // while the last preflight may still have been kept).
        let preflighted_itself = self.surely_expired_at.is_none_or(|at| sent_at >= at);
        if answered && !self.warm && preflighted_itself {
            self.warm = true;
            if !self.opened {
                // The pace counts the first request from here: the others
                // go as the rest of its burst, not also as the slots the
                // pace let pass while it was out (at 20 rps, 7 at once
                // after a 120 ms answer instead of 5).
                self.opened = true;
                let paced_from_here = now + u64::from(units.max(1)) * self.interval_ms();
                self.paced_until = self.paced_until.max(paced_from_here);
            }
            self.cold_again_at = self.preflight_kept_ms.map(|kept| sent_at + kept);
            self.surely_expired_at = self.preflight_kept_ms.map(|kept| now + kept);
        }
        // Its entries at its deadline, if the window still holds them (equal
        // times are alike), move to now.
        let logged_at = sent_at + self.deadline_ms;
        let mut left = units.max(1);
        self.sent.retain(|&t| {
            let this = left > 0 && t == logged_at;
            left -= u32::from(this);
            !this
        });
        self.log(now, units);
    }

    /// Logs `units` sent (or arriving at the latest) at `at`, in time order.
    fn log(&mut self, at: Millis, units: u32) {
        let place = self.sent.partition_point(|&t| t <= at);
        for _ in 0..units.max(1) {
            self.sent.insert(place, at);
        }
    }

    /// The earliest time at or after `now` when `units` could be taken (a pure
    /// check, for deciding how long to sleep).
    pub fn ready_at(&self, now: Millis, units: u32) -> Millis {
        let units = units.max(1) as usize;
        assert!(
            units <= self.rps,
            "a request of {units} units exceeds the limit of {}",
            self.rps
        );
        let ahead = (self.burst() - 1) * self.interval_ms();
        let paced = Millis(self.paced_until.0.saturating_sub(ahead));
        let mut at = now.max(self.held_until).max(paced);
        // The first contact goes alone: it opens the connection and the
        // preflight, so it arrives late by both, and requests sent beside it
        // would each open their own and count from their (late) returns. The
        // rest follow its answer, warm. Its deadline frees the next anyway.
        if !self.opened {
            if let Some(first) = self.cold_in_flight.iter().map(|&(sent, _)| sent).min() {
                at = at.max(first + self.deadline_ms.max(1));
            }
        }
        let expired = self
            .sent
            .iter()
            .take_while(|&&t| at.since(t) >= self.window_ms)
            .count();
        // Live sends may exceed `rps` for a while: a cold request's units are
        // logged again when it returns, after the sends that followed it.
        let live = self.sent.len() - expired;
        match (live + units).checked_sub(self.rps) {
            None | Some(0) => at,
            // The excess-th oldest live send must leave the window first.
            Some(excess) => self.sent[expired + excess - 1] + self.window_ms,
        }
    }

    /// The pace: one unit per this many ms.
    fn interval_ms(&self) -> u64 {
        1000 / self.rps as u64
    }

    /// How many units may leave back to back after a pause: a quarter of
    /// `rps` (one, so none at once, below 8 rps). Small, so that a burst's
    /// arrivals still spread (and the scanner's cap on requests in flight
    /// spreads them further); enough that a short scan's opening window,
    /// which every later window repeats, is not spread over a whole second.
    pub fn burst(&self) -> u64 {
        (self.rps as u64 / 4).max(1)
    }

    /// Sends nothing before `until` (a 429 with `Retry-After`). Never shortens an
    /// existing hold.
    pub fn hold_until(&mut self, until: Millis) {
        self.held_until = self.held_until.max(until);
    }
}

#[cfg(test)]
mod tests;

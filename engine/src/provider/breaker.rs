//! A circuit breaker per provider: stop sending to a provider that keeps failing,
//! probe it again after a cooldown, resume when a probe succeeds.

use crate::time::Millis;
use serde::{Deserialize, Serialize};

/// What the UI shows of a breaker.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BreakerStatus {
    Closed,
    Open,
    HalfOpen,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Closed {
        consecutive_failures: u32,
    },
    Open {
        until: Millis,
    },
    /// After the cooldown: one probe request may go; `probing` while it is out.
    HalfOpen {
        probing: bool,
    },
}

#[derive(Clone, Debug)]
pub struct CircuitBreaker {
    state: State,
    failure_threshold: u32,
    base_cooldown_ms: u64,
    /// Doubles each time a probe fails (up to `MAX_COOLDOWN_MS`), so a provider that
    /// stays down is asked less and less often.
    cooldown_ms: u64,
    failed_probes: u32,
}

const MAX_COOLDOWN_MS: u64 = 5 * 60 * 1000;

impl CircuitBreaker {
    pub fn new(failure_threshold: u32, cooldown_ms: u64) -> Self {
        CircuitBreaker {
            state: State::Closed {
                consecutive_failures: 0,
            },
            failure_threshold: failure_threshold.max(1),
            base_cooldown_ms: cooldown_ms,
            cooldown_ms,
            failed_probes: 0,
        }
    }

    /// Whether a request may go to this provider now (a pure check: call
    /// [`CircuitBreaker::on_send`] when the request actually goes).
    pub fn allows(&self, now: Millis) -> bool {
        match self.state {
            State::Closed { .. } => true,
            State::Open { until } => now >= until,
            State::HalfOpen { probing } => !probing,
        }
    }

    /// Records that a request went out. After the cooldown, that request is the
    /// single half-open probe: no other goes until its outcome is recorded.
    pub fn on_send(&mut self, now: Millis) {
        match self.state {
            State::Open { until } if now >= until => self.state = State::HalfOpen { probing: true },
            State::HalfOpen { .. } => self.state = State::HalfOpen { probing: true },
            _ => {}
        }
    }

    /// How many probes in a row have failed since the provider last answered well:
    /// the scan gives up on a chain when every provider has failed this often.
    pub fn failed_probes(&self) -> u32 {
        self.failed_probes
    }

    /// The earliest time a request may go: now when closed, the end of the
    /// cooldown when open, and `None` while the half-open probe is out (only its
    /// answer can change anything).
    pub fn next_allowed(&self, now: Millis) -> Option<Millis> {
        match self.state {
            State::Closed { .. } | State::HalfOpen { probing: false } => Some(now),
            State::Open { until } => Some(until.max(now)),
            State::HalfOpen { probing: true } => None,
        }
    }

    pub fn record_success(&mut self) {
        self.state = State::Closed {
            consecutive_failures: 0,
        };
        self.cooldown_ms = self.base_cooldown_ms;
        self.failed_probes = 0;
    }

    pub fn record_failure(&mut self, now: Millis) {
        self.state = match self.state {
            State::Closed {
                consecutive_failures,
            } if consecutive_failures + 1 < self.failure_threshold => State::Closed {
                consecutive_failures: consecutive_failures + 1,
            },
            State::Closed { .. } => State::Open {
                until: now + self.cooldown_ms,
            },
            State::HalfOpen { .. } => {
                self.failed_probes += 1;
                self.cooldown_ms = (self.cooldown_ms * 2).min(MAX_COOLDOWN_MS);
                State::Open {
                    until: now + self.cooldown_ms,
                }
            }
            // A late answer to a request sent before the breaker opened.
            open @ State::Open { .. } => open,
        };
    }

    pub fn status(&self) -> BreakerStatus {
        match self.state {
            State::Closed { .. } => BreakerStatus::Closed,
            State::Open { .. } => BreakerStatus::Open,
            State::HalfOpen { .. } => BreakerStatus::HalfOpen,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closed_open_half_open_closed() {
        let mut breaker = CircuitBreaker::new(3, 1000);
        assert!(breaker.allows(Millis(0)));
        breaker.record_failure(Millis(0));
        breaker.record_failure(Millis(10));
        assert_eq!(breaker.status(), BreakerStatus::Closed);
        breaker.record_failure(Millis(20));
        assert_eq!(breaker.status(), BreakerStatus::Open);
        assert!(!breaker.allows(Millis(1019)));
        assert_eq!(breaker.next_allowed(Millis(30)), Some(Millis(1020)));

        // After the cooldown exactly one probe goes out.
        assert!(breaker.allows(Millis(1020)));
        breaker.on_send(Millis(1020));
        assert_eq!(breaker.status(), BreakerStatus::HalfOpen);
        assert!(!breaker.allows(Millis(1021)));
        assert_eq!(breaker.next_allowed(Millis(1021)), None);

        breaker.record_success();
        assert_eq!(breaker.status(), BreakerStatus::Closed);
        assert!(breaker.allows(Millis(1022)));
    }

    #[test]
    fn a_success_resets_the_failure_count() {
        let mut breaker = CircuitBreaker::new(2, 1000);
        breaker.record_failure(Millis(0));
        breaker.record_success();
        breaker.record_failure(Millis(1));
        assert_eq!(breaker.status(), BreakerStatus::Closed);
    }

    #[test]
    fn failed_probes_double_the_cooldown_until_a_success() {
        let mut breaker = CircuitBreaker::new(1, 1000);
        breaker.record_failure(Millis(0));
        for (probe_at, reopened_until) in [(1000, 3000), (3000, 7000)] {
            assert!(breaker.allows(Millis(probe_at)));
            breaker.on_send(Millis(probe_at));
            breaker.record_failure(Millis(probe_at));
            assert_eq!(
                breaker.next_allowed(Millis(probe_at)),
                Some(Millis(reopened_until))
            );
        }
        assert_eq!(breaker.failed_probes(), 2);
        breaker.on_send(Millis(7000));
        breaker.record_success();
        assert_eq!(breaker.failed_probes(), 0);
        breaker.record_failure(Millis(8000));
        assert_eq!(breaker.next_allowed(Millis(8000)), Some(Millis(9000)));
    }
}

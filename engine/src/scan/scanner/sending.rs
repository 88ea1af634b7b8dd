//! The scanner's sending side: which provider asks about what next (a group
//! test, a fresh group, a token balance or a batch of balances), whether its
//! rate limit, breaker and requests in flight let it send now, and when the
//! driver should wake to try again.

use super::{
    Asked, ChainScanner, InFlight, NextAsk, Outgoing, ProviderSlot, ScanOutcome, WorkItem,
};
use crate::scan::groups::GroupTest;
use crate::scan::protocol::{build_request, summary_request, token_request};
use crate::scan::result::ScanTarget;
use crate::scan::setup::ProviderKind;
use crate::time::Millis;

impl ChainScanner {
    /// Adds `targets` to a scan (a fresh scan's rest, or addresses imported
    /// while it ran), which then goes on until they are checked too.
    pub fn take_in(&mut self, targets: impl IntoIterator<Item = ScanTarget>) {
        self.queue.extend(targets.into_iter().map(WorkItem::new));
        self.awaiting_more = false;
        if self.outcome == Some(ScanOutcome::Completed) {
            self.outcome = None;
            self.final_pass = false;
        }
        self.check_finished();
    }

    /// More addresses are coming until the next [`ChainScanner::take_in`]:
    /// meanwhile a batch of balances goes out only full (the rest would have
    /// filled it, and a part batch costs a request of its own).
    pub fn awaiting_more(&mut self) {
        self.awaiting_more = true;
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

    pub(super) fn nothing_to_send(&self) -> bool {
        self.queue.is_empty() && self.group_tests.is_empty() && self.token_asks.is_empty()
    }

    /// What provider `slot` would ask about next, if it has anything to send:
    /// a group test (those only go to providers with group summaries), a fresh
    /// group, a token balance (providers that ask one at a time), or the
    /// balances of the next addresses in the queue.
    fn next_ask(&self, slot: &ProviderSlot) -> Option<NextAsk> {
        if slot.config.kind == ProviderKind::Etherscan && !self.token_asks.is_empty() {
            return Some(NextAsk::TokenBalance);
        }
        if slot.group_limit > 0 {
            if !self.group_tests.is_empty() {
                return Some(NextAsk::GroupTest);
            }
            let fresh = self.fresh_group_len();
            if fresh > 1 {
                return Some(NextAsk::FreshGroup(fresh));
            }
        }
        let take = slot.max_addresses.min(self.queue.len());
        let part = take < slot.max_addresses && self.awaiting_more;
        (take > 0 && !part).then_some(NextAsk::Balances(take))
    }

    /// How many rate-limit units `ask` costs provider `slot`: a summary is one
    /// request whatever it carries.
    fn units(&self, slot: &ProviderSlot, ask: NextAsk) -> u32 {
        match ask {
            NextAsk::Balances(take) => slot.config.units(take, self.tokens.len()),
            NextAsk::GroupTest | NextAsk::FreshGroup(_) | NextAsk::TokenBalance => 1,
        }
    }

    fn try_send(&mut self, index: usize, now: Millis) -> Option<Outgoing> {
        let slot = &self.providers[index];
        if slot.stats.left_out
            || slot.in_flight >= self.settings.max_in_flight
            || !slot.breaker.allows(now)
        {
            return None;
        }
        let ask = self.next_ask(slot)?;
        let units = self.units(slot, ask);
        let slot = &mut self.providers[index];
        slot.limiter.try_take(now, units).ok()?;
        slot.breaker.on_send(now);
        slot.in_flight += 1;
        slot.stats.requests += 1;

        let id = self.next_id;
        self.next_id += 1;
        let asked = match ask {
            NextAsk::GroupTest => Asked::Group(self.group_tests.pop().expect("next_ask saw one")),
            NextAsk::FreshGroup(len) => {
                Asked::Group(GroupTest::fresh(self.queue.drain(..len).collect()))
            }
            NextAsk::Balances(take) => Asked::Balances(self.queue.drain(..take).collect()),
            NextAsk::TokenBalance => {
                Asked::Token(self.token_asks.pop_front().expect("next_ask saw one"))
            }
        };
        let request = match &asked {
            Asked::Balances(items) => {
                let targets: Vec<ScanTarget> = items.iter().map(|i| i.target.clone()).collect();
                build_request(&slot.config, &self.tokens, id, &targets)
            }
            Asked::Group(test) => summary_request(&slot.config, &test.items),
            Asked::Token(ask) => {
                let address = &self.assemblies[&ask.assembly].item.target.address;
                token_request(&slot.config, &self.tokens, ask.token, address)
            }
        };
        self.in_flight.insert(
            id,
            InFlight {
                provider: index,
                asked,
                sent_at: now,
                units,
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
            .filter(|slot| !slot.stats.left_out && slot.in_flight < self.settings.max_in_flight)
            .filter_map(|slot| {
                let ask = self.next_ask(slot)?;
                let breaker_ready = slot.breaker.next_allowed(now)?;
                let rate_ready = slot.limiter.ready_at(now, self.units(slot, ask));
                Some(rate_ready.max(breaker_ready))
            })
            .min()
    }
}

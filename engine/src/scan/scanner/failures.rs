//! What a failed answer does: to the provider's health and limits (breaker,
//! 429 holds) and to the addresses it carried (retried, split, set aside).

use super::{ChainScanner, WorkItem};
use crate::provider::ProviderError;
use crate::time::Millis;

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
    /// The provider answered as it should: its breaker and 429 streak reset.
    pub(super) fn note_success(&mut self, provider: usize) {
        let slot = &mut self.providers[provider];
        slot.breaker.record_success();
        slot.rate_limits_in_a_row = 0;
    }

    /// The provider's health and limits after a failed answer.
    pub(super) fn note_failure(&mut self, now: Millis, provider: usize, error: &ProviderError) {
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
        if error.rules_the_provider_out() {
            // A refused key or plan refuses every request: asking again would
            // only spend the provider's limit.
            slot.stats.left_out = true;
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
    pub(super) fn retry_balances(
        &mut self,
        provider: usize,
        items: Vec<WorkItem>,
        error: &ProviderError,
    ) {
        if error.rules_the_provider_out() {
            // Not these addresses' fault: the other providers take them as they are.
            self.requeue_first(items);
            return;
        }
        if error.should_split() && items.len() > 1 {
            self.providers[provider].max_addresses = (items.len() / 2).max(1);
            self.requeue_first(items);
            return;
        }
        let give_up_now = !error.is_retryable() && items.len() == 1;
        for item in items.into_iter().rev() {
            self.retry(item, give_up_now);
        }
    }

    /// Puts `items` back at the front of the queue, in their order.
    pub(super) fn requeue_first(&mut self, items: Vec<WorkItem>) {
        for item in items.into_iter().rev() {
            self.queue.push_front(item);
        }
    }

    /// Sends `item` again later, or sets it aside for the final pass once it has
    /// failed too often (or cannot succeed as it is).
    pub(super) fn retry(&mut self, mut item: WorkItem, give_up_now: bool) {
        item.attempts += 1;
        if give_up_now || item.attempts >= self.settings.max_attempts {
            self.set_aside.push(item);
        } else {
            self.queue.push_front(item);
        }
    }
}

//! The scanner's side of group summaries ([`crate::scan::groups`]): forming
//! fresh groups from the queue, and taking a summary's answer or failure.

use super::ChainScanner;
use crate::amount::U256;
use crate::codec::esplora::{summary_body_len, MAX_SUMMARY_BODY};
use crate::codec::DecodeError;
use crate::provider::ProviderError;
use crate::scan::groups::{
    discovery_group_size, group_size, settle, settle_activity, GroupTest, Settled,
};
use crate::scan::protocol::read_summary;
use crate::scan::{AddressResult, AssetBalance, HttpResponse, ProviderKind, TransportError};
use crate::time::Millis;

impl ChainScanner {
    /// The smallest group limit among the providers that summarise groups: any
    /// of them can take any test.
    pub(super) fn shared_group_limit(&self) -> usize {
        self.providers
            .iter()
            .filter(|p| !p.stats.left_out && p.group_limit > 0)
            .map(|p| p.group_limit)
            .min()
            .unwrap_or(0)
    }

    /// How many queued addresses a fresh group would take: up to the size the
    /// funded share suggests, none that go one by one, and a body electrs takes.
    pub(super) fn fresh_group_len(&self) -> usize {
        let discovery = self
            .providers
            .iter()
            .any(|p| matches!(p.config.kind, ProviderKind::Activity(_)));
        let sizing = if discovery {
            discovery_group_size
        } else {
            group_size
        };
        let size = sizing(self.settled, self.settled_hits, self.shared_group_limit());
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

    pub(super) fn on_summary(
        &mut self,
        now: Millis,
        provider: usize,
        test: GroupTest,
        response: Result<HttpResponse, TransportError>,
    ) -> Vec<AddressResult> {
        let slot = &mut self.providers[provider];
        let discovery = matches!(slot.config.kind, ProviderKind::Activity(_));
        let (test, error) = match read_summary(&slot.config, response) {
            Ok(summary) if discovery => {
                self.note_success(provider);
                return self.take_activity(settle_activity(test, &summary));
            }
            Ok(summary) => match settle(test, &summary) {
                Ok(settled) => {
                    self.note_success(provider);
                    self.group_tests.extend(settled.tests);
                    let mut one_by_one = settled.one_by_one;
                    for item in &mut one_by_one {
                        item.one_by_one = true;
                    }
                    self.requeue_first(one_by_one);
                    let tokens = self.tokens.len();
                    return settled
                        .balances
                        .into_iter()
                        .map(|(target, satoshi)| AddressResult {
                            target,
                            native: AssetBalance::Checked(U256::from(satoshi)),
                            tokens: vec![AssetBalance::Unchecked; tokens],
                            transactions: None,
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

    /// A discovery's settled group: the unused at zero with no transaction,
    /// the used with theirs.
    fn take_activity(&mut self, settled: Settled) -> Vec<AddressResult> {
        self.group_tests.extend(settled.tests);
        let tokens = self.tokens.len();
        let result = |target, balance: Option<u64>, transactions| AddressResult {
            target,
            native: balance.map_or(AssetBalance::Unchecked, |b| {
                AssetBalance::Checked(U256::from(b))
            }),
            tokens: vec![AssetBalance::Unchecked; tokens],
            transactions: Some(transactions),
        };
        let unused = settled
            .balances
            .into_iter()
            .map(|(target, _)| result(target, Some(0), 0));
        let used = settled
            .used
            .into_iter()
            .map(|(target, transactions, balance)| result(target, balance, transactions));
        unused.chain(used).collect()
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
            self.requeue_first(test.into_items());
            if self.shared_group_limit() == 0 {
                // Nobody left to take them.
                let tests: Vec<GroupTest> = self.group_tests.drain(..).collect();
                self.queue
                    .extend(tests.into_iter().flat_map(GroupTest::into_items));
            }
            return;
        }
        test.attempts += 1;
        if test.attempts >= self.settings.max_attempts {
            let mut items = test.into_items();
            for item in &mut items {
                item.one_by_one = true;
            }
            self.requeue_first(items);
        } else {
            self.group_tests.push(test);
        }
    }
}

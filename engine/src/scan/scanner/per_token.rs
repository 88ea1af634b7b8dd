//! Providers that answer one token balance a request (the `etherscan` kind):
//! `balancemulti` reads the native balances of up to 20 addresses, then each
//! of those addresses waits here, as an [`Assembly`], for one `tokenbalance`
//! call per token. Only complete results leave: an address is settled when
//! every one of its balances is in.
//!
//! Token calls are asked before new `balancemulti` calls, so few addresses are
//! half-assembled at once. Nothing half-assembled is stored: a scan stopped
//! now asks those addresses again when it resumes. An assembly that keeps
//! failing, or whose providers have all dropped out, goes back to the queue
//! whole, for any provider to take.

use super::{ChainScanner, WorkItem};
use crate::amount::U256;
use crate::provider::ProviderError;
use crate::scan::protocol::read_token_balance;
use crate::scan::{AddressResult, AssetBalance, HttpResponse, ProviderKind, TransportError};
use crate::time::Millis;

/// An address whose native balance is known, waiting for its token balances:
/// its result so far, the tokens unchecked until their calls answer.
pub(super) struct Assembly {
    pub(super) item: WorkItem,
    result: AddressResult,
}

/// One `tokenbalance` call to make: token `token` of assembly `assembly`.
#[derive(Clone, Copy, Debug)]
pub(super) struct TokenAsk {
    pub(super) assembly: u64,
    pub(super) token: usize,
}

impl ChainScanner {
    /// Whether some provider can still make token calls this scan.
    fn can_assemble(&self) -> bool {
        self.providers.iter().any(|p| {
            p.config.kind == ProviderKind::Etherscan
                && !p.stats.left_out
                && p.breaker.failed_probes() < self.settings.probes_before_giving_up
        })
    }

    /// Native balances read by `balancemulti`: each address waits for its
    /// token calls (there are tokens, or results would be complete already).
    pub(super) fn assemble(&mut self, items: Vec<WorkItem>, results: Vec<AddressResult>) {
        for (item, result) in items.into_iter().zip(results) {
            let id = self.next_assembly;
            self.next_assembly += 1;
            self.token_asks
                .extend((0..result.tokens.len()).map(|token| TokenAsk {
                    assembly: id,
                    token,
                }));
            self.assemblies.insert(id, Assembly { item, result });
        }
    }

    /// The answer to a token call: the address's result once it is complete.
    pub(super) fn on_token(
        &mut self,
        now: Millis,
        provider: usize,
        ask: TokenAsk,
        response: Result<HttpResponse, TransportError>,
    ) -> Vec<AddressResult> {
        let error = match read_token_balance(&self.providers[provider].config, response) {
            Ok(amount) => {
                self.note_success(provider);
                return self.fill(ask, amount).into_iter().collect();
            }
            Err(error) => error,
        };
        self.note_failure(now, provider, &error);
        self.retry_token(ask, &error);
        Vec::new()
    }

    fn fill(&mut self, ask: TokenAsk, amount: U256) -> Option<AddressResult> {
        let assembly = self.assemblies.get_mut(&ask.assembly)?;
        assembly.result.tokens[ask.token] = AssetBalance::Checked(amount);
        if !assembly.result.is_complete() {
            return None;
        }
        Some(self.assemblies.remove(&ask.assembly)?.result)
    }

    /// A failed token call: asked again first, unless its address has failed
    /// too often, or the call cannot succeed as it is; then the address goes
    /// back to the queue whole.
    fn retry_token(&mut self, ask: TokenAsk, error: &ProviderError) {
        let Some(assembly) = self.assemblies.get_mut(&ask.assembly) else {
            return;
        };
        if error.rules_the_provider_out() {
            // Not the address's fault: another token provider asks it.
            self.token_asks.push_front(ask);
            return;
        }
        assembly.item.attempts += 1;
        if !error.is_retryable() || assembly.item.attempts >= self.settings.max_attempts {
            if let Some(assembly) = self.dissolve(ask.assembly) {
                self.retry(assembly.item, !error.is_retryable());
            }
        } else {
            self.token_asks.push_front(ask);
        }
    }

    /// Takes assembly `id` apart: its token calls are dropped (an answer to
    /// one in flight finds nothing to fill).
    fn dissolve(&mut self, id: u64) -> Option<Assembly> {
        self.token_asks.retain(|ask| ask.assembly != id);
        self.assemblies.remove(&id)
    }

    /// When no provider can make token calls any more, the addresses waiting
    /// for them go back to the queue, for the providers that are left.
    pub(super) fn release_stranded_assemblies(&mut self) {
        if self.assemblies.is_empty() || self.can_assemble() {
            return;
        }
        self.token_asks.clear();
        let items: Vec<WorkItem> = std::mem::take(&mut self.assemblies)
            .into_tuple_vec()
            .into_iter()
            .map(|(_, assembly)| assembly.item)
            .collect();
        self.requeue_first(items);
    }
}

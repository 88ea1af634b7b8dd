//! What a scan learns about each address.

use crate::amount::U256;
use serde::{Deserialize, Serialize};

/// An address to check: its position in the user's list and its canonical text.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ScanTarget {
    pub index: u64,
    pub address: String,
}

impl ScanTarget {
    /// Sorts `targets` by index, keeping list order among equal indices. Every
    /// caller goes through this one function so the wasm carries one stable
    /// sort of targets, not one per call site's closure.
    pub fn sort_by_index(targets: &mut [ScanTarget]) {
        targets.sort_by_key(|target| target.index);
    }
}

/// One asset's balance: confirmed by a provider, or not (yet) known. Unchecked is
/// never zero: it is never exported and keeps the address in the retry list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AssetBalance {
    Checked(U256),
    Unchecked,
}

impl AssetBalance {
    pub fn is_checked(self) -> bool {
        matches!(self, AssetBalance::Checked(_))
    }

    pub fn is_funded(self) -> bool {
        matches!(self, AssetBalance::Checked(amount) if !amount.is_zero())
    }

    /// A fresh result replaces an older one unless it knows less: a balance
    /// confirmed earlier in the scan survives a later failed sub-call.
    pub fn merged_with(self, newer: AssetBalance) -> AssetBalance {
        match newer {
            AssetBalance::Checked(_) => newer,
            AssetBalance::Unchecked => self,
        }
    }
}

/// An address's balances: the native coin, then each token in configured order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressResult {
    pub target: ScanTarget,
    pub native: AssetBalance,
    pub tokens: Vec<AssetBalance>,
    /// How many transactions the address took part in, where the answer says
    /// (Esplora: its confirmed transactions; an EVM activity check: its nonce,
    /// the transactions it sent). `None`: the answer does not say. Never
    /// stored (skipped, so the packed pages keep their layout): only discovery
    /// with a gap limit reads it.
    #[serde(skip)]
    pub transactions: Option<u64>,
}

impl AddressResult {
    pub fn unchecked(target: ScanTarget, tokens: usize) -> Self {
        AddressResult {
            target,
            native: AssetBalance::Unchecked,
            tokens: vec![AssetBalance::Unchecked; tokens],
            transactions: None,
        }
    }

    fn assets(&self) -> impl Iterator<Item = AssetBalance> + '_ {
        std::iter::once(self.native).chain(self.tokens.iter().copied())
    }

    /// Every asset confirmed.
    pub fn is_complete(&self) -> bool {
        self.assets().all(AssetBalance::is_checked)
    }

    /// Any confirmed non-zero balance.
    pub fn is_funded(&self) -> bool {
        self.assets().any(AssetBalance::is_funded)
    }

    /// Whether the address was ever used, as far as this result tells: it
    /// holds funds, or took part in a transaction. `None` when it holds none and
    /// the answer gave no transaction count (or a balance is unchecked).
    pub fn was_used(&self) -> Option<bool> {
        if self.is_funded() {
            return Some(true);
        }
        match self.transactions {
            Some(count) if self.is_complete() || count > 0 => Some(count > 0),
            _ => None,
        }
    }

    /// `self` updated with a newer result for the same address.
    pub fn merged_with(&self, newer: &AddressResult) -> AddressResult {
        AddressResult {
            target: newer.target.clone(),
            native: self.native.merged_with(newer.native),
            tokens: self
                .tokens
                .iter()
                .zip(&newer.tokens)
                .map(|(old, new)| old.merged_with(*new))
                .collect(),
            transactions: newer.transactions.or(self.transactions),
        }
    }
}

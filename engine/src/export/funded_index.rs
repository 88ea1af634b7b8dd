//! A compact index of every funded balance, for the results panel and the export.
//!
//! A network can hold hundreds of thousands of funded balances. The page keeps them
//! here rather than as [`FundedRow`]s: each balance is a fixed-size entry, each
//! address is stored once, and each asset's name once, so sorting, filtering and
//! totals stay cheap and the page builds full rows only for the 25 it shows (or,
//! chunk by chunk, for the CSV).

use super::{funded_rows, FundedRow};
use crate::amount::{Decimals, U256};
use crate::scan::{AddressResult, Token};
use crate::Chain;

/// One asset of one chain as results name it: the native coin or a token.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AssetLabel {
    pub chain: Chain,
    pub symbol: String,
    pub decimals: Decimals,
    /// 0 for the native coin, then the token's place in its scan's token list.
    pub position: usize,
}

/// One funded balance: 56 bytes, whatever the address or asset.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Entry {
    raw: U256,
    /// The amount in whole units, for ordering amounts of different assets.
    magnitude: f64,
    index: u64,
    address: u32,
    asset: u16,
}

/// The sum of one asset's balances.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AssetTotal {
    pub asset: AssetLabel,
    pub addresses: usize,
    pub sum: U256,
}

/// Which balances to list, and in what order.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Selection {
    pub chain: Option<Chain>,
    /// An asset's symbol (USDC on BSC and on Solana alike).
    pub symbol: Option<String>,
    pub order: Order,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Order {
    /// The export's order: chain, index, address, native before tokens.
    #[default]
    List,
    LargestFirst,
    SmallestFirst,
}

#[derive(Clone, Debug, Default)]
pub struct FundedIndex {
    assets: Vec<AssetLabel>,
    addresses: Vec<Box<str>>,
    /// In list order up to `sorted` (see [`FundedIndex::finish`]).
    entries: Vec<Entry>,
    sorted: usize,
}

impl FundedIndex {
    /// Adds the funded balances of one stored result, read with the token list its
    /// scan used.
    pub fn add(&mut self, chain: Chain, result: &AddressResult, tokens: &[Token]) {
        let mut address = None;
        for row in funded_rows(chain, result, tokens) {
            let address = *address.get_or_insert_with(|| {
                self.addresses.push(row.address.as_str().into());
                (self.addresses.len() - 1) as u32
            });
            let asset = self.asset_id(&row);
            self.entries.push(Entry {
                raw: row.raw,
                magnitude: magnitude(row.raw, row.decimals),
                index: row.index,
                address,
                asset,
            });
        }
    }

    /// The row's asset in the (short) list of assets seen, added if new.
    fn asset_id(&mut self, row: &FundedRow) -> u16 {
        let same = |known: &AssetLabel| {
            known.chain == row.chain
                && known.position == row.token_position
                && known.decimals == row.decimals
                && known.symbol == row.token
        };
        if let Some(id) = self.assets.iter().position(same) {
            return id as u16;
        }
        self.assets.push(AssetLabel {
            chain: row.chain,
            symbol: row.token.clone(),
            decimals: row.decimals,
            position: row.token_position,
        });
        (self.assets.len() - 1) as u16
    }

    /// Puts the entries added since the last call in list order (the export's).
    /// Called after each chain, chains in [`Chain::ALL`] order, it sorts one chain
    /// at a time (a short task each); called once at the end, it sorts all.
    /// Indices rarely repeat, so addresses are compared only on ties.
    pub fn finish(&mut self) {
        let (assets, addresses) = (&self.assets, &self.addresses);
        let from = std::mem::replace(&mut self.sorted, self.entries.len());
        let unsorted = &mut self.entries[from..];
        // No two entries share chain, address and position: an unstable sort
        // gives the one order there is.
        unsorted.sort_unstable_by(|a, b| {
            let (asset_a, asset_b) = (&assets[a.asset as usize], &assets[b.asset as usize]);
            (asset_a.chain, a.index)
                .cmp(&(asset_b.chain, b.index))
                .then_with(|| addresses[a.address as usize].cmp(&addresses[b.address as usize]))
                .then(asset_a.position.cmp(&asset_b.position))
        });
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The symbols found, sorted, for the asset filter.
    pub fn symbols(&self) -> Vec<String> {
        // A handful of assets: inserting each at its place costs less wasm
        // than a sort of strings.
        let mut symbols: Vec<String> = Vec::new();
        for asset in &self.assets {
            if let Err(at) = symbols.binary_search(&asset.symbol) {
                symbols.insert(at, asset.symbol.clone());
            }
        }
        symbols
    }

    /// Totals per chain and asset, in chain then list order.
    pub fn totals(&self) -> Vec<AssetTotal> {
        let mut totals: Vec<AssetTotal> = self
            .assets
            .iter()
            .map(|asset| AssetTotal {
                asset: asset.clone(),
                addresses: 0,
                sum: U256::ZERO,
            })
            .collect();
        for entry in &self.entries {
            let total = &mut totals[entry.asset as usize];
            total.addresses += 1;
            total.sum = total.sum.saturating_add(entry.raw);
        }
        // A handful of assets: each moved to its place (an insertion sort)
        // costs less wasm than a sort instantiated for them.
        fn key(total: &AssetTotal) -> (Chain, usize, &str) {
            let asset = &total.asset;
            (asset.chain, asset.position, &asset.symbol)
        }
        for unsorted in 1..totals.len() {
            let at = totals[..unsorted].partition_point(|t| key(t) <= key(&totals[unsorted]));
            totals[at..=unsorted].rotate_right(1);
        }
        totals
    }

    /// The positions of the balances the selection lists, in its order.
    pub fn select(&self, selection: &Selection) -> Vec<u32> {
        let assets = &self.assets;
        let wanted = |entry: &Entry| {
            let asset = &assets[entry.asset as usize];
            selection.chain.is_none_or(|chain| asset.chain == chain)
                && selection
                    .symbol
                    .as_deref()
                    .is_none_or(|symbol| asset.symbol == symbol)
        };
        let mut picked: Vec<u32> = (0..self.entries.len() as u32)
            .filter(|&i| wanted(&self.entries[i as usize]))
            .collect();
        let magnitude = |i: &u32| self.entries[*i as usize].magnitude;
        // Equal amounts keep list order (positions are in list order), which lets
        // the faster unstable sort give the same result as a stable one.
        // One sort for both directions (each closure would be a sort of its own
        // in the wasm).
        let largest_first = match selection.order {
            Order::List => return picked,
            Order::LargestFirst => true,
            Order::SmallestFirst => false,
        };
        picked.sort_unstable_by(|a, b| {
            let smaller_first = magnitude(a).total_cmp(&magnitude(b));
            let by_amount = if largest_first {
                smaller_first.reverse()
            } else {
                smaller_first
            };
            by_amount.then(a.cmp(b))
        });
        picked
    }

    /// The full row of the balance at `position` (from [`FundedIndex::select`] or
    /// `0..len()`).
    pub fn row(&self, position: u32) -> FundedRow {
        let entry = &self.entries[position as usize];
        let asset = &self.assets[entry.asset as usize];
        FundedRow {
            chain: asset.chain,
            index: entry.index,
            address: self.addresses[entry.address as usize].to_string(),
            token: asset.symbol.clone(),
            token_position: asset.position,
            raw: entry.raw,
            decimals: asset.decimals,
        }
    }
}

/// `raw / 10^decimals` as a float: close enough to order amounts of assets with
/// different decimals (the page shows, and the CSV writes, the exact value).
fn magnitude(raw: U256, decimals: Decimals) -> f64 {
    let units = raw.as_limbs().iter().rev().fold(0.0, |acc, &limb| {
        acc * 18_446_744_073_709_551_616.0 + limb as f64
    });
    units / 10f64.powi(i32::from(decimals.get()))
}

#[cfg(test)]
mod tests;

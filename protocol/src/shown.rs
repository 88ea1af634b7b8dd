//! What the page shows, made by the worker: amounts formatted (the page carries
//! no 256-bit arithmetic) and providers with their keys masked (the page carries
//! no masking code).

use scanner_engine::amount::{amount_text, exact_text};
use scanner_engine::config::{masked, shown_url, url_host, AppConfig, Overrides};
use scanner_engine::export::funded_index::AssetTotal;
use scanner_engine::export::FundedRow;
use scanner_engine::scan::ProviderConfig;
use scanner_engine::Chain;
use serde::{Deserialize, Serialize};

/// What the results panel shows above its table.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultsSummary {
    pub totals: Vec<ShownTotal>,
    pub symbols: Vec<String>,
    pub count: usize,
}

/// An amount as the page shows it. The worker formats it, so the page carries
/// no 256-bit arithmetic: "1,234.5678 USDC", and every digit for the tooltip.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownAmount {
    pub text: String,
    pub exact: String,
}

/// One line of the totals table: an asset of a chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownTotal {
    pub chain: Chain,
    pub symbol: String,
    pub addresses: usize,
    pub sum: ShownAmount,
}

impl From<&AssetTotal> for ShownTotal {
    fn from(total: &AssetTotal) -> Self {
        let asset = &total.asset;
        ShownTotal {
            chain: asset.chain,
            symbol: asset.symbol.clone(),
            addresses: total.addresses,
            sum: ShownAmount {
                text: amount_text(total.sum, asset.decimals, &asset.symbol),
                exact: exact_text(total.sum, asset.decimals, &asset.symbol),
            },
        }
    }
}

/// One row of the funded table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownRow {
    pub chain: Chain,
    pub index: u64,
    pub address: String,
    pub balance: ShownAmount,
}

impl From<&FundedRow> for ShownRow {
    fn from(row: &FundedRow) -> Self {
        ShownRow {
            chain: row.chain,
            index: row.index,
            address: row.address.clone(),
            balance: ShownAmount {
                text: amount_text(row.raw, row.decimals, &row.token),
                exact: exact_text(row.raw, row.decimals, &row.token),
            },
        }
    }
}

/// A provider as the page lists it: its key, and every key-like part of its
/// URL, masked by the worker, so the page carries no masking code.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownProvider {
    /// The URL with every key-like part masked.
    pub url: String,
    /// The host alone (no `user:password@`), for the health table.
    pub host: String,
    /// The API key, masked ("••••abcd").
    pub key: Option<String>,
}

/// How each provider of a configuration shows, in the order of its lists, per
/// chain in [`Chain::ALL`] order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownProviders {
    /// The providers in force.
    pub resolved: [Vec<ShownProvider>; 3],
    /// The user's own entries.
    pub user: [Vec<ShownProvider>; 3],
}

impl ShownProviders {
    /// `resolved`'s and `user`'s providers, masked.
    pub fn of(resolved: &AppConfig, user: &Overrides) -> Self {
        let show = |providers: &[ProviderConfig]| -> Vec<ShownProvider> {
            providers
                .iter()
                .map(|p| ShownProvider {
                    url: shown_url(&p.url, p.api_key.as_deref()),
                    host: url_host(&p.url),
                    key: p.api_key.as_deref().map(masked),
                })
                .collect()
        };
        ShownProviders {
            resolved: Chain::ALL.map(|chain| show(resolved.providers(chain))),
            user: Chain::ALL
                .map(|chain| show(user.providers.get(&chain).map_or(&[], Vec::as_slice))),
        }
    }
}

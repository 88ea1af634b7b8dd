//! What the page shows, made by the worker: amounts formatted (the page carries
//! no 256-bit arithmetic) and providers with their keys masked (the page carries
//! no masking code).

use crate::stored::ConfigLayers;
use scanner_engine::amount::{amount_text, exact_text};
use scanner_engine::config::{masked, shown_url, token_presets, url_host, ProviderFields};
use scanner_engine::export::funded_index::AssetTotal;
use scanner_engine::export::FundedRow;
use scanner_engine::scan::{ProviderConfig, ProviderKind, Token};
use scanner_engine::solana::TokenProgram;
use scanner_engine::{Chain, Network};
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

/// A provider as the page lists it, made by the worker: its key, and every
/// key-like part of its URL, masked, so the page carries no masking code and
/// never holds a secret.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownProvider {
    pub name: String,
    /// The URL with every key-like part masked.
    pub url: String,
    /// The host alone (no `user:password@`), for the health table.
    pub host: String,
    /// Its limits in words: "10 rps · batch 100".
    pub limits: String,
    /// The API key, masked ("••••abcd").
    pub key: Option<String>,
    /// The settings form's fields when the entry is edited: its URL masked as
    /// above, its key blank (the worker keeps both when they come back so).
    pub fields: ProviderFields,
}

impl ShownProvider {
    pub fn of(provider: &ProviderConfig) -> Self {
        let url = shown_url(&provider.url, provider.api_key.as_deref());
        let mut limits = format!("{} rps", provider.rps);
        // The form's batch field: for Esplora, the addresses per group summary.
        let batch = match provider.kind {
            ProviderKind::Esplora { group_summary: 0 } => String::new(),
            ProviderKind::Esplora { group_summary } => {
                limits.push_str(&format!(" · groups of {group_summary}"));
                group_summary.to_string()
            }
            _ => {
                limits.push_str(&format!(" · batch {}", provider.batch));
                provider.batch.to_string()
            }
        };
        ShownProvider {
            name: provider.name.clone(),
            host: url_host(&provider.url),
            limits,
            key: provider.api_key.as_deref().map(masked),
            fields: ProviderFields {
                name: provider.name.clone(),
                url: url.clone(),
                rps: provider.rps.to_string(),
                batch,
                api_key: String::new(),
                multicall3: matches!(
                    provider.kind,
                    ProviderKind::EvmRpc {
                        multicall3: Some(_)
                    }
                ),
                etherscan: provider.kind == ProviderKind::Etherscan,
            },
            url,
        }
    }
}

/// A token as the page lists it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownToken {
    pub symbol: String,
    pub address: String,
    pub decimals: u8,
    /// A Solana mint whose accounts Token-2022 keeps.
    pub token_2022: bool,
}

impl ShownToken {
    fn of(token: &Token) -> Self {
        ShownToken {
            symbol: token.symbol.clone(),
            address: token.address.clone(),
            decimals: token.decimals.get(),
            token_2022: token.program == TokenProgram::Token2022,
        }
    }
}

/// One chain's configuration in force, as the page shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownChainConfig {
    /// The providers a scan of the chain uses, in order.
    pub providers: Vec<ShownProvider>,
    /// How a scan asks them, for the chain's card: "Groups of 300 via
    /// mempool.space · one address a request via Blockstream".
    pub how_scanned: String,
    /// Whether they are the user's own entries (else the site's: `config.json`
    /// or the built-in defaults).
    pub own_providers: bool,
    pub tokens: Vec<ShownToken>,
    /// Known tokens not scanned yet that the user can switch on (PYUSD on
    /// Solana), without typing a mint.
    pub presets: Vec<ShownToken>,
}

/// The configuration as the page shows it: resolved, masked and worded by the
/// worker, which alone holds the layers (and the keys in them).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownConfig {
    pub network: Network,
    /// Per chain, in [`Chain::ALL`] order.
    pub chains: [ShownChainConfig; 3],
    /// Why `config.json` was not applied, one line per problem.
    pub file_errors: Vec<String>,
    /// Why the saved settings could not be read, one line per problem.
    pub user_errors: Vec<String>,
    /// Address lists the demo's `config.json` offers, relative to the page.
    pub demo_files: Vec<String>,
}

/// Each way of asking, in the scan's order, with the providers that ask so
/// ("200 addresses a call (Multicall3) via A and B · 20 addresses a call via
/// C"), as a sentence: a chain's two providers of one kind are named once.
fn how_scanned(providers: &[ProviderConfig], tokens: usize) -> String {
    let mut ways: Vec<(String, Vec<&str>)> = Vec::new();
    for provider in providers {
        let how = provider.how_it_asks(tokens);
        match ways.iter_mut().find(|(way, _)| *way == how) {
            Some((_, names)) => names.push(&provider.name),
            None => ways.push((how, vec![&provider.name])),
        }
    }
    let text = ways
        .iter()
        .map(|(how, names)| format!("{how} via {}", spoken_list(names)))
        .collect::<Vec<_>>()
        .join(" · ");
    let mut chars = text.chars();
    match chars.next() {
        // ASCII: the text is the app's own English, and char::to_uppercase
        // would ship Unicode's case tables (about 12 KB) for it.
        Some(first) => std::iter::once(first.to_ascii_uppercase())
            .chain(chars)
            .collect(),
        None => text,
    }
}

/// "A", "A and B", "A, B and C".
fn spoken_list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [only] => only.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

impl ShownConfig {
    pub fn of(layers: &ConfigLayers) -> Self {
        let resolved = &layers.resolved;
        ShownConfig {
            network: resolved.network,
            chains: Chain::ALL.map(|chain| ShownChainConfig {
                how_scanned: how_scanned(resolved.providers(chain), resolved.tokens(chain).len()),
                providers: resolved
                    .providers(chain)
                    .iter()
                    .map(ShownProvider::of)
                    .collect(),
                own_providers: layers.user.providers.contains_key(&chain),
                tokens: resolved.tokens(chain).iter().map(ShownToken::of).collect(),
                presets: token_presets(chain, resolved.network)
                    .iter()
                    .filter(|p| {
                        resolved
                            .tokens(chain)
                            .iter()
                            .all(|t| t.address != p.address)
                    })
                    .map(ShownToken::of)
                    .collect(),
            }),
            file_errors: layers.file_errors.clone(),
            user_errors: layers.user_errors.clone(),
            demo_files: layers.demo_files.clone(),
        }
    }

    pub fn chain(&self, chain: Chain) -> &ShownChainConfig {
        &self.chains[chain.index()]
    }
}

#[cfg(test)]
mod tests {
    use super::how_scanned;
    use scanner_engine::config::builtin_providers;
    use scanner_engine::{Chain, Network};

    #[test]
    fn providers_that_ask_alike_are_named_in_one_phrase() {
        let bsc = builtin_providers(Chain::BnbSmartChain, Network::Mainnet);
        assert_eq!(
            how_scanned(&bsc, 2),
            "200 addresses a call (Multicall3) via BNB Chain and BNB Chain (binance.org)"
        );
        let btc = builtin_providers(Chain::Bitcoin, Network::Mainnet);
        assert_eq!(
            how_scanned(&btc, 0),
            "One address a request via Blockstream · groups of 300 via mempool.space"
        );
        // Three alike around one that differs: the ways keep the scan's order,
        // each named where its first provider stands.
        let mut mixed = vec![
            bsc[0].clone(),
            btc[0].clone(),
            bsc[1].clone(),
            bsc[0].clone(),
        ];
        mixed[3].name = "Own node".into();
        assert_eq!(
            how_scanned(&mixed, 2),
            "200 addresses a call (Multicall3) via BNB Chain, BNB Chain (binance.org) and \
             Own node · one address a request via Blockstream"
        );
        assert_eq!(how_scanned(&[], 2), "");
    }
}

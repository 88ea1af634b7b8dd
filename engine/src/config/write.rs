//! Writing a layer back out in the `config.json` shape: the page saves the user's
//! settings this way, and a deployer can copy them into a `config.json`.

use super::{Overrides, DEFAULT_TIMEOUT_MS};
use crate::codec::evm::CANONICAL_MULTICALL3;
use crate::scan::{ActivityQuery, ProviderKind};
use crate::solana::TokenProgram;
use serde_json::{json, Map, Value};

pub fn overrides_json(overrides: &Overrides) -> String {
    let mut root = Map::new();
    if let Some(network) = overrides.network {
        root.insert("network".into(), json!(network.to_string()));
    }
    if !overrides.providers.is_empty() {
        let providers = overrides.providers.iter().flat_map(|(chain, list)| {
            list.iter().map(move |p| {
                let mut entry = Map::new();
                entry.insert("chain".into(), json!(chain.code()));
                let kind = match p.kind {
                    ProviderKind::Esplora { group_summary } => {
                        if group_summary > 0 {
                            entry.insert("group_summary".into(), json!(group_summary));
                        }
                        "esplora"
                    }
                    ProviderKind::EvmRpc { multicall3 } => {
                        if multicall3 != Some(CANONICAL_MULTICALL3) {
                            let address = multicall3.map(|a| a.to_checksum(None));
                            entry.insert("multicall3".into(), json!(address));
                        }
                        "evm-rpc"
                    }
                    ProviderKind::Etherscan => "etherscan",
                    // A deep-check provider is a Solana node asked another way.
                    ProviderKind::SolanaRpc | ProviderKind::SolanaDeep { .. } => "solana-rpc",
                    // As is discovery's question to a provider of either kind.
                    ProviderKind::Activity(ActivityQuery::Esplora { .. }) => "esplora",
                    ProviderKind::Activity(ActivityQuery::Evm { .. }) => "evm-rpc",
                };
                entry.insert("kind".into(), json!(kind));
                entry.insert("name".into(), json!(p.name));
                entry.insert("url".into(), json!(p.url));
                entry.insert("rps".into(), json!(p.rps));
                if !matches!(p.kind, ProviderKind::Esplora { .. }) {
                    entry.insert("batch".into(), json!(p.batch));
                }
                if let Some(key) = &p.api_key {
                    entry.insert("api_key".into(), json!(key));
                }
                if p.timeout_ms != DEFAULT_TIMEOUT_MS {
                    entry.insert("timeout_ms".into(), json!(p.timeout_ms));
                }
                Value::Object(entry)
            })
        });
        root.insert("providers".into(), Value::Array(providers.collect()));
    }
    if !overrides.tokens.is_empty() {
        let tokens = overrides.tokens.iter().flat_map(|(chain, list)| {
            list.iter().map(move |t| {
                let mut entry = json!({
                    "chain": chain.code(),
                    "symbol": t.symbol,
                    "address": t.address,
                    "decimals": t.decimals.get(),
                });
                if t.program != TokenProgram::default() {
                    entry["program"] = json!(t.program.code());
                }
                entry
            })
        });
        root.insert("tokens".into(), Value::Array(tokens.collect()));
    }
    serde_json::to_string_pretty(&Value::Object(root)).expect("JSON values always serialise")
}

//! One `providers[i]` or `tokens[i]` entry: every field checked, every problem
//! reported with its path and value.

use super::fields::{chain, error, integer, missing, required_text, ConfigError, MAX_RPS};
use super::DEFAULT_TIMEOUT_MS;
use crate::address::solana_key;
use crate::amount::Decimals;
use crate::codec::esplora::MAX_GROUP_SUMMARY;
use crate::codec::etherscan::MAX_BALANCEMULTI;
use crate::codec::evm::CANONICAL_MULTICALL3;
use crate::codec::solana_rpc::MAX_KEYS;
use crate::scan::{ProviderConfig, ProviderKind, Token};
use crate::solana::TokenProgram;
use crate::Chain;
use alloy_primitives::Address;
use serde_json::{Map, Value};

pub(super) fn provider(
    at: &str,
    entry: &Value,
    errors: &mut Vec<ConfigError>,
) -> Option<(Chain, ProviderConfig)> {
    let Value::Object(fields) = entry else {
        errors.push(error(at, entry, "must be an object"));
        return None;
    };
    let before = errors.len();
    let chain = chain(at, fields, errors);
    let url = required_text(at, fields, "url", errors).and_then(|url| {
        let ok = url.starts_with("https://") || url.starts_with("http://");
        if !ok {
            errors.push(error(
                &format!("{at}.url"),
                &Value::from(super::shown_url(url, None)),
                "must start with https:// or http://",
            ));
        }
        ok.then(|| url.trim_end_matches('/').to_string())
    });
    let kind = required_text(at, fields, "kind", errors).and_then(|kind| {
        let expected: &[&str] = match chain? {
            Chain::Bitcoin => &["esplora"],
            Chain::BnbSmartChain => &["evm-rpc", "etherscan"],
            Chain::Solana => &["solana-rpc"],
        };
        if !expected.contains(&kind) {
            let kinds = expected
                .iter()
                .map(|k| format!("\"{k}\""))
                .collect::<Vec<_>>()
                .join(" or ");
            let problem = format!("the scanner reads {} through {kinds}", chain?.code());
            errors.push(error(&format!("{at}.kind"), &Value::from(kind), &problem));
            return None;
        }
        Some(kind)
    });
    let etherscan = kind == Some("etherscan");
    let rps = integer(at, fields, "rps", 1, MAX_RPS, errors).or_else(|| {
        if !fields.contains_key("rps") {
            errors.push(missing(&format!("{at}.rps")));
        }
        None
    });
    let name = match fields.get("name") {
        // The host, never the whole URL: a key written into it would show.
        None | Some(Value::Null) => url.as_deref().map(super::url_host),
        Some(Value::String(name)) if !name.trim().is_empty() => Some(name.trim().to_string()),
        Some(other) => {
            errors.push(error(
                &format!("{at}.name"),
                other,
                "must be a non-empty text",
            ));
            None
        }
    };
    let max_batch = if chain == Some(Chain::Solana) {
        MAX_KEYS as u64
    } else if etherscan {
        MAX_BALANCEMULTI as u64
    } else {
        10_000
    };
    let batch = integer(at, fields, "batch", 1, max_batch, errors);
    let timeout_ms =
        integer(at, fields, "timeout_ms", 1_000, 600_000, errors).unwrap_or(DEFAULT_TIMEOUT_MS);
    let api_key = match fields.get("api_key") {
        None | Some(Value::Null) => None,
        Some(Value::String(key)) if key.trim().is_empty() => None,
        Some(Value::String(key)) => Some(key.trim().to_string()),
        Some(other) => {
            // A key is never echoed, even a malformed one.
            let hidden = Value::from("(hidden)");
            let _ = other;
            errors.push(error(&format!("{at}.api_key"), &hidden, "must be a text"));
            None
        }
    };
    let key_field = format!("{at}.api_key");
    if etherscan && api_key.is_none() && !errors.iter().any(|e| e.field == key_field) {
        errors.push(ConfigError {
            problem: "is required for an etherscan provider (BscScan, Etherscan V2 and \
                      NodeReal all need one; Etherscan's free tier has no BSC)"
                .into(),
            ..missing(&key_field)
        });
    }
    // mempool.space's electrs takes at most 300 addresses a summary.
    let group_summary = integer(at, fields, "group_summary", 0, MAX_GROUP_SUMMARY, errors);
    if group_summary.is_some_and(|n| n > 0) && chain.is_some_and(|c| c != Chain::Bitcoin) {
        errors.push(error(
            &format!("{at}.group_summary"),
            fields.get("group_summary").unwrap_or(&Value::Null),
            "only an esplora provider (BTC) has the group summary endpoint",
        ));
    }
    let multicall3 = match fields.get("multicall3") {
        Some(given) if etherscan => {
            errors.push(error(
                &format!("{at}.multicall3"),
                given,
                "only an evm-rpc provider uses Multicall3; an etherscan provider asks its API",
            ));
            None
        }
        None => Some(CANONICAL_MULTICALL3),
        Some(Value::Null) => None,
        Some(Value::String(text)) => match text.parse::<Address>() {
            Ok(address) => Some(address),
            Err(_) => {
                errors.push(error(
                    &format!("{at}.multicall3"),
                    &Value::from(text.as_str()),
                    "must be a 0x address or null",
                ));
                None
            }
        },
        Some(other) => {
            errors.push(error(
                &format!("{at}.multicall3"),
                other,
                "must be a 0x address or null",
            ));
            None
        }
    };
    if errors.len() > before {
        return None;
    }
    let (chain, kind) = (chain?, kind?);
    let kind = match kind {
        "esplora" => ProviderKind::Esplora {
            group_summary: group_summary.unwrap_or(0) as usize,
        },
        "evm-rpc" => ProviderKind::EvmRpc { multicall3 },
        "etherscan" => ProviderKind::Etherscan,
        _ => ProviderKind::SolanaRpc,
    };
    let batch = batch.unwrap_or(match kind {
        ProviderKind::Esplora { .. } => 1,
        ProviderKind::EvmRpc {
            multicall3: Some(_),
        } => 200,
        ProviderKind::EvmRpc { multicall3: None } => 10,
        ProviderKind::Etherscan => MAX_BALANCEMULTI as u64,
        ProviderKind::SolanaRpc | ProviderKind::SolanaDeep { .. } => MAX_KEYS as u64,
        // Never read from a configuration.
        ProviderKind::Activity(_) => 1,
    });
    Some((
        chain,
        ProviderConfig {
            name: name?,
            kind,
            url: url?,
            rps: rps? as u32,
            batch: batch as usize,
            api_key,
            timeout_ms,
        },
    ))
}

pub(super) fn token(
    at: &str,
    entry: &Value,
    errors: &mut Vec<ConfigError>,
) -> Option<(Chain, Token)> {
    let Value::Object(fields) = entry else {
        errors.push(error(at, entry, "must be an object"));
        return None;
    };
    let before = errors.len();
    let chain = chain(at, fields, errors);
    if chain == Some(Chain::Bitcoin) {
        errors.push(error(
            &format!("{at}.chain"),
            &Value::from("BTC"),
            "Bitcoin has no tokens to scan; use BSC or SOL",
        ));
    }
    let symbol = required_text(at, fields, "symbol", errors).and_then(|symbol| {
        let ok = symbol.chars().count() <= 16 && !symbol.contains(',');
        if !ok {
            errors.push(error(
                &format!("{at}.symbol"),
                &Value::from(symbol),
                "must be at most 16 characters, without commas",
            ));
        }
        ok.then(|| symbol.to_string())
    });
    let address = required_text(at, fields, "address", errors).and_then(|text| {
        let valid = match chain? {
            Chain::BnbSmartChain => text.parse::<Address>().ok().map(|a| a.to_checksum(None)),
            Chain::Solana => solana_key(text).map(|_| text.to_string()),
            Chain::Bitcoin => None,
        };
        if valid.is_none() && chain != Some(Chain::Bitcoin) {
            let problem = match chain? {
                Chain::BnbSmartChain => "must be a BEP-20 contract address (0x and 40 hex digits)",
                _ => "must be an SPL mint address (base58, 32 bytes)",
            };
            errors.push(error(&format!("{at}.address"), &Value::from(text), problem));
        }
        valid
    });
    let decimals = integer(at, fields, "decimals", 0, 77, errors);
    if decimals.is_none() && !fields.contains_key("decimals") {
        errors.push(missing(&format!("{at}.decimals")));
    }
    let program = token_program(at, fields, chain, errors);
    if errors.len() > before {
        return None;
    }
    let decimals = Decimals::new(decimals? as u8).ok()?;
    Some((
        chain?,
        Token {
            symbol: symbol?,
            address: address?,
            decimals,
            program: program?,
        },
    ))
}

/// The SPL program of a Solana token: `token` when absent (contract, section 1).
/// A BSC token has none, and saying one is a mistake worth naming.
fn token_program(
    at: &str,
    fields: &Map<String, Value>,
    chain: Option<Chain>,
    errors: &mut Vec<ConfigError>,
) -> Option<TokenProgram> {
    let field = format!("{at}.program");
    match (fields.get("program"), chain) {
        (None | Some(Value::Null), _) => Some(TokenProgram::default()),
        (Some(value), Some(Chain::BnbSmartChain)) => {
            errors.push(error(
                &field,
                value,
                "only Solana tokens have a program; leave it out for BSC",
            ));
            None
        }
        (Some(value), _) => {
            let program = value.as_str().and_then(TokenProgram::from_code);
            if program.is_none() {
                errors.push(error(
                    &field,
                    value,
                    r#"must be "token" (SPL Token) or "token-2022""#,
                ));
            }
            program
        }
    }
}

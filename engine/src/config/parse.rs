//! Reading `config.json` (or saved settings) with errors that name the field and
//! its value, so a deployer can fix the file from the message alone.

use super::{Overrides, DEFAULT_TIMEOUT_MS};
use crate::address::solana_key;
use crate::amount::Decimals;
use crate::codec::evm::CANONICAL_MULTICALL3;
use crate::codec::solana_rpc::MAX_KEYS;
use crate::scan::{ProviderConfig, ProviderKind, Token};
use crate::{Chain, Network};
use alloy_primitives::Address;
use serde_json::{Map, Value};
use std::fmt;

/// One thing wrong in a configuration file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// Where, as a path: `providers[1].rps`.
    pub field: String,
    /// What was there, as written (or `missing`).
    pub value: String,
    pub problem: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} = {}: {}", self.field, self.value, self.problem)
    }
}

/// The most a provider may be given, per second: beyond this a typo is likelier
/// than a real limit.
const MAX_RPS: u64 = 1_000;

/// Parses a configuration layer. Any error rejects the whole file: half a file
/// applied would scan with settings nobody wrote.
pub fn parse_overrides(text: &str) -> Result<Overrides, Vec<ConfigError>> {
    let root: Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
        vec![ConfigError {
            field: "config.json".into(),
            value: "(the file)".into(),
            problem: format!("not valid JSON: {e}"),
        }]
    })?;
    let Value::Object(root) = root else {
        return Err(vec![error("config.json", &root, "must be a JSON object")]);
    };
    let mut errors = Vec::new();
    let mut overrides = Overrides::default();
    match root.get("network") {
        None | Some(Value::Null) => {}
        Some(Value::String(name)) if name == "mainnet" => {
            overrides.network = Some(Network::Mainnet)
        }
        Some(Value::String(name)) if name == "testnet" => {
            overrides.network = Some(Network::Testnet)
        }
        Some(other) => errors.push(error(
            "network",
            other,
            "must be \"mainnet\" or \"testnet\"",
        )),
    }
    for (i, entry) in list(&root, "providers", &mut errors).iter().enumerate() {
        let at = format!("providers[{i}]");
        if let Some((chain, provider)) = provider(&at, entry, &mut errors) {
            overrides.providers.entry(chain).or_default().push(provider);
        }
    }
    for (i, entry) in list(&root, "tokens", &mut errors).iter().enumerate() {
        let at = format!("tokens[{i}]");
        if let Some((chain, token)) = token(&at, entry, &mut errors) {
            overrides.tokens.entry(chain).or_default().push(token);
        }
    }
    if errors.is_empty() {
        Ok(overrides)
    } else {
        Err(errors)
    }
}

fn list<'a>(root: &'a Map<String, Value>, key: &str, errors: &mut Vec<ConfigError>) -> &'a [Value] {
    match root.get(key) {
        None | Some(Value::Null) => &[],
        Some(Value::Array(items)) => items,
        Some(other) => {
            errors.push(error(key, other, "must be a list ([...])"));
            &[]
        }
    }
}

fn provider(
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
                &Value::from(url),
                "must start with https:// or http://",
            ));
        }
        ok.then(|| url.trim_end_matches('/').to_string())
    });
    let kind = required_text(at, fields, "kind", errors).and_then(|kind| {
        let expected = match chain? {
            Chain::Bitcoin => "esplora",
            Chain::BnbSmartChain => "evm-rpc",
            Chain::Solana => "solana-rpc",
        };
        if kind != expected {
            let problem = format!("the scanner reads {} through \"{expected}\"", chain?.code());
            errors.push(error(&format!("{at}.kind"), &Value::from(kind), &problem));
            return None;
        }
        Some(kind)
    });
    let rps = integer(at, fields, "rps", 1, MAX_RPS, errors).or_else(|| {
        if !fields.contains_key("rps") {
            errors.push(missing(&format!("{at}.rps")));
        }
        None
    });
    let name = match fields.get("name") {
        None | Some(Value::Null) => url.clone(),
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
    let multicall3 = match fields.get("multicall3") {
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
        "esplora" => ProviderKind::Esplora,
        "evm-rpc" => ProviderKind::EvmRpc { multicall3 },
        _ => ProviderKind::SolanaRpc,
    };
    let batch = batch.unwrap_or(match kind {
        ProviderKind::Esplora => 1,
        ProviderKind::EvmRpc {
            multicall3: Some(_),
        } => 200,
        ProviderKind::EvmRpc { multicall3: None } => 10,
        ProviderKind::SolanaRpc => MAX_KEYS as u64,
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

fn token(at: &str, entry: &Value, errors: &mut Vec<ConfigError>) -> Option<(Chain, Token)> {
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
        },
    ))
}

fn chain(at: &str, fields: &Map<String, Value>, errors: &mut Vec<ConfigError>) -> Option<Chain> {
    let text = required_text(at, fields, "chain", errors)?;
    match text.parse::<Chain>() {
        Ok(chain) => Some(chain),
        Err(unknown) => {
            errors.push(error(
                &format!("{at}.chain"),
                &Value::from(text),
                &format!("{unknown}"),
            ));
            None
        }
    }
}

fn required_text<'a>(
    at: &str,
    fields: &'a Map<String, Value>,
    key: &str,
    errors: &mut Vec<ConfigError>,
) -> Option<&'a str> {
    match fields.get(key) {
        Some(Value::String(text)) if !text.trim().is_empty() => Some(text.trim()),
        None | Some(Value::Null) => {
            errors.push(missing(&format!("{at}.{key}")));
            None
        }
        Some(other) => {
            errors.push(error(
                &format!("{at}.{key}"),
                other,
                "must be a non-empty text",
            ));
            None
        }
    }
}

/// An optional whole number in `min..=max`; `None` when absent or wrong.
fn integer(
    at: &str,
    fields: &Map<String, Value>,
    key: &str,
    min: u64,
    max: u64,
    errors: &mut Vec<ConfigError>,
) -> Option<u64> {
    let value = fields.get(key)?;
    match value.as_u64() {
        Some(n) if (min..=max).contains(&n) => Some(n),
        _ => {
            let problem = format!("must be a whole number from {min} to {max}");
            errors.push(error(&format!("{at}.{key}"), value, &problem));
            None
        }
    }
}

fn error(field: &str, value: &Value, problem: &str) -> ConfigError {
    let mut shown = value.to_string();
    if shown.chars().count() > 60 {
        shown = shown.chars().take(57).collect::<String>() + "...";
    }
    ConfigError {
        field: field.to_string(),
        value: shown,
        problem: problem.to_string(),
    }
}

fn missing(field: &str) -> ConfigError {
    ConfigError {
        field: field.to_string(),
        value: "missing".to_string(),
        problem: "is required".to_string(),
    }
}

//! Reading `config.json` (or saved settings) with errors that name the field and
//! its value, so a deployer can fix the file from the message alone.

use super::entries::{provider, token};
use super::fields::{error, ConfigError};
use super::{builtin_tokens, Overrides};
use crate::Network;
use serde_json::{Map, Value};

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
    let mut read_providers = Vec::new();
    for (i, entry) in list(&root, "providers", &mut errors).iter().enumerate() {
        let at = format!("providers[{i}]");
        if let Some((chain, provider)) = provider(&at, entry, &mut errors) {
            read_providers.push((at, chain, provider.clone()));
            overrides.providers.entry(chain).or_default().push(provider);
        }
    }
    for (i, entry) in list(&root, "tokens", &mut errors).iter().enumerate() {
        let at = format!("tokens[{i}]");
        if let Some((chain, token)) = token(&at, entry, &mut errors) {
            overrides.tokens.entry(chain).or_default().push(token);
        }
    }
    // A provider must carry at least one address within its rate bound, with
    // the tokens this file scans (or the built-in ones it keeps).
    let network = overrides.network.unwrap_or_default();
    for (at, chain, provider) in &read_providers {
        let tokens = overrides
            .tokens
            .get(chain)
            .map_or_else(|| builtin_tokens(*chain, network).len(), Vec::len);
        if let Some(problem) = provider.cannot_carry_one_address(tokens) {
            errors.push(error(
                &format!("{at}.rps"),
                &Value::from(provider.rps),
                &problem,
            ));
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

//! The settings forms' fields, read as `config.json` entries: the same
//! validation, and the same messages naming field and value, apply to what a
//! user types as to what a deployer writes. The messages drop the entry's path
//! (`providers[0].`): a form holds one entry.

use super::parse_overrides;
use crate::scan::{ProviderConfig, Token};
use crate::solana::TokenProgram;
use crate::Chain;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// The provider form's fields, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderFields {
    pub name: String,
    pub url: String,
    pub rps: String,
    /// What one request carries: `batch`, or for Bitcoin (where a request is one
    /// address) `group_summary`, the addresses per group summary.
    pub batch: String,
    /// A key typed now; blank keeps the edited entry's own.
    pub api_key: String,
    /// BSC only: batch through Multicall3 (otherwise JSON-RPC batch arrays).
    pub multicall3: bool,
    /// BSC only: an Etherscan-style account API rather than a JSON-RPC node.
    #[serde(default)]
    pub etherscan: bool,
}

/// The token form's fields, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenFields {
    pub symbol: String,
    pub address: String,
    pub decimals: String,
    /// Solana only: the mint's accounts are kept by Token-2022, not SPL Token.
    #[serde(default)]
    pub token_2022: bool,
}

/// The provider `fields` describe for `chain`, whose scans check `tokens`
/// tokens, or what is wrong with them, one line per problem.
pub fn provider_from_fields(
    chain: Chain,
    fields: &ProviderFields,
    tokens: usize,
) -> Result<ProviderConfig, Vec<String>> {
    let text = json!({ "providers": [provider_entry(chain, fields)] }).to_string();
    let mut parsed = parse_overrides(&text).map_err(|p| without_path(&p, "providers[0]."))?;
    let provider = parsed
        .providers
        .remove(&chain)
        .and_then(|mut list| list.pop())
        .ok_or_else(|| vec!["the provider could not be read".to_string()])?;
    if let Some(why) = provider.cannot_carry_one_address(tokens) {
        return Err(vec![format!("rps = {}: {why}", provider.rps)]);
    }
    Ok(provider)
}

/// The token `fields` describe for `chain`, or what is wrong with them.
pub fn token_from_fields(chain: Chain, fields: &TokenFields) -> Result<Token, Vec<String>> {
    let mut entry = json!({
        "chain": chain.code(),
        "symbol": fields.symbol.trim(),
        "address": fields.address.trim(),
        "decimals": number_or_text(&fields.decimals),
    });
    if fields.token_2022 {
        entry["program"] = json!(TokenProgram::Token2022.code());
    }
    let text = json!({ "tokens": [entry] }).to_string();
    let mut parsed = parse_overrides(&text).map_err(|p| without_path(&p, "tokens[0]."))?;
    parsed
        .tokens
        .remove(&chain)
        .and_then(|mut list| list.pop())
        .ok_or_else(|| vec!["the token could not be read".to_string()])
}

fn provider_entry(chain: Chain, fields: &ProviderFields) -> Value {
    let kind = match chain {
        Chain::Bitcoin => "esplora",
        Chain::BnbSmartChain if fields.etherscan => "etherscan",
        Chain::BnbSmartChain => "evm-rpc",
        Chain::Solana => "solana-rpc",
    };
    let mut entry = json!({
        "chain": chain.code(),
        "kind": kind,
        "url": fields.url.trim(),
        "rps": number_or_text(&fields.rps),
    });
    // No name: the URL names it.
    if !fields.name.trim().is_empty() {
        entry["name"] = Value::from(fields.name.trim());
    }
    if !fields.batch.trim().is_empty() {
        let key = if chain == Chain::Bitcoin {
            "group_summary"
        } else {
            "batch"
        };
        entry[key] = number_or_text(&fields.batch);
    }
    if !fields.api_key.trim().is_empty() {
        entry["api_key"] = Value::from(fields.api_key.trim());
    }
    if chain == Chain::BnbSmartChain && !fields.etherscan && !fields.multicall3 {
        entry["multicall3"] = Value::Null;
    }
    entry
}

/// A number field: its number, or its text for the validation to name.
fn number_or_text(text: &str) -> Value {
    text.trim()
        .parse::<u64>()
        .map(Value::from)
        .unwrap_or_else(|_| Value::from(text.trim()))
}

fn without_path(problems: &[super::ConfigError], entry_path: &str) -> Vec<String> {
    problems
        .iter()
        .map(|p| p.to_string().replacen(entry_path, "", 1))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::ProviderKind;

    fn fields(url: &str, rps: &str) -> ProviderFields {
        ProviderFields {
            url: url.into(),
            rps: rps.into(),
            multicall3: true,
            ..ProviderFields::default()
        }
    }

    #[test]
    fn a_filled_provider_form_reads_as_its_config_entry() {
        let mut typed = fields(" https://node.example/rpc ", "8");
        typed.name = "My node".into();
        typed.batch = "150".into();
        typed.api_key = "k3y-abc".into();
        let provider = provider_from_fields(Chain::BnbSmartChain, &typed, 2).unwrap();
        assert_eq!(provider.name, "My node");
        assert_eq!(provider.url, "https://node.example/rpc");
        assert_eq!((provider.rps, provider.batch), (8, 150));
        assert_eq!(provider.api_key.as_deref(), Some("k3y-abc"));
        assert!(matches!(
            provider.kind,
            ProviderKind::EvmRpc {
                multicall3: Some(_)
            }
        ));
    }

    #[test]
    fn a_bitcoin_form_sets_the_group_summary_in_place_of_a_batch() {
        let mut typed = fields("https://mempool.space/api", "4");
        typed.batch = "300".into();
        let provider = provider_from_fields(Chain::Bitcoin, &typed, 0).unwrap();
        assert_eq!(provider.kind, ProviderKind::Esplora { group_summary: 300 });
        typed.batch = "500".into();
        let errors = provider_from_fields(Chain::Bitcoin, &typed, 0).expect_err("over 300");
        assert_eq!(
            errors,
            ["group_summary = 500: must be a whole number from 0 to 300"]
        );
    }

    #[test]
    fn a_bsc_form_can_describe_an_etherscan_api_which_needs_a_key() {
        let mut typed = fields("https://api.etherscan.io/v2/api?chainid=56", "5");
        typed.etherscan = true;
        let errors = provider_from_fields(Chain::BnbSmartChain, &typed, 2).expect_err("no key");
        assert!(
            errors[0].starts_with("api_key = missing: is required"),
            "{errors:?}"
        );
        typed.api_key = "K".into();
        let provider = provider_from_fields(Chain::BnbSmartChain, &typed, 2).unwrap();
        assert_eq!(provider.kind, ProviderKind::Etherscan);
        assert_eq!(provider.batch, 20);
        // The Multicall3 box belongs to nodes: it does not apply here.
        typed.multicall3 = false;
        assert!(provider_from_fields(Chain::BnbSmartChain, &typed, 2).is_ok());
    }

    #[test]
    fn form_errors_name_the_field_and_value_without_the_entry_path() {
        let errors = provider_from_fields(Chain::Bitcoin, &fields("ftp://x", "fast"), 0)
            .expect_err("two problems");
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(
            errors.iter().all(|e| !e.contains("providers[0]")),
            "{errors:?}"
        );
        assert!(errors.iter().any(|e| e.contains("rps")), "{errors:?}");
        assert!(errors.iter().any(|e| e.contains("url")), "{errors:?}");
    }

    #[test]
    fn batch_arrays_that_cannot_carry_one_address_are_refused() {
        // Three calls per address with two tokens (native + 2): rps 3 carries it.
        let mut typed = fields("https://node.example/rpc", "3");
        typed.multicall3 = false;
        let carried = provider_from_fields(Chain::BnbSmartChain, &typed, 2);
        assert!(carried.is_ok(), "{carried:?}");
        // The chain's scans check a third token: four calls do not fit in 3 rps.
        let errors = provider_from_fields(Chain::BnbSmartChain, &typed, 3).expect_err("refused");
        assert!(errors[0].starts_with("rps = 3: "), "{errors:?}");
        assert!(errors[0].contains("at least 4"), "{errors:?}");
    }

    #[test]
    fn a_token_form_reads_as_its_entry_or_names_its_problem() {
        let usdt = TokenFields {
            symbol: "USDT".into(),
            address: "0x55d398326f99059fF775485246999027B3197955".into(),
            decimals: "18".into(),
            token_2022: false,
        };
        let token = token_from_fields(Chain::BnbSmartChain, &usdt).unwrap();
        assert_eq!((token.symbol.as_str(), token.decimals.get()), ("USDT", 18));
        let bad = TokenFields {
            decimals: "many".into(),
            ..usdt
        };
        let errors = token_from_fields(Chain::BnbSmartChain, &bad).expect_err("bad decimals");
        assert!(
            errors.iter().any(|e| e.starts_with("decimals")),
            "{errors:?}"
        );
    }

    #[test]
    fn a_solana_token_form_says_which_program_keeps_the_mint() {
        let pyusd = TokenFields {
            symbol: "PYUSD".into(),
            address: "2b1kV6DkPAnxd5ixfnxCpjxmKwqjjaYmCZfHsFu24GXo".into(),
            decimals: "6".into(),
            token_2022: true,
        };
        let token = token_from_fields(Chain::Solana, &pyusd).unwrap();
        assert_eq!(token.program, TokenProgram::Token2022);
        let legacy = TokenFields {
            token_2022: false,
            ..pyusd.clone()
        };
        assert_eq!(
            token_from_fields(Chain::Solana, &legacy).unwrap().program,
            TokenProgram::Token
        );
        // A BSC contract has no program to name.
        let bsc = TokenFields {
            address: "0x55d398326f99059fF775485246999027B3197955".into(),
            ..pyusd
        };
        let errors = token_from_fields(Chain::BnbSmartChain, &bsc).expect_err("no program on BSC");
        assert!(
            errors.iter().any(|e| e.starts_with("program")),
            "{errors:?}"
        );
    }
}

//! The contract's example, the built-in defaults, and which layer wins.

use super::*;

#[test]
fn the_contract_example_parses_and_replaces_only_the_chains_it_names() {
    let file = parse_overrides(CONTRACT_EXAMPLE).unwrap();
    let config = AppConfig::resolve(&[&file]);
    assert_eq!(config.network, Network::Mainnet);
    let sol = config.providers(Chain::Solana);
    assert_eq!(sol.len(), 1);
    assert_eq!(sol[0].url, "https://mainnet.helius-rpc.com");
    assert_eq!(sol[0].api_key.as_deref(), Some("..."));
    assert_eq!(sol[0].batch, 100);
    assert_eq!(sol[0].timeout_ms, DEFAULT_TIMEOUT_MS);
    let bsc = &config.providers(Chain::BnbSmartChain)[0];
    assert_eq!(
        bsc.kind,
        ProviderKind::EvmRpc {
            multicall3: Some(crate::codec::evm::CANONICAL_MULTICALL3)
        }
    );
    // Tokens: BSC and SOL named, each replaced by its single USDC.
    assert_eq!(config.tokens(Chain::BnbSmartChain).len(), 1);
    assert_eq!(config.tokens(Chain::Solana)[0].decimals.get(), 6);
}

#[test]
fn built_in_defaults_have_no_keyless_solana_provider_and_both_stablecoins() {
    let config = AppConfig::resolve(&[]);
    assert!(config.providers(Chain::Solana).is_empty());
    assert!(config.providers(Chain::Bitcoin).len() >= 2);
    let symbols: Vec<_> = config
        .tokens(Chain::BnbSmartChain)
        .iter()
        .map(|t| t.symbol.as_str())
        .collect();
    assert_eq!(symbols, ["USDC", "USDT"]);
    let testnet = AppConfig::resolve(&[&Overrides {
        network: Some(Network::Testnet),
        ..Overrides::default()
    }]);
    assert!(testnet.providers(Chain::Bitcoin)[0].url.contains("testnet"));
    assert_ne!(
        testnet.tokens(Chain::Solana)[0].address,
        config.tokens(Chain::Solana)[0].address
    );
}

#[test]
fn user_settings_beat_config_json_which_beats_the_defaults() {
    let file = parse_overrides(CONTRACT_EXAMPLE).unwrap();
    let user = parse_overrides(
        r#"{"network":"testnet","providers":[{"chain":"BTC","kind":"esplora","url":"http://127.0.0.1:9000/api","rps":2}]}"#,
    )
    .unwrap();
    let config = AppConfig::resolve(&[&file, &user]);
    assert_eq!(config.network, Network::Testnet);
    assert_eq!(
        config.providers(Chain::Bitcoin)[0].url,
        "http://127.0.0.1:9000/api"
    );
    // The name defaults to the URL's host (never the whole URL: it may hold a key).
    assert_eq!(config.providers(Chain::Bitcoin)[0].name, "127.0.0.1:9000");
    assert_eq!(config.providers(Chain::Solana)[0].name, "Helius");
}

#[test]
fn multicall3_null_turns_it_off_and_batch_defaults_follow_the_kind() {
    let file = parse_overrides(
        r#"{"providers":[{"chain":"bsc","kind":"evm-rpc","url":"https://x.example","rps":5,"multicall3":null}]}"#,
    )
    .unwrap();
    let bsc = &file.providers[&Chain::BnbSmartChain][0];
    assert_eq!(bsc.kind, ProviderKind::EvmRpc { multicall3: None });
    assert_eq!(bsc.batch, 10);
}

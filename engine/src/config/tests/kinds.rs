//! Group summaries, Etherscan, batch limits, how a scan asks each provider, token programs.

use super::*;

#[test]
fn group_summary_is_read_for_esplora_and_written_back() {
    let text = r#"{"providers":[{"chain":"BTC","kind":"esplora","url":"https://mempool.space/api","rps":4,"group_summary":300},
        {"chain":"BTC","kind":"esplora","url":"https://blockstream.info/api","rps":4}]}"#;
    let file = parse_overrides(text).unwrap();
    let btc = &file.providers[&Chain::Bitcoin];
    assert_eq!(btc[0].kind, ProviderKind::Esplora { group_summary: 300 });
    assert_eq!(btc[1].kind, ProviderKind::Esplora { group_summary: 0 });
    assert_eq!(parse_overrides(&overrides_json(&file)).unwrap(), file);
    // The built-in mempool.space entry has the endpoint; Blockstream has not.
    let builtin = builtin_providers(Chain::Bitcoin, Network::Mainnet);
    let groups: Vec<_> = builtin.iter().map(|p| (p.name.as_str(), &p.kind)).collect();
    assert_eq!(
        groups,
        [
            ("Blockstream", &ProviderKind::Esplora { group_summary: 0 }),
            (
                "mempool.space",
                &ProviderKind::Esplora { group_summary: 300 }
            )
        ]
    );
}

#[test]
fn group_summary_beyond_electrs_limit_or_off_esplora_is_refused() {
    let errors = errors_of(
        r#"{"providers":[{"chain":"BTC","kind":"esplora","url":"https://x.example/api","rps":4,"group_summary":301}]}"#,
    );
    assert_eq!(
        errors,
        ["providers[0].group_summary = 301: must be a whole number from 0 to 300"]
    );
    let errors = errors_of(
        r#"{"providers":[{"chain":"SOL","kind":"solana-rpc","url":"https://x.example","rps":4,"group_summary":100}]}"#,
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("providers[0].group_summary = 100: only an esplora"),
        "{errors:?}"
    );
}

#[test]
fn each_provider_says_how_a_scan_asks_it() {
    let asks = |chain, tokens| -> Vec<String> {
        builtin_providers(chain, Network::Mainnet)
            .iter()
            .map(|p| p.how_it_asks(tokens))
            .collect()
    };
    assert_eq!(
        asks(Chain::Bitcoin, 0),
        ["one address a request", "groups of 300"]
    );
    assert_eq!(
        asks(Chain::BnbSmartChain, 2)[0],
        "200 addresses a call (Multicall3)"
    );
    let file = parse_overrides(
        r#"{"providers":[{"chain":"SOL","kind":"solana-rpc","url":"https://x.example","rps":4},
            {"chain":"BSC","kind":"evm-rpc","url":"https://y.example","rps":4,"batch":3,"multicall3":null}]}"#,
    )
    .unwrap();
    assert_eq!(
        file.providers[&Chain::Solana][0].how_it_asks(2),
        "33 wallets a call"
    );
    assert_eq!(
        file.providers[&Chain::BnbSmartChain][0].how_it_asks(2),
        "one address a batch array"
    );
}

#[test]
fn an_etherscan_provider_needs_its_key_and_carries_at_most_20_addresses() {
    let text = r#"{"providers":[{"chain":"BSC","kind":"etherscan","name":"Etherscan V2",
        "url":"https://api.etherscan.io/v2/api?chainid=56","rps":5,"api_key":"K"}]}"#;
    let file = parse_overrides(text).unwrap();
    let bsc = &file.providers[&Chain::BnbSmartChain][0];
    assert_eq!(bsc.kind, ProviderKind::Etherscan);
    assert_eq!(bsc.batch, 20, "balancemulti's limit is the default");
    assert_eq!(bsc.url, "https://api.etherscan.io/v2/api?chainid=56");
    assert_eq!(parse_overrides(&overrides_json(&file)).unwrap(), file);
    assert_eq!(
        bsc.how_it_asks(2),
        "BNB of 20 addresses a call, then a call per address and token"
    );
    assert_eq!(bsc.how_it_asks(0), "20 addresses a call");

    let errors = errors_of(
        r#"{"providers":[{"chain":"BSC","kind":"etherscan","url":"https://api.bscscan.com/api","rps":5,"batch":21,"multicall3":null}]}"#,
    );
    assert_eq!(
        errors,
        [
            "providers[0].batch = 21: must be a whole number from 1 to 20",
            "providers[0].api_key = missing: is required for an etherscan provider (BscScan, \
             Etherscan V2 and NodeReal all need one; Etherscan's free tier has no BSC)",
            "providers[0].multicall3 = null: only an evm-rpc provider uses Multicall3; an \
             etherscan provider asks its API",
        ]
    );
    assert_eq!(
        errors_of(
            r#"{"providers":[{"chain":"SOL","kind":"etherscan","url":"https://a","rps":1}]}"#
        ),
        [r#"providers[0].kind = "etherscan": the scanner reads SOL through "solana-rpc""#]
    );
    assert_eq!(
        errors_of(r#"{"providers":[{"chain":"BSC","kind":"esplora","url":"https://a","rps":1}]}"#),
        [
            r#"providers[0].kind = "esplora": the scanner reads BSC through "evm-rpc" or "etherscan""#
        ]
    );
}

#[test]
fn a_solana_token_names_its_program_and_keeps_it_when_written_back() {
    use crate::solana::TokenProgram;
    let text = r#"{"tokens":[
        {"chain":"SOL","symbol":"PYUSD","address":"2b1kV6DkPAnxd5ixfnxCpjxmKwqjjaYmCZfHsFu24GXo","decimals":6,"program":"token-2022"},
        {"chain":"SOL","symbol":"USDC","address":"EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v","decimals":6,"program":"token"},
        {"chain":"SOL","symbol":"USDT","address":"Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB","decimals":6}]}"#;
    let file = parse_overrides(text).unwrap();
    let programs: Vec<_> = file.tokens[&Chain::Solana]
        .iter()
        .map(|t| t.program)
        .collect();
    assert_eq!(
        programs,
        [
            TokenProgram::Token2022,
            TokenProgram::Token,
            TokenProgram::Token
        ]
    );
    let written = overrides_json(&file);
    assert_eq!(written.matches("\"program\"").count(), 1, "{written}");
    assert_eq!(parse_overrides(&written).unwrap(), file);

    let wrong = r#"{"tokens":[{"chain":"SOL","symbol":"X","address":"2b1kV6DkPAnxd5ixfnxCpjxmKwqjjaYmCZfHsFu24GXo","decimals":6,"program":"token2022"}]}"#;
    assert_eq!(
        errors_of(wrong),
        [r#"tokens[0].program = "token2022": must be "token" (SPL Token) or "token-2022""#]
    );
    let on_bsc = r#"{"tokens":[{"chain":"BSC","symbol":"X","address":"0x55d398326f99059fF775485246999027B3197955","decimals":18,"program":"token"}]}"#;
    assert_eq!(
        errors_of(on_bsc),
        [r#"tokens[0].program = "token": only Solana tokens have a program; leave it out for BSC"#]
    );
}

#[test]
fn pyusd_is_a_token_2022_preset_on_solana_only() {
    use crate::solana::TokenProgram;
    for network in [Network::Mainnet, Network::Testnet] {
        let presets = token_presets(Chain::Solana, network);
        assert_eq!(presets.len(), 1);
        assert_eq!(presets[0].symbol, "PYUSD");
        assert_eq!(presets[0].program, TokenProgram::Token2022);
        assert!(crate::address::solana_key(&presets[0].address).is_some());
        // Offered, not on by default.
        assert!(builtin_tokens(Chain::Solana, network)
            .iter()
            .all(|t| t.symbol != "PYUSD"));
    }
    assert!(token_presets(Chain::BnbSmartChain, Network::Mainnet).is_empty());
}

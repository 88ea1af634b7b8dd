use super::*;
use crate::scan::ProviderKind;

const CONTRACT_EXAMPLE: &str = r#"{
  "network": "mainnet",
  "providers": [
    { "chain": "BTC", "kind": "esplora",    "name": "Blockstream", "url": "https://blockstream.info/api", "rps": 4 },
    { "chain": "BSC", "kind": "evm-rpc",    "name": "BNB Chain",   "url": "https://bsc-dataseed.bnbchain.org", "rps": 10,
      "batch": 200, "multicall3": "0xcA11bde05977b3631167028862bE2a173976CA11" },
    { "chain": "SOL", "kind": "solana-rpc", "name": "Helius",      "url": "https://mainnet.helius-rpc.com/", "rps": 10,
      "batch": 100, "api_key": "..." }
  ],
  "tokens": [
    { "chain": "BSC", "symbol": "USDC", "address": "0x8AC76a51cc950d9822D68b83fE1Ad97B32Cd580d", "decimals": 18 },
    { "chain": "SOL", "symbol": "USDC", "address": "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v", "decimals": 6 }
  ]
}"#;

fn errors_of(text: &str) -> Vec<String> {
    parse_overrides(text)
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect()
}

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

#[test]
fn every_error_names_the_field_and_its_value() {
    assert_eq!(
        errors_of(r#"{"network":"mainet"}"#),
        [r#"network = "mainet": must be "mainnet" or "testnet""#]
    );
    assert_eq!(
        errors_of(r#"{"providers":[{"chain":"BTC","kind":"esplora","url":"https://a","rps":0}]}"#),
        ["providers[0].rps = 0: must be a whole number from 1 to 1000"]
    );
    assert_eq!(
        errors_of(r#"{"providers":[{"chain":"ETH","kind":"evm-rpc","url":"https://a","rps":1}]}"#),
        [r#"providers[0].chain = "ETH": unknown chain "ETH" (expected BTC, BSC or SOL)"#]
    );
    assert_eq!(
        errors_of(
            r#"{"providers":[{"chain":"SOL","kind":"esplora","url":"ftp://a","rps":1,"batch":101}]}"#
        ),
        [
            r#"providers[0].url = "ftp://a": must start with https:// or http://"#,
            r#"providers[0].kind = "esplora": the scanner reads SOL through "solana-rpc""#,
            "providers[0].batch = 101: must be a whole number from 1 to 100",
        ]
    );
    assert_eq!(
        errors_of(r#"{"providers":[{"chain":"BTC","kind":"esplora","url":"https://a"}]}"#),
        ["providers[0].rps = missing: is required"]
    );
    assert_eq!(
        errors_of(
            r#"{"tokens":[{"chain":"BSC","symbol":"USDC","address":"0x1234","decimals":18.5}]}"#
        ),
        [
            r#"tokens[0].address = "0x1234": must be a BEP-20 contract address (0x and 40 hex digits)"#,
            "tokens[0].decimals = 18.5: must be a whole number from 0 to 77",
        ]
    );
    assert_eq!(
        errors_of(r#"{"tokens":{}}"#),
        ["tokens = {}: must be a list ([...])"]
    );
    assert_eq!(
        errors_of("[1]"),
        ["config.json = [1]: must be a JSON object"]
    );
    assert!(errors_of("{oops")[0].starts_with("config.json = (the file): not valid JSON"));
}

#[test]
fn a_malformed_api_key_is_not_echoed() {
    let errors = errors_of(
        r#"{"providers":[{"chain":"SOL","kind":"solana-rpc","url":"https://a","rps":1,"api_key":12345}]}"#,
    );
    assert_eq!(
        errors,
        ["providers[0].api_key = \"(hidden)\": must be a text"]
    );
}

#[test]
fn saved_settings_read_back_as_they_were_written() {
    let file = parse_overrides(CONTRACT_EXAMPLE).unwrap();
    let again = parse_overrides(&overrides_json(&file)).unwrap();
    assert_eq!(again, file);
    let off = parse_overrides(
        r#"{"network":"testnet","providers":[{"chain":"BSC","kind":"evm-rpc","url":"https://x","rps":3,"multicall3":null,"timeout_ms":5000}]}"#,
    )
    .unwrap();
    assert_eq!(parse_overrides(&overrides_json(&off)).unwrap(), off);
}

#[test]
fn a_key_written_into_a_provider_url_never_shows_in_its_name_or_errors() {
    let key = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6";
    let text = format!(
        r#"{{"providers": [
            {{"chain": "BSC", "kind": "evm-rpc", "url": "https://bsc.example/v2/{key}", "rps": 5}},
            {{"chain": "SOL", "kind": "solana-rpc", "url": "ftp://u:{key}@sol.example", "rps": 5}}
        ]}}"#
    );
    let problems = parse_overrides(&text).unwrap_err();
    let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(shown[0].starts_with("providers[1].url"), "{shown:?}");
    assert!(!shown[0].contains(key), "{shown:?}");
    let valid = text.replace("ftp://", "https://");
    let parsed = parse_overrides(&valid).unwrap();
    let bsc = &parsed.providers[&Chain::BnbSmartChain][0];
    assert_eq!(bsc.name, "bsc.example");
    assert_eq!(parsed.providers[&Chain::Solana][0].name, "sol.example");
}

#[test]
fn a_batch_array_provider_must_carry_one_address_within_its_rps() {
    let provider = r#"{"chain": "BSC", "kind": "evm-rpc", "url": "https://bsc.example", "rps": 2, "multicall3": null}"#;
    // The built-in BSC tokens (USDC, USDT): 3 calls per address.
    let problems = parse_overrides(&format!(r#"{{"providers": [{provider}]}}"#)).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].field, "providers[0].rps");
    assert!(
        problems[0].problem.contains("raise rps to at least 3"),
        "{}",
        problems[0]
    );
    // With the file's own single token, 2 calls fit.
    let one_token = r#"{"chain": "BSC", "symbol": "USDT", "address": "0x55d398326f99059fF775485246999027B3197955", "decimals": 18}"#;
    let text = format!(r#"{{"providers": [{provider}], "tokens": [{one_token}]}}"#);
    assert!(parse_overrides(&text).is_ok());
}

#[test]
fn an_html_page_in_place_of_config_json_is_no_config() {
    let page = "<!DOCTYPE html>\n<html><body></body></html>";
    assert!(is_html_page(Some("text/html; charset=utf-8"), page));
    assert!(is_html_page(None, &format!("\u{feff}  {page}")));
    assert!(is_html_page(Some("text/html"), "{}"));
    assert!(!is_html_page(
        Some("application/json"),
        "{\"network\": \"mainnet\"}"
    ));
    assert!(!is_html_page(None, "  {\"providers\": []}"));
}

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

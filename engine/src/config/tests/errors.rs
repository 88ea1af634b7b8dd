//! Every error names its field and value; keys are never echoed; what reads as no config.

use super::*;

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

//! Vectors from BIP-173, BIP-350, EIP-55 and well-known mainnet addresses.

use super::*;

fn parse_main(text: &str) -> Result<ChainAddress, AddressError> {
    parse_address(text, Network::Mainnet)
}

fn parse_test(text: &str) -> Result<ChainAddress, AddressError> {
    parse_address(text, Network::Testnet)
}

#[test]
fn bitcoin_mainnet_kinds() {
    let cases = [
        ("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", AddressKind::P2pkh),
        ("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", AddressKind::P2sh),
        (
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
            AddressKind::P2wpkh,
        ),
        (
            "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3",
            AddressKind::P2wsh,
        ),
        (
            "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
            AddressKind::P2tr,
        ),
    ];
    for (text, kind) in cases {
        let address = parse_main(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(
            (address.chain, address.kind),
            (Chain::Bitcoin, kind),
            "{text}"
        );
        assert_eq!(address.text, text);
    }
}

#[test]
fn bitcoin_testnet_kinds() {
    let cases = [
        ("mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn", AddressKind::P2pkh),
        ("2MzQwSSnBHWHqSAqtTVQ6v47XtaisrJa1Vc", AddressKind::P2sh),
        (
            "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx",
            AddressKind::P2wpkh,
        ),
        (
            "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7",
            AddressKind::P2wsh,
        ),
        (
            "tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c",
            AddressKind::P2tr,
        ),
    ];
    for (text, kind) in cases {
        let address = parse_test(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(
            (address.chain, address.kind),
            (Chain::Bitcoin, kind),
            "{text}"
        );
    }
}

#[test]
fn an_address_of_the_other_network_is_rejected_with_that_reason() {
    let error = parse_main("tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx").unwrap_err();
    assert_eq!(
        error.to_string(),
        "a testnet address, but the page is set to mainnet"
    );
    let error = parse_test("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa").unwrap_err();
    assert_eq!(
        error,
        AddressError::WrongNetwork {
            found: Network::Mainnet,
            expected: Network::Testnet
        }
    );
}

#[test]
fn bech32_is_case_insensitive_and_stored_lowercase() {
    let upper = "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4";
    let address = parse_main(upper).unwrap();
    assert_eq!(address.text, upper.to_lowercase());
    // Mixed case is invalid bech32 (BIP-173).
    assert!(parse_main("bc1qW508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4").is_err());
}

#[test]
fn bitcoin_checksum_failures_name_the_checksum() {
    let cases = [
        // Last character changed.
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5",
        // A v1 program with a bech32 (not bech32m) checksum (BIP-350).
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd",
        // A v0 program with a bech32m checksum (BIP-350).
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh",
        // Genesis address with one character changed.
        "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb",
    ];
    for text in cases {
        let error = parse_main(text).unwrap_err();
        assert!(
            matches!(error, AddressError::BitcoinChecksum(_)),
            "{text}: {error:?}"
        );
        assert!(error.to_string().contains("checksum"), "{text}: {error}");
    }
}

#[test]
fn bsc_lowercase_uppercase_and_eip55_are_accepted_and_shown_as_eip55() {
    let checksummed = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
    let spellings = [
        checksummed.to_string(),
        checksummed.to_lowercase(),
        format!("0x{}", checksummed[2..].to_uppercase()),
    ];
    for text in spellings {
        let address = parse_main(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(address.chain, Chain::BnbSmartChain);
        assert_eq!(address.text, checksummed);
    }
    for text in [
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    ] {
        assert_eq!(parse_main(text).unwrap().text, text);
    }
}

#[test]
fn bsc_errors_name_the_problem() {
    let bad_checksum = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD";
    assert_eq!(
        parse_main(bad_checksum).unwrap_err().to_string(),
        "looks like a BSC address but its mixed-case EIP-55 checksum is wrong"
    );
    assert_eq!(
        parse_main("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeA")
            .unwrap_err()
            .to_string(),
        "looks like a BSC address but a BSC address is 0x followed by 40 hex digits"
    );
    assert!(matches!(
        parse_main("0xg5aeb6053f3e94c9b9a09f33669435e7ef1beaed"),
        Err(AddressError::Bsc(_))
    ));
}

#[test]
fn solana_addresses_are_32_bytes_of_base58() {
    for text in [
        "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v",
        "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA",
        "11111111111111111111111111111111",
    ] {
        let address = parse_main(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(
            (address.chain, address.kind),
            (Chain::Solana, AddressKind::Solana)
        );
        assert_eq!(address.text, text);
    }
    assert_eq!(
        parse_main("EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyT").unwrap_err(),
        AddressError::SolanaLength(30)
    );
}

#[test]
fn unrecognised_and_empty_text() {
    assert_eq!(parse_main("   "), Err(AddressError::Empty));
    assert_eq!(parse_main("hello world"), Err(AddressError::Unrecognised));
    assert_eq!(parse_main("0OIl"), Err(AddressError::Unrecognised));
}

#[test]
fn surrounding_whitespace_is_ignored() {
    let address = parse_main("  1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa\t").unwrap();
    assert_eq!(address.text, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa");
}

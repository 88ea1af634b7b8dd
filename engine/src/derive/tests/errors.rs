//! What is refused, and that each refusal names the problem without showing the
//! pasted text back.

use super::super::{parse_watch_only, Choices, DeriveError, ScriptType};
use crate::import::SecretKind;
use crate::{Chain, Network};

const ZPUB: &str = "zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH1r1ADqtfSdVCToUG868RvUUkgDKf31mGDtKsAYz2oz2AGutZYs";
/// BIP-86's account key m/86'/0'/0' (depth 3).
const XPUB: &str = "xpub6BgBgsespWvERF3LHQu6CnqdvfEvtMcQjYrcRzx53QJjSxarj2afYWcLteoGVky7D3UKDP9QyrLprQ3VCECoY49yfdDEHGCtMMj92pReUsQ";
/// BIP-32 vector 1's master key (depth 0).
const MASTER_XPUB: &str = "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8";

fn error(text: &str, network: Network, choices: Choices) -> DeriveError {
    let error = parse_watch_only(text, network, choices).unwrap_err();
    // Whatever the reason, the message never holds the pasted text.
    let message = error.to_string();
    assert!(
        text.len() < 12 || !message.contains(&text[..12]),
        "{message}"
    );
    error
}

fn bitcoin(script: Option<ScriptType>) -> Choices {
    Choices {
        chain: Some(Chain::Bitcoin),
        script,
    }
}

#[test]
fn private_keys_are_refused_as_secrets() {
    // BIP-32 vector 1's master private key, and the BIP-84 root zprv.
    for secret in [
        "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi",
        "zprvAWgYBBk7JR8Gjrh4UJQ2uJdG1r3WNRRfURiABBE3RvMXYSrRJL62XuezvGdPvG6GFBZduosCc1YP5wixPox7zhZLfiUm8aunE96BBa4Kei5",
    ] {
        assert_eq!(
            error(secret, Network::Mainnet, bitcoin(Some(ScriptType::Wpkh))),
            DeriveError::Secret(SecretKind::ExtendedPrivateKey)
        );
        assert_eq!(
            error(&format!("wpkh({secret}/0/*)"), Network::Mainnet, Choices::default()),
            DeriveError::Secret(SecretKind::ExtendedPrivateKey)
        );
    }
    let seed = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
    assert!(matches!(
        error(seed, Network::Mainnet, Choices::default()),
        DeriveError::Secret(_)
    ));
}

#[test]
fn a_bare_xpub_needs_its_chain_and_script_type() {
    assert_eq!(
        error(XPUB, Network::Mainnet, Choices::default()),
        DeriveError::NeedsChain
    );
    assert_eq!(
        error(XPUB, Network::Mainnet, bitcoin(None)),
        DeriveError::NeedsScript
    );
    // A zpub says both: what the page's select says for a bare xpub is not asked.
    assert!(parse_watch_only(ZPUB, Network::Mainnet, Choices::default()).is_ok());
    assert!(parse_watch_only(ZPUB, Network::Mainnet, bitcoin(Some(ScriptType::Pkh))).is_ok());
}

#[test]
fn keys_of_the_other_network_are_refused() {
    // The fixtures' testnet Taproot descriptor.
    let testnet = "tr([c237be8d/86'/1'/0']tpubDCBdXxnebqNyvXsj4v7jscNitBWc3GYhSp3CvvhjgRbzvM6hWVsthg13G9UZRrcaSYhUGv7PVkD54dZcPaqCVzp4yJnmJK73p2L1d4X3ALz/0/*)#sz5k0gxx";
    assert!(parse_watch_only(testnet, Network::Testnet, Choices::default()).is_ok());
    assert_eq!(
        error(ZPUB, Network::Testnet, Choices::default()),
        DeriveError::WrongNetwork {
            key: Network::Mainnet,
            page: Network::Testnet
        }
    );
    let message = error(testnet, Network::Mainnet, Choices::default()).to_string();
    assert!(
        message.contains("testnet key") && message.contains("scans mainnet"),
        "{message}"
    );
}

#[test]
fn damaged_keys_and_descriptors_name_what_is_wrong() {
    // One character changed: the base58 checksum fails.
    let damaged = ZPUB.replacen("Q", "R", 1);
    assert_eq!(
        error(&damaged, Network::Mainnet, Choices::default()),
        DeriveError::NotAKey
    );
    assert_eq!(
        error("hello", Network::Mainnet, Choices::default()),
        DeriveError::NotAKey
    );
    assert_eq!(
        error("   ", Network::Mainnet, Choices::default()),
        DeriveError::Empty
    );

    let descriptor = format!("wpkh({XPUB}/0/*)");
    let checksum = super::super::descriptor_checksum(&descriptor).unwrap();
    assert!(parse_watch_only(
        &format!("{descriptor}#{checksum}"),
        Network::Mainnet,
        Choices::default()
    )
    .is_ok());
    let wrong = format!("wpkh({XPUB}/1/*)#{checksum}");
    assert_eq!(
        error(&wrong, Network::Mainnet, Choices::default()),
        DeriveError::ChecksumMismatch
    );
    assert_eq!(
        error(
            &format!("{descriptor}#abc"),
            Network::Mainnet,
            Choices::default()
        ),
        DeriveError::ChecksumForm
    );

    let cases = [
        (
            format!("wsh(pk({XPUB}/0/*))"),
            DeriveError::UnsupportedDescriptor(Some("wsh".into())),
        ),
        (
            format!("tr({XPUB}/0/*,pk({XPUB}/1/*))"),
            DeriveError::ScriptTree,
        ),
        (format!("wpkh({XPUB}/2/*)"), DeriveError::BranchPath),
        (format!("wpkh({XPUB}/0)"), DeriveError::BranchPath),
        (format!("wpkh({XPUB}/0/*')"), DeriveError::HardenedAfterKey),
        (
            format!("wpkh([d34db33/84h/0h]{XPUB}/0/*)"),
            DeriveError::BadOrigin,
        ),
        (
            format!("wpkh([d34db33f/84x]{XPUB}/0/*)"),
            DeriveError::BadOrigin,
        ),
    ];
    for (text, expected) in &cases {
        assert_eq!(
            &error(text, Network::Mainnet, Choices::default()),
            expected,
            "{text}"
        );
    }
    // A well-formed origin is accepted (its content is the wallet's note).
    let origin = format!("wpkh([d34db33f/84h/0'/0H]{XPUB}/0/*)");
    assert!(parse_watch_only(&origin, Network::Mainnet, Choices::default()).is_ok());
}

#[test]
fn bsc_takes_an_account_or_external_chain_xpub() {
    let bsc = Choices {
        chain: Some(Chain::BnbSmartChain),
        script: None,
    };
    assert_eq!(
        error(MASTER_XPUB, Network::Mainnet, bsc),
        DeriveError::BscDepth(0)
    );
    assert_eq!(
        error(ZPUB, Network::Mainnet, bsc),
        DeriveError::NotForBsc("zpub")
    );
    assert!(parse_watch_only(XPUB, Network::Mainnet, bsc).is_ok());
    let solana = Choices {
        chain: Some(Chain::Solana),
        script: None,
    };
    assert_eq!(
        error(XPUB, Network::Mainnet, solana),
        DeriveError::NotForSolana
    );
}

#[test]
fn counts_are_bounded() {
    assert!(super::super::check_count(0).is_err());
    assert_eq!(super::super::check_count(1), Ok(1));
    assert_eq!(super::super::check_count(1_000_000), Ok(1_000_000));
    let message = super::super::check_count(1_000_001)
        .unwrap_err()
        .to_string();
    assert!(message.contains("1,000,000"), "{message}");
}

//! A derivation is one import: its addresses are stored with their derivation
//! index and de-duplicated like any list's, against the store and within the
//! import.

use super::super::{parse_watch_only, Choices};
use crate::import::Importer;
use crate::{Chain, Network};

/// BIP-84's account key: receive 0 and 1 are its vector's addresses.
const ZPUB: &str = "zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH1r1ADqtfSdVCToUG868RvUUkgDKf31mGDtKsAYz2oz2AGutZYs";

#[test]
fn derived_addresses_are_imported_with_their_index_and_deduplicated() {
    let wallet = parse_watch_only(ZPUB, Network::Mainnet, Choices::default()).unwrap();
    let derived = wallet.addresses(0, 5);
    // Index 1 is stored already; the list holds index 3 (in upper case, as
    // bech32 allows) and an address of its own.
    let stored = [(Chain::Bitcoin, derived[1].1.clone())];
    let mut importer = Importer::new(Network::Mainnet, stored);
    let list = format!(
        "{}\n1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa\n",
        derived[3].1.to_uppercase()
    );
    importer.add_file("list.txt", list.into_bytes());
    importer.check(usize::MAX);
    importer.add_derived(
        Chain::Bitcoin,
        derived
            .iter()
            .map(|(index, address)| (u64::from(*index), address.clone())),
    );
    let report = importer.finish();
    let imported: Vec<(u64, &str)> = report
        .imported
        .iter()
        .map(|a| (a.index, a.address.as_str()))
        .collect();
    assert_eq!(
        imported,
        [
            (0, derived[3].1.as_str()),
            (1, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"),
            (0, "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu"),
            (2, derived[2].1.as_str()),
            (4, derived[4].1.as_str()),
        ]
    );
    assert_eq!(report.duplicates, 2);
    assert!(report.rejected.is_empty());
}

#[test]
fn a_key_that_cannot_be_derived_is_one_rejected_entry_and_a_secret_counts_as_one() {
    let mut importer = Importer::new(Network::Mainnet, []);
    importer.add_file("list.txt", b"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa\n".to_vec());
    let xpub = "xpub6BgBgsespWvERF3LHQu6CnqdvfEvtMcQjYrcRzx53QJjSxarj2afYWcLteoGVky7D3UKDP9QyrLprQ3VCECoY49yfdDEHGCtMMj92pReUsQ";
    let needs_script = parse_watch_only(xpub, Network::Mainnet, Choices::default()).unwrap_err();
    importer.reject_derivation(needs_script);
    let xprv = "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi";
    importer.reject_derivation(
        parse_watch_only(xprv, Network::Mainnet, Choices::default()).unwrap_err(),
    );
    let report = importer.finish();
    assert_eq!(report.imported.len(), 1, "the list still imports");
    assert_eq!(report.rejected.len(), 2);
    assert_eq!(
        report.rejected[0].to_string(),
        "watch-only key: An xpub can be of Bitcoin or of BNB Smart Chain: choose the chain."
    );
    assert_eq!(report.secrets_refused(), 1);
    assert!(report.rejected[1]
        .to_string()
        .contains("extended private key"));
    assert!(!report.rejected[1].to_string().contains("xprv9s21"));
}

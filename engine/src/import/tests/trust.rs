//! Secrets refused and never echoed; bad bytes, empty and huge input, and
//! duplicates, each costing only their own line.

use super::*;

#[test]
fn secrets_are_refused_and_never_echoed() {
    let wif = "5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ";
    let report = import(&format!("{BTC}\n{SEED}\n{wif}\n{SOL}\n"));
    assert_eq!(
        imported(&report),
        [(Chain::Bitcoin, 0, BTC), (Chain::Solana, 3, SOL)]
    );
    assert_eq!(report.secrets_refused(), 2);
    for rejection in &report.rejected {
        assert_eq!(rejection.excerpt, None);
        assert!(
            rejection.to_string().contains("never asks for secrets"),
            "{rejection}"
        );
        assert!(!rejection.to_string().contains("abandon"));
    }
}

#[test]
fn secret_files_are_refused_whole() {
    let one_word_per_line = SEED.replace(' ', "\n");
    let keypair = format!("[{}]", vec!["17"; 64].join(","));
    let backup =
        format!(r#"{{"mnemonic":"{SEED}","addresses":[{{"index":0,"address":"{BTC}"}}]}}"#);
    // The JSON is read as a stream: a secret after the addresses, or deep inside
    // an entry, still refuses the whole file.
    let secret_last = format!(
        r#"{{"addresses":[{{"index":0,"address":"{BTC}"}},{{"index":1,"address":"{SOL}"}}],"meta":{{"wallet":{{"xprv":"x"}}}}}}"#
    );
    let secret_in_entry = format!(
        r#"{{"addresses":[{{"index":0,"address":"{BTC}","extra":[{{"privateKey":"k"}}]}}]}}"#
    );
    for text in [
        one_word_per_line,
        keypair,
        backup,
        secret_last,
        secret_in_entry,
    ] {
        let report = import(&text);
        assert!(report.imported.is_empty(), "{text}");
        assert_eq!(report.secrets_refused(), 1, "{text}");
        assert_eq!(report.rejected[0].position, Position::File);
    }
}

#[test]
fn binary_empty_and_huge_input() {
    let report = import_files(&[
        ("photo.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
        ("empty.txt", b""),
        ("blank.txt", b"  \n\r\n"),
    ]);
    assert_eq!(
        rejected(&report),
        [
            (Position::File, RejectReason::NotText.to_string()),
            (Position::File, "the file is empty".into()),
            (Position::File, "the file is empty".into()),
        ]
    );
    assert_eq!(report.rejected[0].file, "photo.png");

    let huge = "x".repeat(1_000_000);
    let report = import(&format!("{huge}\n{BTC}\n"));
    assert_eq!(imported(&report), [(Chain::Bitcoin, 1, BTC)]);
    assert_eq!(
        rejected(&report),
        [(
            Position::Line(1),
            "1000000 characters long; an address is at most 62".into()
        )]
    );
    // A line that long is no mistyped address: nothing of it is shown.
    assert_eq!(report.rejected[0].excerpt, None);
}

#[test]
fn invalid_utf8_spoils_only_its_own_line() {
    let mut bytes = format!("{BTC}\n").into_bytes();
    bytes.extend_from_slice(b"\xff\xfe bad\n");
    bytes.extend_from_slice(SOL.as_bytes());
    let report = import_files(&[("latin1.txt", &bytes)]);
    assert_eq!(imported(&report).len(), 2);
    assert_eq!(report.rejected.len(), 1);
}

#[test]
fn duplicates_across_files_spellings_and_the_store_are_counted_once() {
    let stored = [(Chain::Solana, SOL.to_string())];
    let mut importer = Importer::new(Network::Mainnet, stored);
    importer.add_file("a.txt", format!("{BSC}\n{BECH32}\n").as_bytes());
    let upper_bsc = format!("0x{}", BSC[2..].to_uppercase());
    importer.add_file(
        "b.csv",
        format!(
            "address\n{}\n{}\n{SOL}\n{BTC}\n",
            BSC.to_lowercase(),
            BECH32.to_uppercase()
        )
        .as_bytes(),
    );
    importer.add_file("c.txt", upper_bsc.as_bytes());
    let report = importer.finish();
    assert_eq!(
        imported(&report),
        [
            (Chain::BnbSmartChain, 0, BSC),
            (Chain::Bitcoin, 1, BECH32),
            (Chain::Bitcoin, 3, BTC)
        ]
    );
    assert_eq!(report.duplicates, 4);
    assert!(report.rejected.is_empty());
}

#[test]
fn testnet_addresses_are_rejected_on_mainnet_with_that_reason() {
    let report = import("tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx\n");
    assert_eq!(
        rejected(&report),
        [(
            Position::Line(1),
            "a testnet address, but the page is set to mainnet".into()
        )]
    );
}

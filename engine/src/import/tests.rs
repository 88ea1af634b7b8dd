use super::*;
use proptest::prelude::*;

const BTC: &str = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa";
const BECH32: &str = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4";
const BSC: &str = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
const SOL: &str = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v";
const SEED: &str =
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

fn import_files(files: &[(&str, &[u8])]) -> ImportReport {
    let mut importer = Importer::new(Network::Mainnet, []);
    for (name, bytes) in files {
        importer.add_file(name, *bytes);
    }
    importer.finish()
}

fn import(text: &str) -> ImportReport {
    import_files(&[("list", text.as_bytes())])
}

/// (chain, index, address) of every imported address.
fn imported(report: &ImportReport) -> Vec<(Chain, u64, &str)> {
    report
        .imported
        .iter()
        .map(|a| (a.chain, a.index, a.address.as_str()))
        .collect()
}

/// (position, reason text) of every rejection.
fn rejected(report: &ImportReport) -> Vec<(Position, String)> {
    report
        .rejected
        .iter()
        .map(|r| (r.position, r.reason.to_string()))
        .collect()
}

#[test]
fn plain_text_skips_blanks_and_comments_and_counts_rejected_lines_in_the_index() {
    let report = import(&format!(
        "# deposit addresses\n{BTC}\n\nnot-an-address\n  {BSC}  \n# end\n{SOL}\n"
    ));
    assert_eq!(
        imported(&report),
        [
            (Chain::Bitcoin, 0, BTC),
            (Chain::BnbSmartChain, 2, BSC),
            (Chain::Solana, 3, SOL)
        ]
    );
    assert_eq!(
        rejected(&report),
        [(
            Position::Line(4),
            "not a Bitcoin, BNB Smart Chain or Solana address".to_string()
        )]
    );
    assert_eq!(
        report.rejected[0].excerpt.as_deref(),
        Some("not-an-address")
    );
}

#[test]
fn crlf_and_a_byte_order_mark_are_ignored() {
    let text = format!("\u{feff}{BTC}\r\n{BSC}\r\n");
    let report = import(&text);
    assert_eq!(imported(&report).len(), 2);
    assert!(report.rejected.is_empty(), "{:?}", report.rejected);

    let csv = format!("\u{feff}address,index\r\n{SOL},7\r\n");
    assert_eq!(imported(&import(&csv)), [(Chain::Solana, 7, SOL)]);
}

#[test]
fn csv_with_each_delimiter_and_index_column_spelling() {
    for (delimiter, index_name) in [
        (",", "index"),
        (";", "address_index"),
        ("\t", "addressIndex"),
    ] {
        let text = format!("Chain{delimiter}{index_name}{delimiter}ADDRESS\nbtc{delimiter}5{delimiter}{BTC}\nBSC{delimiter}9{delimiter}{BSC}\n");
        let report = import(&text);
        assert_eq!(
            imported(&report),
            [(Chain::Bitcoin, 5, BTC), (Chain::BnbSmartChain, 9, BSC)],
            "delimiter {delimiter:?}"
        );
    }
}

#[test]
fn csv_without_index_counts_data_rows_but_not_blank_rows() {
    let text = format!("address\n{BTC}\n\nbogus\n{BTC}\n{SOL}\n");
    let report = import(&text);
    assert_eq!(
        imported(&report),
        [(Chain::Bitcoin, 0, BTC), (Chain::Solana, 3, SOL)]
    );
    assert_eq!(report.duplicates, 1);
    assert_eq!(rejected(&report)[0].0, Position::Line(4));
}

#[test]
fn csv_quoted_cells_and_row_errors() {
    let text = format!(
        "\"address\",\"index\",\"chain\",\"note\"\n\"{BTC}\",\"1\",\"BTC\",\"a, b\"\n{BSC},x,BSC,\n{SOL},3,BTC,\n{SOL},4,ETH,\n,5,SOL\n"
    );
    let report = import(&text);
    assert_eq!(imported(&report), [(Chain::Bitcoin, 1, BTC)]);
    assert_eq!(
        rejected(&report),
        [
            (
                Position::Line(3),
                "index \"x\" is not a whole number from 0 to 2^53 − 1".into()
            ),
            (
                Position::Line(4),
                "the file says BTC but this is a SOL address".into()
            ),
            (
                Position::Line(5),
                "unknown chain \"ETH\" (expected BTC, BSC or SOL)".into()
            ),
            (Position::Line(6), "no address in this row".into()),
        ]
    );
}

#[test]
fn the_wallet_json_export() {
    let json = format!(
        r#"{{"chain":"BTC","network":"mainnet","derivation_path_template":"m/84'/0'/0'/0/{{index}}","generated_at":"2026-01-01T00:00:00Z","count":3,
            "addresses":[{{"index":0,"address":"{BECH32}"}},{{"index":1,"address":"{SOL}"}},{{"index":"two","address":"{BTC}"}},{{"index":3}}]}}"#
    );
    let report = import(&json);
    assert_eq!(imported(&report), [(Chain::Bitcoin, 0, BECH32)]);
    assert_eq!(
        rejected(&report),
        [
            (
                Position::Entry(2),
                "the file says BTC but this is a SOL address".into()
            ),
            (
                Position::Entry(3),
                "index \"two\" is not a whole number from 0 to 2^53 − 1".into()
            ),
            (Position::Entry(4), "no address in this row".into()),
        ]
    );
}

#[test]
fn a_json_export_of_the_other_network_rejects_every_entry() {
    let json = format!(
        r#"{{"chain":"SOL","network":"testnet","addresses":[{{"index":0,"address":"{SOL}"}}]}}"#
    );
    let report = import(&json);
    assert!(report.imported.is_empty());
    assert_eq!(
        rejected(&report),
        [(
            Position::Entry(1),
            "the file is for testnet but the page is set to mainnet".into()
        )]
    );
}

#[test]
fn json_errors_reject_the_file_with_the_reason() {
    let cases = [
        ("{\"addresses\": [", "not valid JSON"),
        ("{\"wallets\": []}", "JSON of the wrong shape"),
        ("[\"a\", \"b\"]", "JSON of the wrong shape"),
        (
            "{\"addresses\": [], \"network\": \"regtest\"}",
            "\"network\" must be \"mainnet\" or \"testnet\"",
        ),
        (
            "{\"chain\": \"DOGE\", \"addresses\": []}",
            "unknown chain \"DOGE\"",
        ),
    ];
    for (json, expected) in cases {
        let report = import(json);
        assert_eq!(report.rejected.len(), 1, "{json}");
        assert_eq!(report.rejected[0].position, Position::File);
        let reason = report.rejected[0].reason.to_string();
        assert!(reason.contains(expected), "{json}: {reason}");
    }
}

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

/// Valid mainnet addresses of every kind, from random bytes.
fn any_address() -> impl Strategy<Value = String> {
    let hash20 = any::<[u8; 20]>();
    let hash32 = any::<[u8; 32]>();
    prop_oneof![
        hash20.prop_map(|h| bs58::encode([&[0u8][..], &h].concat())
            .with_check()
            .into_string()),
        hash20.prop_map(|h| bs58::encode([&[5u8][..], &h].concat())
            .with_check()
            .into_string()),
        hash20.prop_map(|h| bech32::segwit::encode_v0(bech32::hrp::BC, &h).unwrap()),
        hash32.prop_map(|h| bech32::segwit::encode_v1(bech32::hrp::BC, &h).unwrap()),
        hash20.prop_map(|h| alloy_primitives::Address::from(h).to_checksum(None)),
        hash32.prop_map(|h| bs58::encode(h).into_string()),
    ]
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let report = import_files(&[("random", &bytes)]);
        prop_assert!(report.imported.len() + report.rejected.len() + report.duplicates <= bytes.len() + 1);
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        import(&text);
        import(&format!("address,index,chain\n{text}"));
        import(&format!("{{\"addresses\":[{text}]}}"));
    }

    #[test]
    fn generated_lists_round_trip_through_every_format(addresses in proptest::collection::vec(any_address(), 1..40)) {
        let mut unique: Vec<String> = Vec::new();
        for address in &addresses {
            if !unique.contains(address) {
                unique.push(address.clone());
            }
        }
        let text = unique.join("\n");
        let csv = format!("index;address\n{}", unique.iter().enumerate().map(|(i, a)| format!("{};\"{a}\"", i * 2)).collect::<Vec<_>>().join("\n"));
        let entries: Vec<String> = unique.iter().enumerate().map(|(i, a)| format!(r#"{{"index":{},"address":"{a}"}}"#, i * 2)).collect();
        let json = format!(r#"{{"network":"mainnet","addresses":[{}]}}"#, entries.join(","));

        for (format, input, step) in [("text", &text, 1), ("csv", &csv, 2), ("json", &json, 2)] {
            let report = import(input);
            prop_assert!(report.rejected.is_empty(), "{}: {:?}", format, report.rejected);
            let got: Vec<(u64, &str)> = report.imported.iter().map(|a| (a.index, a.address.as_str())).collect();
            let want: Vec<(u64, &str)> = unique.iter().enumerate().map(|(i, a)| ((i * step) as u64, a.as_str())).collect();
            prop_assert_eq!(got, want, "{}", format);
        }
    }
}

proptest! {
    #[test]
    fn duplicates_keep_the_first_index_and_are_counted(
        picks in proptest::collection::vec(0usize..12, 0..80),
        stored in proptest::collection::vec(0usize..12, 0..4),
    ) {
        let pool: Vec<String> = (0..12u8)
            .map(|i| bs58::encode([i + 1; 32]).into_string())
            .collect();
        let stored: Vec<(Chain, String)> = stored.iter().map(|&i| (Chain::Solana, pool[i].clone())).collect();
        let mut importer = Importer::new(Network::Mainnet, stored.clone());
        let text: Vec<&str> = picks.iter().map(|&i| pool[i].as_str()).collect();
        importer.add_file("list", text.join("\n").as_bytes());
        let report = importer.finish();

        // The reference: a plain set, first occurrence wins.
        let mut seen: std::collections::HashSet<&str> = stored.iter().map(|(_, a)| a.as_str()).collect();
        let mut expected = Vec::new();
        for (index, address) in text.iter().enumerate() {
            if seen.insert(address) {
                expected.push((index as u64, address.to_string()));
            }
        }
        let got: Vec<(u64, String)> = report.imported.iter().map(|a| (a.index, a.address.clone())).collect();
        prop_assert_eq!(report.duplicates, text.len() - expected.len());
        prop_assert_eq!(got, expected);
    }
}

#[test]
fn checking_in_small_steps_gives_the_same_report_as_all_at_once() {
    let files: [(&str, &[u8]); 3] = [
        (
            "a.txt",
            format!("{BTC}\nnot-an-address\n{BSC}\n{BTC}\n")
                .as_bytes()
                .to_vec()
                .leak(),
        ),
        (
            "b.csv",
            format!("address,chain\n{SOL},SOL\n{BSC},BTC\n")
                .as_bytes()
                .to_vec()
                .leak(),
        ),
        ("c.bin", b"\0\0binary"),
    ];
    let all_at_once = import_files(&files);
    let mut importer = Importer::new(Network::Mainnet, []);
    for (name, bytes) in files {
        importer.add_file(name, bytes);
    }
    assert_eq!(
        importer.progress(),
        (6, 7),
        "6 entries read; the binary file's rejection also waits"
    );
    let mut steps = 0;
    while importer.check(2) > 0 {
        steps += 1;
    }
    assert_eq!(steps, 3);
    assert_eq!(importer.progress(), (6, 0));
    let stepped = importer.finish();
    assert_eq!(stepped, all_at_once);
    // File order is kept: a.txt's rejection comes before b.csv's and c.bin's.
    let files: Vec<&str> = stepped.rejected.iter().map(|r| r.file.as_str()).collect();
    assert_eq!(files, ["a.txt", "b.csv", "c.bin"]);
}

#[test]
fn indices_above_2_pow_53_minus_1_are_rejected_not_rounded() {
    let largest = MAX_INDEX;
    let csv = format!("address,index\n{BTC},{largest}\n{BSC},{}\n", largest + 1);
    let report = import(&csv);
    assert_eq!(imported(&report), [(Chain::Bitcoin, largest, BTC)]);
    assert_eq!(
        rejected(&report),
        [(
            Position::Line(3),
            format!(
                "index \"{}\" is not a whole number from 0 to 2^53 − 1",
                largest + 1
            )
        )]
    );
    let json = format!(
        "{{\"addresses\": [{{\"index\": {}, \"address\": \"{BTC}\"}}, {{\"index\": 18446744073709551615, \"address\": \"{SOL}\"}}]}}",
        largest + 1
    );
    let report = import(&json);
    assert!(report.imported.is_empty());
    assert_eq!(report.rejected.len(), 2);
    assert!(report
        .rejected
        .iter()
        .all(|r| matches!(r.reason, RejectReason::BadIndex(_))));
}

//! Plain text, CSV and the wallet's JSON export.

use super::*;

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

//! Properties over random addresses and input, and the report's invariants.

use super::*;
use proptest::prelude::*;

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

use super::*;
use crate::export::{csv_header, csv_rows, funded_csv};
use crate::scan::{AssetBalance, ScanTarget};

fn token(symbol: &str, decimals: u8) -> Token {
    Token {
        symbol: symbol.into(),
        address: format!("{symbol}-contract"),
        decimals: Decimals::new(decimals).unwrap(),
        program: Default::default(),
    }
}

fn result(index: u64, address: &str, native: u64, tokens: &[u64]) -> AddressResult {
    let checked = |raw: u64| AssetBalance::Checked(U256::from(raw));
    AddressResult {
        target: ScanTarget {
            index,
            address: address.into(),
        },
        native: checked(native),
        tokens: tokens.iter().map(|&raw| checked(raw)).collect(),
        transactions: None,
    }
}

/// Results given out of order, over two chains, with one repeated index.
fn sample() -> (FundedIndex, Vec<FundedRow>) {
    let bsc_tokens = [token("USDC", 18), token("USDT", 18)];
    let inputs = [
        (
            Chain::Solana,
            result(4, "So1", 2_000_000_000, &[0, 0]),
            vec![token("USDC", 6), token("USDT", 6)],
        ),
        (
            Chain::BnbSmartChain,
            result(9, "0xB", 0, &[5, 7]),
            bsc_tokens.to_vec(),
        ),
        (Chain::Bitcoin, result(3, "1B", 100_000_000, &[]), vec![]),
        (Chain::Bitcoin, result(3, "1A", 1, &[]), vec![]),
        (
            Chain::BnbSmartChain,
            result(2, "0xA", 3, &[0, 1]),
            bsc_tokens.to_vec(),
        ),
        (
            Chain::Solana,
            result(1, "So0", 0, &[1_500_000, 0]),
            vec![token("USDC", 6), token("USDT", 6)],
        ),
    ];
    let mut index = FundedIndex::default();
    let mut rows = Vec::new();
    for (chain, result, tokens) in &inputs {
        index.add(*chain, result, tokens);
        rows.extend(funded_rows(*chain, result, tokens));
    }
    index.finish();
    (index, rows)
}

#[test]
fn the_index_lists_every_funded_balance_in_export_order() {
    let (index, rows) = sample();
    assert_eq!(index.len(), rows.len());
    let listed: Vec<FundedRow> = (0..index.len() as u32).map(|i| index.row(i)).collect();
    let mut csv = csv_header();
    csv.push_str(&csv_rows(&listed));
    assert_eq!(csv, funded_csv(rows));
    assert_eq!(listed[0].address, "1A");
    assert_eq!(
        (listed[2].token.as_str(), listed[3].token.as_str()),
        ("BNB", "USDT")
    );
}

#[test]
fn totals_count_addresses_and_sum_each_asset_exactly() {
    let (index, _) = sample();
    let totals: Vec<(Chain, String, usize, U256)> = index
        .totals()
        .into_iter()
        .map(|t| (t.asset.chain, t.asset.symbol, t.addresses, t.sum))
        .collect();
    assert_eq!(
        totals,
        vec![
            (Chain::Bitcoin, "BTC".into(), 2, U256::from(100_000_001u64)),
            (Chain::BnbSmartChain, "BNB".into(), 1, U256::from(3)),
            (Chain::BnbSmartChain, "USDC".into(), 1, U256::from(5)),
            (Chain::BnbSmartChain, "USDT".into(), 2, U256::from(8)),
            (Chain::Solana, "SOL".into(), 1, U256::from(2_000_000_000u64)),
            (Chain::Solana, "USDC".into(), 1, U256::from(1_500_000)),
        ]
    );
    assert_eq!(index.symbols(), ["BNB", "BTC", "SOL", "USDC", "USDT"]);
}

#[test]
fn selections_filter_by_chain_and_symbol_and_order_amounts_across_decimals() {
    let (index, _) = sample();
    let shown = |selection: Selection| -> Vec<(String, String)> {
        index
            .select(&selection)
            .into_iter()
            .map(|i| index.row(i))
            .map(|row| (row.address, row.token))
            .collect()
    };
    let usdc = Selection {
        symbol: Some("USDC".into()),
        ..Selection::default()
    };
    assert_eq!(
        shown(usdc.clone()),
        [("0xB".into(), "USDC".into()), ("So0".into(), "USDC".into())]
    );
    let sol_usdc = Selection {
        chain: Some(Chain::Solana),
        ..usdc
    };
    assert_eq!(shown(sol_usdc), [("So0".to_string(), "USDC".to_string())]);
    // 2 SOL > 1.5 USDC > 1 BTC-satoshi-sized amounts, whatever their decimals.
    let largest = shown(Selection {
        order: Order::LargestFirst,
        ..Selection::default()
    });
    assert_eq!(largest[0], ("So1".into(), "SOL".into()));
    assert_eq!(largest[1], ("So0".into(), "USDC".into()));
    assert_eq!(largest[2], ("1B".into(), "BTC".into()));
    let smallest = shown(Selection {
        order: Order::SmallestFirst,
        ..Selection::default()
    });
    assert_eq!(smallest.first(), Some(&("0xA".into(), "USDT".into())));
    assert_eq!(smallest.last(), Some(&("So1".into(), "SOL".into())));
}

#[test]
fn results_of_scans_with_different_token_lists_keep_their_own_names() {
    let mut index = FundedIndex::default();
    index.add(
        Chain::BnbSmartChain,
        &result(0, "0xA", 0, &[5]),
        &[token("USDC", 18)],
    );
    index.add(
        Chain::BnbSmartChain,
        &result(1, "0xB", 0, &[7]),
        &[token("USDT", 18)],
    );
    index.finish();
    let tokens: Vec<String> = (0..2).map(|i| index.row(i).token).collect();
    assert_eq!(tokens, ["USDC", "USDT"]);
    assert_eq!(index.totals().len(), 2);
}

#[test]
fn magnitudes_reach_past_64_bits() {
    let big = U256::from(u128::MAX);
    let expected = u128::MAX as f64 / 1e18;
    assert!((magnitude(big, Decimals::new(18).unwrap()) - expected).abs() / expected < 1e-12);
    assert_eq!(magnitude(U256::from(150), Decimals::new(2).unwrap()), 1.5);
}

#[test]
fn sorting_chain_by_chain_gives_the_same_list_as_sorting_at_the_end() {
    let bitcoin = [result(5, "1C", 3, &[]), result(2, "1D", 4, &[])];
    let solana = [result(9, "So9", 1, &[2, 0]), result(0, "So0", 0, &[0, 6])];
    let sol_tokens = [token("USDC", 6), token("USDT", 6)];
    let mut at_the_end = FundedIndex::default();
    let mut per_chain = FundedIndex::default();
    for result in &bitcoin {
        at_the_end.add(Chain::Bitcoin, result, &[]);
        per_chain.add(Chain::Bitcoin, result, &[]);
    }
    per_chain.finish();
    for result in &solana {
        at_the_end.add(Chain::Solana, result, &sol_tokens);
        per_chain.add(Chain::Solana, result, &sol_tokens);
    }
    per_chain.finish();
    at_the_end.finish();
    let rows = |index: &FundedIndex| -> Vec<FundedRow> {
        (0..index.len() as u32).map(|i| index.row(i)).collect()
    };
    assert_eq!(rows(&per_chain), rows(&at_the_end));
    assert_eq!(rows(&per_chain)[0].address, "1D");
    assert_eq!(rows(&per_chain)[2].address, "So0");
}

#[test]
fn equal_amounts_keep_list_order_in_either_direction() {
    let mut index = FundedIndex::default();
    for (i, address) in ["1E", "1A", "1D", "1B"].iter().enumerate() {
        let raw = if *address == "1D" { 9 } else { 5 };
        index.add(Chain::Bitcoin, &result(i as u64, address, raw, &[]), &[]);
    }
    index.finish();
    let order = |order: Order| -> Vec<String> {
        let selection = Selection {
            order,
            ..Selection::default()
        };
        index
            .select(&selection)
            .into_iter()
            .map(|i| index.row(i).address)
            .collect()
    };
    assert_eq!(order(Order::LargestFirst), ["1D", "1E", "1A", "1B"]);
    assert_eq!(order(Order::SmallestFirst), ["1E", "1A", "1B", "1D"]);
}

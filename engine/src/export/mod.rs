//! The CSV export of funded addresses (contract, section 3).

use crate::amount::{format_decimal, Decimals, U256};
use crate::scan::{AddressResult, AssetBalance, Token};
use crate::Chain;

pub mod funded_index;

/// The export's first columns, in this order.
pub const HEADER: [&str; 6] = [
    "chain",
    "index",
    "address",
    "token",
    "balance_raw",
    "balance",
];

/// One checked, non-zero balance of one asset of one address.
///
/// Addresses or assets that could not be checked are not rows at all: the export
/// only ever sees balances a provider confirmed.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FundedRow {
    pub chain: Chain,
    pub index: u64,
    /// The exported form: EIP-55 for BSC, lowercase bech32, base58 as given.
    pub address: String,
    /// `BTC`, `BNB`, `SOL` for native coins, otherwise the token's symbol.
    pub token: String,
    /// 0 for the native coin, then 1, 2, … in the configured token order.
    pub token_position: usize,
    pub raw: U256,
    pub decimals: Decimals,
}

impl FundedRow {
    pub fn sort_key(&self) -> (Chain, u64, &[u8], usize) {
        (
            self.chain,
            self.index,
            self.address.as_bytes(),
            self.token_position,
        )
    }
}

/// The funded rows of one stored result: every confirmed non-zero asset, with the
/// token list the chain is configured with (native first).
pub fn funded_rows<'a>(
    chain: Chain,
    result: &'a AddressResult,
    tokens: &'a [Token],
) -> impl Iterator<Item = FundedRow> + 'a {
    let native = (
        chain.native_symbol(),
        Decimals::new(chain.native_decimals()).expect("native decimals are in range"),
        result.native,
    );
    let tokens = tokens
        .iter()
        .zip(&result.tokens)
        .map(|(token, balance)| (token.symbol.as_str(), token.decimals, *balance));
    std::iter::once(native)
        .chain(tokens)
        .enumerate()
        .filter_map(
            move |(position, (symbol, decimals, balance))| match balance {
                AssetBalance::Checked(raw) if !raw.is_zero() => Some(FundedRow {
                    chain,
                    index: result.target.index,
                    address: result.target.address.clone(),
                    token: symbol.to_string(),
                    token_position: position,
                    raw,
                    decimals,
                }),
                _ => None,
            },
        )
}

/// Writes the CSV: header, then one row per non-zero balance, sorted by chain,
/// index, address (byte order), native before tokens in configured order.
pub fn funded_csv(mut rows: Vec<FundedRow>) -> String {
    rows.retain(|row| !row.raw.is_zero());
    rows.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let mut csv = csv_header();
    csv.push_str(&csv_rows(&rows));
    csv
}

/// The CSV's header line.
pub fn csv_header() -> String {
    let mut csv = String::with_capacity(64);
    push_record(&mut csv, HEADER);
    csv
}

/// CSV lines for `rows`, as they come: a long export is written in chunks of
/// rows already in order (see [`funded_index::FundedIndex`]).
pub fn csv_rows(rows: &[FundedRow]) -> String {
    let mut csv = String::with_capacity(64 * rows.len());
    for row in rows {
        push_record(
            &mut csv,
            [
                row.chain.code(),
                &row.index.to_string(),
                &guard_formula(&row.address),
                &guard_formula(&row.token),
                &row.raw.to_string(),
                &format_decimal(row.raw, row.decimals),
            ],
        );
    }
    csv
}

/// One RFC 4180 record ending in CRLF: a cell holding a comma, a quote, CR or
/// LF is quoted, its quotes doubled; the others go as they are.
///
/// Written here rather than with `csv::Writer`, whose writer links Rust's float
/// parser and its 10 KB table into the worker for a quoting style (quote what
/// is not a number) this export never uses. The tests check the output against
/// `csv::Writer` byte for byte.
fn push_record<'a>(csv: &mut String, cells: impl IntoIterator<Item = &'a str>) {
    for (position, cell) in cells.into_iter().enumerate() {
        if position > 0 {
            csv.push(',');
        }
        if cell.contains([',', '"', '\r', '\n']) {
            csv.push('"');
            csv.push_str(&cell.replace('"', "\"\""));
            csv.push('"');
        } else {
            csv.push_str(cell);
        }
    }
    csv.push_str("\r\n");
}

/// Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` as a formula;
/// a leading `'` makes it text.
fn guard_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn funded_rows_skip_zero_and_unchecked_assets_and_keep_token_order() {
        let usdc = Token {
            symbol: "USDC".into(),
            address: "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v".into(),
            decimals: Decimals::new(6).unwrap(),
            program: Default::default(),
        };
        let usdt = Token {
            symbol: "USDT".into(),
            ..usdc.clone()
        };
        let result = AddressResult {
            target: crate::scan::ScanTarget {
                index: 7,
                address: "wallet".into(),
            },
            native: AssetBalance::Checked(U256::ZERO),
            tokens: vec![
                AssetBalance::Unchecked,
                AssetBalance::Checked(U256::from(5)),
            ],
            transactions: None,
        };
        let rows: Vec<_> = funded_rows(Chain::Solana, &result, &[usdc, usdt]).collect();
        assert_eq!(rows.len(), 1);
        assert_eq!(
            (rows[0].token.as_str(), rows[0].token_position),
            ("USDT", 2)
        );
        assert_eq!((rows[0].index, rows[0].decimals.get()), (7, 6));
    }

    fn row(
        chain: Chain,
        index: u64,
        address: &str,
        token: &str,
        position: usize,
        raw: u64,
    ) -> FundedRow {
        let decimals = match token {
            "BTC" => 8,
            "USDC" if chain == Chain::Solana => 6,
            "SOL" => 9,
            _ => 18,
        };
        FundedRow {
            chain,
            index,
            address: address.into(),
            token: token.into(),
            token_position: position,
            raw: U256::from(raw),
            decimals: Decimals::new(decimals).unwrap(),
        }
    }

    #[test]
    fn rows_are_sorted_and_zero_balances_left_out() {
        let csv = funded_csv(vec![
            row(Chain::Solana, 0, "So1", "USDC", 1, 1_500_000),
            row(Chain::BnbSmartChain, 2, "0xB", "USDT", 2, 10),
            row(
                Chain::BnbSmartChain,
                2,
                "0xB",
                "BNB",
                0,
                1_000_000_000_000_000_000,
            ),
            row(Chain::BnbSmartChain, 1, "0xA", "USDC", 1, 0),
            row(Chain::Bitcoin, 7, "bc1q", "BTC", 0, 100_000),
            row(Chain::Bitcoin, 3, "1B", "BTC", 0, 1),
            row(Chain::Bitcoin, 3, "1A", "BTC", 0, 2),
        ]);
        assert_eq!(
            csv,
            "chain,index,address,token,balance_raw,balance\r\n\
             BTC,3,1A,BTC,2,0.00000002\r\n\
             BTC,3,1B,BTC,1,0.00000001\r\n\
             BTC,7,bc1q,BTC,100000,0.001\r\n\
             BSC,2,0xB,BNB,1000000000000000000,1\r\n\
             BSC,2,0xB,USDT,10,0.00000000000000001\r\n\
             SOL,0,So1,USDC,1500000,1.5\r\n"
        );
    }

    #[test]
    fn an_empty_export_is_just_the_header() {
        assert_eq!(
            funded_csv(vec![]),
            "chain,index,address,token,balance_raw,balance\r\n"
        );
    }

    #[test]
    fn formula_cells_are_guarded_and_quoting_follows_rfc_4180() {
        let mut risky = row(Chain::BnbSmartChain, 0, "0xA", "=HYPERLINK(\"x\")", 1, 5);
        risky.decimals = Decimals::new(0).unwrap();
        let mut comma = row(Chain::BnbSmartChain, 0, "0xA", "US,DT", 2, 5);
        comma.decimals = Decimals::new(0).unwrap();
        let csv = funded_csv(vec![risky, comma]);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[1], "BSC,0,0xA,\"'=HYPERLINK(\"\"x\"\")\",5,5");
        assert_eq!(lines[2], "BSC,0,0xA,\"US,DT\",5,5");
        for prefix in ["+", "-", "@"] {
            assert_eq!(guard_formula(&format!("{prefix}1")), format!("'{prefix}1"));
        }
        assert_eq!(guard_formula("USDC"), "USDC");
    }

    proptest::proptest! {
        /// The hand-written record is the one `csv::Writer` (CRLF, quoting only
        /// where needed) writes for the same cells, byte for byte. Records of
        /// one cell are left out: csv quotes a lone empty cell, and every
        /// record here has six.
        #[test]
        fn records_match_the_csv_crates_writer(
            cells in proptest::collection::vec("[a-z0-9 ,\"\r\n'=.é]{0,8}", 2..7)
        ) {
            let mut reference = csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(vec![]);
            reference.write_record(&cells).unwrap();
            let reference = String::from_utf8(reference.into_inner().unwrap()).unwrap();
            let mut ours = String::new();
            push_record(&mut ours, cells.iter().map(String::as_str));
            proptest::prop_assert_eq!(ours, reference);
        }
    }
}

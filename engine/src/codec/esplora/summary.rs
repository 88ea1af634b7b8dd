//! mempool.space's group summary (`POST /addresses/txs/summary`): the confirmed
//! transactions of up to 300 addresses at once, each with its net value for the
//! whole group. Balances are never negative, so a group whose values sum to zero
//! holds no funded address, and a group of one gives that address's confirmed
//! balance exactly (mempool/electrs `src/rest.rs`, `summary_group`).

use crate::codec::{DecodeError, Request};
use serde::Deserialize;

/// The most addresses one summary may carry (electrs' `MULTI_ADDRESS_LIMIT`).
pub const MAX_GROUP_SUMMARY: u64 = 300;

/// The most transactions a summary lists (electrs' default
/// `rest_default_max_address_summary_txs`): the newest ones. A list this long
/// may have been cut, so its sum says nothing.
pub const MAX_SUMMARY_TXS: usize = 5_000;

/// Longer bodies get 422 ("body too long": `(8 + 64) * 300` bytes).
pub const MAX_SUMMARY_BODY: usize = 21_600;

/// The body's length for these addresses: a JSON array of strings.
pub fn summary_body_len<'a>(addresses: impl IntoIterator<Item = &'a str>) -> usize {
    let (count, text): (usize, usize) = addresses
        .into_iter()
        .fold((0, 0), |(n, len), a| (n + 1, len + a.len()));
    // Brackets, quotes, commas.
    2 + text + 2 * count + count.saturating_sub(1)
}

/// The summary request for `addresses`. Sent as `text/plain`: mempool.space
/// answers no CORS preflight, and electrs reads the body as JSON whatever its type.
pub fn summary_request(api_root: &str, addresses: &[&str]) -> Request {
    Request::PostText {
        url: format!("{}/addresses/txs/summary", api_root.trim_end_matches('/')),
        body: serde_json::to_string(addresses).expect("strings always serialise"),
    }
}

/// A group's confirmed transactions, as far as a summary tells them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupSummary {
    txs: Vec<SummaryTx>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
struct SummaryTx {
    height: u64,
    /// Net satoshis for the whole group: received by its addresses minus spent
    /// from them.
    value: i64,
}

impl GroupSummary {
    /// The list may have been cut (it holds the most a summary lists): its sum
    /// is not the group's balance.
    pub fn is_cut(&self) -> bool {
        self.txs.len() >= MAX_SUMMARY_TXS
    }

    /// No confirmed transaction: no address of the group was ever used.
    pub fn is_empty(&self) -> bool {
        self.txs.is_empty()
    }

    /// How many confirmed transactions the list holds.
    pub fn transactions(&self) -> usize {
        self.txs.len()
    }

    /// The highest block among the transactions: every transaction of the group
    /// confirmed at or below it was in this summary.
    pub fn tip_seen(&self) -> Option<u64> {
        self.txs.iter().map(|tx| tx.height).max()
    }

    /// The group's confirmed balance counting only blocks up to `height` (all
    /// when `None`): a later summary of part of the group, read up to the height
    /// the first one saw, describes the same moment.
    pub fn balance_up_to(&self, height: Option<u64>) -> i128 {
        self.txs
            .iter()
            .filter(|tx| height.is_none_or(|h| tx.height <= h))
            .map(|tx| i128::from(tx.value))
            .sum()
    }
}

pub fn decode_summary(body: &str) -> Result<GroupSummary, DecodeError> {
    let txs: Vec<SummaryTx> = serde_json::from_str(body).map_err(DecodeError::malformed)?;
    Ok(GroupSummary { txs })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_posts_the_addresses_as_a_json_array_of_plain_text() {
        let addresses = ["bc1qa", "3Bcd"];
        let request = summary_request("https://mempool.space/api/", &addresses);
        assert_eq!(
            request,
            Request::PostText {
                url: "https://mempool.space/api/addresses/txs/summary".into(),
                body: r#"["bc1qa","3Bcd"]"#.into(),
            }
        );
        let Request::PostText { body, .. } = request else {
            unreachable!()
        };
        assert_eq!(summary_body_len(addresses), body.len());
        assert_eq!(summary_body_len([]), 2);
    }

    #[test]
    fn the_balance_sums_the_net_values_up_to_a_height() {
        let summary = decode_summary(
            r#"[{"txid":"aa","height":870002,"value":-1500,"time":1,"tx_position":3},
                {"txid":"bb","height":870001,"value":2500,"time":1,"tx_position":0},
                {"txid":"cc","height":870000,"value":1000,"time":1,"tx_position":9}]"#,
        )
        .unwrap();
        assert_eq!(summary.balance_up_to(None), 2000);
        assert_eq!(summary.balance_up_to(Some(870_001)), 3500);
        assert_eq!(summary.tip_seen(), Some(870_002));
        assert!(!summary.is_cut());
        let empty = decode_summary("[]").unwrap();
        assert_eq!((empty.balance_up_to(None), empty.tip_seen()), (0, None));
    }

    #[test]
    fn a_list_of_the_most_a_summary_lists_may_be_cut() {
        let tx = r#"{"txid":"aa","height":1,"value":1,"time":1,"tx_position":0}"#;
        let full = format!("[{}]", vec![tx; MAX_SUMMARY_TXS].join(","));
        assert!(decode_summary(&full).unwrap().is_cut());
        let short = format!("[{}]", vec![tx; MAX_SUMMARY_TXS - 1].join(","));
        assert!(!decode_summary(&short).unwrap().is_cut());
    }

    #[test]
    fn other_answers_are_errors_not_zero() {
        for bad in ["", "body too long", "{}", r#"[{"height":1}]"#, "[1]"] {
            assert!(decode_summary(bad).is_err(), "{bad}");
        }
    }
}

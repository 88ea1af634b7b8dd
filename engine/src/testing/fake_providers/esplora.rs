//! Esplora as the fakes speak it: `GET /address/:address`, and mempool.space's
//! group summary with its limits (300 addresses, a 21,600-byte body, the newest
//! 5,000 transactions, unknown addresses dropped silently).

use super::{http, Ledger};
use crate::codec::esplora::{MAX_GROUP_SUMMARY, MAX_SUMMARY_BODY, MAX_SUMMARY_TXS};
use crate::scan::HttpResponse;
use serde_json::json;
use std::collections::BTreeMap;

/// One confirmed transaction of an address: its id, block, and the address's
/// net value in it (received minus spent, satoshi).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HistoryTx {
    pub txid: u64,
    pub height: u64,
    pub value: i64,
}

/// The address's statistics, from its history: an address the ledger does
/// not know was never used.
pub(super) fn address(url: &str, ledger: &Ledger) -> HttpResponse {
    let address = url.rsplit('/').next().unwrap();
    let history = history(address, ledger);
    let sum = |received: bool| -> i64 {
        history
            .iter()
            .filter(|t| (t.value > 0) == received)
            .map(|t| t.value.abs())
            .sum()
    };
    let body = json!({
        "address": address,
        "chain_stats": {"funded_txo_count": 1, "funded_txo_sum": sum(true), "spent_txo_count": 1, "spent_txo_sum": sum(false), "tx_count": history.len()},
        "mempool_stats": {"funded_txo_count": 0, "funded_txo_sum": 0, "spent_txo_count": 0, "spent_txo_sum": 0, "tx_count": 0},
    });
    http(200, &body.to_string())
}

/// An address's history: the ledger's, or for an address given only a balance,
/// a deposit of it plus 700 and a spend of 700 (as the address answer says).
fn history(address: &str, ledger: &Ledger) -> Vec<HistoryTx> {
    if let Some(txs) = ledger.bitcoin_history.get(address) {
        return txs.clone();
    }
    let Some(&balance) = ledger.by_key.get(address) else {
        return Vec::new();
    };
    let txid = address
        .bytes()
        .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
    vec![
        HistoryTx {
            txid,
            height: 800_000,
            value: balance as i64 + 700,
        },
        HistoryTx {
            txid: txid ^ 1,
            height: 800_001,
            value: -700,
        },
    ]
}

pub(super) fn summary(body: &str, ledger: &Ledger) -> HttpResponse {
    let too_long = || http(422, "body too long");
    if body.len() > MAX_SUMMARY_BODY {
        return too_long();
    }
    let Ok(addresses) = serde_json::from_str::<Vec<String>>(body) else {
        return http(400, "invalid JSON");
    };
    if addresses.len() > MAX_GROUP_SUMMARY as usize {
        return too_long();
    }
    // One entry per transaction, its value netted over the whole group.
    let mut txs: BTreeMap<u64, HistoryTx> = BTreeMap::new();
    for address in &addresses {
        for tx in history(address, ledger) {
            txs.entry(tx.txid)
                .and_modify(|t| t.value += tx.value)
                .or_insert(tx);
        }
    }
    let mut txs: Vec<HistoryTx> = txs.into_values().collect();
    // The newest first, and only as many as a summary lists.
    txs.sort_by(|a, b| b.height.cmp(&a.height).then(a.txid.cmp(&b.txid)));
    txs.truncate(MAX_SUMMARY_TXS);
    let list: Vec<_> = txs
        .iter()
        .map(|tx| {
            json!({"txid": format!("{:064x}", tx.txid), "height": tx.height, "value": tx.value, "time": 1_700_000_000u64 + tx.height, "tx_position": tx.txid % 3000})
        })
        .collect();
    http(200, &serde_json::Value::from(list).to_string())
}

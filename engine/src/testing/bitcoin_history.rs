//! A Bitcoin address set with transaction histories, for group summaries: the
//! scanner's tests and the group benchmark share it.

use super::{HistoryTx, Ledger, Rng};
use crate::scan::ScanTarget;

/// `count` Bitcoin addresses with a transaction history, `funded_per_100k` in 100,000
/// of them holding funds: the rest emptied (received, then spent everything) or
/// never used. Neighbours sometimes pay each other (one transaction in both
/// histories), and a few addresses have more transactions than a group summary
/// lists, funded or emptied (positions 7 and 2,003, then one in 9,973: busy
/// addresses are rare among deposit addresses, and each costs a group about
/// 17 requests to single out). The ledger holds each balance and history.
pub fn bitcoin_with_history(
    count: u64,
    funded_per_100k: u64,
    seed: u64,
) -> (Vec<ScanTarget>, Ledger) {
    let mut rng = Rng(seed);
    let mut targets = Vec::new();
    let mut ledger = Ledger::default();
    let mut next_txid = 0u64;
    let mut tx = |height: u64, value: i64| {
        next_txid += 1;
        HistoryTx {
            txid: next_txid,
            height,
            value,
        }
    };
    let mut histories: Vec<Vec<HistoryTx>> = Vec::new();
    for index in 0..count {
        let height = 700_000 + rng.next_u64() % 170_000;
        let funded = rng.next_u64() % 100_000 < funded_per_100k;
        let long = index % 9_973 == 7 || index == 2_003;
        let mut history = Vec::new();
        let balance = if funded {
            [1, 546, rng.next_u64() % 5_000_000_000 + 1][(rng.next_u64() % 3) as usize]
        } else {
            0
        };
        if long {
            // 5,100 transactions: deposits of 2 and spends of 1, then what
            // makes up the balance.
            for k in 0..2_550 {
                history.push(tx(height + k, 2));
                history.push(tx(height + k, -2));
            }
        } else if funded || rng.chance(20) {
            let spent = rng.next_u64() % 100_000;
            history.push(tx(height, (balance + spent) as i64));
            if spent > 0 {
                history.push(tx(height + 5, -(spent as i64)));
            }
        }
        if long && balance > 0 {
            history.push(tx(height + 3_000, balance as i64));
        }
        histories.push(history);
    }
    // Payments between neighbours: the payer received it first.
    for index in 1..count as usize {
        if rng.chance(3) {
            let amount = (rng.next_u64() % 50_000 + 1) as i64;
            let height = 870_500 + index as u64;
            histories[index - 1].push(tx(height - 1, amount));
            let payment = tx(height, -amount);
            histories[index - 1].push(payment);
            histories[index].push(HistoryTx {
                value: amount,
                ..payment
            });
            histories[index].push(tx(height + 1, -amount));
        }
    }
    for (index, history) in histories.into_iter().enumerate() {
        let hash: Vec<u8> = (0..20).map(|_| rng.next_u64() as u8).collect();
        let address = bs58::encode([&[0u8][..], &hash].concat())
            .with_check()
            .into_string();
        let balance: i64 = history.iter().map(|t| t.value).sum();
        let balance = u64::try_from(balance).expect("balances are never negative");
        ledger.by_key.insert(address.clone(), balance);
        ledger.bitcoin_history.insert(address.clone(), history);
        targets.push(ScanTarget {
            index: index as u64,
            address,
        });
    }
    (targets, ledger)
}

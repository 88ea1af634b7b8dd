//! Group testing over Esplora group summaries (contract: `group_summary`).
//!
//! One summary tells a group's confirmed balance: the sum of its transactions'
//! net values. Balances are never negative, so a group summing to zero holds no
//! funded address, and one request settles all of it. A funded group is halved
//! and only its first half asked about: the second half's balance is the
//! difference, so a group of two needs one more request, not two. The first
//! half's summary is read only up to the highest block the whole group's summary
//! saw, so both answers describe the same moment even when a block lands between
//! them.
//!
//! Groups are sized from the share of funded addresses seen so far: with a share
//! `p`, a group of `g` costs about `1/g + p·log2(g)` requests an address, least
//! near `g = ln 2 / p` (300 at 0.1%, 70 at 1%, 14 at 5%; one address a request
//! once half are funded).
//!
//! Discovery asks another question of the same summaries, whether addresses
//! were ever used ([`settle_activity`]): a group without a transaction holds no
//! used address (and no funds), so a wallet's gap of unused addresses costs one
//! request per group rather than one per address.

use super::scanner::WorkItem;
use super::ScanTarget;
use crate::codec::esplora::GroupSummary;

/// A summary to ask for: `items`, possibly the first part of a group whose
/// balance is already known.
#[derive(Debug)]
pub(super) struct GroupTest {
    pub(super) items: Vec<WorkItem>,
    pub(super) within: Option<KnownGroup>,
    /// Failed sends of this test; past the scan's limit its addresses go one by one.
    pub(super) attempts: u32,
}

/// The group the tested items are the first part of: its balance at `height`,
/// and the part not asked about.
#[derive(Debug)]
pub(super) struct KnownGroup {
    balance: u64,
    height: u64,
    rest: Vec<WorkItem>,
}

impl GroupTest {
    pub(super) fn fresh(items: Vec<WorkItem>) -> Self {
        GroupTest {
            items,
            within: None,
            attempts: 0,
        }
    }

    /// The addresses this test settles: those asked about and the rest of the
    /// known group.
    pub(super) fn len(&self) -> usize {
        self.items.len() + self.within.as_ref().map_or(0, |w| w.rest.len())
    }

    pub(super) fn into_items(self) -> Vec<WorkItem> {
        let mut items = self.items;
        items.extend(self.within.map(|w| w.rest).unwrap_or_default());
        items
    }
}

/// What a summary settled.
#[derive(Debug, Default)]
pub(super) struct Settled {
    /// Confirmed balances, in satoshi.
    pub(super) balances: Vec<(ScanTarget, u64)>,
    /// Smaller groups to ask about next.
    pub(super) tests: Vec<GroupTest>,
    /// Addresses whose own history is longer than a summary lists: asked one
    /// by one (`GET /address` counts any history).
    pub(super) one_by_one: Vec<WorkItem>,
    /// Discovery: addresses found used on their own, with their confirmed
    /// transactions and, where the list was whole, their balance.
    pub(super) used: Vec<(ScanTarget, u64, Option<u64>)>,
}

/// Reads the summary answering `test`. An answer that contradicts what is known
/// (a negative balance, a part holding more than its whole) settles nothing and
/// gives the test back, to count as a failed answer.
pub(super) fn settle(test: GroupTest, summary: &GroupSummary) -> Result<Settled, GroupTest> {
    let mut settled = Settled::default();
    if summary.is_cut() {
        let GroupTest { items, within, .. } = test;
        if let Some(known) = within {
            settled.tests.push(GroupTest::fresh(known.rest));
        }
        if items.len() == 1 {
            settled.one_by_one.extend(items);
        } else {
            let (first, second) = halves(items);
            settled.tests.push(GroupTest::fresh(first));
            settled.tests.push(GroupTest::fresh(second));
        }
        return Ok(settled);
    }
    let height = match &test.within {
        Some(known) => known.height,
        None => summary.tip_seen().unwrap_or(0),
    };
    // A balance is a u64 of satoshi: negative or larger is no balance.
    let asked = summary.balance_up_to(test.within.as_ref().map(|k| k.height));
    let Ok(asked) = u64::try_from(asked) else {
        return Err(test);
    };
    let rest = match &test.within {
        Some(known) => match known.balance.checked_sub(asked) {
            Some(rest) => Some(rest),
            None => return Err(test),
        },
        None => None,
    };
    let GroupTest { items, within, .. } = test;
    known(items, asked, height, &mut settled);
    if let (Some(known_group), Some(rest)) = (within, rest) {
        known(known_group.rest, rest, height, &mut settled);
    }
    Ok(settled)
}

/// Reads the summary answering a discovery's `test`: no transaction, and every
/// address in it was never used (its balance zero); transactions, and a single
/// address was used, while a larger group is halved and both halves asked.
pub(super) fn settle_activity(test: GroupTest, summary: &GroupSummary) -> Settled {
    let mut settled = Settled::default();
    let items = test.into_items();
    if summary.is_empty() {
        settled
            .balances
            .extend(items.into_iter().map(|item| (item.target, 0)));
    } else if items.len() == 1 {
        let item = items.into_iter().next().expect("one item");
        // A cut list still proves use; only its balance is not known.
        let balance = (!summary.is_cut())
            .then(|| u64::try_from(summary.balance_up_to(None)).ok())
            .flatten();
        settled
            .used
            .push((item.target, summary.transactions() as u64, balance));
    } else {
        let (first, second) = halves(items);
        settled.tests.push(GroupTest::fresh(first));
        settled.tests.push(GroupTest::fresh(second));
    }
    settled
}

/// `items` whose balance together is `balance` at `height`.
fn known(items: Vec<WorkItem>, balance: u64, height: u64, settled: &mut Settled) {
    if balance == 0 {
        settled
            .balances
            .extend(items.into_iter().map(|item| (item.target, 0)));
    } else if items.len() == 1 {
        let item = items.into_iter().next().expect("one item");
        settled.balances.push((item.target, balance));
    } else if !items.is_empty() {
        let (first, rest) = halves(items);
        settled.tests.push(GroupTest {
            items: first,
            within: Some(KnownGroup {
                balance,
                height,
                rest,
            }),
            attempts: 0,
        });
    }
}

fn halves(mut items: Vec<WorkItem>) -> (Vec<WorkItem>, Vec<WorkItem>) {
    let second = items.split_off(items.len() / 2);
    (items, second)
}

/// How many addresses a fresh group should hold, from the `funded` among the
/// `checked` addresses so far, at most `limit`. A prior of one funded address in
/// a thousand starts with the largest groups; the share seen soon takes over.
pub(super) fn group_size(checked: u64, funded: u64, limit: usize) -> usize {
    sized(checked, funded, limit, 1_000.0)
}

/// The same for discovery, from the `used` among the `checked`: wallets use
/// most of their addresses, so the prior (one in a hundred) gives way after a
/// hundred answers, not a thousand (every address of a busy wallet used cost
/// 5% more requests than one by one with the scan's prior).
pub(super) fn discovery_group_size(checked: u64, used: u64, limit: usize) -> usize {
    sized(checked, used, limit, 100.0)
}

fn sized(checked: u64, funded: u64, limit: usize, prior: f64) -> usize {
    let share = (funded as f64 + 1.0) / (checked as f64 + prior);
    let size = (std::f64::consts::LN_2 / share).round();
    (size as usize).clamp(1, limit.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::esplora::decode_summary;

    fn items(n: u64) -> Vec<WorkItem> {
        (0..n)
            .map(|index| {
                WorkItem::new(ScanTarget {
                    index,
                    address: format!("a{index}"),
                })
            })
            .collect()
    }

    fn summary(txs: &[(u64, i64)]) -> GroupSummary {
        let list: Vec<String> = txs
            .iter()
            .map(|(h, v)| {
                format!(r#"{{"txid":"x","height":{h},"value":{v},"time":0,"tx_position":0}}"#)
            })
            .collect();
        decode_summary(&format!("[{}]", list.join(","))).unwrap()
    }

    #[test]
    fn a_group_summing_to_zero_settles_every_address_at_zero() {
        // Funded and emptied: the group's net is zero.
        let settled = settle(GroupTest::fresh(items(4)), &summary(&[(5, 700), (6, -700)])).unwrap();
        assert_eq!(settled.balances.len(), 4);
        assert!(settled.balances.iter().all(|(_, b)| *b == 0));
        assert!(settled.tests.is_empty() && settled.one_by_one.is_empty());
    }

    #[test]
    fn a_funded_group_asks_about_its_first_half_and_derives_the_second() {
        let settled = settle(GroupTest::fresh(items(2)), &summary(&[(10, 900)])).unwrap();
        let [test] = &settled.tests[..] else {
            panic!("{settled:?}")
        };
        assert_eq!(test.items.len(), 1);
        assert_eq!(test.len(), 2);
        let test = settled.tests.into_iter().next().unwrap();
        // The first address got 400 at block 9, and 50 more in a block that
        // landed after the group's summary: not counted.
        let settled = settle(test, &summary(&[(11, 50), (9, 400)])).unwrap();
        let balances: Vec<(u64, u64)> = settled
            .balances
            .iter()
            .map(|(t, b)| (t.index, *b))
            .collect();
        assert_eq!(balances, vec![(0, 400), (1, 500)]);
    }

    #[test]
    fn a_cut_list_splits_the_group_and_a_single_address_goes_one_by_one() {
        let tx = (1, 1);
        let cut = summary(&vec![tx; crate::codec::esplora::MAX_SUMMARY_TXS]);
        let settled = settle(GroupTest::fresh(items(5)), &cut).unwrap();
        let sizes: Vec<usize> = settled.tests.iter().map(|t| t.items.len()).collect();
        assert_eq!(sizes, vec![2, 3]);
        assert!(settled.tests.iter().all(|t| t.within.is_none()));
        let settled = settle(GroupTest::fresh(items(1)), &cut).unwrap();
        assert_eq!(settled.one_by_one.len(), 1);
        assert!(settled.balances.is_empty());
    }

    #[test]
    fn answers_that_contradict_the_known_balance_settle_nothing() {
        assert!(settle(GroupTest::fresh(items(3)), &summary(&[(1, -5)])).is_err());
        let test = settle(GroupTest::fresh(items(2)), &summary(&[(10, 900)]))
            .unwrap()
            .tests
            .pop()
            .unwrap();
        let err = settle(test, &summary(&[(9, 901)])).expect_err("a part above its whole");
        assert_eq!(err.len(), 2, "the test comes back whole");
    }

    #[test]
    fn discovery_settles_an_unused_group_at_once_and_splits_a_used_one() {
        let unused = settle_activity(GroupTest::fresh(items(6)), &summary(&[]));
        assert_eq!(unused.balances.len(), 6);
        assert!(unused.tests.is_empty() && unused.used.is_empty());
        // Funded and emptied nets to zero, but it was used: split, not settled.
        let used = settle_activity(GroupTest::fresh(items(5)), &summary(&[(5, 700), (6, -700)]));
        assert!(used.balances.is_empty());
        let sizes: Vec<usize> = used.tests.iter().map(|t| t.items.len()).collect();
        assert_eq!(sizes, vec![2, 3]);
        let alone = settle_activity(GroupTest::fresh(items(1)), &summary(&[(5, 700), (6, -600)]));
        assert_eq!(alone.used.len(), 1);
        assert_eq!((alone.used[0].1, alone.used[0].2), (2, Some(100)));
        let tx = (1, 1);
        let cut = summary(&vec![tx; crate::codec::esplora::MAX_SUMMARY_TXS]);
        let long = settle_activity(GroupTest::fresh(items(1)), &cut);
        assert_eq!(long.used[0].2, None, "a cut list's balance is not known");
    }

    #[test]
    fn groups_shrink_as_funded_addresses_turn_up() {
        assert_eq!(group_size(0, 0, 300), 300);
        assert_eq!(group_size(100_000, 100, 300), 300);
        let one_percent = group_size(100_000, 1_000, 300);
        assert!((60..=80).contains(&one_percent), "{one_percent}");
        let five_percent = group_size(100_000, 5_000, 300);
        assert!((12..=16).contains(&five_percent), "{five_percent}");
        assert_eq!(group_size(100_000, 60_000, 300), 1);
        assert_eq!(group_size(0, 0, 0), 1);
    }
}

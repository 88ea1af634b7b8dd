//! The contract's second half: imports and reads after the first scans, and
//! rescans of part of a chain.

use super::*;

/// The app's other reads and writes: imports of any size and shape, counts,
/// list order, de-duplication's read, funded reads.
pub(super) async fn check_imports_and_reads<S: ContractStore>(store: &S) {
    let solana: Vec<ScanTarget> = store.addresses(Chain::Solana).await.unwrap();
    assert_eq!(
        indices(&solana),
        [3, 1, 2, 0, 4, 5],
        "addresses come back in the order they were added"
    );
    assert_eq!(store.count_addresses(Chain::Solana).await.unwrap(), 6);
    assert_eq!(store.count_addresses(Chain::Bitcoin).await.unwrap(), 1);
    assert_eq!(
        store.count_addresses(Chain::BnbSmartChain).await.unwrap(),
        0
    );
    let mut all = store.all_addresses().await.unwrap();
    all.sort();
    assert_eq!(all.len(), 7, "every chain's addresses");
    assert!(all.contains(&(Chain::Bitcoin, "address-009".to_string())));

    // Funded reads give the result that counts, with the scan that stored it:
    // address-001 from scan 1 (never rechecked), address-002 from scan 2.
    let mut funded = store.funded(Chain::Solana).await.unwrap();
    funded.sort_by_key(|a| a.1.target.index);
    assert_eq!(
        funded,
        [
            (1, result(1, Some(5), Some(0))),
            (2, result(2, None, Some(1)))
        ],
        "funded results and their scans"
    );

    // A large import in pieces of any size: list order and counts hold across
    // every record boundary, and indices may repeat (two lists both from 0).
    let many = |from: u64, count: u64| -> Vec<ScanTarget> {
        (from..from + count)
            .map(|i| ScanTarget {
                index: i % 7_000,
                address: format!("bulk-{i:06}"),
            })
            .collect()
    };
    for (from, count) in [(0, 3_000), (3_000, 5_000), (8_000, 1), (8_001, 4_999)] {
        store
            .add_addresses(Chain::BnbSmartChain, many(from, count))
            .await
            .unwrap();
    }
    let bulk = store.addresses(Chain::BnbSmartChain).await.unwrap();
    assert_eq!(bulk, many(0, 13_000), "13,000 addresses in list order");
    assert_eq!(
        store.count_addresses(Chain::BnbSmartChain).await.unwrap(),
        13_000
    );
    let mut scan = checkpoint(7, ScanRange::All);
    scan.chain = Chain::BnbSmartChain;
    let pending = store.pending(&scan).await.unwrap();
    assert_eq!(pending.len(), 13_000);
    assert!(
        pending.windows(2).all(|w| w[0].index <= w[1].index),
        "pending in index order"
    );
    assert_eq!(
        (&pending[0].address, &pending[1].address),
        (&"bulk-000000".to_string(), &"bulk-007000".to_string()),
        "equal indices in list order"
    );
    let mut ranged = checkpoint(
        7,
        ScanRange::Indices {
            first: 6_990,
            last: 6_999,
        },
    );
    ranged.chain = Chain::BnbSmartChain;
    assert_eq!(store.count_in_range(&ranged).await.unwrap(), 10);

    check_partial_rescans(store).await;
}

/// Rescans of part of a chain: of the funded and the unchecked, and of an
/// index range, with the funds known outside them. On Bitcoin, which holds
/// address-009 only when this starts.
async fn check_partial_rescans<S: ContractStore>(store: &S) {
    let on_bitcoin = |scan_id, range| Checkpoint {
        chain: Chain::Bitcoin,
        ..checkpoint(scan_id, range)
    };
    let targets = (10..=13).map(target).collect();
    store.add_addresses(Chain::Bitcoin, targets).await.unwrap();
    // Scan 1 found 9 funded, 10 empty, 11 half-checked, 12 funded by its token;
    // 13 was never checked.
    let first = on_bitcoin(1, ScanRange::All);
    let found = [
        result(9, Some(5), Some(0)),
        result(10, Some(0), Some(0)),
        result(11, Some(0), None),
        result(12, Some(0), Some(3)),
    ];
    store.save_batch(&first, &found).await.unwrap();

    let follow_up = on_bitcoin(2, ScanRange::FundedOrUnchecked);
    assert_eq!(
        indices(&store.pending(&follow_up).await.unwrap()),
        [9, 11, 12, 13],
        "the funded, the half-checked and the never-checked"
    );
    assert_eq!(store.count_in_range(&follow_up).await.unwrap(), 4);
    assert_eq!(store.funded_outside(&follow_up).await.unwrap(), 0);
    // Address 9 was swept: rechecked empty, it stays in the follow-up's count.
    let swept = [result(9, Some(0), Some(0))];
    store.save_batch(&follow_up, &swept).await.unwrap();
    assert_eq!(
        indices(&store.pending(&follow_up).await.unwrap()),
        [11, 12, 13]
    );
    assert_eq!(
        store.count_in_range(&follow_up).await.unwrap(),
        4,
        "what the follow-up found empty stays counted in it"
    );
    let mut follow_up_done = follow_up;
    follow_up_done.state = CheckpointState::Completed;
    assert!(store.save_completed(&follow_up_done, &[], 4).await.unwrap());
    // The next follow-up leaves out what that one found complete and empty.
    let next = on_bitcoin(3, ScanRange::FundedOrUnchecked);
    assert_eq!(indices(&store.pending(&next).await.unwrap()), [11, 12, 13]);

    // An index range counts the funds stored outside it: 12 (9 was swept).
    let ranged = on_bitcoin(
        3,
        ScanRange::Indices {
            first: 10,
            last: 11,
        },
    );
    assert_eq!(store.count_in_range(&ranged).await.unwrap(), 2);
    assert_eq!(store.funded_outside(&ranged).await.unwrap(), 1);
    let whole = on_bitcoin(3, ScanRange::All);
    assert_eq!(store.funded_outside(&whole).await.unwrap(), 0);
}

//! A store slower than the providers: writes stay bounded and answers never
//! pile up unsaved; and a fast one: answers are gathered into a write every
//! `WRITE_EVERY_MS`, not one transaction per answer; and the first requests
//! need not wait for the write that says the scan is running, nor for a fresh
//! scan's whole list of addresses.

use super::slow_store::{fake_network, quiet_settings, scan, SlowStore, Write};
use super::*;
use crate::ports::Clock;
use crate::provider::rate_limiter::RateLimiter;
use crate::scan::driver::{ScanJob, MAX_UNSAVED_RESULTS, RESULTS_PER_WRITE, WRITE_EVERY_MS};
use crate::testing::VirtualClock;
use crate::time::Millis;
use crate::Chain;

#[test]
fn a_slow_store_gets_bounded_writes_and_holds_the_requests_back() {
    let count = 60_000;
    let truth = bsc_truth(count, 51);
    let clock = VirtualClock::default();
    let network = fake_network(&clock, "bsc", &truth);
    let batch = 200;
    // 5,000 results a second at most, against 10,000 a second answered.
    let store = SlowStore::new(&clock, &network, 1_000, batch);
    store
        .inner
        .add_addresses(Chain::BnbSmartChain, truth.targets.clone());
    let job = ScanJob {
        providers: vec![multicall("bsc", 50, batch)],
        tokens: bsc_tokens(),
        settings: ScanSettings::default(),
    };
    scan(job, Chain::BnbSmartChain, &clock, &store);
    assert_eq!(store.inner.results(Chain::BnbSmartChain), truth.expected);
    assert_eq!(store.largest_write.get(), RESULTS_PER_WRITE);
    // Requests stop once MAX_UNSAVED_RESULTS wait. A write counts here from
    // when it is first polled, after the requests that went out the moment it
    // took its results off the backlog: the pace's burst and its catch-up of
    // two (the fake answers at once, so requests in flight do not hold them
    // back). A few batches more, never the whole chain.
    let burst = RateLimiter::new(50, 0, Millis(0)).burst() as usize;
    let bound = MAX_UNSAVED_RESULTS + (burst + 2) * batch;
    let outstanding = store.most_outstanding.get();
    assert!(
        outstanding <= bound,
        "{outstanding} addresses answered but unsaved (bound {bound})"
    );
    assert!(
        outstanding >= MAX_UNSAVED_RESULTS / 2,
        "the store was never behind: {outstanding}"
    );
}

#[test]
fn answers_are_gathered_into_a_write_every_quarter_second() {
    // 3,000 addresses at 100 a second: 30 s of answers, one by one.
    let truth = bitcoin_truth(3_000, 52);
    let clock = VirtualClock::default();
    let network = fake_network(&clock, "btc", &truth);
    let store = SlowStore::new(&clock, &network, 5, 1);
    store
        .inner
        .add_addresses(Chain::Bitcoin, truth.targets.clone());
    let job = ScanJob {
        providers: vec![esplora("btc", 100)],
        tokens: vec![],
        settings: ScanSettings::default(),
    };
    scan(job, Chain::Bitcoin, &clock, &store);
    assert_eq!(store.inner.results(Chain::Bitcoin), truth.expected);
    // One write per answer would be 3,000 transactions.
    let span_ms = clock.now().0;
    let writes = store.writes.get();
    assert!(
        writes <= (span_ms / WRITE_EVERY_MS) as usize + 2,
        "{writes} writes in {span_ms} ms"
    );
    assert!(writes >= 100, "{writes} writes: answers waited too long");
}

#[test]
fn the_first_requests_do_not_wait_for_the_running_checkpoint() {
    // Writing the checkpoint alone takes 400 ms (a transaction queued behind
    // the other chains' starts).
    let truth = bitcoin_truth(40, 53);
    let clock = VirtualClock::default();
    let network = fake_network(&clock, "btc", &truth);
    let mut store = SlowStore::new(&clock, &network, 5, 1);
    store.checkpoint_ms = 400;
    store
        .inner
        .add_addresses(Chain::Bitcoin, truth.targets.clone());
    let settings = quiet_settings();
    let job = ScanJob {
        providers: vec![esplora("btc", 20)],
        tokens: vec![],
        settings,
    };
    scan(job, Chain::Bitcoin, &clock, &store);
    assert_eq!(store.inner.results(Chain::Bitcoin), truth.expected);
    let providers = network.providers.borrow();
    let first_arrival = providers[0].1.arrivals[0].0;
    assert_eq!(first_arrival, Millis(0), "the first request waited");
    // No results are stored before the checkpoint that says the scan runs.
    let running_at = store.checkpoint_stored_at.get().expect("stored");
    let first_batch_at = store.first_batch_at.get().expect("a batch");
    assert_eq!(running_at, Millis(400));
    assert!(
        first_batch_at >= running_at,
        "a batch began at {first_batch_at:?}"
    );
}

#[test]
fn a_fresh_scan_starts_before_its_whole_list_is_read() {
    // The store's first chunk (4,096 addresses) at once, the whole list after
    // 600 ms (a long list, a busy store), or after 5 s, when the first chunk
    // has been asked about long before: the scan waits for the rest.
    for pending_ms in [600, 5_000] {
        fresh_scan_with_a_slow_list(pending_ms);
    }
}

fn fresh_scan_with_a_slow_list(pending_ms: u64) {
    let count = 10_000;
    let truth = bsc_truth(count, 54);
    let clock = VirtualClock::default();
    let network = fake_network(&clock, "bsc", &truth);
    let batch = 200;
    let mut store = SlowStore::new(&clock, &network, 5, batch);
    store.pending_ms = pending_ms;
    store
        .inner
        .add_addresses(Chain::BnbSmartChain, truth.targets.clone());
    let settings = quiet_settings();
    let job = ScanJob {
        providers: vec![multicall("bsc", 20, batch)],
        tokens: bsc_tokens(),
        settings,
    };
    scan(job, Chain::BnbSmartChain, &clock, &store);
    // Every address once, and each result exact.
    assert_eq!(store.inner.results(Chain::BnbSmartChain), truth.expected);
    let providers = network.providers.borrow();
    let arrivals = &providers[0].1.arrivals;
    assert_eq!(arrivals.len(), count as usize / batch);
    assert_eq!(
        arrivals[0].0,
        Millis(0),
        "the first request waited for the list"
    );
    assert_eq!(store.read_whole_list_at.get(), Some(Millis(pending_ms)));
}

#[test]
fn a_scan_ends_one_write_after_its_last_answer() {
    // 5,000 BSC addresses, 200 a request at 20 a second (the last four
    // together, a window after the opening burst); every write 30 ms.
    let truth = bsc_truth(5_000, 55);
    let clock = VirtualClock::default();
    let network = fake_network(&clock, "bsc", &truth);
    let store = SlowStore::new(&clock, &network, 30, 200);
    store
        .inner
        .add_addresses(Chain::BnbSmartChain, truth.targets.clone());
    let settings = quiet_settings();
    let job = ScanJob {
        providers: vec![multicall("bsc", 20, 200)],
        tokens: bsc_tokens(),
        settings,
    };
    scan(job, Chain::BnbSmartChain, &clock, &store);
    assert_eq!(store.inner.results(Chain::BnbSmartChain), truth.expected);
    // The fake answers the moment a request arrives. After the last answer,
    // one transaction: its results and the completion together (a write of
    // the results, then one of the completion, took two).
    let last_answer = network.providers.borrow()[0].1.arrivals.last().unwrap().0;
    let log = store.log.borrow();
    let after: Vec<Write> = log
        .iter()
        .filter(|(at, _)| *at >= last_answer)
        .map(|(_, write)| *write)
        .collect();
    assert!(
        matches!(after[..], [Write::Completion(n)] if n > 0),
        "writes after the last answer: {after:?}"
    );
    assert_eq!(
        clock.now(),
        last_answer + store.write_ms,
        "the scan ends one write after its last answer"
    );
}

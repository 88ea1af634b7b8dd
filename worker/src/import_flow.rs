//! One import, from picked files to stored addresses: read the files, run the
//! engine's importer against what is stored, store the new addresses, and pause
//! completed chains so their next scan checks only the new ones.
//!
//! It runs in the scan worker (`worker::import`), off the page's thread: reading
//! a 100,000-line file alone was a task of 120–360 ms on the page's thread. The
//! checking still runs in steps, so progress reports go out and scans running in
//! the same worker keep sending.

use crate::derive_flow::Derived;
use crate::store::{BrowserStore, StoreError, DATABASE_NAME};
use scan_protocol::import::{ChainTotals, ImportOutcome, ImportStage};
use scanner_engine::derive::DeriveError;
use scanner_engine::import::Importer;
use scanner_engine::ports::Clock;
use scanner_engine::scan::ScanTarget;
use scanner_engine::{Chain, Network};
use web_platform::clock::next_turn;
use web_platform::clock::BrowserClock;

/// Entries checked at a time; checking goes on in such runs until the step's
/// time is up. A Bitcoin address costs tens of microseconds in the size-optimised
/// wasm.
const CHECKS_PER_RUN: usize = 100;

/// The longest a checking step runs before yielding. In the worker nothing is
/// rendered; the yield lets the scans' own tasks and the progress reports go
/// out.
const STEP_MS: u64 = 40;

/// Imports `files` (name and bytes, in the order given) as one import. Each
/// file's bytes become its text and each accepted address its stored record
/// without a copy: 500,000 addresses are tens of megabytes each time.
pub async fn import_files(
    files: Vec<(String, Vec<u8>)>,
    derived: Vec<Result<Derived, DeriveError>>,
    network: Network,
    progress: impl Fn(ImportStage),
) -> Result<ImportOutcome, StoreError> {
    progress(ImportStage::Reading);
    let database = BrowserStore::open(DATABASE_NAME).await?;
    let store = database.for_network(network);
    let mut importer = Importer::new(network, store.all_addresses().await?);
    for (name, bytes) in files {
        importer.add_file(&name, bytes);
        next_turn().await;
    }
    let mut descriptions = Vec::with_capacity(derived.len());
    for wallet in derived {
        match wallet {
            Ok(wallet) => {
                importer.add_derived(wallet.chain, wallet.addresses);
                descriptions.push(wallet.description);
            }
            Err(refused) => importer.reject_derivation(refused),
        }
    }
    loop {
        let started = BrowserClock.now();
        let mut remaining = importer.check(CHECKS_PER_RUN);
        while remaining > 0 && BrowserClock.now().since(started) < STEP_MS {
            remaining = importer.check(CHECKS_PER_RUN);
        }
        let (read, waiting) = importer.progress();
        progress(ImportStage::Checking {
            checked: read.saturating_sub(waiting),
            read,
        });
        if remaining == 0 {
            break;
        }
        next_turn().await;
    }
    let mut report = importer.finish();
    let mut outcome = ImportOutcome::of(&report, [0; 3]);
    outcome.derived = descriptions;
    let total = report.imported.len();
    let mut by_chain: [Vec<ScanTarget>; 3] = Default::default();
    for address in std::mem::take(&mut report.imported) {
        by_chain[address.chain.index()].push(ScanTarget {
            index: address.index,
            address: address.address,
        });
    }
    drop(report);
    let mut stored = 0;
    for (chain, mut targets) in Chain::ALL.into_iter().zip(by_chain) {
        // Each piece pauses a completed chain in its own transaction: an import
        // cut short by a reload leaves no completed chain with unchecked addresses.
        while !targets.is_empty() {
            let rest = targets.split_off(targets.len().min(STORED_PER_TRANSACTION));
            let piece = std::mem::replace(&mut targets, rest);
            stored += piece.len();
            store.add_addresses(chain, piece).await?;
            progress(ImportStage::Storing { stored, total });
        }
    }
    outcome.totals = chain_totals(&database, network).await?;
    database.close();
    Ok(outcome)
}

/// Addresses written per IndexedDB transaction: 16 packed chunks. Each
/// transaction leaves a consistent state (the chain's count and its paused
/// checkpoint go with its addresses); more than one lets the progress move.
const STORED_PER_TRANSACTION: usize = 16 * scanner_engine::packed::ADDRESSES_PER_CHUNK;

async fn chain_totals(
    database: &BrowserStore,
    network: Network,
) -> Result<ChainTotals, StoreError> {
    let store = database.for_network(network);
    let mut totals = [0; 3];
    for (total, chain) in totals.iter_mut().zip(Chain::ALL) {
        *total = store.count_addresses(chain).await?;
    }
    Ok(totals)
}

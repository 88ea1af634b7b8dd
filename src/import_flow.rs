//! One import, from picked files to stored addresses: read the files, run the
//! engine's importer against what is stored, store the new addresses, and pause
//! completed chains so their next scan checks only the new ones.
//!
//! The checking runs in steps with a yield to the page between them, so a file of
//! 500,000 lines shows progress instead of freezing the page.

use crate::platform::clock::BrowserClock;
use crate::platform::store::{BrowserStore, StoreError, DATABASE_NAME};
use gloo_timers::future::TimeoutFuture;
use scanner_engine::import::{ImportReport, Importer};
use scanner_engine::ports::Clock;
use scanner_engine::scan::ScanTarget;
use scanner_engine::{Chain, Network};

/// Addresses stored per chain, in [`Chain::ALL`] order.
pub type ChainTotals = [usize; 3];

/// Entries checked at a time; checking goes on in such runs until the step's
/// time is up. A Bitcoin address costs tens of microseconds in the size-optimised
/// wasm, so a fixed count of 2,000 made tasks of 50–150 ms.
const CHECKS_PER_RUN: usize = 100;

/// The longest a checking step runs before yielding to the page.
const STEP_MS: u64 = 8;

/// Where an import stands, for the progress line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportStage {
    Reading,
    Checking { checked: usize, read: usize },
    Storing { stored: usize, total: usize },
}

/// Imports `files` (name and bytes, in the order given) as one import.
pub async fn import_files(
    files: Vec<(String, Vec<u8>)>,
    network: Network,
    progress: impl Fn(ImportStage),
) -> Result<(ImportReport, ChainTotals), StoreError> {
    progress(ImportStage::Reading);
    let database = BrowserStore::open(DATABASE_NAME).await?;
    let store = database.for_network(network);
    let mut importer = Importer::new(network, store.all_addresses().await?);
    for (name, bytes) in &files {
        importer.add_file(name, bytes);
        TimeoutFuture::new(0).await;
    }
    drop(files);
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
        TimeoutFuture::new(0).await;
    }
    let report = importer.finish();
    let total = report.imported.len();
    let mut stored = 0;
    for chain in Chain::ALL {
        let targets: Vec<ScanTarget> = report
            .imported
            .iter()
            .filter(|a| a.chain == chain)
            .map(|a| ScanTarget {
                index: a.index,
                address: a.address.clone(),
            })
            .collect();
        if targets.is_empty() {
            continue;
        }
        for chunk in targets.chunks(STORED_PER_TRANSACTION) {
            store.add_addresses(chain, chunk.to_vec()).await?;
            stored += chunk.len();
            progress(ImportStage::Storing { stored, total });
        }
        if let Some(checkpoint) = store.read_checkpoint(chain).await? {
            store.write_checkpoint(&checkpoint.after_import()).await?;
        }
    }
    let totals = chain_totals(&database, network).await?;
    database.close();
    Ok((report, totals))
}

/// Addresses written per IndexedDB transaction. A transaction's records are
/// built and handed over in one task (it commits once nothing is asked of it), so
/// this bounds that task. Measured at 300,000 addresses: 2,000 made tasks of
/// 60–190 ms and 500 of 50–75 ms; 250 made none over 50 ms, for a 10% longer import.
const STORED_PER_TRANSACTION: usize = 250;

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

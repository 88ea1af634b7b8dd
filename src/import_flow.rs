//! One import, from picked files to stored addresses: read the files, run the
//! engine's importer against what is stored, store the new addresses, and pause
//! completed chains so their next scan checks only the new ones.

use crate::platform::store::{BrowserStore, StoreError, DATABASE_NAME};
use scanner_engine::import::{ImportReport, Importer};
use scanner_engine::scan::ScanTarget;
use scanner_engine::{Chain, Network};

/// Addresses stored per chain, in [`Chain::ALL`] order.
pub type ChainTotals = [usize; 3];

/// Imports `files` (name and bytes, in the order given) as one import.
pub async fn import_files(
    files: Vec<(String, Vec<u8>)>,
    network: Network,
) -> Result<(ImportReport, ChainTotals), StoreError> {
    let database = BrowserStore::open(DATABASE_NAME).await?;
    let store = database.for_network(network);
    let mut importer = Importer::new(network, store.all_addresses().await?);
    for (name, bytes) in &files {
        importer.add_file(name, bytes);
    }
    let report = importer.finish();
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
        store.add_addresses(chain, targets).await?;
        if let Some(checkpoint) = store.read_checkpoint(chain).await? {
            store.write_checkpoint(&checkpoint.after_import()).await?;
        }
    }
    let totals = chain_totals(&database, network).await?;
    database.close();
    Ok((report, totals))
}

/// How many addresses each chain holds.
pub async fn stored_totals(network: Network) -> Result<ChainTotals, StoreError> {
    let database = BrowserStore::open(DATABASE_NAME).await?;
    let totals = chain_totals(&database, network).await;
    database.close();
    totals
}

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

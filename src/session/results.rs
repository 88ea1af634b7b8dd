//! The funded addresses, read from the store in pages, for the results panel and
//! the CSV export.

use crate::platform::download::download_text;
use crate::platform::store::{BrowserStore, StoreError, DATABASE_NAME};
use scanner_engine::config::AppConfig;
use scanner_engine::export::{funded_csv, funded_rows, FundedRow};
use scanner_engine::Chain;

/// Every funded (address, asset) of the network in force, in export order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FundedView {
    pub rows: Vec<FundedRow>,
}

/// Reads every chain's funded results. Only funded records are kept in memory;
/// the rest are skipped page by page.
pub async fn load_funded(config: &AppConfig) -> Result<FundedView, StoreError> {
    let database = BrowserStore::open(DATABASE_NAME).await?;
    let store = database.for_network(config.network);
    let mut rows = Vec::new();
    for chain in Chain::ALL {
        let tokens = config.tokens(chain);
        for result in store.funded_results(chain).await? {
            rows.extend(funded_rows(chain, &result, tokens));
        }
    }
    database.close();
    rows.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Ok(FundedView { rows })
}

/// Builds the contract's CSV from the store (not from what the page shows, which
/// may be filtered) and hands it to the browser's download.
pub async fn export_csv(config: &AppConfig) -> Result<usize, String> {
    let funded = load_funded(config).await.map_err(|e| e.to_string())?;
    let count = funded.rows.len();
    let csv = funded_csv(funded.rows);
    let name = format!("funded-addresses-{}.csv", config.network);
    download_text(&name, "text/csv;charset=utf-8", &csv)?;
    Ok(count)
}

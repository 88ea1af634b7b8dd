//! The funded balances, read from the store page by page into a compact index, for
//! the results panel and the CSV export.

use crate::platform::download::download_parts;
use crate::platform::store::{BrowserStore, StoreError, DATABASE_NAME};
use scanner_engine::config::AppConfig;
use scanner_engine::export::funded_index::FundedIndex;
use scanner_engine::export::{csv_header, csv_rows, FundedRow};
use scanner_engine::Chain;
use wasm_bindgen::JsValue;

/// Rows written to the CSV between yields to the page: a few milliseconds each.
const CSV_ROWS_PER_CHUNK: usize = 2_000;

/// Every funded balance of the network in force. Each stored result is read with
/// the token list of the scan that stored it (a later settings change does not
/// rename its columns); results older than the checkpoint remembers fall back to
/// the tokens configured now.
pub async fn load_funded(config: &AppConfig) -> Result<FundedIndex, StoreError> {
    let database = BrowserStore::open(DATABASE_NAME).await?;
    let store = database.for_network(config.network);
    let mut funded = FundedIndex::default();
    for chain in Chain::ALL {
        let checkpoint = store.read_checkpoint(chain).await?;
        let configured = config.tokens(chain);
        store
            .for_each_funded(chain, |scan_id, result| {
                let tokens = checkpoint
                    .as_ref()
                    .and_then(|c| c.tokens_of(scan_id))
                    .unwrap_or(configured);
                funded.add(chain, &result, tokens);
            })
            .await?;
        funded.finish();
    }
    database.close();
    Ok(funded)
}

/// Builds the contract's CSV from the store (not from what the page shows, which
/// may be filtered), chunk by chunk, and hands it to the browser's download.
pub async fn export_csv(config: &AppConfig) -> Result<usize, String> {
    let funded = load_funded(config).await.map_err(|e| e.to_string())?;
    let parts = js_sys::Array::new();
    parts.push(&JsValue::from_str(&csv_header()));
    for start in (0..funded.len()).step_by(CSV_ROWS_PER_CHUNK) {
        let end = (start + CSV_ROWS_PER_CHUNK).min(funded.len());
        let rows: Vec<FundedRow> = (start..end).map(|i| funded.row(i as u32)).collect();
        parts.push(&JsValue::from_str(&csv_rows(&rows)));
        gloo_timers::future::TimeoutFuture::new(0).await;
    }
    let name = format!("funded-addresses-{}.csv", config.network);
    download_parts(&name, "text/csv;charset=utf-8", &parts)?;
    Ok(funded.len())
}

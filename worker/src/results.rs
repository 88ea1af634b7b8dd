//! The funded balances, in the worker: read from the store page by page into a
//! compact index, which answers the results panel's pages and totals, and the CSV
//! export. Reading 100,000 stored results and sorting 200,000 balances made tasks
//! of 90–135 ms on the page's thread; the page now only gets the 25 rows it shows.

use super::{report, report_with};
use crate::settings::in_force;
use crate::store::{BrowserStore, StoreError, DATABASE_NAME};
use scan_protocol::{FromWorker, ResultsSummary, ShownRow};
use scanner_engine::export::funded_index::{FundedIndex, Selection};
use scanner_engine::export::{csv_header, csv_rows, FundedRow};
use scanner_engine::scan::Token;
use scanner_engine::{Chain, Network};
use std::cell::{Cell, RefCell};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::spawn_local;
use web_platform::js_error::js_error_text;

/// Rows written to the CSV between yields: a few milliseconds each.
const CSV_ROWS_PER_CHUNK: usize = 2_000;

/// Which stored results to read: the network's, each chain's read with the
/// tokens configured now where its checkpoint does not remember the scan's own.
struct ResultsScope {
    network: Network,
    /// Per chain, in [`Chain::ALL`] order.
    tokens: [Vec<Token>; 3],
}

impl ResultsScope {
    async fn of(network: Network) -> Result<ResultsScope, StoreError> {
        let config = in_force().await?;
        Ok(ResultsScope {
            network,
            tokens: Chain::ALL.map(|chain| config.tokens(chain).to_vec()),
        })
    }
}

thread_local! {
    /// The index the newest load built; the table's pages are read from it.
    static INDEX: RefCell<FundedIndex> = RefCell::new(FundedIndex::default());
    static LOADS: NewestLoad = const { NewestLoad::new() };
}

/// Which of overlapping loads may replace the index: only the newest started.
/// The page shows the totals of the newest load it asked for; an older load that
/// ends after it must not replace the index the table's rows come from, or the
/// rows would disagree with the totals above them.
struct NewestLoad {
    newest: Cell<u64>,
}

impl NewestLoad {
    const fn new() -> Self {
        NewestLoad {
            newest: Cell::new(0),
        }
    }

    /// Load `id` began (ids grow with every request the page sends).
    fn started(&self, id: u64) {
        self.newest.set(self.newest.get().max(id));
    }

    /// Whether load `id`, now done, is the newest one begun.
    fn is_newest(&self, id: u64) -> bool {
        self.newest.get() == id
    }
}

pub(super) fn load(id: u64, network: Network) {
    LOADS.with(|loads| loads.started(id));
    spawn_local(async move {
        let funded = async { load_funded(&ResultsScope::of(network).await?).await };
        let outcome = match funded.await {
            Ok(index) => {
                let summary = ResultsSummary {
                    totals: index.totals().iter().map(Into::into).collect(),
                    symbols: index.symbols(),
                    count: index.len(),
                };
                if LOADS.with(|loads| loads.is_newest(id)) {
                    INDEX.set(index);
                }
                Ok(summary)
            }
            Err(error) => Err(error.to_string()),
        };
        report(FromWorker::ResultsLoaded { id, outcome });
    });
}

pub(super) fn rows(id: u64, selection: &Selection, first: usize, count: usize) {
    let (rows, matching) = INDEX.with_borrow(|index| {
        let selected = index.select(selection);
        let rows: Vec<ShownRow> = selected
            .iter()
            .skip(first)
            .take(count)
            .map(|&position| ShownRow::from(&index.row(position)))
            .collect();
        (rows, selected.len())
    });
    report(FromWorker::Rows { id, rows, matching });
}

/// Builds the contract's CSV from the store (not from the index, which may be
/// older), chunk by chunk, into a Blob the page downloads.
pub(super) fn export_csv(id: u64, network: Network) {
    spawn_local(async move {
        match csv_blob(network).await {
            Ok((blob, rows)) => {
                let name = format!("funded-addresses-{network}.csv");
                report_with(
                    FromWorker::CsvReady {
                        id,
                        outcome: Ok((name, rows)),
                    },
                    &[blob.into()],
                );
            }
            Err(error) => report(FromWorker::CsvReady {
                id,
                outcome: Err(error),
            }),
        }
    });
}

async fn csv_blob(network: Network) -> Result<(web_sys::Blob, usize), String> {
    let funded = async { load_funded(&ResultsScope::of(network).await?).await };
    let funded = funded.await.map_err(|e| e.to_string())?;
    let parts = js_sys::Array::new();
    parts.push(&JsValue::from_str(&csv_header()));
    for start in (0..funded.len()).step_by(CSV_ROWS_PER_CHUNK) {
        let end = (start + CSV_ROWS_PER_CHUNK).min(funded.len());
        let rows: Vec<FundedRow> = (start..end).map(|i| funded.row(i as u32)).collect();
        parts.push(&JsValue::from_str(&csv_rows(&rows)));
        web_platform::clock::next_turn().await;
    }
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|e| format!("the CSV could not be built: {}", js_error_text(&e)))?;
    Ok((blob, funded.len()))
}

/// Every funded balance of the scope's network. Each stored result is read with
/// the token list of the scan that stored it (a later settings change does not
/// rename its columns); results older than the checkpoint remembers fall back to
/// the tokens configured now.
async fn load_funded(scope: &ResultsScope) -> Result<FundedIndex, StoreError> {
    let database = BrowserStore::open(DATABASE_NAME).await?;
    let store = database.for_network(scope.network);
    let mut funded = FundedIndex::default();
    for (chain, configured) in Chain::ALL.into_iter().zip(&scope.tokens) {
        let checkpoint = store.read_checkpoint(chain).await?;
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

#[cfg(test)]
mod tests {
    use super::NewestLoad;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn an_older_results_load_ending_last_never_replaces_the_newest() {
        let loads = NewestLoad::new();
        loads.started(3);
        loads.started(4);
        // Load 3 ends after load 4 began: its index is not the one the page shows.
        assert!(!loads.is_newest(3));
        assert!(loads.is_newest(4));
        loads.started(7);
        assert!(!loads.is_newest(4));
    }
}

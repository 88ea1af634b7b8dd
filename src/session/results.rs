//! The funded balances as the page sees them: it asks the scan worker, which
//! holds the results index, for the totals, for the rows it shows, and for the
//! CSV file.

use crate::platform::download::download_blob;
use crate::platform::scan_worker;
use crate::worker::messages::{FromWorker, ResultsScope, ResultsSummary, ToWorker};
use futures::channel::oneshot;
use scanner_engine::config::AppConfig;
use scanner_engine::export::funded_index::Selection;
use scanner_engine::export::FundedRow;
use scanner_engine::Chain;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use wasm_bindgen::{JsCast, JsValue};

type Answer = (FromWorker, Vec<JsValue>);

thread_local! {
    static NEXT_ID: Cell<u64> = const { Cell::new(1) };
    /// Requests sent and not yet answered.
    static WAITING: RefCell<HashMap<u64, oneshot::Sender<Answer>>> = RefCell::new(HashMap::new());
}

const WORKER_GONE: &str = "the scanner stopped before it answered; try again";

/// Sends the request `ask` builds with a fresh id, and waits for its answer.
async fn ask(ask: impl FnOnce(u64) -> ToWorker) -> Result<Answer, String> {
    let id = NEXT_ID.replace(NEXT_ID.get() + 1);
    let (answer, answered) = oneshot::channel();
    WAITING.with_borrow_mut(|waiting| waiting.insert(id, answer));
    if let Err(why) = scan_worker::send(&ask(id)) {
        WAITING.with_borrow_mut(|waiting| waiting.remove(&id));
        return Err(why);
    }
    answered.await.map_err(|_| WORKER_GONE.to_string())
}

/// Hands an answer to the request waiting for it.
pub(super) fn hear(report: FromWorker, attached: Vec<JsValue>) {
    let waiting = report
        .answers()
        .and_then(|id| WAITING.with_borrow_mut(|waiting| waiting.remove(&id)));
    if let Some(answer) = waiting {
        let _ = answer.send((report, attached));
    }
}

/// The worker died: no request will be answered (each says so).
pub(super) fn worker_crashed() {
    WAITING.with_borrow_mut(HashMap::clear);
}

fn scope_of(config: &AppConfig) -> ResultsScope {
    ResultsScope {
        network: config.network,
        tokens: Chain::ALL.map(|chain| config.tokens(chain).to_vec()),
    }
}

/// Reads every funded balance of the network in force into the worker's index,
/// and returns what the panel shows above its table.
pub async fn load_results(config: &AppConfig) -> Result<ResultsSummary, String> {
    let scope = scope_of(config);
    match ask(|id| ToWorker::LoadResults { id, scope }).await? {
        (FromWorker::ResultsLoaded { outcome, .. }, _) => outcome,
        _ => Err("the scanner answered something else".into()),
    }
}

/// Rows `first..first + count` of what `selection` picks from the last load, and
/// how many it picks in all.
pub async fn results_rows(
    selection: Selection,
    first: usize,
    count: usize,
) -> Result<(Vec<FundedRow>, usize), String> {
    let request = |id| ToWorker::Rows {
        id,
        selection,
        first,
        count,
    };
    match ask(request).await? {
        (FromWorker::Rows { rows, matching, .. }, _) => Ok((rows, matching)),
        _ => Err("the scanner answered something else".into()),
    }
}

/// Has the worker build the contract's CSV from the store (not from what the
/// page shows, which may be filtered), and hands it to the browser's download.
pub async fn export_csv(config: &AppConfig) -> Result<usize, String> {
    let scope = scope_of(config);
    let (report, attached) = ask(|id| ToWorker::ExportCsv { id, scope }).await?;
    let FromWorker::CsvReady { outcome, .. } = report else {
        return Err("the scanner answered something else".into());
    };
    let (name, rows) = outcome?;
    let blob = attached
        .into_iter()
        .next()
        .and_then(|value| value.dyn_into::<web_sys::Blob>().ok())
        .ok_or("the CSV file did not reach the page")?;
    download_blob(&name, &blob)?;
    Ok(rows)
}

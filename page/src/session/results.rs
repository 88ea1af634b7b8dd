//! The funded balances as the page sees them: it asks the scan worker, which
//! holds the results index, for the totals, for the rows it shows, and for the
//! CSV file. And "test connection", the other question the page asks.

use super::ScanSession;
use scan_protocol::{FromWorker, ResultsSummary, ShownRow, ToWorker};
use scanner_engine::export::funded_index::Selection;
use scanner_engine::provider::probe::ProbeVerdict;
use scanner_engine::{Chain, Network};
use wasm_bindgen::JsCast;
use web_platform::download::download_blob;

use super::requests::ANSWERED_ELSE;

impl ScanSession {
    /// Reads every funded balance of `network` into the worker's index, and
    /// returns what the panel shows above its table.
    pub async fn load_results(&self, network: Network) -> Result<ResultsSummary, String> {
        match self
            .requests
            .ask(|id| ToWorker::LoadResults { id, network })
            .await?
        {
            (FromWorker::ResultsLoaded { outcome, .. }, _) => outcome,
            _ => Err(ANSWERED_ELSE.into()),
        }
    }

    /// Rows `first..first + count` of what `selection` picks from the last load,
    /// and how many it picks in all.
    pub async fn results_rows(
        &self,
        selection: Selection,
        first: usize,
        count: usize,
    ) -> Result<(Vec<ShownRow>, usize), String> {
        let request = |id| ToWorker::Rows {
            id,
            selection,
            first,
            count,
        };
        match self.requests.ask(request).await? {
            (FromWorker::Rows { rows, matching, .. }, _) => Ok((rows, matching)),
            _ => Err(ANSWERED_ELSE.into()),
        }
    }

    /// Has the worker build the contract's CSV from the store (not from what the
    /// page shows, which may be filtered), and hands it to the browser's download.
    pub async fn export_csv(&self, network: Network) -> Result<usize, String> {
        let (report, attached) = self
            .requests
            .ask(|id| ToWorker::ExportCsv { id, network })
            .await?;
        let FromWorker::CsvReady { outcome, .. } = report else {
            return Err(ANSWERED_ELSE.into());
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

    /// "Test connection": the worker sends one small request to the provider
    /// at `position` of `chain`'s list in force.
    pub async fn probe(&self, chain: Chain, position: usize) -> ProbeVerdict {
        let request = |id| ToWorker::Probe {
            id,
            chain,
            position,
        };
        let asked = self.requests.ask(request).await;
        match asked {
            Ok((FromWorker::Probed { verdict, .. }, _)) => verdict,
            Ok(_) => ProbeVerdict {
                ok: false,
                message: ANSWERED_ELSE.into(),
            },
            Err(why) => ProbeVerdict {
                ok: false,
                message: why,
            },
        }
    }
}

//! The funded balances as the page sees them: it asks the scan worker, which
//! holds the results index, for the totals, for the rows it shows, and for the
//! CSV file. And "test connection", the other question the page asks.

use super::ScanSession;
use scan_protocol::{FromWorker, ResultsScope, ResultsSummary, ShownRow, ToWorker};
use scanner_engine::config::AppConfig;
use scanner_engine::export::funded_index::Selection;
use scanner_engine::provider::probe::ProbeVerdict;
use scanner_engine::scan::ProviderConfig;
use scanner_engine::Chain;
use wasm_bindgen::JsCast;
use web_platform::download::download_blob;

use super::requests::ANSWERED_ELSE;

fn scope_of(config: &AppConfig) -> ResultsScope {
    ResultsScope {
        network: config.network,
        tokens: Chain::ALL.map(|chain| config.tokens(chain).to_vec()),
    }
}

impl ScanSession {
    /// Reads every funded balance of `config`'s network into the worker's index,
    /// and returns what the panel shows above its table.
    pub async fn load_results(&self, config: &AppConfig) -> Result<ResultsSummary, String> {
        let scope = scope_of(config);
        match self
            .requests
            .ask(|id| ToWorker::LoadResults { id, scope })
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
    pub async fn export_csv(&self, config: &AppConfig) -> Result<usize, String> {
        let scope = scope_of(config);
        let (report, attached) = self
            .requests
            .ask(|id| ToWorker::ExportCsv { id, scope })
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

    /// "Test connection": the worker sends one small request to `provider`.
    pub async fn probe(&self, provider: ProviderConfig) -> ProbeVerdict {
        let asked = self
            .requests
            .ask(|id| ToWorker::Probe { id, provider })
            .await;
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

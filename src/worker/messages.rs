//! What the page and the scan worker say to each other. Both sides are this
//! crate, so the messages are Rust values sent as JSON text; they are small (a
//! command, or a chain's snapshot at most every 200 ms), so the encoding costs
//! nothing that shows. Files to import travel beside the text as `File` objects
//! (handles, not copies): the worker reads them.

use crate::import_flow::{ImportOutcome, ImportStage};
use scanner_engine::scan::driver::ScanJob;
use scanner_engine::scan::ChainSnapshot;
use scanner_engine::{Chain, Network};
use serde::{Deserialize, Serialize};

/// How a start was asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StartMode {
    /// Resume an unfinished scan, or start fresh after a finished one; ask when the
    /// unfinished scan is old.
    Auto,
    /// Resume even an old scan (the user answered the question).
    Resume,
    /// Start a new scan of every address (rescan).
    Fresh,
}

/// The page asks.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum ToWorker {
    /// Scan `chain` on `network`. The page holds the chain's cross-tab lock until
    /// the worker answers [`FromWorker::Ended`].
    Start {
        chain: Chain,
        network: Network,
        mode: StartMode,
        job: ScanJob,
        /// The card as the page shows it (its provider rows carry on).
        shown: ChainSnapshot,
        /// Addresses stored for the chain, for the card after a stop.
        total: usize,
    },
    /// Stop `chain`'s scan; what was stored stays.
    Stop { chain: Chain },
    /// Import `sources`, in order, as one import. One import at a time: the page
    /// waits for [`FromWorker::Imported`] before it sends another.
    Import {
        network: Network,
        sources: Vec<ImportSource>,
    },
}

/// One source of an import.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum ImportSource {
    /// Text the page has (pasted, or the demo's files).
    Text { name: String, text: String },
    /// The next `File` sent beside the command.
    AttachedFile,
}

/// The worker tells.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum FromWorker {
    /// The worker listens: messages sent before this are queued by the page.
    Ready,
    /// Where `chain`'s scan stands.
    Progress {
        chain: Chain,
        snapshot: ChainSnapshot,
    },
    /// Why `chain` is not scanning, in words for the user.
    Notice { chain: Chain, text: String },
    /// The unfinished scan is too old to resume without asking the user.
    Stale { chain: Chain, age_ms: u64 },
    /// `chain`'s scan is over (completed, failed, stopped, or never started); the
    /// page releases the chain's lock.
    Ended { chain: Chain },
    /// Where the import stands (at most every 100 ms).
    ImportProgress { stage: ImportStage },
    /// The import is over; an error says in words why it failed.
    Imported {
        outcome: Result<ImportOutcome, String>,
    },
}

impl ToWorker {
    pub fn encode(&self) -> String {
        serde_json::to_string(self).expect("messages always encode")
    }

    pub fn decode(text: &str) -> Result<ToWorker, serde_json::Error> {
        serde_json::from_str(text)
    }
}

impl FromWorker {
    /// The chain the report is about.
    pub fn chain(&self) -> Option<Chain> {
        match self {
            FromWorker::Ready | FromWorker::ImportProgress { .. } | FromWorker::Imported { .. } => {
                None
            }
            FromWorker::Progress { chain, .. }
            | FromWorker::Notice { chain, .. }
            | FromWorker::Stale { chain, .. }
            | FromWorker::Ended { chain } => Some(*chain),
        }
    }

    pub fn encode(&self) -> String {
        serde_json::to_string(self).expect("messages always encode")
    }

    pub fn decode(text: &str) -> Result<FromWorker, serde_json::Error> {
        serde_json::from_str(text)
    }
}

//! What the page and the scan worker say to each other: the page's
//! [`ToWorker`] commands and the worker's [`FromWorker`] reports, and the types
//! they carry. The two binaries are separate crates (`page/`, `worker/`) that
//! share only this one, so a message is defined once and both ends agree on it.
//!
//! Messages are Rust values in postcard's compact binary form, sent as a
//! `Uint8Array`: both ends are built from this crate, so the form needs no field
//! names, and postcard's decoder is a small part of the page's wasm, where a
//! JSON parser was the largest dependency after Leptos. Files to import travel
//! beside the bytes as `File` objects (handles, not copies): the worker reads
//! them.
//!
//! Both ends carry this build's [`BUILD_ID`]; the page talks only to a worker
//! whose first report, [`FromWorker::Ready`], names the same build, so a worker
//! cached from another build (another protocol) is never spoken to.

pub mod import;
mod shown;
pub mod storage;
mod stored;

pub use shown::{
    ResultsSummary, ShownAmount, ShownChainConfig, ShownConfig, ShownProvider, ShownRow,
    ShownToken, ShownTotal,
};
pub use stored::{ConfigLayers, Opened, StoredChain};

use import::{ImportOutcome, ImportStage};
use scanner_engine::config::SettingsEdit;
use scanner_engine::derive::ScriptType;
use scanner_engine::export::funded_index::Selection;
use scanner_engine::provider::probe::ProbeVerdict;
use scanner_engine::scan::checkpoint::ScanRange;
use scanner_engine::scan::ChainSnapshot;
use scanner_engine::{Chain, Network};
use serde::{Deserialize, Serialize};

/// This build's id (see `build.rs`): the page and the worker of one build share
/// it, and a worker of another build (a cached copy) is refused.
pub const BUILD_ID: &str = env!("BUILD_ID");

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
    /// Start a new scan of part of the chain: the funded and the unchecked, or
    /// an index range; on Solana, `deep` asks for every token account each
    /// wallet owns (the deep check).
    Only { range: ScanRange, deep: bool },
}

/// Why a settings edit was not made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EditRefused {
    /// The form's fields have these problems, one line each.
    Fields(Vec<String>),
    /// The settings could not be saved.
    NotSaved(String),
}

/// The page asks.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum ToWorker {
    /// Scan `chain` on `network` with the providers and tokens in force (the
    /// worker holds the configuration). The page holds the chain's cross-tab
    /// lock until the worker answers [`FromWorker::Ended`].
    Start {
        chain: Chain,
        network: Network,
        mode: StartMode,
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
    /// Read the funded balances into the worker's results index (replacing it);
    /// answered by [`FromWorker::ResultsLoaded`] with the same `id`.
    /// Each chain's results are read with the tokens configured now where its
    /// checkpoint does not remember the scan's own.
    LoadResults { id: u64, network: Network },
    /// Rows `first..first + count` of the balances `selection` picks from the
    /// index; answered by [`FromWorker::Rows`].
    Rows {
        id: u64,
        selection: Selection,
        first: usize,
        count: usize,
    },
    /// Build the contract's CSV from the store; answered by
    /// [`FromWorker::CsvReady`] with the file (a `Blob`) beside it.
    ExportCsv { id: u64, network: Network },
    /// Test whether the provider in force at `position` of `chain`'s list
    /// answers ("test connection"); answered by [`FromWorker::Probed`].
    Probe {
        id: u64,
        chain: Chain,
        position: usize,
    },
    /// Open the browser storage and read the configuration's layers (the
    /// deployer's `config.json`, the settings saved here) and, on the network
    /// they name, each chain's stored state: everything the page shows first,
    /// in one opening of the storage. Answered by [`FromWorker::ConfigLoaded`].
    LoadConfig { id: u64 },
    /// Make `edit` to the user's settings and save them; answered by
    /// [`FromWorker::SettingsEdited`].
    EditSettings { id: u64, edit: SettingsEdit },
    /// Read each chain's stored addresses count and checkpoint on `network`;
    /// answered by [`FromWorker::ChainsLoaded`].
    LoadChains { id: u64, network: Network },
    /// Read `chain`'s checkpoint on `network` only (another tab scans it; its
    /// `total` addresses are known); answered by [`FromWorker::CheckpointRead`].
    ReadCheckpoint {
        id: u64,
        network: Network,
        chain: Chain,
        total: usize,
    },
}

/// One source of an import.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum ImportSource {
    /// Text the page has (pasted).
    Text { name: String, text: String },
    /// A file next to the page (the demo's address lists): the worker fetches it.
    BesidePage { path: String },
    /// The next `File` sent beside the command.
    AttachedFile,
    /// Addresses derived from a watch-only wallet.
    WatchOnly(WatchOnlyRequest),
}

/// A derivation the user asked for: indices `0..count` of the branch that `key`
/// (an extended public key or a descriptor) names, or with `gap`, the used
/// addresses of the wallet's branches, found with that gap limit. The chain and
/// script type are the user's choice for a bare `xpub`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct WatchOnlyRequest {
    pub key: String,
    pub chain: Option<Chain>,
    pub script: Option<ScriptType>,
    pub count: u32,
    /// Discovery: stop each branch after this many unused addresses in a row
    /// (`count` is then not used).
    pub gap: Option<u32>,
}

/// The Web Lock held while a chain's providers are being sent requests on a
/// network: by the page for a scan, by the worker for a discovery. Either
/// runs only when it is free, so two never share the providers' rate limits,
/// whatever tab they run in.
pub fn chain_lock_name(network: Network, chain: Chain) -> String {
    format!("balance-scanner/scan/{network}/{}", chain.code())
}

/// The worker tells.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum FromWorker {
    /// The worker listens: messages sent before this are queued by the page.
    /// `build` is the worker's [`BUILD_ID`]: the page talks only to a worker of
    /// its own build. It stays the first variant, so any build's `Ready` reads
    /// as a `Ready` (and its build is then compared).
    Ready { build: String },
    /// Where `chain`'s scan stands.
    Progress {
        chain: Chain,
        snapshot: ChainSnapshot,
    },
    /// Why `chain` is not scanning, in words for the user.
    Notice { chain: Chain, text: String },
    /// The unfinished scan is too old to resume without asking the user.
    Stale { chain: Chain, age_ms: Option<u64> },
    /// `chain`'s scan is over (completed, failed, stopped, or never started); the
    /// page releases the chain's lock.
    Ended { chain: Chain },
    /// Where the import stands (at most every 100 ms).
    ImportProgress { stage: ImportStage },
    /// The import is over; an error says in words why it failed.
    Imported {
        outcome: Result<ImportOutcome, String>,
    },
    ResultsLoaded {
        id: u64,
        outcome: Result<ResultsSummary, String>,
    },
    /// The rows asked for, and how many balances the selection holds in all.
    Rows {
        id: u64,
        rows: Vec<ShownRow>,
        matching: usize,
    },
    /// The CSV's file name and row count; its Blob travels beside this.
    CsvReady {
        id: u64,
        outcome: Result<(String, usize), String>,
    },
    /// What testing the provider found, in words for the user (its key masked).
    Probed { id: u64, verdict: ProbeVerdict },
    /// The configuration's layers and each chain's stored state; an error says
    /// why the storage did not open.
    ConfigLoaded {
        id: u64,
        outcome: Result<Opened, String>,
    },
    /// The configuration in force after the edit, or why it was not made.
    SettingsEdited {
        id: u64,
        outcome: Result<ShownConfig, EditRefused>,
    },
    /// Per chain, in [`Chain::ALL`] order.
    ChainsLoaded {
        id: u64,
        outcome: Result<[StoredChain; 3], String>,
    },
    /// The chain as its checkpoint describes it.
    CheckpointRead {
        id: u64,
        outcome: Result<StoredChain, String>,
    },
}

impl ToWorker {
    pub fn encode(&self) -> Vec<u8> {
        postcard::to_allocvec(self).expect("messages always encode")
    }

    pub fn decode(bytes: &[u8]) -> Result<ToWorker, postcard::Error> {
        postcard::from_bytes(bytes)
    }
}

impl FromWorker {
    /// The chain the report is about.
    pub fn chain(&self) -> Option<Chain> {
        match self {
            FromWorker::Ready { .. }
            | FromWorker::ImportProgress { .. }
            | FromWorker::Imported { .. }
            | FromWorker::ResultsLoaded { .. }
            | FromWorker::Rows { .. }
            | FromWorker::CsvReady { .. }
            | FromWorker::Probed { .. }
            | FromWorker::ConfigLoaded { .. }
            | FromWorker::SettingsEdited { .. }
            | FromWorker::ChainsLoaded { .. }
            | FromWorker::CheckpointRead { .. } => None,
            FromWorker::Progress { chain, .. }
            | FromWorker::Notice { chain, .. }
            | FromWorker::Stale { chain, .. }
            | FromWorker::Ended { chain } => Some(*chain),
        }
    }

    pub fn encode(&self) -> Vec<u8> {
        postcard::to_allocvec(self).expect("messages always encode")
    }

    pub fn decode(bytes: &[u8]) -> Result<FromWorker, postcard::Error> {
        postcard::from_bytes(bytes)
    }

    /// The request this answers, for an answer to a request with an id.
    pub fn answers(&self) -> Option<u64> {
        match self {
            FromWorker::ResultsLoaded { id, .. }
            | FromWorker::Rows { id, .. }
            | FromWorker::CsvReady { id, .. }
            | FromWorker::Probed { id, .. }
            | FromWorker::ConfigLoaded { id, .. }
            | FromWorker::SettingsEdited { id, .. }
            | FromWorker::ChainsLoaded { id, .. }
            | FromWorker::CheckpointRead { id, .. } => Some(*id),
            _ => None,
        }
    }
}

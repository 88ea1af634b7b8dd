//! What the page and the worker both know of the browser storage: its name and
//! schema version (the page asks older tabs to let go of an older schema; the
//! worker opens it), and what a tab says once a newer version took it over.

/// The database the app keeps its state in.
pub const DATABASE_NAME: &str = "balance-scanner";

/// Bumped whenever an object store or index is added; the worker's store opens
/// older databases by creating what they lack (version 2 added addresses and
/// checkpoints; version 3 packs addresses in chunks and results in pages, and
/// migrates version 2's records).
pub const SCHEMA_VERSION: u32 = 3;

/// What a tab says once a newer version of the page (in another tab) took the
/// database over: whether this tab let go when asked, or the browser closed its
/// connection under a scan.
pub const SUPERSEDED_MESSAGE: &str = "A newer version of this page was opened in another \
     tab and needs the browser storage: scans here stopped, and everything found is saved. \
     Reload this tab to go on.";

//! What the scanner hands out: requests for its driver to send, how a scan
//! ended, and the counts and provider health the page shows.

use crate::codec::Request;
#[cfg(doc)]
use crate::scan::{ChainScanner, ProviderConfig};

/// A request for the driver to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outgoing {
    /// Hand this back to [`ChainScanner::on_response`] with the answer.
    pub id: u64,
    pub provider: usize,
    pub request: Request,
    pub timeout_ms: u64,
}

/// How a scan ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScanOutcome {
    /// Every address in range was checked.
    Completed,
    /// Providers kept failing: some addresses remain unchecked; resumable.
    Failed,
}

/// What the UI shows of each provider.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ProviderStats {
    pub requests: u64,
    pub rate_limited: u64,
    pub failures: u64,
    pub last_latency_ms: Option<u64>,
    pub last_error: Option<String>,
    /// Never asked (again) this scan, for the reason in `last_error`: it cannot
    /// carry one address within its rate bound (see
    /// [`ProviderConfig::cannot_carry_one_address`]), or it refused the key.
    #[serde(default)]
    pub left_out: bool,
}

/// Counts for progress displays.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QueueCounts {
    pub queued: usize,
    pub in_flight: usize,
    /// Failed too often this pass; retried once more before the scan ends.
    pub set_aside: usize,
}

//! Scanning one chain: the request plan, the provider pool, retries and outcome.
//!
//! - [`setup`]: providers, tokens and tuning a scan is given.
//! - [`result`]: what a scan learns per address (checked or unchecked per asset).
//! - [`protocol`]: per provider kind, the request for a batch and its decoding.
//! - [`scanner`]: the sans-I/O state machine a driver runs.
//! - [`events`]: what a scan reports, and the snapshot the UI renders.
//! - [`checkpoint`]: the stored checkpoint, and whether to resume or start fresh.
//! - [`driver`]: runs a scanner over the ports, storing every batch.

pub mod checkpoint;
pub mod driver;
pub mod events;
mod groups;
pub mod protocol;
pub mod result;
pub mod scanner;
pub mod setup;

pub use events::{ChainSnapshot, ChainState, ScanEvent};
pub use protocol::{HttpResponse, TransportError};
pub use result::{AddressResult, AssetBalance, ScanTarget};
pub use scanner::{ChainScanner, Outgoing, ProviderStats, QueueCounts, ScanOutcome};
pub use setup::{ActivityQuery, ProviderConfig, ProviderKind, ScanSettings, Token};

#[cfg(test)]
mod tests;

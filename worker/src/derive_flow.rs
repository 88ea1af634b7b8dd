//! A watch-only derivation inside the worker: the engine derives in steps, so
//! 100,000 addresses report progress and the scans running beside it keep
//! sending.

use scan_protocol::import::ImportStage;
use scan_protocol::WatchOnlyRequest;
use scanner_engine::derive::{check_count, parse_watch_only, Choices, DeriveError};
use scanner_engine::ports::Clock;
use scanner_engine::{Chain, Network};
use web_platform::clock::next_turn;
use web_platform::clock::BrowserClock;

/// Addresses derived at a time; runs go on until the step's time is up.
const PER_RUN: u32 = 256;

/// The longest a derivation step runs before yielding (as an import's checking).
const STEP_MS: u64 = 40;

/// One derivation's addresses, ready for the importer.
pub struct Derived {
    pub chain: Chain,
    /// (derivation index, address), in index order.
    pub addresses: Vec<(u64, String)>,
    /// For the report: how many, and of what.
    pub description: String,
}

/// Derives what `request` asks for. A refusal is reported by the import as a
/// rejected entry (its message never holds the key).
pub async fn derive(
    request: &WatchOnlyRequest,
    network: Network,
    progress: &impl Fn(ImportStage),
) -> Result<Derived, DeriveError> {
    let count = check_count(u64::from(request.count))?;
    let choices = Choices {
        chain: request.chain,
        script: request.script,
    };
    let wallet = parse_watch_only(&request.key, network, choices)?;
    let mut addresses = Vec::with_capacity(count as usize);
    let mut next = 0;
    while next < count {
        let started = BrowserClock.now();
        while next < count && BrowserClock.now().since(started) < STEP_MS {
            let run = PER_RUN.min(count - next);
            addresses.extend(
                wallet
                    .addresses(next, run)
                    .into_iter()
                    .map(|(index, address)| (u64::from(index), address)),
            );
            next += run;
        }
        progress(ImportStage::Deriving {
            derived: next as usize,
            total: count as usize,
        });
        next_turn().await;
    }
    let description = format!(
        "{} {} addresses: {}",
        scanner_engine::amount::group_thousands(&addresses.len().to_string()),
        wallet.chain.code(),
        wallet.describe()
    );
    Ok(Derived {
        chain: wallet.chain,
        addresses,
        description,
    })
}

//! A watch-only derivation inside the worker: the engine derives in steps, so
//! 100,000 addresses report progress and the scans running beside it keep
//! sending; or, with a gap limit, it discovers the wallet's used addresses by
//! asking the chain's providers.

use crate::sending_lease;
use crate::settings::in_force;
use crate::store::{BrowserStore, DATABASE_NAME};
use scan_protocol::import::ImportStage;
use scan_protocol::WatchOnlyRequest;
use scanner_engine::derive::gap::MAX_GAP;
use scanner_engine::derive::{
    branch_name, check_count, parse_watch_only, Choices, DeriveError, WatchOnly,
};
use scanner_engine::discovery::{discover, BranchFound, DiscoveryError};
use scanner_engine::ports::Clock;
use scanner_engine::scan::driver::ScanJob;
use scanner_engine::scan::ScanSettings;
use scanner_engine::{Chain, Network};
use web_platform::clock::next_turn;
use web_platform::clock::BrowserClock;
use web_platform::transport::FetchTransport;

/// Addresses derived at a time; runs go on until the step's time is up.
const PER_RUN: u32 = 256;

/// The longest a derivation step runs before yielding (as an import's checking).
const STEP_MS: u64 = 40;

/// One derivation's addresses, ready for the importer.
pub struct Derived {
    pub chain: Chain,
    /// (derivation index, address), in index order (a discovery's receive
    /// branch, then its change branch).
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
    let choices = Choices {
        chain: request.chain,
        script: request.script,
    };
    if let Some(gap) = request.gap {
        if !(1..=MAX_GAP).contains(&gap) {
            return Err(DeriveError::Gap);
        }
        let wallet = parse_watch_only(&request.key, network, choices)?;
        return discover_used(wallet, gap, network, progress).await;
    }
    let count = check_count(u64::from(request.count))?;
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
        "Derived {} {} addresses: {}",
        number(addresses.len()),
        wallet.chain.code(),
        wallet.describe()
    );
    Ok(Derived {
        chain: wallet.chain,
        addresses,
        description,
    })
}

/// Discovery: the wallet's branches (receive and change on Bitcoin) searched
/// with `gap` as the gap limit over the chain's providers, under the chain's
/// sending lease as a scan is (so a scan right after it opens its rate limits
/// knowing what was sent).
async fn discover_used(
    wallet: WatchOnly,
    gap: u32,
    network: Network,
    progress: &impl Fn(ImportStage),
) -> Result<Derived, DeriveError> {
    let chain = wallet.chain;
    // The chain's lock, as a scan holds it: no scan of the chain (in any tab)
    // runs while this discovery sends, nor the other way round.
    let lock = scan_protocol::chain_lock_name(network, chain);
    let Some(_held) = web_platform::locks::hold_if_free(&lock).await else {
        return Err(DiscoveryError::ChainBusy(chain.display_name()).into());
    };
    let unavailable = |why: String| DeriveError::from(DiscoveryError::Unavailable(why));
    let config = in_force().await.map_err(|e| unavailable(e.to_string()))?;
    let database = BrowserStore::open(DATABASE_NAME)
        .await
        .map_err(|e| unavailable(e.to_string()))?;
    let (quiet_for_ms, sending) = sending_lease::begin(&database, network, chain)
        .await
        .map_err(|e| unavailable(e.to_string()))?;
    let job = ScanJob {
        providers: config.providers(chain).to_vec(),
        tokens: config.tokens(chain).to_vec(),
        settings: ScanSettings {
            quiet_for_ms,
            ..ScanSettings::default()
        },
    };
    let found = discover(
        wallet.branches(),
        gap,
        job,
        &FetchTransport,
        &BrowserClock,
        &mut |p| {
            progress(ImportStage::Discovering {
                checked: p.checked as usize,
                used: p.used as usize,
            })
        },
    )
    .await;
    sending.end(&database).await;
    database.close();
    let found = found?;
    let description = describe_found(&found, chain, wallet.describe_wallet(), gap);
    Ok(Derived {
        chain,
        addresses: found
            .into_iter()
            .flat_map(|branch| branch.addresses)
            .map(|(index, address)| (u64::from(index), address))
            .collect(),
        description,
    })
}

/// "Discovered 29 BTC addresses up to the last used one (22 receive, 7 change;
/// gap limit 20, 69 checked, 6 used): legacy P2PKH (1…, BIP-44)".
fn describe_found(found: &[BranchFound], chain: Chain, wallet: &str, gap: u32) -> String {
    let total: usize = found.iter().map(|b| b.addresses.len()).sum();
    let branches = if found.len() > 1 {
        let each: Vec<String> = found
            .iter()
            .map(|b| format!("{} {}", number(b.addresses.len()), branch_name(b.branch)))
            .collect();
        format!("{}; ", each.join(", "))
    } else {
        String::new()
    };
    let checked: u32 = found.iter().map(|b| b.checked).sum();
    let used: u32 = found.iter().map(|b| b.used).sum();
    let limit = if found.iter().any(|b| b.hit_limit) {
        "; stopped at the most one derivation makes, the wallet may go on"
    } else {
        ""
    };
    format!(
        "Discovered {} {} addresses up to the last used one ({branches}gap limit {gap}, {} checked, {} used{limit}): {wallet}",
        number(total),
        chain.code(),
        number(checked as usize),
        number(used as usize),
    )
}

fn number(n: usize) -> String {
    scanner_engine::amount::group_thousands(&n.to_string())
}

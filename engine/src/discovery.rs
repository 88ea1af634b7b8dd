//! Discovery with a gap limit: derive each branch of a watch-only wallet and
//! ask the chain's providers whether each address was ever used, until `gap`
//! addresses in a row were not ([`crate::derive::gap`]). The addresses up to the
//! last used one on each branch are the wallet's.
//!
//! The questions go through a [`ChainScanner`] whose providers ask the
//! activity question ([`ProviderConfig::for_activity`]): the same rate bound,
//! breakers, failover and retries as a scan, with the addresses fed in as the
//! search reaches them ([`ChainScanner::take_in`]).

use crate::derive::gap::GapSearch;
use crate::derive::{WatchOnly, MAX_DERIVED};
use crate::ports::{Clock, Transport};
use crate::scan::driver::ScanJob;
use crate::scan::{ChainScanner, ScanTarget};
use futures::future::{select, Either};
use futures::stream::{FuturesUnordered, StreamExt};

/// Where a discovery stands, for its progress line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DiscoveryProgress {
    /// Addresses asked about and answered, over every branch.
    pub checked: u32,
    /// Of those, the ones found used.
    pub used: u32,
}

/// One branch's outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BranchFound {
    /// 0 receive, 1 change.
    pub branch: u32,
    /// The addresses up to and including the last used one, with their
    /// derivation index, in index order (none for an unused branch).
    pub addresses: Vec<(u32, String)>,
    pub used: u32,
    pub checked: u32,
    /// The search reached the derivation's limit before a full gap.
    pub hit_limit: bool,
}

/// Why a discovery could not finish, in words for the user.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DiscoveryError {
    #[error("No {0} provider can tell whether an address was used (an Esplora API or a JSON-RPC node is needed; an Etherscan-style API cannot): add one in Settings.")]
    NoProvider(&'static str),
    #[error("Discovery stopped: the providers kept failing after {checked} addresses were checked, so the end of the wallet is not known. Try again later.")]
    ProvidersFailed { checked: u32 },
    #[error("{0} is being scanned (in this tab or another) or discovered: discovery would share its providers' rate limits. Stop the scan or let it finish, then discover.")]
    ChainBusy(&'static str),
    #[error("Discovery could not start: {0}")]
    Unavailable(String),
}

/// Discovers the used addresses of `branches` (searched side by side) with
/// `gap` as the gap limit, asking `job`'s providers.
pub async fn discover<T: Transport, C: Clock>(
    branches: Vec<WatchOnly>,
    gap: u32,
    job: ScanJob,
    transport: &T,
    clock: &C,
    progress: &mut impl FnMut(DiscoveryProgress),
) -> Result<Vec<BranchFound>, DiscoveryError> {
    let chain = branches.first().map_or(crate::Chain::Bitcoin, |b| b.chain);
    let providers: Vec<_> = job
        .providers
        .iter()
        .filter_map(|p| p.for_activity())
        .collect();
    if providers.is_empty() {
        return Err(DiscoveryError::NoProvider(chain.display_name()));
    }
    let mut scanner = ChainScanner::new(providers, job.tokens, [], job.settings, clock.now());
    let mut searches: Vec<Search> = branches
        .into_iter()
        .map(|wallet| Search {
            gap: GapSearch::new(gap, MAX_DERIVED),
            derived: Vec::new(),
            wallet,
        })
        .collect();
    let mut in_flight = FuturesUnordered::new();
    loop {
        for (position, search) in searches.iter_mut().enumerate() {
            scanner.take_in(search.feed(position));
        }
        if searches.iter().all(|s| s.gap.is_done()) {
            break;
        }
        // Every address handed out is answered before a scanner with nothing
        // left ends; one that ended with the search unfinished gave up.
        if scanner.outcome().is_some() {
            return Err(gave_up(&searches));
        }
        let now = clock.now();
        while let Some(outgoing) = scanner.poll_request(now) {
            let answer = transport.send(outgoing.request, outgoing.timeout_ms);
            in_flight.push(async move { (outgoing.id, answer.await) });
        }
        // An answer, or the next send's moment, whichever comes first.
        let answered = match (in_flight.is_empty(), scanner.next_wakeup(now)) {
            (false, Some(at)) => {
                let sleep = std::pin::pin!(clock.sleep_until(at));
                match select(in_flight.next(), sleep).await {
                    Either::Left((answer, _)) => answer,
                    Either::Right(((), _)) => None,
                }
            }
            (false, None) => in_flight.next().await,
            (true, Some(at)) => {
                clock.sleep_until(at).await;
                None
            }
            // Nothing out and nothing to send (cannot happen: the scanner
            // then has an outcome), but a discovery must end, never spin.
            (true, None) => return Err(gave_up(&searches)),
        };
        if let Some((id, response)) = answered {
            for result in scanner.on_response(clock.now(), id, response) {
                let Some(used) = result.was_used() else {
                    continue;
                };
                let (position, index) = split_index(result.target.index);
                searches[position].gap.record(index, used);
            }
            progress(DiscoveryProgress {
                checked: checked(&searches),
                used: searches.iter().map(|s| s.gap.used()).sum(),
            });
        }
    }
    Ok(searches.into_iter().map(Search::finish).collect())
}

/// Addresses answered over every branch.
fn checked(searches: &[Search]) -> u32 {
    searches.iter().map(|s| s.gap.checked()).sum()
}

/// The providers gave up before the searches ended.
fn gave_up(searches: &[Search]) -> DiscoveryError {
    DiscoveryError::ProvidersFailed {
        checked: checked(searches),
    }
}

/// The addresses a search hands out at a time: enough to fill a few requests
/// of the largest batches, never past the gap known so far.
const FEED: u32 = 256;

struct Search {
    wallet: WatchOnly,
    gap: GapSearch,
    /// Every address handed out, in index order.
    derived: Vec<(u32, String)>,
}

impl Search {
    /// Derives the next indices the search wants, as scan targets.
    fn feed(&mut self, position: usize) -> Vec<ScanTarget> {
        let batch = self.gap.next_batch(FEED);
        if batch.is_empty() {
            return Vec::new();
        }
        let addresses = self.wallet.addresses(batch.start, batch.len() as u32);
        // An index BIP-32 declares invalid has no address: never used.
        for index in batch.filter(|i| !addresses.iter().any(|(at, _)| at == i)) {
            self.gap.record(index, false);
        }
        let targets = addresses
            .iter()
            .map(|(index, address)| ScanTarget {
                index: join_index(position, *index),
                address: address.clone(),
            })
            .collect();
        self.derived.extend(addresses);
        targets
    }

    fn finish(mut self) -> BranchFound {
        let found = self.gap.found();
        self.derived.retain(|(index, _)| *index < found);
        BranchFound {
            branch: self.wallet.branch,
            addresses: self.derived,
            used: self.gap.used(),
            checked: self.gap.checked(),
            hit_limit: self.gap.hit_limit(),
        }
    }
}

/// A target's index while it is searched: the search's position above the
/// derivation index (the stored index is the derivation index alone).
fn join_index(position: usize, index: u32) -> u64 {
    ((position as u64) << 32) | u64::from(index)
}

fn split_index(joined: u64) -> (usize, u32) {
    ((joined >> 32) as usize, joined as u32)
}

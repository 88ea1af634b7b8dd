//! One chain's scan inside the worker: decide how to start (fresh, resumed, or ask
//! the user), run the engine, report progress, and leave a stopped scan `paused`.

use super::report;
use crate::sending_lease;
use crate::settings::in_force;
use crate::store::{BrowserStore, DATABASE_NAME};
use futures::future::{AbortHandle, Abortable};
use scan_protocol::storage::SUPERSEDED_MESSAGE;
use scan_protocol::{FromWorker, StartMode};
use scanner_engine::ports::Clock;
use scanner_engine::scan::checkpoint::{
    decide_start, CheckpointState, ScanRange, StartDecision, DEFAULT_STALE_AFTER_MS,
};
use scanner_engine::scan::driver::{run_scan, ScanJob};
use scanner_engine::scan::{ChainSnapshot, ScanEvent, ScanOutcome, ScanSettings};
use scanner_engine::time::Millis;
use scanner_engine::{Chain, Network};
use wasm_bindgen_futures::spawn_local;
use web_platform::clock::BrowserClock;
use web_platform::transport::FetchTransport;

/// The longest a chain's card lags behind its scan.
const UI_REFRESH_MS: u64 = 200;

#[derive(Clone, Copy)]
pub(super) struct ChainScan {
    pub chain: Chain,
    pub network: Network,
    /// Addresses stored for the chain on the network.
    pub total: usize,
}

impl ChainScan {
    /// Runs the scan in the background; `ended` is called once it is over,
    /// whichever way. Aborting the handle stops it.
    pub fn spawn(
        self,
        mode: StartMode,
        shown: ChainSnapshot,
        ended: impl FnOnce(Chain) + 'static,
    ) -> AbortHandle {
        let (handle, registration) = AbortHandle::new_pair();
        let scan = Abortable::new(self.run(mode, shown), registration);
        spawn_local(async move {
            if scan.await.is_err() {
                self.mark_paused().await;
            }
            ended(self.chain);
        });
        handle
    }

    fn progress(&self, snapshot: ChainSnapshot) {
        report(FromWorker::Progress {
            chain: self.chain,
            snapshot,
        });
    }

    fn notice(&self, text: String) {
        report(FromWorker::Notice {
            chain: self.chain,
            text,
        });
    }

    async fn run(self, mode: StartMode, shown: ChainSnapshot) {
        let mut job = match in_force().await {
            Ok(config) => ScanJob {
                providers: config.providers(self.chain).to_vec(),
                tokens: config.tokens(self.chain).to_vec(),
                settings: ScanSettings::default(),
            },
            Err(error) => return self.notice(format!("The settings could not be read: {error}")),
        };
        if let Some(why) = unusable(self.chain, &job) {
            return self.notice(why);
        }
        let clock = BrowserClock;
        let database = match BrowserStore::open(DATABASE_NAME).await {
            Ok(database) => database,
            Err(error) => return self.notice(error.to_string()),
        };
        // Whether the providers were sent anything in the last second (a scan
        // just before a reload), and the lease that covers this scan's sends.
        let sending = match sending_lease::begin(&database, self.network, self.chain).await {
            Ok((quiet, sending)) => {
                job.settings.quiet_for_ms = quiet;
                sending
            }
            Err(error) => return self.notice(error.to_string()),
        };
        let store = database.for_network(self.network);
        let latest = match store.read_checkpoint(self.chain).await {
            Ok(latest) => latest,
            Err(error) => return self.notice(error.to_string()),
        };
        let (rescan, range, deep) = match mode {
            StartMode::Fresh => (true, ScanRange::All, false),
            StartMode::Only { range, deep } => (true, range, deep && self.chain == Chain::Solana),
            StartMode::Auto | StartMode::Resume => (false, ScanRange::All, false),
        };
        let decision = decide_start(
            self.chain,
            latest,
            rescan,
            range,
            clock.unix_ms(),
            DEFAULT_STALE_AFTER_MS,
        );
        let mut checkpoint = match decision {
            StartDecision::Resume(checkpoint) => checkpoint,
            StartDecision::Fresh(mut checkpoint) => {
                checkpoint.deep = deep;
                checkpoint
            }
            StartDecision::AskUser { checkpoint, .. } if mode == StartMode::Resume => checkpoint,
            StartDecision::AskUser { age_ms, .. } => {
                return report(FromWorker::Stale {
                    chain: self.chain,
                    age_ms,
                });
            }
        };
        if checkpoint.deep {
            // The deep check asks the chain's nodes another way, about the
            // tokens the scan checks (those it started with, once resumed).
            let tokens = checkpoint.adopt_tokens(&job.tokens);
            job.providers = job
                .providers
                .iter()
                .filter_map(|p| p.for_deep_check(&tokens))
                .collect();
            if let Some(why) = unusable(self.chain, &job) {
                return self.notice(why);
            }
        }
        // Events are folded into a local copy, and the page hears of it at most
        // every UI_REFRESH_MS, and at once when a scan starts or ends: at hundreds
        // of answers a second, re-rendering per answer would cost the page more
        // than the scan costs the worker.
        let mut local = shown;
        let mut shown_at: Option<Millis> = None;
        let mut emit = |event: ScanEvent, now: Millis| {
            let milestone = matches!(
                event,
                ScanEvent::Started { .. } | ScanEvent::Finished { .. }
            );
            local.apply(event, now);
            if milestone || shown_at.is_none_or(|at| now.since(at) >= UI_REFRESH_MS) {
                self.progress(local.clone());
                shown_at = Some(now);
            }
        };
        let outcome = run_scan(job, checkpoint, &FetchTransport, &clock, &store, &mut emit).await;
        // Nothing is sent after this: the lease ends now.
        sending.end(&database).await;
        // Once the card says completed: free what the scan superseded (the page
        // still holds the chain's lock, so no scan of it starts meanwhile).
        if let Ok(ScanOutcome::Completed) = outcome {
            if let Ok(Some(done)) = store.read_checkpoint(self.chain).await {
                let _ = store.delete_superseded_pages(&done).await;
            }
        }
        if let Err(error) = outcome {
            database.close();
            // Chromium closes a connection under a scan when another tab upgrades
            // the schema; the database then no longer opens at this version.
            let superseded = BrowserStore::open(DATABASE_NAME).await.is_err();
            self.notice(if superseded {
                SUPERSEDED_MESSAGE.to_string()
            } else {
                format!("The scan stopped because its progress could not be saved: {error}")
            });
            local.apply(ScanEvent::Stopped, clock.now());
        }
        // Whatever came after the last report.
        self.progress(local);
    }

    /// After a stop: the stored checkpoint says paused, so a reload shows it so.
    /// The card says paused only once the stored figures are read: a write the
    /// stop interrupted still commits (IndexedDB finishes what it was given), and
    /// reading after it shows its result rather than a figure that then moves.
    async fn mark_paused(self) {
        // Counted again: addresses imported during the scan count too.
        let mut total = self.total;
        let stored = match BrowserStore::open(DATABASE_NAME).await {
            Ok(database) => {
                // Stopped: nothing is sent after this (requests already out were
                // sent before it).
                let now = BrowserClock.unix_ms();
                let _ = sending_lease::lease_until(&database, self.network, self.chain, now).await;
                let store = database.for_network(self.network);
                total = store.count_addresses(self.chain).await.unwrap_or(total);
                let mut found = store.read_checkpoint(self.chain).await.ok().flatten();
                if let Some(checkpoint) = found.as_mut() {
                    if checkpoint.state == CheckpointState::Running {
                        checkpoint.state = CheckpointState::Paused;
                        let _ = store.write_checkpoint(checkpoint).await;
                    }
                }
                database.close();
                found
            }
            Err(_) => None,
        };
        // The card may lag the scan by one report: show what is stored, as a
        // reload would. Without a checkpoint, the stop itself is the news.
        let snapshot = match stored {
            Some(checkpoint) => ChainSnapshot::from_checkpoint(&checkpoint, total),
            None => {
                let mut stopped = ChainSnapshot::never_scanned(total);
                stopped.apply(ScanEvent::Stopped, BrowserClock.now());
                stopped
            }
        };
        self.progress(snapshot);
    }
}

/// Why `chain` cannot be scanned with `job` at all, in words for its card: no
/// provider, or none that can carry one address within its rate limit.
fn unusable(chain: Chain, job: &ScanJob) -> Option<String> {
    if job.providers.is_empty() {
        return Some(match chain {
            Chain::Solana => "Solana has no free public provider that answers web pages: add \
                              one with your API key (for example Helius) in Settings to scan SOL."
                .to_string(),
            _ => format!(
                "No {} provider is configured: add one in Settings.",
                chain.display_name()
            ),
        });
    }
    let refused: Vec<String> = job
        .providers
        .iter()
        .filter_map(|p| {
            let why = p.cannot_carry_one_address(job.tokens.len())?;
            Some(format!("{}: {why}", p.name))
        })
        .collect();
    (refused.len() == job.providers.len()).then(|| {
        format!(
            "No {} provider can be used as configured. {}.",
            chain.display_name(),
            refused.join("; ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::unusable;
    use scanner_engine::config::{builtin_providers, builtin_tokens};
    use scanner_engine::scan::driver::ScanJob;
    use scanner_engine::scan::{ProviderKind, ScanSettings};
    use scanner_engine::{Chain, Network};
    use wasm_bindgen_test::wasm_bindgen_test;

    fn job(chain: Chain) -> ScanJob {
        ScanJob {
            providers: builtin_providers(chain, Network::Mainnet),
            tokens: builtin_tokens(chain, Network::Mainnet),
            settings: ScanSettings::default(),
        }
    }

    #[wasm_bindgen_test]
    fn a_chain_without_providers_says_how_to_add_one() {
        let mut solana = job(Chain::Solana);
        solana.providers.clear();
        let why = unusable(Chain::Solana, &solana).expect("no provider");
        assert!(why.contains("with your API key"), "{why}");
        let mut bsc = job(Chain::BnbSmartChain);
        bsc.providers.clear();
        let why = unusable(Chain::BnbSmartChain, &bsc).expect("no provider");
        assert_eq!(
            why,
            "No BNB Smart Chain provider is configured: add one in Settings."
        );
    }

    #[wasm_bindgen_test]
    fn a_chain_whose_providers_cannot_carry_one_address_names_each_and_the_fix() {
        let mut bsc = job(Chain::BnbSmartChain);
        assert_eq!(unusable(Chain::BnbSmartChain, &bsc), None);
        for provider in &mut bsc.providers {
            provider.kind = ProviderKind::EvmRpc { multicall3: None };
            provider.rps = 1;
        }
        let why = unusable(Chain::BnbSmartChain, &bsc).expect("none can carry an address");
        assert!(
            why.starts_with("No BNB Smart Chain provider can be used as configured."),
            "{why}"
        );
        assert!(why.contains("raise rps to at least"), "{why}");
        for provider in &bsc.providers {
            assert!(why.contains(&provider.name), "{why}");
        }
        // One usable provider is enough: the scanner skips the others.
        bsc.providers[0].rps = 100;
        assert_eq!(unusable(Chain::BnbSmartChain, &bsc), None);
    }
}

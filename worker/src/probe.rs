//! "Test connection": one small request to a provider, read in plain words.

use super::report;
use crate::settings::in_force;
use scan_protocol::FromWorker;
use scanner_engine::ports::{Clock, Transport};
use scanner_engine::provider::probe::ProbeVerdict;
use scanner_engine::provider::probe::{probe_request, probe_verdict};
use scanner_engine::Chain;
use wasm_bindgen_futures::spawn_local;
use web_platform::clock::BrowserClock;
use web_platform::transport::FetchTransport;

/// Tests the provider in force at `position` of `chain`'s list.
pub(super) fn probe(id: u64, chain: Chain, position: usize) {
    spawn_local(async move {
        let provider = match in_force().await {
            Ok(config) => config.providers(chain).get(position).cloned(),
            Err(error) => {
                let message = format!("The settings could not be read: {error}");
                return report(FromWorker::Probed {
                    id,
                    verdict: ProbeVerdict { ok: false, message },
                });
            }
        };
        let Some(provider) = provider else {
            // The list changed since the page showed it; the page shows the new one.
            let message = "This provider is no longer in the settings.".to_string();
            return report(FromWorker::Probed {
                id,
                verdict: ProbeVerdict { ok: false, message },
            });
        };
        let started = BrowserClock.now();
        let answer = FetchTransport
            .send(probe_request(&provider), provider.timeout_ms)
            .await;
        let latency = BrowserClock.now().since(started);
        let verdict = probe_verdict(&provider, answer, latency);
        report(FromWorker::Probed { id, verdict });
    });
}

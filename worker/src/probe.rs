//! "Test connection": one small request to a provider, read in plain words.

use super::report;
use scan_protocol::FromWorker;
use scanner_engine::ports::{Clock, Transport};
use scanner_engine::provider::probe::{probe_request, probe_verdict};
use scanner_engine::scan::ProviderConfig;
use wasm_bindgen_futures::spawn_local;
use web_platform::clock::BrowserClock;
use web_platform::transport::FetchTransport;

pub(super) fn probe(id: u64, provider: ProviderConfig) {
    spawn_local(async move {
        let started = BrowserClock.now();
        let answer = FetchTransport
            .send(probe_request(&provider), provider.timeout_ms)
            .await;
        let latency = BrowserClock.now().since(started);
        let verdict = probe_verdict(&provider, answer, latency);
        report(FromWorker::Probed { id, verdict });
    });
}

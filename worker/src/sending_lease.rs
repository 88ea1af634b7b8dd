//! How recently a chain's providers may have been sent requests, kept in the
//! browser storage across reloads, so that a scan starting when nothing was sent
//! for a second opens at full rate instead of waiting a whole window (1 s of a
//! BSC scan whose bound is 2.5 s).
//!
//! A scan holds a lease: "requests may go out until T", taken before its first
//! request and renewed every second to two seconds ahead, so every request it
//! sends is covered by a lease already stored, whenever the page is reloaded.
//! When the scan ends, the lease is cut back to that moment.

use crate::store::BrowserStore;
use scanner_engine::{Chain, Network};

/// How far ahead a lease reaches.
const LEASE_MS: u64 = 2_000;

/// How often a running scan renews its lease: well before it runs out, so a
/// renewal slow to commit still finds the last one covering the sends.
pub const RENEW_EVERY_MS: u64 = 1_000;

fn key(network: Network, chain: Chain) -> String {
    format!("sending-until/{network}/{}", chain.code())
}

/// For how long nothing has been sent to `chain`'s providers on `network`, if
/// known: `None` while a lease still runs (a request may have left just now, or
/// the storage could not say).
pub async fn quiet_for(
    store: &BrowserStore,
    network: Network,
    chain: Chain,
    now_unix_ms: u64,
) -> Option<u64> {
    match store.setting::<f64>(&key(network, chain)).await {
        Ok(Some(until)) => now_unix_ms.checked_sub(until as u64),
        // No scan of this chain from this browser yet (this version on).
        Ok(None) => Some(u64::MAX),
        Err(_) => None,
    }
}

/// Stores that requests may go out until `until_unix_ms`.
pub async fn lease_until(
    store: &BrowserStore,
    network: Network,
    chain: Chain,
    until_unix_ms: u64,
) -> Result<(), crate::store::StoreError> {
    store
        .put_setting(&key(network, chain), &(until_unix_ms as f64))
        .await
}

/// A lease from `now_unix_ms` on.
pub async fn take(
    store: &BrowserStore,
    network: Network,
    chain: Chain,
    now_unix_ms: u64,
) -> Result<(), crate::store::StoreError> {
    lease_until(store, network, chain, now_unix_ms + LEASE_MS).await
}

/// The sending of a scan or a discovery: its lease was taken before its first
/// request and is renewed while this lives; [`Sending::end`] cuts it back.
pub struct Sending {
    _renewals: Renewals,
    network: Network,
    chain: Chain,
}

/// Starts sending to `chain`'s providers on `network`: how long they were
/// quiet before (for the rate limiters, [`quiet_for`]), and the lease that
/// covers what is sent from now on.
pub async fn begin(
    store: &BrowserStore,
    network: Network,
    chain: Chain,
) -> Result<(Option<u64>, Sending), crate::store::StoreError> {
    use scanner_engine::ports::Clock as _;
    let now = web_platform::clock::BrowserClock.unix_ms();
    let quiet = quiet_for(store, network, chain, now).await;
    take(store, network, chain, now).await?;
    let sending = Sending {
        _renewals: Renewals::start(network, chain),
        network,
        chain,
    };
    Ok((quiet, sending))
}

impl Sending {
    /// Nothing is sent after this: the renewals stop and the lease ends now.
    pub async fn end(self, store: &BrowserStore) {
        use scanner_engine::ports::Clock as _;
        let (network, chain) = (self.network, self.chain);
        drop(self);
        let now = web_platform::clock::BrowserClock.unix_ms();
        let _ = lease_until(store, network, chain, now).await;
    }
}

/// Renews `chain`'s lease every [`RENEW_EVERY_MS`] for as long as this lives
/// (the scan's run holds it; dropping it, as a stop does, ends the renewals).
pub struct Renewals(futures::future::AbortHandle);

impl Renewals {
    pub fn start(network: Network, chain: Chain) -> Self {
        use crate::store::DATABASE_NAME;
        use scanner_engine::ports::Clock as _;
        let (handle, registration) = futures::future::AbortHandle::new_pair();
        let renewing = async move {
            loop {
                gloo_timers::future::TimeoutFuture::new(RENEW_EVERY_MS as u32).await;
                let now = web_platform::clock::BrowserClock.unix_ms();
                // Its own connection: the scan's is busy with its writes, and a
                // renewal must never wait on them.
                if let Ok(store) = BrowserStore::open(DATABASE_NAME).await {
                    let _ = take(&store, network, chain, now).await;
                }
            }
        };
        wasm_bindgen_futures::spawn_local(async move {
            let _ = futures::future::Abortable::new(renewing, registration).await;
        });
        Renewals(handle)
    }
}

impl Drop for Renewals {
    fn drop(&mut self) {
        self.0.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn a_lease_says_how_long_the_providers_were_quiet() {
        let name = format!("test-lease-{}", js_sys::Math::random());
        let store = BrowserStore::open(&name).await.unwrap();
        let (network, chain) = (Network::Mainnet, Chain::BnbSmartChain);
        // Never scanned from this browser: quiet for ever.
        assert_eq!(
            quiet_for(&store, network, chain, 10_000).await,
            Some(u64::MAX)
        );
        // A lease taken at 10 s runs to 12 s: until then nothing is known.
        take(&store, network, chain, 10_000).await.unwrap();
        assert_eq!(quiet_for(&store, network, chain, 11_999).await, None);
        assert_eq!(quiet_for(&store, network, chain, 12_500).await, Some(500));
        // A scan that ended at 13 s: quiet since then.
        lease_until(&store, network, chain, 13_000).await.unwrap();
        assert_eq!(quiet_for(&store, network, chain, 14_200).await, Some(1_200));
        // Each chain and network has its own.
        assert_eq!(
            quiet_for(&store, Network::Testnet, chain, 14_200).await,
            Some(u64::MAX)
        );
    }
}

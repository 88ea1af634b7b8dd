//! The IndexedDB store in a real browser (headless Chromium via wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use scan_worker::store::BrowserStore;
use scanner_engine::ports::StoreError as PortError;
use scanner_engine::scan::checkpoint::Checkpoint;
use scanner_engine::scan::{AddressResult, ScanTarget};
use scanner_engine::testing::store_contract::{check_store_contract, ContractStore};
use scanner_engine::{Chain, Network};
use std::collections::BTreeMap;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

mod support;
use support::database_name;

#[wasm_bindgen_test]
async fn a_setting_survives_closing_and_reopening_the_database() {
    // The two kinds of value the app keeps: its settings as JSON text, and
    // times as numbers.
    let name = database_name("round-trip");
    let text = r#"{"network":"testnet","keys":["a","β"]}"#.to_string();
    let store = BrowserStore::open(&name).await.expect("open");
    store
        .put_setting("settings", &text)
        .await
        .expect("put text");
    store
        .put_setting("until", &1.5e12)
        .await
        .expect("put number");
    store.close();

    let reopened = BrowserStore::open(&name).await.expect("reopen");
    let read: Option<String> = reopened.setting("settings").await.expect("get text");
    assert_eq!(read, Some(text));
    let until: Option<f64> = reopened.setting("until").await.expect("get number");
    assert_eq!(until, Some(1.5e12));
}

#[wasm_bindgen_test]
async fn a_missing_setting_reads_as_none_and_put_replaces() {
    let store = BrowserStore::open(&database_name("replace"))
        .await
        .expect("open");
    let missing: Option<f64> = store.setting("absent").await.expect("get");
    assert_eq!(missing, None);

    store.put_setting("count", &1.0).await.expect("first put");
    store.put_setting("count", &2.0).await.expect("second put");
    assert_eq!(store.setting::<f64>("count").await.expect("get"), Some(2.0));
}

#[wasm_bindgen_test]
async fn a_value_of_the_wrong_shape_is_a_shape_error_not_a_panic() {
    let store = BrowserStore::open(&database_name("shape"))
        .await
        .expect("open");
    store
        .put_setting("rps", &"fast".to_string())
        .await
        .expect("put");
    let error = store.setting::<f64>("rps").await.unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("a stored value has an unexpected shape"),
        "{error}"
    );
}

/// The IndexedDB scan store, seen by the engine's store contract suite.
struct ContractHarness<'s>(scan_worker::store::NetworkStore<'s>);

impl scanner_engine::ports::ScanStore for ContractHarness<'_> {
    async fn checkpoint(&self, chain: Chain) -> Result<Option<Checkpoint>, PortError> {
        self.0.checkpoint(chain).await
    }
    async fn first_pending(&self, checkpoint: &Checkpoint) -> Result<Vec<ScanTarget>, PortError> {
        self.0.first_pending(checkpoint).await
    }
    async fn pending(&self, checkpoint: &Checkpoint) -> Result<Vec<ScanTarget>, PortError> {
        self.0.pending(checkpoint).await
    }
    async fn count_in_range(&self, checkpoint: &Checkpoint) -> Result<usize, PortError> {
        self.0.count_in_range(checkpoint).await
    }
    async fn funded_outside(&self, checkpoint: &Checkpoint) -> Result<usize, PortError> {
        self.0.funded_outside(checkpoint).await
    }
    async fn save_batch(
        &self,
        checkpoint: &Checkpoint,
        results: &[AddressResult],
    ) -> Result<(), PortError> {
        self.0.save_batch(checkpoint, results).await
    }
    async fn save_checkpoint(&self, checkpoint: &Checkpoint) -> Result<(), PortError> {
        self.0.save_checkpoint(checkpoint).await
    }
    async fn save_completed(
        &self,
        checkpoint: &Checkpoint,
        results: &[AddressResult],
        addresses: usize,
    ) -> Result<bool, PortError> {
        self.0.save_completed(checkpoint, results, addresses).await
    }
}

impl ContractStore for ContractHarness<'_> {
    async fn add_addresses(&self, chain: Chain, targets: Vec<ScanTarget>) -> Result<(), PortError> {
        self.0.add_addresses(chain, targets).await.map_err(port)
    }
    async fn results(&self, chain: Chain) -> Result<BTreeMap<String, AddressResult>, PortError> {
        self.0.results(chain).await.map_err(port)
    }
    async fn addresses(&self, chain: Chain) -> Result<Vec<ScanTarget>, PortError> {
        self.0.addresses(chain).await.map_err(port)
    }
    async fn count_addresses(&self, chain: Chain) -> Result<usize, PortError> {
        self.0.count_addresses(chain).await.map_err(port)
    }
    async fn all_addresses(&self) -> Result<Vec<(Chain, String)>, PortError> {
        self.0.all_addresses().await.map_err(port)
    }
    async fn funded(&self, chain: Chain) -> Result<Vec<(u64, AddressResult)>, PortError> {
        let mut funded = Vec::new();
        self.0
            .for_each_funded(chain, |scan, result| funded.push((scan, result)))
            .await
            .map_err(port)?;
        Ok(funded)
    }
}

fn port(error: scan_worker::store::StoreError) -> PortError {
    PortError(error.to_string())
}

#[wasm_bindgen_test]
async fn the_indexeddb_store_keeps_the_store_contract() {
    let store = BrowserStore::open(&database_name("contract"))
        .await
        .expect("open");
    check_store_contract(&ContractHarness(store.for_network(Network::Mainnet))).await;
    // The other network sees none of it.
    let testnet = store.for_network(Network::Testnet);
    assert!(testnet.results(Chain::Solana).await.unwrap().is_empty());
}

#[wasm_bindgen_test]
fn a_full_storage_is_named_as_such_not_as_an_idb_error() {
    let exception = web_sys::DomException::new_with_message_and_name(
        "The quota has been exceeded.",
        "QuotaExceededError",
    )
    .unwrap();
    let error: scan_worker::store::StoreError = idb::Error::DomException(exception).into();
    let text = error.to_string();
    assert!(text.contains("storage for the page is full"), "{text}");
    assert!(text.contains("The quota has been exceeded."), "{text}");
}

#[wasm_bindgen_test]
async fn a_completed_scan_of_every_address_frees_the_pages_it_superseded() {
    use scanner_engine::amount::U256;
    use scanner_engine::ports::ScanStore;
    use scanner_engine::scan::checkpoint::{CheckpointState, ScanRange};
    use scanner_engine::scan::AssetBalance;

    let store = BrowserStore::open(&database_name("superseded"))
        .await
        .expect("open");
    let network = store.for_network(Network::Mainnet);
    let targets: Vec<ScanTarget> = (0..3)
        .map(|index| ScanTarget {
            index,
            address: format!("address-{index}"),
        })
        .collect();
    network
        .add_addresses(Chain::Bitcoin, targets.clone())
        .await
        .unwrap();
    let result = |i: usize, satoshi: u64| AddressResult {
        target: targets[i].clone(),
        native: AssetBalance::Checked(U256::from(satoshi)),
        tokens: vec![],
        transactions: None,
    };
    let scan = |scan_id, range| Checkpoint {
        chain: Chain::Bitcoin,
        scan_id,
        range,
        deep: false,
        state: CheckpointState::Completed,
        scanned: 3,
        in_range: 3,
        funded: 0,
        started_at_unix_ms: 1,
        updated_at_unix_ms: 1,
        tokens: vec![],
        earlier_tokens: Default::default(),
        fresh: false,
    };
    let latest = || async {
        let results = network.results(Chain::Bitcoin).await.unwrap();
        results.into_values().map(|r| r.native).collect::<Vec<_>>()
    };
    let checked = |satoshi: u64| AssetBalance::Checked(U256::from(satoshi));

    network
        .save_batch(
            &scan(1, ScanRange::All),
            &[result(0, 5), result(1, 0), result(2, 7)],
        )
        .await
        .unwrap();
    let part = scan(2, ScanRange::Indices { first: 0, last: 1 });
    network
        .save_batch(&part, &[result(0, 6), result(1, 1)])
        .await
        .unwrap();
    assert!(
        !network.delete_superseded_pages(&part).await.unwrap(),
        "a scan of part of the chain supersedes nothing"
    );
    // Scan 3 has checked two of the three: address 2's result is still scan 1's.
    let full = scan(3, ScanRange::All);
    network
        .save_batch(&full, &[result(0, 8), result(1, 2)])
        .await
        .unwrap();
    assert!(!network.delete_superseded_pages(&full).await.unwrap());
    assert_eq!(latest().await, [checked(8), checked(2), checked(7)]);
    network.save_batch(&full, &[result(2, 9)]).await.unwrap();
    assert!(network.delete_superseded_pages(&full).await.unwrap());
    assert_eq!(
        latest().await,
        [checked(8), checked(2), checked(9)],
        "what counts stays"
    );
}

//! The IndexedDB store in a real browser (headless Chromium via wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use scan_worker::store::BrowserStore;
use scanner_engine::ports::StoreError as PortError;
use scanner_engine::scan::checkpoint::Checkpoint;
use scanner_engine::scan::{AddressResult, ScanTarget};
use scanner_engine::testing::store_contract::{check_store_contract, ContractStore};
use scanner_engine::{Chain, Network};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Sample {
    network: String,
    rps: u32,
    keys: Vec<String>,
}

/// Each test uses its own database so runs and tests never see each other's data.
fn database_name(test: &str) -> String {
    format!("test-{test}-{}", js_sys::Math::random())
}

#[wasm_bindgen_test]
async fn a_setting_survives_closing_and_reopening_the_database() {
    let name = database_name("round-trip");
    let sample = Sample {
        network: "testnet".into(),
        rps: 7,
        keys: vec!["a".into(), "β".into()],
    };

    let store = BrowserStore::open(&name).await.expect("open");
    store.put_setting("sample", &sample).await.expect("put");
    store.close();

    let reopened = BrowserStore::open(&name).await.expect("reopen");
    let read: Option<Sample> = reopened.setting("sample").await.expect("get");
    assert_eq!(read, Some(sample));
}

#[wasm_bindgen_test]
async fn a_missing_setting_reads_as_none_and_put_replaces() {
    let store = BrowserStore::open(&database_name("replace"))
        .await
        .expect("open");
    let missing: Option<u32> = store.setting("absent").await.expect("get");
    assert_eq!(missing, None);

    store.put_setting("count", &1u32).await.expect("first put");
    store.put_setting("count", &2u32).await.expect("second put");
    assert_eq!(store.setting::<u32>("count").await.expect("get"), Some(2));
}

#[wasm_bindgen_test]
async fn a_value_of_the_wrong_shape_is_a_shape_error_not_a_panic() {
    let store = BrowserStore::open(&database_name("shape"))
        .await
        .expect("open");
    store.put_setting("rps", &"fast").await.expect("put");
    let error = store.setting::<u32>("rps").await.unwrap_err();
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
    async fn pending(&self, checkpoint: &Checkpoint) -> Result<Vec<ScanTarget>, PortError> {
        self.0.pending(checkpoint).await
    }
    async fn count_in_range(&self, checkpoint: &Checkpoint) -> Result<usize, PortError> {
        self.0.count_in_range(checkpoint).await
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
        addresses: usize,
    ) -> Result<bool, PortError> {
        self.0.save_completed(checkpoint, addresses).await
    }
}

impl ContractStore for ContractHarness<'_> {
    async fn add_addresses(&self, chain: Chain, targets: Vec<ScanTarget>) -> Result<(), PortError> {
        self.0
            .add_addresses(chain, targets)
            .await
            .map_err(|e| PortError(e.to_string()))
    }
    async fn results(&self, chain: Chain) -> Result<BTreeMap<String, AddressResult>, PortError> {
        self.0
            .results(chain)
            .await
            .map_err(|e| PortError(e.to_string()))
    }
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
async fn a_version_1_database_upgrades_and_keeps_its_settings() {
    let name = database_name("upgrade");
    // What the first release of the page created: only the settings store.
    let v1 = rexie::Rexie::builder(&name)
        .version(1)
        .add_object_store(rexie::ObjectStore::new("settings").key_path("key"))
        .build()
        .await
        .expect("create v1");
    let transaction = v1
        .transaction(&["settings"], rexie::TransactionMode::ReadWrite)
        .unwrap();
    // As the app writes records: plain objects, not JS Maps.
    let record = serde::Serialize::serialize(
        &serde_json::json!({"key": "network", "value": "testnet"}),
        &serde_wasm_bindgen::Serializer::json_compatible(),
    )
    .unwrap();
    transaction
        .store("settings")
        .unwrap()
        .put(&record, None)
        .await
        .unwrap();
    transaction.done().await.unwrap();
    v1.close();

    let upgraded = BrowserStore::open(&name)
        .await
        .expect("upgrade to the current schema");
    assert_eq!(
        upgraded
            .setting::<String>("network")
            .await
            .unwrap()
            .as_deref(),
        Some("testnet")
    );
    let store = upgraded.for_network(Network::Mainnet);
    let target = ScanTarget {
        index: 0,
        address: "a".into(),
    };
    store
        .add_addresses(Chain::Bitcoin, vec![target])
        .await
        .expect("the new stores exist");
    assert_eq!(store.results(Chain::Bitcoin).await.unwrap().len(), 0);
}

#[wasm_bindgen_test]
fn a_full_storage_is_named_as_such_not_as_an_idb_error() {
    let exception = web_sys::DomException::new_with_message_and_name(
        "The quota has been exceeded.",
        "QuotaExceededError",
    )
    .unwrap();
    let error: scan_worker::store::StoreError =
        rexie::Error::IdbError(idb::Error::DomException(exception)).into();
    let text = error.to_string();
    assert!(text.contains("storage for the page is full"), "{text}");
    assert!(text.contains("The quota has been exceeded."), "{text}");
}

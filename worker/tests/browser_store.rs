//! The IndexedDB store in a real browser (headless Chromium via wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use scan_worker::store::{BrowserStore, SCHEMA_VERSION};
use scanner_engine::ports::ScanStore;
use scanner_engine::ports::StoreError as PortError;
use scanner_engine::scan::checkpoint::Checkpoint;
use scanner_engine::scan::{AddressResult, ScanTarget};
use scanner_engine::testing::store_contract::{check_store_contract, ContractStore};
use scanner_engine::{Chain, Network};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::cell::Cell;
use std::collections::BTreeMap;
use std::rc::Rc;
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
async fn a_version_1_database_upgrades_and_keeps_its_settings() {
    let name = database_name("upgrade");
    // What the first release of the page created: only the settings store, with
    // records as the app writes them (plain objects).
    create_database(
        &name,
        1,
        &[("settings", &["key"], &[])],
        &[(
            "settings",
            vec![json!({"key": "network", "value": "testnet"})],
        )],
    )
    .await;

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
    let error: scan_worker::store::StoreError = idb::Error::DomException(exception).into();
    let text = error.to_string();
    assert!(text.contains("storage for the page is full"), "{text}");
    assert!(text.contains("The quota has been exceeded."), "{text}");
}

/// An object store to create: its name, key path, and indexes (name, key path).
type StoreShape<'a> = (&'a str, &'a [&'a str], &'a [(&'a str, &'a [&'a str])]);

/// Creates database `name` at `version` with `stores`, and puts `records` into
/// them, as an older release of the app did: its own object stores, plain
/// objects as records.
async fn create_database(
    name: &str,
    version: u32,
    stores: &[StoreShape<'_>],
    records: &[(&str, Vec<Value>)],
) {
    let key_path = |path: &[&str]| match path {
        [single] => idb::KeyPath::new_single(single),
        many => idb::KeyPath::new_array(many.iter().copied()),
    };
    type Owned = (String, Vec<String>, Vec<(String, Vec<String>)>);
    let shapes: Vec<Owned> = stores
        .iter()
        .map(|(name, path, indexes)| {
            let owned = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();
            let indexes = indexes
                .iter()
                .map(|(n, p)| (n.to_string(), owned(p)))
                .collect();
            (name.to_string(), owned(path), indexes)
        })
        .collect();
    let factory = idb::Factory::new().unwrap();
    let mut request = factory.open(name, Some(version)).unwrap();
    request.on_upgrade_needed(move |event| {
        use idb::DatabaseEvent as _;
        let database = event.database().unwrap();
        for (store, path, indexes) in &shapes {
            let path: Vec<&str> = path.iter().map(String::as_str).collect();
            let mut params = idb::ObjectStoreParams::new();
            params.key_path(Some(key_path(&path)));
            let created = database.create_object_store(store, params).unwrap();
            for (index, index_path) in indexes {
                let index_path: Vec<&str> = index_path.iter().map(String::as_str).collect();
                created
                    .create_index(index, key_path(&index_path), None)
                    .unwrap();
            }
        }
    });
    let database = request.await.expect("create the older database");
    for (store, values) in records {
        let transaction = database
            .transaction(&[*store], idb::TransactionMode::ReadWrite)
            .unwrap();
        let object_store = transaction.object_store(store).unwrap();
        for value in values {
            let record = value
                .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
                .unwrap();
            object_store.put(&record, None).unwrap();
        }
        assert!(transaction.await.unwrap().is_committed());
    }
    database.close();
}

/// A version-2 database as the version-2 app left it after importing, scanning,
/// changing tokens and importing again (tests/support/make-v2-fixture.mjs).
const V2_FIXTURE: &str = include_str!("../../tests/fixtures/v2-database.json");

#[wasm_bindgen_test]
async fn a_version_2_database_of_the_v2_app_migrates_with_nothing_lost() {
    let fixture: Value = serde_json::from_str(V2_FIXTURE).unwrap();
    assert_eq!(fixture["version"], 2);
    let stored = &fixture["stores"];
    let list = |store: &str| stored[store].as_array().unwrap().clone();
    let name = database_name("v2");
    create_database(
        &name,
        2,
        &[
            ("settings", &["key"], &[]),
            (
                "addresses",
                &["network", "chain", "address"],
                &[("by_position", &["network", "chain", "index"])],
            ),
            ("checkpoints", &["network", "chain"], &[]),
        ],
        &[
            ("settings", list("settings")),
            ("addresses", list("addresses")),
            ("checkpoints", list("checkpoints")),
        ],
    )
    .await;

    let store = BrowserStore::open(&name)
        .await
        .expect("upgrade and migrate");
    // Settings, as they were.
    let user: Option<String> = store.setting("user-config").await.unwrap();
    assert_eq!(user.as_deref(), stored["settings"][0]["value"].as_str());
    let mainnet = store.for_network(Network::Mainnet);
    for chain in Chain::ALL {
        let code = chain.code();
        let records: Vec<Value> = list("addresses")
            .into_iter()
            .filter(|r| r["chain"] == code)
            .collect();
        // Addresses and indices: in index order, as version 2 listed them.
        let mut expected: Vec<ScanTarget> = records
            .iter()
            .map(|r| ScanTarget {
                index: r["index"].as_u64().unwrap(),
                address: r["address"].as_str().unwrap().to_string(),
            })
            .collect();
        expected.sort_by(|a, b| (a.index, &a.address).cmp(&(b.index, &b.address)));
        assert_eq!(mainnet.addresses(chain).await.unwrap(), expected, "{code}");
        assert_eq!(
            mainnet.count_addresses(chain).await.unwrap() as u64,
            fixture["status"][code]["total"].as_u64().unwrap(),
            "{code}'s count"
        );
        // Every result, the balances exact.
        let results: BTreeMap<String, AddressResult> = records
            .iter()
            .filter_map(|r| r["result"].as_str())
            .map(|json| {
                let stored: Value = serde_json::from_str(json).unwrap();
                let result: AddressResult =
                    serde_json::from_value(stored["result"].clone()).unwrap();
                (result.target.address.clone(), result)
            })
            .collect();
        assert!(!results.is_empty());
        assert_eq!(mainnet.results(chain).await.unwrap(), results, "{code}");
        // Checkpoints, with the token lists of earlier scans they remember.
        let checkpoint = list("checkpoints")
            .into_iter()
            .find(|c| c["chain"] == code)
            .map(|c| {
                serde_json::from_str::<Checkpoint>(c["checkpoint"].as_str().unwrap()).unwrap()
            });
        let read = mainnet.read_checkpoint(chain).await.unwrap();
        assert_eq!(read, checkpoint, "{code}'s checkpoint");
        // And what a resumed scan checks: the addresses imported after it.
        let checkpoint = read.unwrap();
        let status = &fixture["status"][code];
        let unchecked = status["total"].as_u64().unwrap() - status["scanned"].as_u64().unwrap();
        assert_eq!(
            mainnet.pending(&checkpoint).await.unwrap().len() as u64,
            unchecked,
            "{code}'s pending work"
        );
    }
    let bsc = mainnet
        .read_checkpoint(Chain::BnbSmartChain)
        .await
        .unwrap()
        .unwrap();
    assert!(
        bsc.tokens_of(1).is_some(),
        "an earlier scan's token list is kept"
    );
    store.close();

    // Opened again, nothing is migrated twice.
    let reopened = BrowserStore::open(&name).await.unwrap();
    let mainnet = reopened.for_network(Network::Mainnet);
    assert_eq!(
        mainnet.count_addresses(Chain::Bitcoin).await.unwrap() as u64,
        fixture["status"]["BTC"]["total"].as_u64().unwrap()
    );
}

#[wasm_bindgen_test]
async fn a_connection_lets_go_when_another_tab_upgrades_the_database() {
    let name = database_name("versionchange");
    let store = BrowserStore::open(&name).await.unwrap();
    // Another tab opens a newer version: its upgrade must not wait on this
    // connection (which, left open, blocks it for as long as it lives).
    let factory = idb::Factory::new().unwrap();
    let mut request = factory.open(&name, Some(SCHEMA_VERSION + 1)).unwrap();
    let blocked = Rc::new(Cell::new(false));
    let saw_blocked = blocked.clone();
    request.on_blocked(move |_| saw_blocked.set(true));
    let timeout = gloo_timers::future::TimeoutFuture::new(3_000);
    let newer =
        match futures::future::select(std::future::IntoFuture::into_future(request), timeout).await
        {
            futures::future::Either::Left((opened, _)) => opened.expect("the newer version opened"),
            futures::future::Either::Right(_) => {
                panic!("the upgrade waited on the older connection")
            }
        };
    assert!(
        !blocked.get(),
        "the older connection did not block the upgrade"
    );
    newer.close();
    // What this connection does now fails as a store error, not a panic.
    let mainnet = store.for_network(Network::Mainnet);
    assert!(mainnet.count_addresses(Chain::Bitcoin).await.is_err());
}

//! Schema upgrades in a real browser: a version-1 and a version-2 database (the
//! latter built by the version-2 app) open at this version with nothing lost,
//! and a connection lets another tab's upgrade through.
#![cfg(target_arch = "wasm32")]

use scan_worker::store::{BrowserStore, SCHEMA_VERSION};
use scanner_engine::ports::ScanStore;
use scanner_engine::scan::checkpoint::Checkpoint;
use scanner_engine::scan::{AddressResult, ScanTarget};
use scanner_engine::{Chain, Network};
use serde_json::{json, Value};
use std::cell::Cell;
use std::collections::BTreeMap;
use std::rc::Rc;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

mod support;
use support::{create_database, database_name};

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

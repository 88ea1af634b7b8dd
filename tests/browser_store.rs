//! The IndexedDB store in a real browser (headless Chromium via wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use balance_scanner::platform::store::BrowserStore;
use serde::{Deserialize, Serialize};
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

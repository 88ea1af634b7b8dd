//! What the browser store tests share: a database of their own, and databases
//! as older releases of the app created them.
#![allow(dead_code)]

use serde::Serialize;
use serde_json::Value;

/// Each test uses its own database so runs and tests never see each other's data.
pub fn database_name(test: &str) -> String {
    format!("test-{test}-{}", js_sys::Math::random())
}

/// An object store to create: its name, key path, and indexes (name, key path).
pub type StoreShape<'a> = (&'a str, &'a [&'a str], &'a [(&'a str, &'a [&'a str])]);

/// Creates database `name` at `version` with `stores`, and puts `records` into
/// them, as an older release of the app did: its own object stores, plain
/// objects as records.
pub async fn create_database(
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

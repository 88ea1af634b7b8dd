//! The IndexedDB store (schema version 3), on the `idb` crate.
//!
//! Record layout (what each object store holds, and why):
//!
//! - `settings`: one record per setting, `{key, value}`.
//! - `checkpoints`: one per [network, chain], the scan checkpoint as JSON text.
//! - `chains`: one per [network, chain]: how many addresses and chunks it holds,
//!   so counts are read, never recounted (opening the page with 500,000 stored
//!   addresses reads three small records).
//! - `address_chunks`: a chain's addresses in list order, 4,096 per record
//!   (`engine::packed`, postcard bytes), keyed [network, chain, chunk].
//! - `result_pages`: each batch of results a scan stored, as one record of
//!   postcard bytes with its network, chain and scan id, under an increasing
//!   key: read back in the order written, the engine's rule
//!   (`packed::LatestResults`) gives each address's result. Indexed by
//!   [network, chain] (funded reads) and [network, chain, scan_id] (pending work).
//!
//! Version 2 kept one record per address with its result as JSON text: an import
//! of 500,000 lines was 500,000 records. A version-2 database is migrated when it
//! is first opened (`migrate.rs`), in one transaction.
//!
//! A connection closes itself when another tab opens the database at a newer
//! version (`versionchange`), so that tab's upgrade is never blocked by this one;
//! what this connection was doing then fails, and the scan that did it stops as
//! superseded.

use idb::{Database, IndexParams, TransactionMode};
use idb::{DatabaseEvent as _, Event as _, Factory, KeyPath, ObjectStoreParams, Request as _};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};

mod migrate;
mod records;
mod scan_store;
mod to_the_end;

use to_the_end::finish;

pub use scan_protocol::storage::{DATABASE_NAME, SCHEMA_VERSION};
pub use scan_store::NetworkStore;

const SETTINGS: &str = "settings";
/// One scan checkpoint per [network, chain].
const CHECKPOINTS: &str = "checkpoints";
/// Per [network, chain]: addresses and chunks held.
const CHAINS: &str = "chains";
/// A chain's addresses, packed, per [network, chain, chunk].
const CHUNKS: &str = "address_chunks";
/// Result pages under an increasing key.
const RESULTS: &str = "result_pages";
/// [network, chain]: a chain's result pages, in the order written.
const RESULTS_BY_CHAIN: &str = "by_chain";
/// [network, chain, scan_id]: one scan's result pages, in the order written.
const RESULTS_BY_SCAN: &str = "by_scan";
/// Version 2's one record per address; emptied by the migration.
const LEGACY_ADDRESSES: &str = "addresses";

/// Why the store could not do what was asked, in words a user can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("this browser does not allow saving data here (IndexedDB is unavailable, as in some private windows): {0}")]
    Unavailable(String),
    #[error("saving to this browser's storage failed: {0}")]
    Request(String),
    #[error("a stored value has an unexpected shape: {0}")]
    Shape(String),
}

impl From<idb::Error> for StoreError {
    fn from(error: idb::Error) -> Self {
        let text = error.to_string();
        if text.contains("QuotaExceededError") || text.to_ascii_lowercase().contains("quota") {
            StoreError::Request(format!(
                "this browser's storage for the page is full (quota exceeded); free disk space \
                 or site data, then try again ({text})"
            ))
        } else {
            StoreError::Request(text)
        }
    }
}

/// The benchmark's version-2 store reads its records through serde.
#[cfg(feature = "bench")]
impl From<serde_wasm_bindgen::Error> for StoreError {
    fn from(error: serde_wasm_bindgen::Error) -> Self {
        StoreError::Shape(error.to_string())
    }
}

impl From<scanner_engine::packed::PackedError> for StoreError {
    fn from(error: scanner_engine::packed::PackedError) -> Self {
        StoreError::Shape(error.to_string())
    }
}

/// A value the settings store keeps: text or a number, stored as the JS value
/// itself in a `{ key, value }` record. Written field by field rather than
/// through serde-wasm-bindgen, whose serializer, deserializer and string cache
/// were 10.6 KB gzip of the worker for these two kinds of value.
pub trait SettingValue: Sized {
    /// What the value should be, for the error when a stored one is not.
    const KIND: &'static str;
    fn to_js(&self) -> JsValue;
    fn from_js(value: &JsValue) -> Option<Self>;
}

impl SettingValue for String {
    const KIND: &'static str = "text";
    fn to_js(&self) -> JsValue {
        JsValue::from_str(self)
    }
    fn from_js(value: &JsValue) -> Option<Self> {
        value.as_string()
    }
}

impl SettingValue for f64 {
    const KIND: &'static str = "a number";
    fn to_js(&self) -> JsValue {
        JsValue::from_f64(*self)
    }
    fn from_js(value: &JsValue) -> Option<Self> {
        value.as_f64()
    }
}

/// The app's IndexedDB database: one connection, closed when this is dropped.
///
/// Closing on drop matters: a connection left to the garbage collector (after a
/// stopped scan, say) would block another tab's schema upgrade for as long as it
/// lingers.
pub struct BrowserStore {
    database: Database,
}

impl BrowserStore {
    /// Opens (creating, upgrading or migrating) the database `name`.
    pub async fn open(name: &str) -> Result<Self, StoreError> {
        let unavailable = |error: idb::Error| StoreError::Unavailable(error.to_string());
        let factory = Factory::new().map_err(unavailable)?;
        let mut request = factory
            .open(name, Some(SCHEMA_VERSION))
            .map_err(unavailable)?;
        let upgrade_failed = Rc::new(RefCell::new(None::<String>));
        let failed = upgrade_failed.clone();
        request.on_upgrade_needed(move |event| {
            if let Err(error) = create_stores(&event) {
                failed.replace(Some(error.to_string()));
                if let Some(transaction) = event.target().ok().and_then(|r| r.transaction()) {
                    let _ = transaction.abort();
                }
            }
        });
        let opened = request.await;
        if let Some(why) = upgrade_failed.take() {
            return Err(StoreError::Unavailable(why));
        }
        let mut database = opened.map_err(unavailable)?;
        // Another tab opens a newer version: let go at once, so its upgrade runs.
        database.on_version_change(|event| {
            if let Some(database) = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::IdbDatabase>().ok())
            {
                database.close();
            }
        });
        let store = BrowserStore { database };
        migrate::from_version_2_if_needed(&store).await?;
        Ok(store)
    }

    /// Saves `value` under `key`, replacing what was there.
    pub async fn put_setting<T: SettingValue>(
        &self,
        key: &str,
        value: &T,
    ) -> Result<(), StoreError> {
        let record = records::object(&[("key", JsValue::from_str(key)), ("value", value.to_js())])?;
        let transaction = self.transaction(&[SETTINGS], TransactionMode::ReadWrite)?;
        transaction.object_store(SETTINGS)?.put(&record, None)?;
        commit(transaction).await
    }

    /// The value saved under `key`, if any.
    pub async fn setting<T: SettingValue>(&self, key: &str) -> Result<Option<T>, StoreError> {
        let transaction = self.transaction(&[SETTINGS], TransactionMode::ReadOnly)?;
        let found = finish(
            transaction
                .object_store(SETTINGS)?
                .get(JsValue::from_str(key))?,
        )
        .await?;
        match found {
            None => Ok(None),
            Some(record) => T::from_js(&records::field(&record, "value")?)
                .map(Some)
                .ok_or_else(|| StoreError::Shape(format!("setting {key} is not {}", T::KIND))),
        }
    }

    fn transaction(
        &self,
        stores: &[&str],
        mode: TransactionMode,
    ) -> Result<idb::Transaction, StoreError> {
        Ok(self.database.transaction(stores, mode)?)
    }

    /// Closes the connection so the database can be deleted or upgraded elsewhere
    /// (dropping does the same; this says so where it matters).
    pub fn close(self) {}
}

impl Drop for BrowserStore {
    fn drop(&mut self) {
        self.database.close();
    }
}

/// Waits for `transaction` to commit: every request in it succeeded, or the
/// error that aborted it.
async fn commit(transaction: idb::Transaction) -> Result<(), StoreError> {
    let outcome = finish(transaction).await?;
    if outcome.is_aborted() {
        return Err(StoreError::Request("the write was aborted".into()));
    }
    Ok(())
}

/// Creates whatever object store and index the database lacks (a new database,
/// or one of an older version). Version 2's address records stay until the
/// migration, which runs once the database is open.
fn create_stores(event: &idb::event::VersionChangeEvent) -> Result<(), idb::Error> {
    let database = event.database()?;
    let existing = database.store_names();
    let has = |name: &str| existing.iter().any(|n| n == name);
    let keyed = |path: &[&str]| {
        let mut params = ObjectStoreParams::new();
        params.key_path(Some(KeyPath::new_array(path.iter().copied())));
        params
    };
    if !has(SETTINGS) {
        let mut params = ObjectStoreParams::new();
        params.key_path(Some(KeyPath::new_single("key")));
        database.create_object_store(SETTINGS, params)?;
    }
    if !has(CHECKPOINTS) {
        database.create_object_store(CHECKPOINTS, keyed(&["network", "chain"]))?;
    }
    if !has(CHAINS) {
        database.create_object_store(CHAINS, keyed(&["network", "chain"]))?;
    }
    if !has(CHUNKS) {
        database.create_object_store(CHUNKS, keyed(&["network", "chain", "chunk"]))?;
    }
    if !has(RESULTS) {
        let mut params = ObjectStoreParams::new();
        params.auto_increment(true);
        let pages = database.create_object_store(RESULTS, params)?;
        let path = |p: &[&str]| KeyPath::new_array(p.iter().copied());
        pages.create_index(
            RESULTS_BY_CHAIN,
            path(&["network", "chain"]),
            Some(IndexParams::new()),
        )?;
        pages.create_index(
            RESULTS_BY_SCAN,
            path(&["network", "chain", "scan_id"]),
            Some(IndexParams::new()),
        )?;
    }
    Ok(())
}

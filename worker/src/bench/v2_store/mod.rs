//! The version-2 IndexedDB store (one record per address, its result as JSON
//! text inside it), on rexie, as the app shipped it up to commit 0979910. Kept
//! only in the benchmark's build, so version 3 is measured side by side with it
//! in the same run.

use rexie::{Index, ObjectStore, Rexie, TransactionMode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;

mod scan_store;

pub use scan_store::NetworkStore;

/// The schema this store was.
const SCHEMA_VERSION: u32 = 2;

const SETTINGS: &str = "settings";
/// Addresses with their latest result, keyed by [network, chain, address].
const ADDRESSES: &str = "addresses";
/// [network, chain, index]: a chain's addresses in list order.
const BY_POSITION: &str = "by_position";
/// One scan checkpoint per [network, chain].
const CHECKPOINTS: &str = "checkpoints";

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

impl From<rexie::Error> for StoreError {
    fn from(error: rexie::Error) -> Self {
        // rexie says only "idb error"; the DOMException's name and message are
        // in the error it wraps (`QuotaExceededError: …`).
        let mut text = error.to_string();
        if let Some(cause) = std::error::Error::source(&error) {
            text = format!("{text}: {cause}");
        }
        if text.contains("QuotaExceededError") || text.contains("quota") {
            StoreError::Request(format!(
                "this browser's storage for the page is full (quota exceeded); free disk space \
                 or site data, then try again ({text})"
            ))
        } else {
            StoreError::Request(text)
        }
    }
}

impl From<serde_wasm_bindgen::Error> for StoreError {
    fn from(error: serde_wasm_bindgen::Error) -> Self {
        StoreError::Shape(error.to_string())
    }
}

/// A settings record: one value under a name.
#[derive(Serialize, serde::Deserialize)]
struct SettingRecord<T> {
    key: String,
    value: T,
}

/// The app's IndexedDB database: one connection, closed when this is dropped.
///
/// Closing on drop matters: a connection left to the garbage collector (after a
/// stopped scan, say) would block another tab's schema upgrade for as long as it
/// lingers.
pub struct BrowserStore {
    /// `None` only while dropping.
    database: Option<Rexie>,
}

impl BrowserStore {
    /// Opens (creating or upgrading) the database `name`.
    pub async fn open(name: &str) -> Result<Self, StoreError> {
        let database = Rexie::builder(name)
            .version(SCHEMA_VERSION)
            .add_object_store(ObjectStore::new(SETTINGS).key_path("key"))
            .add_object_store(
                ObjectStore::new(ADDRESSES)
                    .key_path_array(["network", "chain", "address"])
                    .add_index(Index::new_array(BY_POSITION, ["network", "chain", "index"])),
            )
            .add_object_store(ObjectStore::new(CHECKPOINTS).key_path_array(["network", "chain"]))
            .build()
            .await
            .map_err(|error| StoreError::Unavailable(error.to_string()))?;
        Ok(Self {
            database: Some(database),
        })
    }

    /// Saves `value` under `key`, replacing what was there.
    pub async fn put_setting<T: Serialize>(&self, key: &str, value: &T) -> Result<(), StoreError> {
        let record = SettingRecord {
            key: key.to_string(),
            value,
        };
        let record = record.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?;
        let transaction = self
            .database()
            .transaction(&[SETTINGS], TransactionMode::ReadWrite)?;
        transaction.store(SETTINGS)?.put(&record, None).await?;
        transaction.done().await?;
        Ok(())
    }

    /// The value saved under `key`, if any.
    pub async fn setting<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>, StoreError> {
        let transaction = self
            .database()
            .transaction(&[SETTINGS], TransactionMode::ReadOnly)?;
        let found = transaction
            .store(SETTINGS)?
            .get(JsValue::from_str(key))
            .await?;
        transaction.done().await?;
        match found {
            None => Ok(None),
            Some(record) => {
                let record: SettingRecord<T> = serde_wasm_bindgen::from_value(record)?;
                Ok(Some(record.value))
            }
        }
    }

    pub(super) fn database(&self) -> &Rexie {
        self.database
            .as_ref()
            .expect("the connection is open until dropped")
    }

    /// Closes the connection so the database can be deleted or upgraded elsewhere
    /// (dropping does the same; this says so where it matters).
    pub fn close(self) {}
}

impl Drop for BrowserStore {
    fn drop(&mut self) {
        if let Some(database) = self.database.take() {
            database.close();
        }
    }
}

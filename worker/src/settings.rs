//! The configuration's layers and each chain's stored state, read for the page:
//! the page keeps no connection to the browser storage.

use super::report;
use crate::page_files::fetch_config_json;
use crate::store::{BrowserStore, NetworkStore, StoreError, DATABASE_NAME};
use scan_protocol::{ConfigLayers, EditRefused, FromWorker, Opened, ShownConfig, StoredChain};
use scanner_engine::config::{overrides_json, parse_overrides, AppConfig, Overrides, SettingsEdit};
use scanner_engine::scan::checkpoint::{Checkpoint, CheckpointState};
use scanner_engine::scan::ChainSnapshot;
use scanner_engine::{Chain, Network};
use std::cell::RefCell;
use wasm_bindgen_futures::spawn_local;

/// Where the user's settings live in the settings store (the `config.json` shape).
pub const USER_SETTINGS_KEY: &str = "user-config";

/// Where saved settings that could not be read are kept, untouched, before new
/// settings are saved over them.
pub const UNREADABLE_SETTINGS_KEY: &str = "user-config-unreadable";

thread_local! {
    /// The configuration's layers as last read or edited: the worker alone
    /// holds them (the page sees a `ShownConfig`), and scans, results and
    /// probes take the configuration in force from here.
    static LAYERS: RefCell<Option<ConfigLayers>> = const { RefCell::new(None) };
}

/// The configuration's layers, read from `config.json` and the storage if this
/// worker has not read them yet.
async fn layers() -> Result<ConfigLayers, StoreError> {
    if let Some(layers) = LAYERS.with_borrow(Clone::clone) {
        return Ok(layers);
    }
    let database = BrowserStore::open(DATABASE_NAME).await?;
    let layers = read_layers(&database).await;
    database.close();
    LAYERS.set(Some(layers.clone()));
    Ok(layers)
}

/// The configuration in force (what scans, results and probes use).
pub(crate) async fn in_force() -> Result<AppConfig, StoreError> {
    let cached = LAYERS.with_borrow(|layers| layers.as_ref().map(|l| l.resolved.clone()));
    match cached {
        Some(resolved) => Ok(resolved),
        None => Ok(layers().await?.resolved),
    }
}

pub(super) fn load_config(id: u64) {
    spawn_local(async move {
        let outcome = open().await.map_err(|e| e.to_string());
        report(FromWorker::ConfigLoaded { id, outcome });
    });
}

/// The configuration's layers, and each chain's state on the network they name.
async fn open() -> Result<Opened, StoreError> {
    let database = BrowserStore::open(DATABASE_NAME).await?;
    let opened = async {
        let layers = read_layers(&database).await;
        let store = database.for_network(layers.resolved.network);
        let chains = read_chains(&store).await?;
        let config = ShownConfig::of(&layers);
        LAYERS.set(Some(layers));
        Ok(Opened { config, chains })
    }
    .await;
    database.close();
    opened
}

/// Makes `edit` to the user's settings, saves them and shows the page the
/// configuration now in force.
pub(super) fn edit_settings(id: u64, edit: SettingsEdit) {
    spawn_local(async move {
        let outcome = edited(&edit).await;
        report(FromWorker::SettingsEdited { id, outcome });
    });
}

async fn edited(edit: &SettingsEdit) -> Result<ShownConfig, EditRefused> {
    let layers = layers()
        .await
        .map_err(|e| EditRefused::NotSaved(e.to_string()))?;
    let user = edit
        .apply(&layers.user, &layers.resolved)
        .map_err(EditRefused::Fields)?;
    write_settings(&user)
        .await
        .map_err(|e| EditRefused::NotSaved(e.to_string()))?;
    let layers = layers.with_user(user);
    let shown = ShownConfig::of(&layers);
    LAYERS.set(Some(layers));
    Ok(shown)
}

pub(super) fn load_chains(id: u64, network: Network) {
    spawn_local(async move {
        let outcome = async {
            let database = BrowserStore::open(DATABASE_NAME).await?;
            let read = read_chains(&database.for_network(network)).await;
            database.close();
            read
        }
        .await
        .map_err(|e: StoreError| e.to_string());
        report(FromWorker::ChainsLoaded { id, outcome });
    });
}

/// Only the checkpoint: a tab following another tab's scan asks every 2 s, and
/// counting the chain's addresses each time would walk all of them.
pub(super) fn read_checkpoint(id: u64, network: Network, chain: Chain, total: usize) {
    spawn_local(async move {
        let outcome = async {
            let database = BrowserStore::open(DATABASE_NAME).await?;
            let read = database.for_network(network).read_checkpoint(chain).await;
            database.close();
            Ok(stored_chain(total, read?))
        }
        .await
        .map_err(|e: StoreError| e.to_string());
        report(FromWorker::CheckpointRead { id, outcome });
    });
}

/// Fetches `config.json` and reads the saved settings: each broken layer is
/// reported and left empty.
async fn read_layers(database: &BrowserStore) -> ConfigLayers {
    let mut layers = ConfigLayers::default();
    match fetch_config_json().await {
        Ok(None) => {}
        Ok(Some(text)) => {
            layers.demo_files = demo_files_of(&text);
            match parse_overrides(&text) {
                Ok(file) => layers.file = file,
                Err(errors) => {
                    layers.file_errors = errors.iter().map(ToString::to_string).collect()
                }
            }
        }
        Err(problem) => layers.file_errors.push(problem),
    }
    match database.setting::<String>(USER_SETTINGS_KEY).await {
        Ok(Some(text)) => match parse_overrides(&text) {
            Ok(user) => layers.user = user,
            Err(errors) => layers.user_errors = errors.iter().map(ToString::to_string).collect(),
        },
        Ok(None) => {}
        Err(error) => layers.user_errors.push(error.to_string()),
    }
    layers.resolved = AppConfig::resolve(&[&layers.file, &layers.user]);
    layers
}

/// Saves `user`; saved settings that cannot be read are first kept aside,
/// untouched, so a fix by hand stays possible.
async fn write_settings(user: &Overrides) -> Result<(), StoreError> {
    let database = BrowserStore::open(DATABASE_NAME).await?;
    let saved = async {
        if let Ok(Some(text)) = database.setting::<String>(USER_SETTINGS_KEY).await {
            if parse_overrides(&text).is_err() {
                database.put_setting(UNREADABLE_SETTINGS_KEY, &text).await?;
            }
        }
        database
            .put_setting(USER_SETTINGS_KEY, &overrides_json(user))
            .await
    }
    .await;
    database.close();
    saved
}

/// Each chain's address count and the card its checkpoint describes.
async fn read_chains(store: &NetworkStore<'_>) -> Result<[StoredChain; 3], StoreError> {
    let mut chains: [StoredChain; 3] = Default::default();
    for (stored, chain) in chains.iter_mut().zip(Chain::ALL) {
        let total = store.count_addresses(chain).await?;
        *stored = stored_chain(total, store.read_checkpoint(chain).await?);
    }
    Ok(chains)
}

/// A chain of `total` addresses as its checkpoint (if any) describes it.
fn stored_chain(total: usize, checkpoint: Option<Checkpoint>) -> StoredChain {
    StoredChain {
        total,
        scan_running: checkpoint
            .as_ref()
            .is_some_and(|c| c.state == CheckpointState::Running),
        snapshot: match checkpoint {
            Some(checkpoint) => ChainSnapshot::from_checkpoint(&checkpoint, total),
            None => ChainSnapshot::never_scanned(total),
        },
    }
}

/// The demo's address lists: paths next to the page only, never another site.
fn demo_files_of(text: &str) -> Vec<String> {
    let root: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
    root.pointer("/demo/files")
        .and_then(|files| files.as_array())
        .map(|files| {
            files
                .iter()
                .filter_map(|f| f.as_str())
                .filter(|path| !path.contains(':') && !path.starts_with('/'))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

//! What the browser storage holds, as the worker reads it: the configuration's
//! layers (which stay in the worker) and each chain's stored state.

use crate::shown::ShownConfig;
use scanner_engine::config::{AppConfig, Overrides};
use scanner_engine::scan::ChainSnapshot;
use serde::{Deserialize, Serialize};

/// The configuration's layers above the built-in defaults, as the worker read
/// them; the page sees them as a [`ShownConfig`]. Nothing here leaves the page
/// without a configuration: a broken layer is empty, and its errors say why.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConfigLayers {
    /// The configuration in force: the layers below over the built-in defaults.
    pub resolved: AppConfig,
    /// The deployer's `config.json` (empty when there is none, or it is broken).
    pub file: Overrides,
    /// The settings saved in this browser.
    pub user: Overrides,
    /// Why `config.json` was not applied, one line per problem.
    pub file_errors: Vec<String>,
    /// Why the saved settings could not be read, one line per problem. They
    /// are kept aside, untouched, before new settings are saved over them.
    pub user_errors: Vec<String>,
    /// Address lists the demo's `config.json` offers (`"demo": {"files": [...]}`),
    /// relative to the page.
    pub demo_files: Vec<String>,
}

impl ConfigLayers {
    /// These layers with `user` as the settings saved in this browser (their
    /// read errors gone: the new settings replace what could not be read).
    pub fn with_user(&self, user: Overrides) -> Self {
        let mut layers = self.clone();
        layers.resolved = AppConfig::resolve(&[&layers.file, &user]);
        layers.user = user;
        layers.user_errors.clear();
        layers
    }
}

/// What is stored for one chain on one network.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredChain {
    /// Addresses stored.
    pub total: usize,
    /// The card as the stored checkpoint describes it.
    pub snapshot: ChainSnapshot,
    /// The checkpoint says a scan is running (here or in another tab).
    pub scan_running: bool,
}

/// What the page shows first: the configuration, and each chain's stored state
/// on its network, in [`scanner_engine::Chain::ALL`] order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Opened {
    pub config: ShownConfig,
    pub chains: [StoredChain; 3],
}

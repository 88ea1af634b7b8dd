//! The configuration in force: built-in defaults, under the deployer's
//! `config.json`, under the settings the user saved in this browser. The worker
//! reads, writes and resolves the layers (`ToWorker::LoadConfig`,
//! `SaveSettings`); the page shows them and edits the user's.

use scan_protocol::ConfigLayers;
use scanner_engine::config::{AppConfig, Overrides};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigState {
    pub resolved: AppConfig,
    /// The deployer's layer (empty when there is no usable `config.json`).
    pub file: Overrides,
    /// The user's saved layer.
    pub user: Overrides,
    /// Why `config.json` was not applied, one line per problem.
    pub file_errors: Vec<String>,
    /// Why the settings saved in this browser could not be read, one line per
    /// problem; empty when they were read (or there were none).
    pub user_errors: Vec<String>,
    /// Address lists the demo's `config.json` offers, relative to the page.
    pub demo_files: Vec<String>,
    pub loaded: bool,
}

impl ConfigState {
    pub fn loading() -> Self {
        ConfigState {
            resolved: AppConfig::default(),
            file: Overrides::default(),
            user: Overrides::default(),
            file_errors: Vec::new(),
            user_errors: Vec::new(),
            demo_files: Vec::new(),
            loaded: false,
        }
    }

    /// The configuration of the layers the worker read.
    pub fn of(layers: ConfigLayers) -> Self {
        ConfigState {
            resolved: layers.resolved,
            file: layers.file,
            user: layers.user,
            file_errors: layers.file_errors,
            user_errors: layers.user_errors,
            demo_files: layers.demo_files,
            loaded: true,
        }
    }

    /// The configuration with `user` saved as the user's layer, `resolved` as
    /// the worker resolved it.
    pub fn with_user(&self, user: Overrides, resolved: AppConfig) -> Self {
        ConfigState {
            resolved,
            user,
            user_errors: Vec::new(),
            ..self.clone()
        }
    }
}

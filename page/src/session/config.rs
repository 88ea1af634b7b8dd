//! The configuration in force: built-in defaults, under the deployer's
//! `config.json`, under the settings the user saved in this browser. The worker
//! reads, writes and resolves the layers (`ToWorker::LoadConfig`,
//! `SaveSettings`); the page shows them and edits the user's.

use scan_protocol::{ConfigLayers, ShownProviders};
use scanner_engine::config::{AppConfig, Overrides};

/// The configuration as the page holds it: the layers the worker read, and
/// whether it has read them yet (until then: no provider, no token).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConfigState {
    pub layers: ConfigLayers,
    pub loaded: bool,
}

impl ConfigState {
    /// The configuration of the layers the worker read.
    pub fn of(layers: ConfigLayers) -> Self {
        ConfigState {
            layers,
            loaded: true,
        }
    }

    /// The configuration with `user` saved as the user's layer, `resolved` and
    /// `shown` as the worker made them; the saved settings' old problems are gone.
    pub fn with_user(&self, user: Overrides, resolved: AppConfig, shown: ShownProviders) -> Self {
        let mut saved = self.clone();
        saved.layers.user = user;
        saved.layers.resolved = resolved;
        saved.layers.shown = shown;
        saved.layers.user_errors.clear();
        saved
    }
}

//! The configuration as the page knows it: what the worker shows of it.

use scan_protocol::ShownConfig;

/// The configuration in force, resolved and masked by the worker, and whether
/// the worker has read it yet (until then the page shows no provider).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConfigState {
    pub shown: ShownConfig,
    pub loaded: bool,
}

impl ConfigState {
    pub fn of(shown: ShownConfig) -> Self {
        ConfigState {
            shown,
            loaded: true,
        }
    }
}

//! What the scanner talks to: providers and tokens per chain, and the network.
//!
//! Three layers, the first that names a chain wins (contract, section 1): the
//! settings the user saved in the page, then the deployer's `config.json`, then the
//! built-in defaults. Both upper layers are the same JSON shape ([`Overrides`]), so
//! the page saves its settings exactly as a deployer writes `config.json`.

mod builtin;
mod edit;
mod entries;
mod fields;
mod forms;
mod parse;
mod redact;
#[cfg(test)]
mod tests;
mod write;

pub use builtin::{builtin_providers, builtin_tokens, token_presets};
pub use edit::SettingsEdit;
pub use fields::ConfigError;
pub use forms::{provider_from_fields, token_from_fields, ProviderFields, TokenFields};
pub use parse::parse_overrides;
pub use redact::{masked, redact, shown_url, url_host};
pub use write::overrides_json;

use crate::scan::{ProviderConfig, Token};
use crate::{Chain, Network};
use litemap::LiteMap;

/// Whether an answer for `config.json` is a web page rather than the file: a
/// host that answers every path with the app itself (a single-page-app
/// fallback). Such an answer means there is no config.json.
pub fn is_html_page(content_type: Option<&str>, body: &str) -> bool {
    let html_type = content_type.is_some_and(|t| t.to_ascii_lowercase().contains("text/html"));
    let body = body.trim_start_matches('\u{feff}').trim_start();
    html_type || body.starts_with('<')
}

/// One layer above the built-in defaults: `config.json` or the user's settings.
/// A chain named here replaces that chain's whole list below it.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Overrides {
    pub network: Option<Network>,
    pub providers: LiteMap<Chain, Vec<ProviderConfig>>,
    pub tokens: LiteMap<Chain, Vec<Token>>,
}

/// The configuration in force: what each chain is scanned with. The default is
/// no provider and no token (what the page shows until the worker has read the
/// layers).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AppConfig {
    pub network: Network,
    providers: LiteMap<Chain, Vec<ProviderConfig>>,
    tokens: LiteMap<Chain, Vec<Token>>,
}

impl AppConfig {
    /// Layers `layers` (lowest first: `config.json`, then the user's settings)
    /// over the built-in defaults of the network the highest layer names.
    pub fn resolve(layers: &[&Overrides]) -> AppConfig {
        let network = layers
            .iter()
            .rev()
            .find_map(|layer| layer.network)
            .unwrap_or_default();
        let mut config = AppConfig {
            network,
            providers: LiteMap::new(),
            tokens: LiteMap::new(),
        };
        for chain in Chain::ALL {
            config
                .providers
                .insert(chain, builtin_providers(chain, network));
            config.tokens.insert(chain, builtin_tokens(chain, network));
        }
        for layer in layers {
            for (chain, providers) in &layer.providers {
                config.providers.insert(*chain, providers.clone());
            }
            for (chain, tokens) in &layer.tokens {
                config.tokens.insert(*chain, tokens.clone());
            }
        }
        config
    }

    pub fn providers(&self, chain: Chain) -> &[ProviderConfig] {
        self.providers.get(&chain).map_or(&[], Vec::as_slice)
    }

    pub fn tokens(&self, chain: Chain) -> &[Token] {
        self.tokens.get(&chain).map_or(&[], Vec::as_slice)
    }
}

/// The default request timeout (contract: `timeout_ms`).
pub const DEFAULT_TIMEOUT_MS: u64 = 15_000;

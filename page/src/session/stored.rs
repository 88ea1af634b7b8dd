//! What the browser storage holds, as the page learns it from the worker: the
//! configuration's layers, and each chain's address count and checkpoint.

use super::{ConfigState, ScanSession};
use leptos::prelude::*;
use leptos::task::spawn_local;
use scan_protocol::{ConfigLayers, FromWorker, StoredChain, ToWorker};
use scanner_engine::config::{Overrides, ProviderFields, TokenFields};
use scanner_engine::scan::{ProviderConfig, Token};
use scanner_engine::{Chain, Network};

const ANSWERED_ELSE: &str = "the scanner answered something else";

impl ScanSession {
    /// Has the worker open the storage and read the configuration's layers; an
    /// error says why the storage did not open.
    pub async fn read_config(&self) -> Result<ConfigLayers, String> {
        match self.requests.ask(|id| ToWorker::LoadConfig { id }).await? {
            (FromWorker::ConfigLoaded { outcome, .. }, _) => outcome,
            _ => Err(ANSWERED_ELSE.into()),
        }
    }

    /// Each chain's stored count and checkpoint on `network`, in `Chain::ALL` order.
    pub async fn stored_chains(&self, network: Network) -> Result<[StoredChain; 3], String> {
        match self
            .requests
            .ask(|id| ToWorker::LoadChains { id, network })
            .await?
        {
            (FromWorker::ChainsLoaded { outcome, .. }, _) => outcome,
            _ => Err(ANSWERED_ELSE.into()),
        }
    }

    /// Reads the configuration, then every chain's stored state (start-up).
    pub async fn load(&self) -> Result<(), String> {
        let layers = self.read_config().await?;
        self.config.set(ConfigState::of(layers));
        self.load_chains().await
    }

    /// Reads totals and checkpoints for the network in force (start-up, and after
    /// the network setting changes).
    pub async fn load_chains(&self) -> Result<(), String> {
        let network = self.network_untracked();
        let stored = self.stored_chains(network).await?;
        for (control, stored) in self.chains.into_iter().zip(stored) {
            control.total.set(stored.total);
            if !control.is_running() {
                control.snapshot.set(stored.snapshot);
            }
        }
        self.stored_read.set(true);
        for control in self.chains {
            let session = *self;
            spawn_local(async move { control.notice_if_running_elsewhere(session, network).await });
        }
        self.results_version.update(|v| *v += 1);
        Ok(())
    }

    /// Saves the user's settings layer and applies it; a network change reloads
    /// every chain's stored state for the new network.
    pub async fn save_settings(&self, user: Overrides) -> Result<(), String> {
        let before = self.network_untracked();
        let file = self.config.with_untracked(|c| c.layers.file.clone());
        let asked = self
            .requests
            .ask(|id| ToWorker::SaveSettings {
                id,
                file,
                user: user.clone(),
            })
            .await?;
        let (resolved, shown) = match asked {
            (FromWorker::SettingsSaved { outcome, .. }, _) => outcome?,
            _ => return Err(ANSWERED_ELSE.into()),
        };
        self.config
            .update(|config| *config = config.with_user(user, resolved, shown));
        if self.network_untracked() != before {
            self.load_chains().await?;
        }
        self.results_version.update(|v| *v += 1);
        Ok(())
    }

    /// The provider the form's `fields` describe for `chain`, read by the
    /// worker with the `config.json` validation, or its problems.
    pub async fn check_provider(
        &self,
        chain: Chain,
        fields: ProviderFields,
    ) -> Result<ProviderConfig, Vec<String>> {
        let tokens = self
            .config
            .with_untracked(|c| c.layers.resolved.tokens(chain).len());
        let request = |id| ToWorker::CheckProvider {
            id,
            chain,
            fields,
            tokens,
        };
        match self.requests.ask(request).await.map_err(|why| vec![why])? {
            (FromWorker::ProviderChecked { outcome, .. }, _) => outcome,
            _ => Err(vec![ANSWERED_ELSE.into()]),
        }
    }

    /// The token the form's `fields` describe for `chain`, or its problems.
    pub async fn check_token(
        &self,
        chain: Chain,
        fields: TokenFields,
    ) -> Result<Token, Vec<String>> {
        let request = |id| ToWorker::CheckToken { id, chain, fields };
        match self.requests.ask(request).await.map_err(|why| vec![why])? {
            (FromWorker::TokenChecked { outcome, .. }, _) => outcome,
            _ => Err(vec![ANSWERED_ELSE.into()]),
        }
    }
}

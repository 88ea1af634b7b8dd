//! What the browser storage holds, as the page learns it from the worker: the
//! configuration's layers, and each chain's address count and checkpoint.

use super::{ConfigState, ScanSession};
use leptos::prelude::*;
use leptos::task::spawn_local;
use scan_protocol::{EditRefused, FromWorker, Opened, StoredChain, ToWorker};
use scanner_engine::config::SettingsEdit;
use scanner_engine::{Chain, Network};

use super::requests::ANSWERED_ELSE;

impl ScanSession {
    /// Has the worker open the storage and read the configuration's layers and
    /// each chain's state; an error says why the storage did not open.
    async fn open(&self) -> Result<Opened, String> {
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

    /// The chain's stored state on `network` from its checkpoint alone, its
    /// `total` addresses being known (following another tab's scan).
    pub async fn stored_checkpoint(
        &self,
        network: Network,
        chain: Chain,
        total: usize,
    ) -> Result<StoredChain, String> {
        let request = |id| ToWorker::ReadCheckpoint {
            id,
            network,
            chain,
            total,
        };
        match self.requests.ask(request).await? {
            (FromWorker::CheckpointRead { outcome, .. }, _) => outcome,
            _ => Err(ANSWERED_ELSE.into()),
        }
    }

    /// Reads the configuration and every chain's stored state (start-up).
    pub async fn load(&self) -> Result<(), String> {
        let opened = self.open().await?;
        self.config.set(ConfigState::of(opened.config));
        self.show_chains(opened.chains);
        Ok(())
    }

    /// Reads totals and checkpoints for the network in force (after an import,
    /// and after the network setting changes).
    pub async fn load_chains(&self) -> Result<(), String> {
        let stored = self.stored_chains(self.network_untracked()).await?;
        self.show_chains(stored);
        Ok(())
    }

    /// Shows each chain's stored state on the network in force; a chain another
    /// tab scans is followed.
    fn show_chains(&self, stored: [StoredChain; 3]) {
        let network = self.network_untracked();
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
    }

    /// Has the worker make `edit` to the user's settings, save them and apply
    /// them; a network change reloads every chain's stored state for the new
    /// network.
    pub async fn edit_settings(&self, edit: SettingsEdit) -> Result<(), EditRefused> {
        let before = self.network_untracked();
        let asked = self
            .requests
            .ask(|id| ToWorker::EditSettings { id, edit })
            .await
            .map_err(EditRefused::NotSaved)?;
        let shown = match asked {
            (FromWorker::SettingsEdited { outcome, .. }, _) => outcome?,
            _ => return Err(EditRefused::NotSaved(ANSWERED_ELSE.into())),
        };
        self.config.set(ConfigState::of(shown));
        if self.network_untracked() != before {
            self.load_chains().await.map_err(EditRefused::NotSaved)?;
        }
        self.results_version.update(|v| *v += 1);
        Ok(())
    }
}

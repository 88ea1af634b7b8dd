//! The configuration in force: built-in defaults, under the deployer's
//! `config.json`, under the settings the user saved in this browser.

use crate::config_file::fetch_config_json;
use scanner_engine::config::{overrides_json, parse_overrides, AppConfig, Overrides};
use web_platform::store::{BrowserStore, StoreError, DATABASE_NAME};

/// Where the user's settings live in the settings store (the `config.json` shape).
pub const USER_SETTINGS_KEY: &str = "user-config";

/// Where saved settings that could not be read are kept, untouched, before new
/// settings are saved over them.
pub const UNREADABLE_SETTINGS_KEY: &str = "user-config-unreadable";

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
    /// The saved settings' text when it could not be read: kept aside before
    /// anything is saved over it.
    unreadable_user: Option<String>,
    /// Address lists the demo's `config.json` offers (`"demo": {"files": [...]}`),
    /// relative to the page.
    pub demo_files: Vec<String>,
    pub loaded: bool,
}

impl ConfigState {
    pub fn loading() -> Self {
        ConfigState {
            resolved: AppConfig::resolve(&[]),
            file: Overrides::default(),
            user: Overrides::default(),
            file_errors: Vec::new(),
            user_errors: Vec::new(),
            unreadable_user: None,
            demo_files: Vec::new(),
            loaded: false,
        }
    }

    /// Fetches `config.json` and reads the saved settings. Nothing here leaves the
    /// page without a configuration: each broken layer is reported and skipped.
    pub async fn load(database: &BrowserStore) -> Self {
        let mut file_errors = Vec::new();
        let mut demo_files = Vec::new();
        let file = match fetch_config_json().await {
            Ok(None) => Overrides::default(),
            Ok(Some(text)) => {
                demo_files = demo_files_of(&text);
                parse_overrides(&text).unwrap_or_else(|errors| {
                    file_errors.extend(errors.iter().map(ToString::to_string));
                    Overrides::default()
                })
            }
            Err(problem) => {
                file_errors.push(problem);
                Overrides::default()
            }
        };
        let mut user_errors = Vec::new();
        let mut unreadable_user = None;
        let user = match database.setting::<String>(USER_SETTINGS_KEY).await {
            Ok(Some(text)) => parse_overrides(&text).unwrap_or_else(|errors| {
                user_errors.extend(errors.iter().map(ToString::to_string));
                unreadable_user = Some(text);
                Overrides::default()
            }),
            Ok(None) => Overrides::default(),
            Err(error) => {
                user_errors.push(error.to_string());
                Overrides::default()
            }
        };
        let mut state = Self::from_layers(file, user, file_errors);
        state.demo_files = demo_files;
        state.user_errors = user_errors;
        state.unreadable_user = unreadable_user;
        state
    }

    fn from_layers(file: Overrides, user: Overrides, file_errors: Vec<String>) -> Self {
        ConfigState {
            resolved: AppConfig::resolve(&[&file, &user]),
            file,
            user,
            file_errors,
            user_errors: Vec::new(),
            unreadable_user: None,
            demo_files: Vec::new(),
            loaded: true,
        }
    }

    /// The configuration with `user` as the user's layer, saved in this browser.
    pub async fn save_user(&self, user: Overrides) -> Result<Self, StoreError> {
        let database = BrowserStore::open(DATABASE_NAME).await?;
        let mut saved = Ok(());
        if let Some(unreadable) = &self.unreadable_user {
            saved = database
                .put_setting(UNREADABLE_SETTINGS_KEY, unreadable)
                .await;
        }
        if saved.is_ok() {
            saved = database
                .put_setting(USER_SETTINGS_KEY, &overrides_json(&user))
                .await;
        }
        database.close();
        saved?;
        let mut state = Self::from_layers(self.file.clone(), user, self.file_errors.clone());
        state.demo_files = self.demo_files.clone();
        Ok(state)
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

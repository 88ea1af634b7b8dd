//! What the user does in the settings, as edits of their own layer. The page
//! sends an edit; the worker, which holds the layers, applies it here, saves the
//! result and shows the page the configuration now in force. So the page never
//! holds a provider's key, nor the URL a key may be part of.

use super::forms::{provider_from_fields, token_from_fields, ProviderFields, TokenFields};
use super::redact::shown_url;
use super::{AppConfig, Overrides};
use crate::{Chain, Network};
use serde::{Deserialize, Serialize};

/// One change to the user's settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SettingsEdit {
    Network(Network),
    /// Adds a provider of the user's own for `chain` (`editing` None) or
    /// replaces their entry at `editing`. A blank key keeps the entry's own key,
    /// and the entry's URL as the page showed it (masked) keeps its own URL.
    SaveProvider {
        chain: Chain,
        editing: Option<usize>,
        fields: ProviderFields,
    },
    /// Removes the user's own provider at `index`; with none left, the chain
    /// uses the site's providers again.
    RemoveProvider {
        chain: Chain,
        index: usize,
    },
    /// Adds a token to the chain's list in force.
    AddToken {
        chain: Chain,
        fields: TokenFields,
    },
    /// Removes the token at `index` of the chain's list in force.
    RemoveToken {
        chain: Chain,
        index: usize,
    },
    /// Forgets every setting of the user's: the site's configuration applies.
    RestoreDefaults,
}

impl SettingsEdit {
    /// `user` with this edit made, `resolved` being the configuration now in
    /// force (the token list an edit of tokens starts from), or what is wrong
    /// with the form's fields, one line per problem.
    pub fn apply(&self, user: &Overrides, resolved: &AppConfig) -> Result<Overrides, Vec<String>> {
        let mut edited = user.clone();
        match self {
            SettingsEdit::Network(network) => edited.network = Some(*network),
            SettingsEdit::SaveProvider {
                chain,
                editing,
                fields,
            } => {
                let mut own = edited.providers.remove(chain).unwrap_or_default();
                let old = editing.and_then(|i| own.get(i).cloned().map(|old| (i, old)));
                let mut fields = fields.clone();
                if let Some((_, old)) = &old {
                    if fields.url.trim() == shown_url(&old.url, old.api_key.as_deref()) {
                        fields.url = old.url.clone();
                    }
                    // A blank key keeps the entry's own, before the fields are
                    // checked: a kind that requires a key has it.
                    if fields.api_key.trim().is_empty() {
                        fields.api_key = old.api_key.clone().unwrap_or_default();
                    }
                }
                let tokens = resolved.tokens(*chain).len();
                let provider = provider_from_fields(*chain, &fields, tokens)?;
                match old {
                    Some((i, _)) => own[i] = provider,
                    None => own.push(provider),
                }
                edited.providers.insert(*chain, own);
            }
            SettingsEdit::RemoveProvider { chain, index } => {
                let mut own = edited.providers.remove(chain).unwrap_or_default();
                if *index < own.len() {
                    own.remove(*index);
                }
                if !own.is_empty() {
                    edited.providers.insert(*chain, own);
                }
            }
            SettingsEdit::AddToken { chain, fields } => {
                let token = token_from_fields(*chain, fields)?;
                let mut tokens = resolved.tokens(*chain).to_vec();
                tokens.push(token);
                edited.tokens.insert(*chain, tokens);
            }
            SettingsEdit::RemoveToken { chain, index } => {
                let mut tokens = resolved.tokens(*chain).to_vec();
                if *index < tokens.len() {
                    tokens.remove(*index);
                }
                edited.tokens.insert(*chain, tokens);
            }
            SettingsEdit::RestoreDefaults => edited = Overrides::default(),
        }
        Ok(edited)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::builtin_tokens;

    fn provider_fields(url: &str, key: &str) -> ProviderFields {
        ProviderFields {
            name: "Mine".into(),
            url: url.into(),
            rps: "5".into(),
            batch: "100".into(),
            api_key: key.into(),
            multicall3: false,
            etherscan: false,
        }
    }

    fn save(user: &Overrides, editing: Option<usize>, fields: ProviderFields) -> Overrides {
        let resolved = AppConfig::resolve(&[user]);
        let edit = SettingsEdit::SaveProvider {
            chain: Chain::Solana,
            editing,
            fields,
        };
        edit.apply(user, &resolved).expect("valid fields")
    }

    #[test]
    fn an_edited_provider_keeps_its_key_and_its_url_behind_their_masks() {
        let url = "https://rpc.example/v2/f00dfeed1234abcd5678ef90aabbccdd";
        let added = save(
            &Overrides::default(),
            None,
            provider_fields(url, "HELIUSKEY-0123456789"),
        );
        // The page shows the URL masked and the key field blank.
        let masked_url = shown_url(url, Some("HELIUSKEY-0123456789"));
        assert_ne!(masked_url, url);
        let mut edit = provider_fields(&masked_url, "");
        edit.rps = "7".into();
        let edited = save(&added, Some(0), edit);
        let provider = &edited.providers[&Chain::Solana][0];
        assert_eq!(provider.url, url);
        assert_eq!(provider.api_key.as_deref(), Some("HELIUSKEY-0123456789"));
        assert_eq!(provider.rps, 7);
        // A URL typed anew is the new URL; a key typed anew is the new key.
        let retyped = save(
            &edited,
            Some(0),
            provider_fields("https://other.example", "NEWKEY-99"),
        );
        let provider = &retyped.providers[&Chain::Solana][0];
        assert_eq!(provider.url, "https://other.example");
        assert_eq!(provider.api_key.as_deref(), Some("NEWKEY-99"));
        assert_eq!(retyped.providers[&Chain::Solana].len(), 1);
    }

    #[test]
    fn an_etherscan_entry_edited_with_its_key_field_blank_keeps_its_key() {
        let mut fields = provider_fields("https://api.bscscan.com/api", "BSCSCANKEY-1");
        fields.batch = "20".into();
        fields.etherscan = true;
        let save_bsc = |user: &Overrides, editing, fields| {
            let edit = SettingsEdit::SaveProvider {
                chain: Chain::BnbSmartChain,
                editing,
                fields,
            };
            edit.apply(user, &AppConfig::resolve(&[user]))
        };
        let added = save_bsc(&Overrides::default(), None, fields.clone()).unwrap();
        // The key is required, and the blank field means "unchanged".
        let edited = save_bsc(
            &added,
            Some(0),
            ProviderFields {
                api_key: String::new(),
                rps: "3".into(),
                ..fields
            },
        )
        .unwrap();
        let provider = &edited.providers[&Chain::BnbSmartChain][0];
        assert_eq!(provider.api_key.as_deref(), Some("BSCSCANKEY-1"));
        assert_eq!(provider.rps, 3);
    }

    #[test]
    fn a_provider_form_with_problems_changes_nothing_and_says_why() {
        let user = Overrides::default();
        let resolved = AppConfig::resolve(&[&user]);
        let edit = SettingsEdit::SaveProvider {
            chain: Chain::Solana,
            editing: None,
            fields: provider_fields("not a url", ""),
        };
        let problems = edit.apply(&user, &resolved).unwrap_err();
        assert!(problems.iter().any(|p| p.contains("url")), "{problems:?}");
    }

    #[test]
    fn removing_the_last_own_provider_gives_the_chain_back_to_the_site() {
        let one = save(
            &Overrides::default(),
            None,
            provider_fields("https://a.example", ""),
        );
        let two = save(&one, None, provider_fields("https://b.example", ""));
        let resolved = AppConfig::resolve(&[&two]);
        let remove = |user: &Overrides, index| {
            SettingsEdit::RemoveProvider {
                chain: Chain::Solana,
                index,
            }
            .apply(user, &resolved)
            .unwrap()
        };
        let left = remove(&two, 0);
        assert_eq!(left.providers[&Chain::Solana][0].url, "https://b.example");
        assert!(!remove(&left, 0).providers.contains_key(&Chain::Solana));
    }

    #[test]
    fn token_edits_start_from_the_list_in_force() {
        let user = Overrides::default();
        let resolved = AppConfig::resolve(&[&user]);
        let builtin = builtin_tokens(Chain::BnbSmartChain, Network::Mainnet);
        assert!(!builtin.is_empty());
        let removed = SettingsEdit::RemoveToken {
            chain: Chain::BnbSmartChain,
            index: 0,
        }
        .apply(&user, &resolved)
        .unwrap();
        assert_eq!(removed.tokens[&Chain::BnbSmartChain], builtin[1..].to_vec());
        let fields = TokenFields {
            symbol: "XYZ".into(),
            address: builtin[0].address.to_lowercase(),
            decimals: "abc".into(),
            token_2022: false,
        };
        let add = SettingsEdit::AddToken {
            chain: Chain::BnbSmartChain,
            fields,
        };
        assert!(
            add.apply(&user, &resolved).is_err(),
            "decimals are a number"
        );
        let SettingsEdit::AddToken { chain, mut fields } = add else {
            unreachable!()
        };
        fields.decimals = "18".into();
        let added = SettingsEdit::AddToken { chain, fields }
            .apply(&user, &resolved)
            .unwrap();
        let tokens = &added.tokens[&Chain::BnbSmartChain];
        assert_eq!(tokens.len(), builtin.len() + 1);
        assert_eq!(tokens.last().unwrap().symbol, "XYZ");
    }

    #[test]
    fn network_and_restore_edit_the_whole_layer() {
        let user = save(
            &Overrides::default(),
            None,
            provider_fields("https://a.example", ""),
        );
        let resolved = AppConfig::resolve(&[&user]);
        let testnet = SettingsEdit::Network(Network::Testnet)
            .apply(&user, &resolved)
            .unwrap();
        assert_eq!(testnet.network, Some(Network::Testnet));
        assert_eq!(testnet.providers, user.providers);
        let restored = SettingsEdit::RestoreDefaults
            .apply(&testnet, &resolved)
            .unwrap();
        assert_eq!(restored, Overrides::default());
    }
}

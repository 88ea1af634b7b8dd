//! Watch-only HD wallets (contract, section 2): addresses derived from an
//! extended public key or an output descriptor, never from a private key.
//!
//! [`parse_watch_only`] turns what the user pasted (and, for a bare `xpub`, the
//! chain and script type they chose) into a [`WatchOnly`]: the public node of
//! the branch to derive (receive `/0` or change `/1`) and how a child key
//! becomes an address. [`WatchOnly::addresses`] then derives any range of it.

mod descriptor;
mod extended_key;
pub mod gap;
mod generator;
mod node;
mod script;
#[cfg(test)]
mod tests;

pub use descriptor::descriptor_checksum;
pub use script::ScriptType;

use crate::import::{secret_in, SecretKind};
use crate::{Chain, Network};
use node::Node;

/// The most addresses one derivation makes (a count beyond this is refused
/// before any work): past the largest wallets the page is built for.
pub const MAX_DERIVED: u32 = 1_000_000;

/// What the user picked beside the key: needed only for a bare `xpub`/`tpub`,
/// which does not say its chain or (on Bitcoin) its script type.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Choices {
    pub chain: Option<Chain>,
    pub script: Option<ScriptType>,
}

/// How a child key becomes an address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddressForm {
    Bitcoin(ScriptType),
    /// BSC: the Ethereum form, EIP-55 checksummed.
    Evm,
}

/// A branch of a watch-only wallet, ready to derive.
#[derive(Clone, Debug)]
pub struct WatchOnly {
    pub chain: Chain,
    pub form: AddressForm,
    /// 0 for the receive branch, 1 for change.
    pub branch: u32,
    network: Network,
    node: Node,
    /// The account's node above the branch, where the wallet has a second
    /// branch (Bitcoin's receive and change); `None` for BSC.
    account: Option<Node>,
}

/// Why a key or descriptor cannot be derived, in words for the user. None of
/// them shows the pasted text back.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DeriveError {
    #[error("Paste an extended public key (xpub, ypub, zpub; testnet tpub, upub, vpub) or a descriptor such as wpkh([fingerprint/84'/0'/0']xpub…/0/*).")]
    Empty,
    #[error("This looks like {0}: it was refused and is not stored or shown. A watch-only wallet needs only the extended public key (xpub).")]
    Secret(SecretKind),
    #[error("This is not an extended public key or a descriptor: it does not decode (a character may be wrong or missing).")]
    NotAKey,
    #[error("This extended key has a version the page does not know: paste an xpub, ypub or zpub (testnet tpub, upub or vpub).")]
    UnknownVersion,
    #[error("This extended key's public key is not a point of secp256k1: the key is damaged.")]
    NotOnCurve,
    #[error(
        "This is a {key} key and the page scans {page}: switch the network or paste a {page} key."
    )]
    WrongNetwork { key: Network, page: Network },
    #[error("An xpub can be of Bitcoin or of BNB Smart Chain: choose the chain.")]
    NeedsChain,
    #[error("An xpub does not say its script type: choose legacy (pkh), nested SegWit (sh-wpkh), native SegWit (wpkh) or Taproot (tr).")]
    NeedsScript,
    #[error("A {0} is a Bitcoin key; for BNB Smart Chain paste the account's xpub.")]
    NotForBsc(&'static str),
    #[error("A BNB Smart Chain xpub must be of the account (depth 3, as m/44'/60'/0') or of its external chain (depth 4); this one has depth {0}.")]
    BscDepth(u8),
    #[error("Solana wallets derive with hardened steps only, which needs the private key: export the addresses from the wallet and import the list.")]
    NotForSolana,
    #[error("The descriptor's checksum does not match: it was changed or mistyped.")]
    ChecksumMismatch,
    #[error("A descriptor's checksum is 8 characters after '#'.")]
    ChecksumForm,
    #[error("{} descriptors are not supported: use pkh(), sh(wpkh()), wpkh() or tr() around one extended key.", .0.as_deref().map(|f| format!("{f}()")).unwrap_or_else(|| "Such".to_string()))]
    UnsupportedDescriptor(Option<String>),
    #[error("tr() with a script tree is not supported, only the key path: tr(KEY/0/*).")]
    ScriptTree,
    #[error("The key must end with /0/* (receive) or /1/* (change).")]
    BranchPath,
    #[error("Hardened steps after the key need the private key: use the account's key with /0/* or /1/*.")]
    HardenedAfterKey,
    #[error(
        "The key origin must be [fingerprint/path]: 8 hex digits, then steps such as 84' or 0."
    )]
    BadOrigin,
    #[error("Derive from 1 to {} addresses at a time.", crate::amount::group_thousands(&MAX_DERIVED.to_string()))]
    Count,
    #[error("Set a gap limit from 1 to {}.", crate::amount::group_thousands(&gap::MAX_GAP.to_string()))]
    Gap,
    /// Discovery with a gap limit could not finish.
    #[error(transparent)]
    Discovery(#[from] crate::discovery::DiscoveryError),
}

/// Reads a pasted key or descriptor for `network`.
pub fn parse_watch_only(
    text: &str,
    network: Network,
    choices: Choices,
) -> Result<WatchOnly, DeriveError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(DeriveError::Empty);
    }
    if let Some(kind) = secret_in(text) {
        return Err(DeriveError::Secret(kind));
    }
    if descriptor::looks_like_descriptor(text) {
        let parsed = descriptor::parse(text)?;
        check_network(parsed.key.network, network)?;
        return Ok(WatchOnly {
            chain: Chain::Bitcoin,
            form: AddressForm::Bitcoin(parsed.script),
            branch: parsed.branch,
            network,
            node: branch(&parsed.key.node, parsed.branch)?,
            account: Some(parsed.key.node),
        });
    }
    let key = extended_key::parse(text)?;
    let chain = match (choices.chain, key.implied_script) {
        (Some(chain), _) => chain,
        (None, Some(_)) => Chain::Bitcoin,
        (None, None) => return Err(DeriveError::NeedsChain),
    };
    match chain {
        Chain::Bitcoin => {
            check_network(key.network, network)?;
            let script = key
                .implied_script
                .or(choices.script)
                .ok_or(DeriveError::NeedsScript)?;
            Ok(WatchOnly {
                chain,
                form: AddressForm::Bitcoin(script),
                branch: 0,
                network,
                node: branch(&key.node, 0)?,
                account: Some(key.node),
            })
        }
        Chain::BnbSmartChain => {
            if key.prefix != "xpub" {
                return Err(DeriveError::NotForBsc(key.prefix));
            }
            let node = match key.depth {
                3 => branch(&key.node, 0)?,
                4 => key.node,
                depth => return Err(DeriveError::BscDepth(depth)),
            };
            Ok(WatchOnly {
                chain,
                form: AddressForm::Evm,
                branch: 0,
                network,
                node,
                account: None,
            })
        }
        Chain::Solana => Err(DeriveError::NotForSolana),
    }
}

/// The branch node under an account key (BIP-32 gives no child for a tweak
/// at or above the order: a damaged key, at any real-world odds).
fn branch(account: &Node, index: u32) -> Result<Node, DeriveError> {
    account.child(index).map_err(|_| DeriveError::NotOnCurve)
}

fn check_network(key: Network, page: Network) -> Result<(), DeriveError> {
    if key == page {
        Ok(())
    } else {
        Err(DeriveError::WrongNetwork { key, page })
    }
}

impl WatchOnly {
    /// The addresses at indices `first..first + count` of the branch, with their
    /// index. An index BIP-32 declares invalid (odds below 2^-127) is skipped, as
    /// wallets do.
    pub fn addresses(&self, first: u32, count: u32) -> Vec<(u32, String)> {
        let count = count.min(NON_HARDENED.saturating_sub(first));
        let keys = self.node.child_keys(first, count);
        let addresses = match self.form {
            AddressForm::Bitcoin(script) => script.addresses(&keys, self.network),
            AddressForm::Evm => keys
                .iter()
                .map(|key| key.as_ref().map(script::evm_address))
                .collect(),
        };
        (first..)
            .zip(addresses)
            .filter_map(|(index, address)| Some((index, address?)))
            .collect()
    }

    /// Every branch of the wallet, receive first, whichever one the key
    /// named: discovery searches them all. Bitcoin's are receive and change;
    /// BSC's is the one (Ethereum wallets have no change addresses).
    pub fn branches(&self) -> Vec<WatchOnly> {
        let other = self.account.as_ref().and_then(|account| {
            let other = 1 - self.branch;
            Some(WatchOnly {
                branch: other,
                node: branch(account, other).ok()?,
                ..self.clone()
            })
        });
        match other {
            Some(other) if other.branch < self.branch => vec![other, self.clone()],
            Some(other) => vec![self.clone(), other],
            None => vec![self.clone()],
        }
    }

    /// For the import report: what is derived, as in "native SegWit P2WPKH
    /// (bc1q…, BIP-84), receive branch".
    pub fn describe(&self) -> String {
        format!(
            "{}, {} branch",
            self.describe_wallet(),
            branch_name(self.branch)
        )
    }

    /// The wallet's kind, whichever branch: "native SegWit P2WPKH (bc1q…, BIP-84)".
    pub fn describe_wallet(&self) -> &'static str {
        match self.form {
            AddressForm::Bitcoin(script) => script.label(),
            AddressForm::Evm => "BNB Smart Chain (m/44'/60'/0'/0/i)",
        }
    }
}

/// A branch's name in words: 0 receive, 1 change.
pub fn branch_name(branch: u32) -> &'static str {
    if branch == 1 {
        "change"
    } else {
        "receive"
    }
}

/// Indices below this are non-hardened, the only ones a public key derives.
const NON_HARDENED: u32 = 1 << 31;

/// Checks a requested count (from the page's number input).
pub fn check_count(count: u64) -> Result<u32, DeriveError> {
    match u32::try_from(count) {
        Ok(count) if (1..=MAX_DERIVED).contains(&count) => Ok(count),
        _ => Err(DeriveError::Count),
    }
}

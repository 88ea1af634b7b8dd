//! Extended public keys as wallets show them: base58check of BIP-32's 78 bytes,
//! with SLIP-132 version bytes that also say the network and, for `ypub`/`zpub`
//! and their testnet forms, the script type.

use super::node::Node;
use super::{DeriveError, ScriptType};
use crate::Network;
use std::str::FromStr;

/// A decoded extended public key.
#[derive(Clone, Debug)]
pub struct ExtendedPublicKey {
    pub node: Node,
    pub depth: u8,
    pub network: Network,
    /// What the version bytes say (`xpub`, `ypub`, …), for messages.
    pub prefix: &'static str,
    /// The script type a `ypub`/`zpub` (and testnet forms) stands for; `None`
    /// for `xpub`/`tpub`, which leave it to the descriptor or the user.
    pub implied_script: Option<ScriptType>,
}

/// One SLIP-132 kind of extended key: its public and private version bytes.
struct Kind {
    public: u32,
    /// Refused as a secret.
    private: u32,
    prefix: &'static str,
    network: Network,
    implied_script: Option<ScriptType>,
}

const fn kind(
    public: u32,
    private: u32,
    prefix: &'static str,
    network: Network,
    implied_script: Option<ScriptType>,
) -> Kind {
    Kind {
        public,
        private,
        prefix,
        network,
        implied_script,
    }
}

const KINDS: [Kind; 6] = [
    kind(0x0488_b21e, 0x0488_ade4, "xpub", Network::Mainnet, None),
    kind(
        0x049d_7cb2,
        0x049d_7878,
        "ypub",
        Network::Mainnet,
        Some(ScriptType::ShWpkh),
    ),
    kind(
        0x04b2_4746,
        0x04b2_430c,
        "zpub",
        Network::Mainnet,
        Some(ScriptType::Wpkh),
    ),
    kind(0x0435_87cf, 0x0435_8394, "tpub", Network::Testnet, None),
    kind(
        0x044a_5262,
        0x044a_4e28,
        "upub",
        Network::Testnet,
        Some(ScriptType::ShWpkh),
    ),
    kind(
        0x045f_1cf6,
        0x045f_18bc,
        "vpub",
        Network::Testnet,
        Some(ScriptType::Wpkh),
    ),
];

pub fn parse(text: &str) -> Result<ExtendedPublicKey, DeriveError> {
    let decoded = bip32::ExtendedKey::from_str(text).map_err(|_| DeriveError::NotAKey)?;
    // The version bytes decide, not the first letters (which a crafted string
    // could make say anything).
    let version = decoded.prefix.version();
    if KINDS.iter().any(|kind| kind.private == version) {
        return Err(DeriveError::Secret(
            crate::import::SecretKind::ExtendedPrivateKey,
        ));
    }
    let kind = KINDS
        .iter()
        .find(|kind| kind.public == version)
        .ok_or(DeriveError::UnknownVersion)?;
    let key = k256::PublicKey::from_sec1_bytes(&decoded.key_bytes)
        .map_err(|_| DeriveError::NotOnCurve)?;
    Ok(ExtendedPublicKey {
        node: Node {
            key,
            chain_code: decoded.attrs.chain_code,
        },
        depth: decoded.attrs.depth,
        network: kind.network,
        prefix: kind.prefix,
        implied_script: kind.implied_script,
    })
}

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

/// The public versions understood: (version, prefix, network, implied script).
const PUBLIC: [(u32, &str, Network, Option<ScriptType>); 6] = [
    (0x0488_b21e, "xpub", Network::Mainnet, None),
    (
        0x049d_7cb2,
        "ypub",
        Network::Mainnet,
        Some(ScriptType::ShWpkh),
    ),
    (
        0x04b2_4746,
        "zpub",
        Network::Mainnet,
        Some(ScriptType::Wpkh),
    ),
    (0x0435_87cf, "tpub", Network::Testnet, None),
    (
        0x044a_5262,
        "upub",
        Network::Testnet,
        Some(ScriptType::ShWpkh),
    ),
    (
        0x045f_1cf6,
        "vpub",
        Network::Testnet,
        Some(ScriptType::Wpkh),
    ),
];

/// The private versions of the same (SLIP-132): refused as secrets.
const PRIVATE: [u32; 6] = [
    0x0488_ade4,
    0x049d_7878,
    0x04b2_430c,
    0x0435_8394,
    0x044a_4e28,
    0x045f_18bc,
];

pub fn parse(text: &str) -> Result<ExtendedPublicKey, DeriveError> {
    let decoded = bip32::ExtendedKey::from_str(text).map_err(|_| DeriveError::NotAKey)?;
    // The version bytes decide, not the first letters (which a crafted string
    // could make say anything).
    let version = decoded.prefix.version();
    if PRIVATE.contains(&version) {
        return Err(DeriveError::Secret(
            crate::import::SecretKind::ExtendedPrivateKey,
        ));
    }
    let &(_, prefix, network, implied_script) = PUBLIC
        .iter()
        .find(|(v, ..)| *v == version)
        .ok_or(DeriveError::UnknownVersion)?;
    let key = k256::PublicKey::from_sec1_bytes(&decoded.key_bytes)
        .map_err(|_| DeriveError::NotOnCurve)?;
    Ok(ExtendedPublicKey {
        node: Node {
            key,
            chain_code: decoded.attrs.chain_code,
        },
        depth: decoded.attrs.depth,
        network,
        prefix,
        implied_script,
    })
}

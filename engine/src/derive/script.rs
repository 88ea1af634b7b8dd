//! From a child public key to the address a wallet shows for it: Bitcoin's four
//! single-key script types, and BSC's Ethereum-style address.

use crate::Network;
use k256::elliptic_curve::group::Curve as _;
use k256::elliptic_curve::point::AffineCoordinates;
use k256::elliptic_curve::sec1::ToEncodedPoint;
use k256::elliptic_curve::PrimeField;
use k256::{AffinePoint, ProjectivePoint, Scalar};
use ripemd::Ripemd160;
use sha2::{Digest, Sha256};

/// A Bitcoin single-key output script (BIP-44, 49, 84 and 86 wallets).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ScriptType {
    /// `pkh(KEY)`: legacy P2PKH, `1…` (BIP-44).
    Pkh,
    /// `sh(wpkh(KEY))`: P2WPKH nested in P2SH, `3…` (BIP-49).
    ShWpkh,
    /// `wpkh(KEY)`: native SegWit P2WPKH, `bc1q…` (BIP-84).
    Wpkh,
    /// `tr(KEY)`: Taproot key path, `bc1p…` (BIP-86).
    Tr,
}

impl ScriptType {
    pub const ALL: [ScriptType; 4] = [Self::Pkh, Self::ShWpkh, Self::Wpkh, Self::Tr];

    /// The contract's name (`derive-script` option values).
    pub fn code(self) -> &'static str {
        match self {
            Self::Pkh => "pkh",
            Self::ShWpkh => "sh-wpkh",
            Self::Wpkh => "wpkh",
            Self::Tr => "tr",
        }
    }

    pub fn from_code(code: &str) -> Option<ScriptType> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// For people: the address form and the standard that defines it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Pkh => "legacy P2PKH (1…, BIP-44)",
            Self::ShWpkh => "nested SegWit P2SH-P2WPKH (3…, BIP-49)",
            Self::Wpkh => "native SegWit P2WPKH (bc1q…, BIP-84)",
            Self::Tr => "Taproot P2TR (bc1p…, BIP-86)",
        }
    }

    /// The Bitcoin addresses of `keys` (normalized child public keys; `None`
    /// stays `None`).
    pub fn addresses(self, keys: &[Option<AffinePoint>], network: Network) -> Vec<Option<String>> {
        let testnet = network == Network::Testnet;
        let hrp = if testnet {
            bech32::hrp::TB
        } else {
            bech32::hrp::BC
        };
        let key_hash_address = |hash: [u8; 20]| match self {
            Self::Pkh => base58_address(if testnet { 0x6f } else { 0x00 }, &hash),
            Self::ShWpkh => {
                // The redeem script is the P2WPKH program: OP_0 PUSH20 <key hash>.
                let mut redeem = [0u8; 22];
                redeem[1] = 0x14;
                redeem[2..].copy_from_slice(&hash);
                base58_address(if testnet { 0xc4 } else { 0x05 }, &hash160(&redeem))
            }
            Self::Wpkh => {
                bech32::segwit::encode_v0(hrp, &hash).expect("a 20-byte program always encodes")
            }
            Self::Tr => unreachable!("Taproot addresses come from taproot_addresses"),
        };
        match self {
            Self::Tr => taproot_addresses(keys, hrp),
            Self::Pkh | Self::ShWpkh | Self::Wpkh => keys
                .iter()
                .map(|key| Some(key_hash_address(hash160(&compressed(key.as_ref()?)))))
                .collect(),
        }
    }
}

/// BIP-86 addresses of `keys`: their output keys are normalized together, one
/// field inversion for all of them rather than one each.
fn taproot_addresses(keys: &[Option<AffinePoint>], hrp: bech32::Hrp) -> Vec<Option<String>> {
    let tagged = tap_tweak_hasher();
    let tweaked: Vec<ProjectivePoint> = keys
        .iter()
        .map(|key| {
            key.map_or(ProjectivePoint::IDENTITY, |key| {
                taproot_output_point(&key, tagged.clone())
            })
        })
        .collect();
    let mut outputs = vec![AffinePoint::IDENTITY; tweaked.len()];
    ProjectivePoint::batch_normalize(&tweaked, &mut outputs);
    keys.iter()
        .zip(outputs)
        .map(|(key, output)| {
            key.as_ref()?;
            let x: [u8; 32] = output.x().into();
            Some(bech32::segwit::encode_v1(hrp, &x).expect("a 32-byte program always encodes"))
        })
        .collect()
}

/// The EIP-55 address of `key`: the last 20 bytes of Keccak-256 of its
/// uncompressed coordinates.
pub fn evm_address(key: &AffinePoint) -> String {
    let uncompressed = key.to_encoded_point(false);
    let hash = alloy_primitives::keccak256(&uncompressed.as_bytes()[1..]);
    alloy_primitives::Address::from_slice(&hash[12..]).to_checksum(None)
}

fn compressed(key: &AffinePoint) -> [u8; 33] {
    let point = key.to_encoded_point(true);
    point
        .as_bytes()
        .try_into()
        .expect("a compressed point is 33 bytes")
}

/// RIPEMD-160 of SHA-256: Bitcoin's key and script hash.
fn hash160(bytes: &[u8]) -> [u8; 20] {
    Ripemd160::digest(Sha256::digest(bytes)).into()
}

fn base58_address(version: u8, hash: &[u8; 20]) -> String {
    let mut payload = [0u8; 21];
    payload[0] = version;
    payload[1..].copy_from_slice(hash);
    bs58::encode(payload).with_check().into_string()
}

/// SHA-256 having absorbed BIP-340's tag prefix for "TapTweak" (the tag's hash,
/// twice: one whole block), so each key's tweak hashes only its 32 bytes.
fn tap_tweak_hasher() -> Sha256 {
    let tag = Sha256::digest(b"TapTweak");
    Sha256::new().chain_update(tag).chain_update(tag)
}

/// BIP-86: the key-path-only output key, Q = P + H_TapTweak(x(P))·G, where P is
/// the internal key with an even y (BIP-340's x-only keys), before it is
/// normalized (the address is x(Q)). `tagged` is [`tap_tweak_hasher`]'s.
fn taproot_output_point(internal: &AffinePoint, tagged: Sha256) -> ProjectivePoint {
    let x: [u8; 32] = internal.x().into();
    let even = if bool::from(internal.y_is_odd()) {
        -*internal
    } else {
        *internal
    };
    let tweak: [u8; 32] = tagged.chain_update(x).finalize().into();
    // A tweak at or above the group order has probability about 2^-128 and
    // makes the key unusable (BIP-341); zero then stands in, which no test
    // vector or real key reaches.
    let tweak = if Option::<Scalar>::from(Scalar::from_repr(tweak.into())).is_some() {
        tweak
    } else {
        [0; 32]
    };
    super::generator::add_mul_public(ProjectivePoint::from(even), &tweak)
}

//! Bitcoin addresses: base58check (P2PKH, P2SH) and segwit (bech32 v0, bech32m v1+).

use super::AddressKind;
use crate::Network;

/// A Bitcoin address whose checksum passed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BitcoinAddress {
    pub kind: AddressKind,
    pub network: Network,
    /// Bech32 lowercased (its canonical form), base58 exactly as given.
    pub canonical: String,
}

const P2PKH_MAINNET: u8 = 0x00;
const P2SH_MAINNET: u8 = 0x05;
const P2PKH_TESTNET: u8 = 0x6f;
const P2SH_TESTNET: u8 = 0xc4;

/// Why text is not a Bitcoin address: `Some(reason)` when it looks like one (prefix,
/// length, alphabet) but its checksum or format fails, `None` when it does not.
pub type BitcoinRejection = Option<&'static str>;

/// Parses `text` (already trimmed) as a mainnet or testnet Bitcoin address.
pub fn parse(text: &str) -> Result<BitcoinAddress, BitcoinRejection> {
    if has_segwit_prefix(text) {
        return parse_segwit(text);
    }
    parse_base58check(text)
}

fn has_segwit_prefix(text: &str) -> bool {
    let prefix = text.get(..3).unwrap_or_default();
    prefix.eq_ignore_ascii_case("bc1") || prefix.eq_ignore_ascii_case("tb1")
}

fn parse_segwit(text: &str) -> Result<BitcoinAddress, BitcoinRejection> {
    // `segwit::decode` checks the checksum variant against the witness version
    // (bech32 for v0, bech32m for v1+), the program length, and rejects mixed case.
    let (hrp, version, program) = bech32::segwit::decode(text)
        .map_err(|_| Some("its bech32/bech32m checksum or format is wrong"))?;
    let network = match hrp.to_lowercase().as_str() {
        "bc" => Network::Mainnet,
        "tb" => Network::Testnet,
        _ => return Err(None),
    };
    let kind = match (version.to_u8(), program.len()) {
        (0, 20) => AddressKind::P2wpkh,
        (0, 32) => AddressKind::P2wsh,
        (1, 32) => AddressKind::P2tr,
        (other, _) => AddressKind::FutureWitness(other),
    };
    Ok(BitcoinAddress {
        kind,
        network,
        canonical: text.to_ascii_lowercase(),
    })
}

fn parse_base58check(text: &str) -> Result<BitcoinAddress, BitcoinRejection> {
    // Base58 Bitcoin addresses are 25 to 35 characters; skipping longer text saves a
    // wasted decode of every Solana address.
    if !(25..=35).contains(&text.len()) {
        return Err(None);
    }
    // Only text with a Bitcoin prefix counts as a near miss, so a Solana key that
    // fails here is not misreported as a mistyped Bitcoin address.
    let has_bitcoin_prefix = text.starts_with(['1', '3', 'm', 'n', '2']);
    let payload = match bs58::decode(text).with_check(None).into_vec() {
        Ok(payload) => payload,
        Err(bs58::decode::Error::InvalidChecksum { .. }) if has_bitcoin_prefix => {
            return Err(Some("its base58check checksum is wrong"))
        }
        Err(_) => return Err(None),
    };
    if payload.len() != 21 {
        return Err(None);
    }
    let (kind, network) = match payload[0] {
        P2PKH_MAINNET => (AddressKind::P2pkh, Network::Mainnet),
        P2SH_MAINNET => (AddressKind::P2sh, Network::Mainnet),
        P2PKH_TESTNET => (AddressKind::P2pkh, Network::Testnet),
        P2SH_TESTNET => (AddressKind::P2sh, Network::Testnet),
        _ => return Err(None),
    };
    Ok(BitcoinAddress {
        kind,
        network,
        canonical: text.to_string(),
    })
}

//! Address validation and chain detection (contract, section 2).
//!
//! The chain comes from the address itself, tried in this order: Bitcoin (only when
//! its checksum passes), BSC (`0x` + 40 hex), Solana (base58 of exactly 32 bytes).

mod bitcoin;
mod bsc;
mod solana;

use crate::{Chain, Network};
use std::fmt;

/// What kind of address within its chain: shown to users and used by tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AddressKind {
    P2pkh,
    P2sh,
    P2wpkh,
    P2wsh,
    P2tr,
    /// A segwit version above 1: valid, not yet used on the network.
    FutureWitness(u8),
    Evm,
    Solana,
}

/// A valid address with its chain, in the form it is stored, shown and exported.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ChainAddress {
    pub chain: Chain,
    pub kind: AddressKind,
    /// Canonical text: EIP-55 for BSC, lowercase for bech32, base58 as given.
    /// Two spellings of one address have the same canonical text, so it is also the
    /// key for de-duplication.
    pub text: String,
}

/// Why a text is not an address the scanner can check, in words a user can act on.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AddressError {
    #[error("empty")]
    Empty,
    #[error("not a Bitcoin, BNB Smart Chain or Solana address")]
    Unrecognised,
    #[error("looks like a Bitcoin address but {0} (a typo?)")]
    BitcoinChecksum(&'static str),
    #[error("looks like a BSC address but {0}")]
    Bsc(&'static str),
    #[error("base58 text of {0} bytes; a Solana address is 32 bytes")]
    SolanaLength(usize),
    #[error("a {found} address, but the page is set to {expected}")]
    WrongNetwork { found: Network, expected: Network },
}

/// Validates `text` (surrounding whitespace ignored) and detects its chain.
pub fn parse_address(text: &str, network: Network) -> Result<ChainAddress, AddressError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AddressError::Empty);
    }
    let bitcoin_rejection = match bitcoin::parse(text) {
        Ok(address) if address.network != network => {
            return Err(AddressError::WrongNetwork {
                found: address.network,
                expected: network,
            })
        }
        Ok(address) => {
            return Ok(ChainAddress {
                chain: Chain::Bitcoin,
                kind: address.kind,
                text: address.canonical,
            })
        }
        Err(rejection) => rejection,
    };
    match bsc::parse(text) {
        Ok(eip55) => {
            return Ok(ChainAddress {
                chain: Chain::BnbSmartChain,
                kind: AddressKind::Evm,
                text: eip55,
            })
        }
        Err(Some(reason)) => return Err(AddressError::Bsc(reason)),
        Err(None) => {}
    }
    match (solana::parse(text), bitcoin_rejection) {
        (Ok(_), _) => Ok(ChainAddress {
            chain: Chain::Solana,
            kind: AddressKind::Solana,
            text: text.to_string(),
        }),
        // A near-miss Bitcoin address says more than "wrong Solana length".
        (Err(_), Some(reason)) => Err(AddressError::BitcoinChecksum(reason)),
        (Err(solana::SolanaRejection::WrongLength(bytes)), None) => {
            Err(AddressError::SolanaLength(bytes))
        }
        (Err(solana::SolanaRejection::NotBase58), None) => Err(AddressError::Unrecognised),
    }
}

/// The 32 bytes of a Solana address (for deriving its token accounts).
pub fn solana_key(text: &str) -> Option<[u8; 32]> {
    solana::parse(text).ok()
}

impl fmt::Display for ChainAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests;

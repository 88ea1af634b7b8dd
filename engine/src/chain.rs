//! The chains and networks the scanner knows.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A blockchain whose addresses the scanner checks.
///
/// The order of the variants is the order of the CSV export and of the UI cards.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Chain {
    #[serde(rename = "BTC")]
    Bitcoin,
    #[serde(rename = "BSC")]
    BnbSmartChain,
    #[serde(rename = "SOL")]
    Solana,
}

impl Chain {
    /// Every chain, in export order.
    pub const ALL: [Chain; 3] = [Chain::Bitcoin, Chain::BnbSmartChain, Chain::Solana];

    /// The chain's place in [`Chain::ALL`], for per-chain arrays.
    pub fn index(self) -> usize {
        match self {
            Chain::Bitcoin => 0,
            Chain::BnbSmartChain => 1,
            Chain::Solana => 2,
        }
    }

    /// The short code used in files, CSV exports and `data-testid` hooks.
    pub fn code(self) -> &'static str {
        match self {
            Chain::Bitcoin => "BTC",
            Chain::BnbSmartChain => "BSC",
            Chain::Solana => "SOL",
        }
    }

    /// The name a person reads on the page.
    pub fn display_name(self) -> &'static str {
        match self {
            Chain::Bitcoin => "Bitcoin",
            Chain::BnbSmartChain => "BNB Smart Chain",
            Chain::Solana => "Solana",
        }
    }

    /// The symbol of the chain's native coin, as the CSV export's `token` column names it.
    pub fn native_symbol(self) -> &'static str {
        match self {
            Chain::Bitcoin => "BTC",
            Chain::BnbSmartChain => "BNB",
            Chain::Solana => "SOL",
        }
    }

    /// Decimals of the native coin: satoshi, wei, lamports.
    pub fn native_decimals(self) -> u8 {
        match self {
            Chain::Bitcoin => 8,
            Chain::BnbSmartChain => 18,
            Chain::Solana => 9,
        }
    }
}

impl fmt::Display for Chain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A chain name that is not one of `BTC`, `BSC`, `SOL`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownChain(pub String);

impl fmt::Display for UnknownChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown chain \"{}\" (expected BTC, BSC or SOL)", self.0)
    }
}

impl std::error::Error for UnknownChain {}

impl FromStr for Chain {
    type Err = UnknownChain;

    /// Chain names in files are matched case-insensitively (contract, section 2).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let trimmed = text.trim();
        Chain::ALL
            .into_iter()
            .find(|chain| chain.code().eq_ignore_ascii_case(trimmed))
            .ok_or_else(|| UnknownChain(trimmed.to_string()))
    }
}

/// Mainnet or testnet: addresses of the other network are rejected on import.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Network {
    #[default]
    Mainnet,
    Testnet,
}

impl fmt::Display for Network {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Network::Mainnet => "mainnet",
            Network::Testnet => "testnet",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chain_codes_parse_case_insensitively_and_round_trip() {
        for chain in Chain::ALL {
            assert_eq!(chain.code().parse::<Chain>(), Ok(chain));
            assert_eq!(chain.code().to_lowercase().parse::<Chain>(), Ok(chain));
            assert_eq!(format!(" {chain} ").parse::<Chain>(), Ok(chain));
        }
    }

    #[test]
    fn unknown_chain_names_the_value() {
        let error = "ETH".parse::<Chain>().unwrap_err();
        assert_eq!(
            error.to_string(),
            "unknown chain \"ETH\" (expected BTC, BSC or SOL)"
        );
    }

    #[test]
    fn serde_uses_the_short_codes() {
        let json = serde_json::to_string(&Chain::ALL).unwrap();
        assert_eq!(json, r#"["BTC","BSC","SOL"]"#);
        let network: Network = serde_json::from_str(r#""testnet""#).unwrap();
        assert_eq!(network, Network::Testnet);
    }

    #[test]
    fn export_order_is_btc_bsc_sol() {
        let mut chains = vec![Chain::Solana, Chain::Bitcoin, Chain::BnbSmartChain];
        chains.sort();
        assert_eq!(chains, Chain::ALL);
    }
}

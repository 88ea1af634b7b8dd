//! The configuration's tests: layering over the defaults (layers.rs), errors
//! that name field and value without echoing keys (errors.rs), and what each
//! provider kind and token field means (kinds.rs).

use super::*;
use crate::scan::ProviderKind;

mod errors;
mod kinds;
mod layers;

const CONTRACT_EXAMPLE: &str = r#"{
  "network": "mainnet",
  "providers": [
    { "chain": "BTC", "kind": "esplora",    "name": "Blockstream", "url": "https://blockstream.info/api", "rps": 4 },
    { "chain": "BSC", "kind": "evm-rpc",    "name": "BNB Chain",   "url": "https://bsc-dataseed.bnbchain.org", "rps": 10,
      "batch": 200, "multicall3": "0xcA11bde05977b3631167028862bE2a173976CA11" },
    { "chain": "SOL", "kind": "solana-rpc", "name": "Helius",      "url": "https://mainnet.helius-rpc.com/", "rps": 10,
      "batch": 100, "api_key": "..." }
  ],
  "tokens": [
    { "chain": "BSC", "symbol": "USDC", "address": "0x8AC76a51cc950d9822D68b83fE1Ad97B32Cd580d", "decimals": 18 },
    { "chain": "SOL", "symbol": "USDC", "address": "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v", "decimals": 6 }
  ]
}"#;

fn errors_of(text: &str) -> Vec<String> {
    parse_overrides(text)
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect()
}

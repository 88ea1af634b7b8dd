//! The built-in providers and tokens, from what is known to work from a browser
//! page without a key (`shared/research/providers.md`).

use super::DEFAULT_TIMEOUT_MS;
use crate::amount::Decimals;
use crate::codec::esplora::MAX_GROUP_SUMMARY;
use crate::codec::evm::CANONICAL_MULTICALL3;
use crate::scan::{ProviderConfig, ProviderKind, Token};
use crate::solana::TokenProgram;
use crate::{Chain, Network};

/// Keyless providers that answer a page's cross-origin requests.
///
/// Solana has none: its public endpoint rejects browser origins with 403, so the
/// list is empty and the page asks the user for a provider with a key.
pub fn builtin_providers(chain: Chain, network: Network) -> Vec<ProviderConfig> {
    let testnet = network == Network::Testnet;
    match chain {
        Chain::Bitcoin => vec![
            esplora(
                0,
                "Blockstream",
                if testnet {
                    "https://blockstream.info/testnet/api"
                } else {
                    "https://blockstream.info/api"
                },
            ),
            // Its electrs answers group summaries (`group_summary`): one request
            // tests 300 addresses for funds.
            esplora(
                MAX_GROUP_SUMMARY as usize,
                "mempool.space",
                if testnet {
                    "https://mempool.space/testnet/api"
                } else {
                    "https://mempool.space/api"
                },
            ),
        ],
        Chain::BnbSmartChain => {
            let urls: &[(&str, &str)] = if testnet {
                &[
                    (
                        "BNB Chain testnet",
                        "https://data-seed-prebsc-1-s1.bnbchain.org:8545",
                    ),
                    (
                        "BNB Chain testnet 2",
                        "https://data-seed-prebsc-2-s1.bnbchain.org:8545",
                    ),
                ]
            } else {
                &[
                    ("BNB Chain", "https://bsc-dataseed.bnbchain.org"),
                    (
                        "BNB Chain (binance.org)",
                        "https://bsc-dataseed1.binance.org",
                    ),
                ]
            };
            urls.iter()
                .map(|(name, url)| ProviderConfig {
                    name: name.to_string(),
                    kind: ProviderKind::EvmRpc {
                        multicall3: Some(CANONICAL_MULTICALL3),
                    },
                    url: url.to_string(),
                    // ~10,000 requests per 5 minutes per IP is about 33/s; stay
                    // well under it since every tab of the user shares the IP.
                    rps: 10,
                    batch: 200,
                    api_key: None,
                    timeout_ms: DEFAULT_TIMEOUT_MS,
                })
                .collect()
        }
        Chain::Solana => Vec::new(),
    }
}

fn esplora(group_summary: usize, name: &str, url: &str) -> ProviderConfig {
    ProviderConfig {
        name: name.to_string(),
        kind: ProviderKind::Esplora { group_summary },
        url: url.to_string(),
        // Esplora's reference config allows 5 r/s; users report 429s near it.
        rps: 4,
        batch: 1,
        api_key: None,
        timeout_ms: DEFAULT_TIMEOUT_MS,
    }
}

/// USDC and USDT on BSC and Solana (contract, section 1), by network.
pub fn builtin_tokens(chain: Chain, network: Network) -> Vec<Token> {
    let list: &[(&str, &str, u8)] = match (chain, network) {
        (Chain::Bitcoin, _) => &[],
        (Chain::BnbSmartChain, Network::Mainnet) => &[
            ("USDC", "0x8AC76a51cc950d9822D68b83fE1Ad97B32Cd580d", 18),
            ("USDT", "0x55d398326f99059fF775485246999027B3197955", 18),
        ],
        (Chain::BnbSmartChain, Network::Testnet) => &[
            ("USDC", "0x64544969ed7EBf5f083679233325356EbE738930", 18),
            ("USDT", "0x337610d27c682E347C9cD60BD4b3b107C9d34dDd", 18),
        ],
        (Chain::Solana, Network::Mainnet) => &[
            ("USDC", "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v", 6),
            ("USDT", "Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB", 6),
        ],
        // Circle's devnet USDC; Tether publishes no devnet mint.
        (Chain::Solana, Network::Testnet) => {
            &[("USDC", "4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU", 6)]
        }
    };
    list.iter()
        .map(|&(symbol, address, decimals)| {
            builtin_token(symbol, address, decimals, TokenProgram::Token)
        })
        .collect()
}

/// Tokens the page offers to switch on with one click, by network: PayPal USD on
/// Solana, a Token-2022 mint, so its accounts differ from what a legacy-program
/// derivation would ask for (Paxos publishes both mints).
pub fn token_presets(chain: Chain, network: Network) -> Vec<Token> {
    let pyusd = match (chain, network) {
        (Chain::Solana, Network::Mainnet) => "2b1kV6DkPAnxd5ixfnxCpjxmKwqjjaYmCZfHsFu24GXo",
        (Chain::Solana, Network::Testnet) => "CXk2AMBfi3TwaEL2468s6zP8xq9NxTXjp9gjMgzeUynM",
        _ => return vec![],
    };
    vec![builtin_token("PYUSD", pyusd, 6, TokenProgram::Token2022)]
}

fn builtin_token(symbol: &str, address: &str, decimals: u8, program: TokenProgram) -> Token {
    Token {
        symbol: symbol.to_string(),
        address: address.to_string(),
        decimals: Decimals::new(decimals).expect("built-in decimals are in range"),
        program,
    }
}

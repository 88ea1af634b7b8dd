//! What a scan is given: the chain's providers and tokens, and tuning settings.

use crate::amount::Decimals;
use crate::solana::TokenProgram;
use alloy_primitives::Address;

/// How to talk to a provider (contract, section 1: `kind`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ProviderKind {
    /// Esplora REST: one address a request, and where the provider has it
    /// (contract: `group_summary`, mempool.space's electrs), the confirmed
    /// transactions of up to `group_summary` addresses at once; 0: no such endpoint.
    Esplora { group_summary: usize },
    /// An EVM JSON-RPC node: Multicall3 `aggregate3` at this address, or JSON-RPC
    /// batch arrays when `None`.
    EvmRpc { multicall3: Option<Address> },
    /// An Etherscan-compatible account API (BscScan, Etherscan V2 with
    /// `chainid=56`, NodeReal's BscTrace): BNB of up to 20 addresses a
    /// `balancemulti` call, then one `tokenbalance` call per address and token.
    Etherscan,
    /// Solana JSON-RPC `getMultipleAccounts`.
    SolanaRpc,
    /// A Solana JSON-RPC node asked for the deep check: one wallet a batch
    /// array, its `getBalance` and `getTokenAccountsByOwner` per token program
    /// (SPL Token, and Token-2022 when a token needs it). Never configured: a
    /// deep scan asks its chain's `SolanaRpc` providers this way
    /// ([`ProviderConfig::for_deep_check`]).
    SolanaDeep { token_2022: bool },
    /// Discovery's question, whether each address was ever used, as asked of
    /// a chain's providers ([`ProviderConfig::for_activity`]). Never configured.
    Activity(ActivityQuery),
}

impl ProviderKind {
    /// Whether its requests are JSON POSTs, which a browser sends only after a
    /// CORS preflight (Esplora's and Etherscan's GETs, and a group summary's
    /// text/plain POST, are simple requests).
    pub fn is_preflighted(&self) -> bool {
        match self {
            ProviderKind::Esplora { .. } | ProviderKind::Etherscan => false,
            ProviderKind::EvmRpc { .. }
            | ProviderKind::SolanaRpc
            | ProviderKind::SolanaDeep { .. } => true,
            ProviderKind::Activity(ActivityQuery::Esplora { .. }) => false,
            ProviderKind::Activity(ActivityQuery::Evm { .. }) => true,
        }
    }
}

/// How discovery with a gap limit learns whether an address was used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ActivityQuery {
    /// Esplora `GET /address`: its confirmed transactions (and balance), one
    /// address a request; or where the provider has group summaries (up to
    /// `group_summary` addresses), groups: one without a transaction was never
    /// used, and only the others are split.
    Esplora { group_summary: usize },
    /// EVM JSON-RPC batch arrays: each address's nonce, native balance and
    /// token balances (a deposit address that only received tokens sent
    /// nothing: its nonce is 0 and only its balance shows it was used). With
    /// Multicall3, the balances of all of them in one `aggregate3` call in
    /// the array beside the nonces (Multicall3 cannot read a nonce).
    Evm { multicall3: Option<Address> },
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ProviderConfig {
    pub name: String,
    pub kind: ProviderKind,
    pub url: String,
    /// The most requests in any sliding second (each call of a batch array counts).
    pub rps: u32,
    /// What one request may carry (contract: `batch`); ignored for Esplora.
    pub batch: usize,
    pub api_key: Option<String>,
    pub timeout_ms: u64,
}

impl ProviderConfig {
    /// How many addresses one request carries for a chain with `tokens` tokens,
    /// and so how the batch setting translates for each kind.
    pub fn addresses_per_request(&self, tokens: usize) -> usize {
        let per_address = 1 + tokens;
        let addresses = match self.kind {
            ProviderKind::Esplora { .. } => 1,
            ProviderKind::EvmRpc {
                multicall3: Some(_),
            } => self.batch,
            // Every call of a batch array counts against the rate limit, so an
            // array can never hold more calls than `rps`.
            ProviderKind::EvmRpc { multicall3: None } => {
                self.batch.min(self.rps as usize) / per_address
            }
            // Tokens are asked one call each, after the native balances.
            ProviderKind::Etherscan => self.batch.min(crate::codec::etherscan::MAX_BALANCEMULTI),
            ProviderKind::SolanaRpc => {
                self.batch.min(crate::codec::solana_rpc::MAX_KEYS) / per_address
            }
            ProviderKind::SolanaDeep { .. }
            | ProviderKind::Activity(ActivityQuery::Esplora { .. }) => 1,
            // One Multicall3 call for all the balances, and a nonce each.
            ProviderKind::Activity(ActivityQuery::Evm {
                multicall3: Some(_),
            }) => self.batch.min((self.rps as usize).saturating_sub(1)),
            ProviderKind::Activity(ActivityQuery::Evm { multicall3: None }) => {
                self.batch.min(self.rps as usize) / (1 + per_address)
            }
        };
        addresses.max(1)
    }

    /// This provider as the deep check asks it, when it is a Solana node.
    pub fn for_deep_check(&self, tokens: &[Token]) -> Option<ProviderConfig> {
        let token_2022 = tokens.iter().any(|t| t.program == TokenProgram::Token2022);
        (self.kind == ProviderKind::SolanaRpc).then(|| ProviderConfig {
            kind: ProviderKind::SolanaDeep { token_2022 },
            ..self.clone()
        })
    }

    /// This provider as discovery asks it whether addresses were used, when
    /// its kind can tell (an Etherscan-style API's `balancemulti` gives no
    /// transaction count; Solana wallets are not derived).
    pub fn for_activity(&self) -> Option<ProviderConfig> {
        let query = match self.kind {
            ProviderKind::Esplora { group_summary } => ActivityQuery::Esplora { group_summary },
            ProviderKind::EvmRpc { multicall3 } => ActivityQuery::Evm { multicall3 },
            _ => return None,
        };
        Some(ProviderConfig {
            kind: ProviderKind::Activity(query),
            ..self.clone()
        })
    }

    /// How a scan asks this provider, in words for the chain's card: "groups of
    /// 300", "one address a request", "200 addresses a call (Multicall3)".
    pub fn how_it_asks(&self, tokens: usize) -> String {
        let addresses = self.addresses_per_request(tokens);
        let plural = |n: usize, one: &str, many: &str| {
            if n == 1 {
                format!("one {one}")
            } else {
                format!("{n} {many}")
            }
        };
        match self.kind {
            ProviderKind::Esplora { group_summary } if group_summary > 1 => {
                format!("groups of {group_summary}")
            }
            ProviderKind::Esplora { .. } => "one address a request".to_string(),
            ProviderKind::EvmRpc {
                multicall3: Some(_),
            } => format!(
                "{} a call (Multicall3)",
                plural(addresses, "address", "addresses")
            ),
            ProviderKind::EvmRpc { multicall3: None } => {
                format!(
                    "{} a batch array",
                    plural(addresses, "address", "addresses")
                )
            }
            ProviderKind::Etherscan if tokens == 0 => {
                format!("{} a call", plural(addresses, "address", "addresses"))
            }
            ProviderKind::Etherscan => format!(
                "BNB of {} a call, then a call per address and token",
                plural(addresses, "address", "addresses")
            ),
            ProviderKind::SolanaRpc => {
                format!("{} a call", plural(addresses, "wallet", "wallets"))
            }
            ProviderKind::SolanaDeep { .. } => format!(
                "deep check, every token account of one wallet a request ({} calls)",
                self.units(1, tokens)
            ),
            ProviderKind::Activity(ActivityQuery::Esplora { group_summary })
                if group_summary > 1 =>
            {
                format!("groups of {group_summary}, whether used")
            }
            ProviderKind::Activity(ActivityQuery::Esplora { .. }) => {
                "one address a request, its transactions".to_string()
            }
            ProviderKind::Activity(ActivityQuery::Evm {
                multicall3: Some(_),
            }) => format!(
                "{} a batch array, their nonces and one Multicall3 call",
                plural(addresses, "address", "addresses")
            ),
            ProviderKind::Activity(ActivityQuery::Evm { multicall3: None }) => format!(
                "{} a batch array, nonce and balances",
                plural(addresses, "address", "addresses")
            ),
        }
    }

    /// Why this provider cannot carry even one address of a chain with `tokens`
    /// tokens, if so: with Multicall3 off, an address's calls travel in one batch
    /// array, and each call counts against `rps`. Such a provider is never sent
    /// anything (the rate bound could not hold).
    pub fn cannot_carry_one_address(&self, tokens: usize) -> Option<String> {
        let calls = self.units(1, tokens);
        if let ProviderKind::SolanaDeep { .. } = self.kind {
            return (calls > self.rps).then(|| {
                format!(
                    "the deep check takes {calls} calls a wallet in one JSON-RPC batch array, \
                     more than its limit of {} requests a second",
                    self.rps
                )
            });
        }
        if let ProviderKind::Activity(_) = self.kind {
            return (calls > self.rps).then(|| {
                format!(
                    "discovery asks each address's nonce and balances in one JSON-RPC batch \
                     array ({calls} calls), more than its limit of {} requests a second",
                    self.rps
                )
            });
        }
        (calls > self.rps).then(|| {
            format!(
                "with Multicall3 off, each address takes {calls} calls (the native balance and \
                 {tokens} token{}) in one JSON-RPC batch array, and each call counts against \
                 its limit of {} requests a second: raise rps to at least {calls}, or turn \
                 Multicall3 on",
                if tokens == 1 { "" } else { "s" },
                self.rps
            )
        })
    }

    /// How many requests (rate-limit units) a request for `addresses` addresses
    /// counts as.
    pub fn units(&self, addresses: usize, tokens: usize) -> u32 {
        match self.kind {
            ProviderKind::EvmRpc { multicall3: None } => (addresses * (1 + tokens)) as u32,
            ProviderKind::Activity(ActivityQuery::Evm {
                multicall3: Some(_),
            }) => 1 + addresses as u32,
            ProviderKind::Activity(ActivityQuery::Evm { multicall3: None }) => {
                (addresses * (2 + tokens)) as u32
            }
            // getBalance, then getTokenAccountsByOwner per program.
            ProviderKind::SolanaDeep { token_2022 } => 2 + u32::from(token_2022),
            _ => 1,
        }
    }
}

/// A token scanned on a chain: a BEP-20 contract or an SPL mint.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Token {
    pub symbol: String,
    /// The BEP-20 contract (EIP-55) or the SPL mint (base58).
    pub address: String,
    pub decimals: Decimals,
    /// The program that keeps an SPL mint's accounts; always the default
    /// (`token`) on BSC. Older checkpoints have no such field: they were legacy.
    #[serde(default)]
    pub program: TokenProgram,
}

/// Tuning of a scan; the defaults suit public providers.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ScanSettings {
    /// Rate-limit window beyond one second, for network jitter.
    pub rate_margin_ms: u64,
    /// Consecutive failures that open a provider's breaker.
    pub breaker_threshold: u32,
    /// First cooldown of an open breaker; doubles with each failed probe.
    pub breaker_cooldown_ms: u64,
    /// When every provider has failed this many probes in a row, the chain's scan
    /// ends `failed` instead of waiting forever.
    pub probes_before_giving_up: u32,
    /// Sends of one address before it is set aside for the final retry pass.
    pub max_attempts: u32,
    /// Hold after a 429 without `Retry-After`; doubles with each one in a row.
    pub rate_limit_backoff_ms: u64,
    /// Requests in flight per provider at most: browsers open about six
    /// connections per host and queue the rest, which would bunch arrivals.
    pub max_in_flight: usize,
    /// How long this chain's providers have sent nothing, if known (the worker
    /// keeps a lease of its sending in storage, across reloads); `None` opens
    /// each provider's rate limit as if it had just sent a full window.
    #[serde(default)]
    pub quiet_for_ms: Option<u64>,
}

impl Default for ScanSettings {
    fn default() -> Self {
        ScanSettings {
            rate_margin_ms: crate::provider::rate_limiter::DEFAULT_MARGIN_MS,
            breaker_threshold: 5,
            breaker_cooldown_ms: 2_000,
            probes_before_giving_up: 4,
            max_attempts: 6,
            rate_limit_backoff_ms: 2_000,
            max_in_flight: 6,
            quiet_for_ms: None,
        }
    }
}

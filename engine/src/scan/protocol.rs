//! Per provider kind: the request for a batch of addresses, and the results read
//! back from the answer. The one place that knows which codec serves which kind.

use super::result::{AddressResult, AssetBalance, ScanTarget};
use super::scanner::WorkItem;
use super::setup::{ActivityQuery, ProviderConfig, ProviderKind, Token};
use crate::address::solana_key;
use crate::amount::U256;
use crate::codec::etherscan;
use crate::codec::evm::{self, AddressBalances, SubCall};
use crate::codec::solana_deep;
use crate::codec::solana_rpc;
use crate::codec::{esplora, evm_activity, evm_batch, Request};
use crate::provider::ProviderError;
use crate::solana::TokenProgram;
use alloy_primitives::Address;

mod etherscan_kind;
mod solana;
pub(crate) use etherscan_kind::etherscan_api;
pub(super) use etherscan_kind::{read_token_balance, token_request};
use solana::{deep_programs, deep_result, solana_keys};

/// What came back over HTTP (the platform's transport fills this in).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    pub body: String,
    /// `Retry-After`, already turned into a delay by the transport (it alone knows
    /// the wall clock): see [`crate::provider::parse_retry_after`].
    pub retry_after_ms: Option<u64>,
    /// When the response's headers reached the page, on the engine's clock, if
    /// the transport knows (a body read after them takes a while): the latest
    /// moment the request can have reached the provider.
    pub headers_at: Option<crate::time::Millis>,
}

/// Why no HTTP response came back at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransportError {
    Timeout,
    /// fetch() rejected: CORS refusal, unreachable host, offline.
    Network(String),
}

/// The chain's tokens in the forms the codecs take, computed once per scan.
#[derive(Clone, Debug)]
pub struct ChainTokens {
    pub tokens: Vec<Token>,
    evm_contracts: Vec<Address>,
    /// Each SPL mint with the program that keeps its accounts.
    solana_mints: Vec<([u8; 32], TokenProgram)>,
}

impl ChainTokens {
    pub fn new(tokens: Vec<Token>) -> Self {
        // Token addresses were validated with the configuration; one that does not
        // parse for a kind is simply not asked for by that kind.
        let evm_contracts = tokens
            .iter()
            .filter_map(|t| t.address.parse().ok())
            .collect();
        let solana_mints = tokens
            .iter()
            .filter_map(|t| Some((solana_key(&t.address)?, t.program)))
            .collect();
        ChainTokens {
            tokens,
            evm_contracts,
            solana_mints,
        }
    }

    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }
}

/// The request asking `provider` for the balances of `targets`.
pub fn build_request(
    provider: &ProviderConfig,
    tokens: &ChainTokens,
    id: u64,
    targets: &[ScanTarget],
) -> Request {
    let url = with_api_key(&provider.url, provider.api_key.as_deref());
    match provider.kind {
        ProviderKind::Esplora { .. } | ProviderKind::Activity(ActivityQuery::Esplora { .. }) => {
            // The key's query parameter goes after the path.
            let plain = esplora::address_request(&provider.url, &targets[0].address);
            match plain {
                Request::Get { url } => Request::Get {
                    url: with_api_key(&url, provider.api_key.as_deref()),
                },
                other => other,
            }
        }
        ProviderKind::EvmRpc { multicall3 } => {
            let holders: Vec<Address> = targets
                .iter()
                .filter_map(|t| t.address.parse().ok())
                .collect();
            match multicall3 {
                Some(multicall) => {
                    evm::aggregate3_request(id, &url, multicall, &holders, &tokens.evm_contracts)
                }
                None => evm_batch::batch_request(&url, &holders, &tokens.evm_contracts),
            }
        }
        ProviderKind::Etherscan => {
            let addresses: Vec<&str> = targets.iter().map(|t| t.address.as_str()).collect();
            etherscan_api(provider).balancemulti(&addresses)
        }
        ProviderKind::SolanaDeep { token_2022 } => {
            let programs = deep_programs(token_2022);
            solana_deep::deep_request(&url, &targets[0].address, &programs)
        }
        ProviderKind::Activity(ActivityQuery::Evm { multicall3 }) => {
            let holders: Vec<Address> = targets
                .iter()
                .filter_map(|t| t.address.parse().ok())
                .collect();
            match multicall3 {
                Some(multicall) => evm_activity::activity_multicall_request(
                    &url,
                    multicall,
                    &holders,
                    &tokens.evm_contracts,
                ),
                None => evm_activity::activity_request(&url, &holders, &tokens.evm_contracts),
            }
        }
        ProviderKind::SolanaRpc => {
            let keys = solana_keys(targets, tokens);
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            Request::PostJson {
                url,
                body: solana_rpc::get_multiple_accounts_body(id, &keys),
            }
        }
    }
}

/// Where the API key goes: into the URL's `{api_key}` placeholder when it has one
/// (nodes that take the key in the path), else as the `api-key` query parameter
/// (Helius style). A URL, not a header: a custom header would cost a CORS
/// preflight on every GET.
/// The key is percent-encoded either way.
pub fn with_api_key(url: &str, key: Option<&str>) -> String {
    match key.map(crate::codec::percent_encode) {
        Some(key) if url.contains("{api_key}") => url.replace("{api_key}", &key),
        Some(key) => {
            let separator = if url.contains('?') { '&' } else { '?' };
            format!("{url}{separator}api-key={key}")
        }
        None => url.to_string(),
    }
}

/// The group summary request for `items` (an Esplora provider with
/// `group_summary`).
pub(super) fn summary_request(provider: &ProviderConfig, items: &[WorkItem]) -> Request {
    let addresses: Vec<&str> = items.iter().map(|i| i.target.address.as_str()).collect();
    match esplora::summary_request(&provider.url, &addresses) {
        Request::PostText { url, body } => Request::PostText {
            url: with_api_key(&url, provider.api_key.as_deref()),
            body,
        },
        other => other,
    }
}

/// The group summary in `provider`'s answer, or why there is none.
pub(super) fn read_summary(
    provider: &ProviderConfig,
    response: Result<HttpResponse, TransportError>,
) -> Result<esplora::GroupSummary, ProviderError> {
    let body = successful_body(provider, response)?;
    Ok(esplora::decode_summary(&body)?)
}

/// The body of a successful answer; a failed one as the error it is.
fn successful_body(
    provider: &ProviderConfig,
    response: Result<HttpResponse, TransportError>,
) -> Result<String, ProviderError> {
    let response = match response {
        Ok(response) => response,
        Err(TransportError::Timeout) => return Err(ProviderError::Timeout(provider.timeout_ms)),
        Err(TransportError::Network(reason)) => return Err(ProviderError::Network(reason)),
    };
    match response.status {
        429 => Err(ProviderError::RateLimited {
            retry_after_ms: response.retry_after_ms,
        }),
        200..=299 => Ok(response.body),
        status => Err(ProviderError::Http { status }),
    }
}

/// The results for `targets` from `provider`'s answer, or why there are none.
pub fn read_response(
    provider: &ProviderConfig,
    tokens: &ChainTokens,
    targets: &[ScanTarget],
    response: Result<HttpResponse, TransportError>,
) -> Result<Vec<AddressResult>, ProviderError> {
    let body = &successful_body(provider, response)?;
    let token_count = tokens.len();
    let results = match provider.kind {
        ProviderKind::Esplora { .. } => {
            let balance = esplora::decode_address(body, &targets[0].address)?;
            vec![result(
                &targets[0],
                AssetBalance::Checked(U256::from(balance.confirmed)),
                vec![],
            )]
        }
        ProviderKind::EvmRpc { multicall3 } => {
            let balances = match multicall3 {
                Some(_) => evm::decode_aggregate3(body, targets.len(), tokens.evm_contracts.len())?,
                None => evm_batch::decode_batch(body, targets.len(), tokens.evm_contracts.len())?,
            };
            targets
                .iter()
                .zip(balances)
                .map(|(target, b)| evm_result(target, b))
                .collect()
        }
        // Native balances only: the token calls follow, one each.
        ProviderKind::Etherscan => {
            let addresses: Vec<&str> = targets.iter().map(|t| t.address.as_str()).collect();
            etherscan::decode_balancemulti(body, &addresses)?
                .into_iter()
                .zip(targets)
                .map(|(wei, target)| result(target, AssetBalance::Checked(wei), vec![]))
                .collect()
        }
        ProviderKind::SolanaDeep { token_2022 } => {
            let found = solana_deep::decode_deep(body, &deep_programs(token_2022))?;
            vec![deep_result(&targets[0], tokens, found)]
        }
        ProviderKind::Activity(ActivityQuery::Esplora { .. }) => {
            let balance = esplora::decode_address(body, &targets[0].address)?;
            let mut result = result(
                &targets[0],
                AssetBalance::Checked(U256::from(balance.confirmed)),
                vec![],
            );
            result.transactions = Some(balance.tx_count);
            vec![result]
        }
        ProviderKind::Activity(ActivityQuery::Evm { multicall3 }) => {
            let (addresses, contracts) = (targets.len(), tokens.evm_contracts.len());
            let activity = match multicall3 {
                Some(_) => evm_activity::decode_activity_multicall(body, addresses, contracts)?,
                None => evm_activity::decode_activity(body, addresses, contracts)?,
            };
            targets
                .iter()
                .zip(activity)
                .map(|(target, a)| {
                    let mut result = evm_result(target, a.balances);
                    result.transactions = a.nonce;
                    // A nonce the node did not give leaves the address's use
                    // unknown: unchecked, so it is asked again.
                    if a.nonce.is_none() {
                        result.native = AssetBalance::Unchecked;
                    }
                    result
                })
                .collect()
        }
        ProviderKind::SolanaRpc => {
            let per_wallet = 1 + tokens.solana_mints.len();
            let accounts = solana_rpc::decode_multiple_accounts(body, targets.len() * per_wallet)?;
            targets
                .iter()
                .zip(accounts.chunks(per_wallet))
                .map(|(target, accounts)| {
                    let native = AssetBalance::Checked(U256::from(solana_rpc::wallet_lamports(
                        accounts[0].as_ref(),
                    )));
                    let tokens = accounts[1..]
                        .iter()
                        .zip(&tokens.solana_mints)
                        .map(|(account, (_, program))| {
                            match solana_rpc::token_account_amount(account.as_ref(), *program) {
                                Ok(amount) => AssetBalance::Checked(U256::from(amount)),
                                Err(_) => AssetBalance::Unchecked,
                            }
                        })
                        .collect();
                    result(target, native, tokens)
                })
                .collect()
        }
    };
    // Tokens whose address did not parse for this kind were not asked for.
    Ok(results
        .into_iter()
        .map(|mut r| {
            r.tokens.resize(token_count, AssetBalance::Unchecked);
            r
        })
        .collect())
}

fn result(target: &ScanTarget, native: AssetBalance, tokens: Vec<AssetBalance>) -> AddressResult {
    AddressResult {
        target: target.clone(),
        native,
        tokens,
        transactions: None,
    }
}

fn evm_result(target: &ScanTarget, balances: AddressBalances) -> AddressResult {
    let asset = |call: SubCall| match call {
        SubCall::Balance(amount) => AssetBalance::Checked(amount),
        SubCall::Failed => AssetBalance::Unchecked,
    };
    result(
        target,
        asset(balances.native),
        balances.tokens.into_iter().map(asset).collect(),
    )
}

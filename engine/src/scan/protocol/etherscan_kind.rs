//! The `etherscan` kind's own calls: the API as a provider describes it, and
//! the token balances it answers one address and token a request.

use super::{successful_body, ChainTokens, HttpResponse, TransportError};
use crate::amount::U256;
use crate::codec::etherscan::{self, EtherscanApi};
use crate::codec::Request;
use crate::provider::ProviderError;
use crate::scan::setup::ProviderConfig;

/// An Etherscan-style API as `provider` describes it (the key in `apikey`).
pub(crate) fn etherscan_api(provider: &ProviderConfig) -> EtherscanApi<'_> {
    EtherscanApi {
        url: &provider.url,
        api_key: provider.api_key.as_deref(),
    }
}

/// The call asking `provider` (the `etherscan` kind) for `address`'s balance of
/// token number `token`.
pub(crate) fn token_request(
    provider: &ProviderConfig,
    tokens: &ChainTokens,
    token: usize,
    address: &str,
) -> Request {
    let contract = tokens.evm_contracts[token].to_checksum(None);
    etherscan_api(provider).tokenbalance(&contract, address)
}

/// The token balance in `provider`'s answer to a [`token_request`].
pub(crate) fn read_token_balance(
    provider: &ProviderConfig,
    response: Result<HttpResponse, TransportError>,
) -> Result<U256, ProviderError> {
    let body = successful_body(provider, response)?;
    Ok(etherscan::decode_tokenbalance(&body)?)
}

//! EVM JSON-RPC `eth_call` to Multicall3 `aggregate3`: native balances
//! (`getEthBalance`) and BEP-20 `balanceOf` of a whole batch in one call.

use super::jsonrpc::{call, decode_result};
use super::{DecodeError, Request};
use crate::amount::U256;
use alloy_primitives::{Address, Bytes};
use alloy_sol_types::{sol, SolCall};
use serde_json::json;

sol! {
    struct Call3 { address target; bool allowFailure; bytes callData; }
    struct Result3 { bool success; bytes returnData; }
    function aggregate3(Call3[] calldata calls) external payable returns (Result3[] memory returnData);
    function getEthBalance(address addr) external view returns (uint256 balance);
    function balanceOf(address account) external view returns (uint256 balance);
}

/// The canonical Multicall3 deployment (BSC mainnet and testnet alike).
pub const CANONICAL_MULTICALL3: Address =
    alloy_primitives::address!("cA11bde05977b3631167028862bE2a173976CA11");

/// One asset's outcome in a batch: a confirmed balance, or a sub-call that failed
/// and leaves that asset unchecked (never zero).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubCall {
    Balance(U256),
    Failed,
}

/// An address's native balance and its token balances in configured order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddressBalances {
    pub native: SubCall,
    pub tokens: Vec<SubCall>,
}

/// The `eth_call` asking, for every address, its native balance then each token's
/// `balanceOf`, every sub-call with `allowFailure` so one bad token cannot fail the
/// batch.
pub fn aggregate3_request(
    id: u64,
    url: &str,
    multicall: Address,
    addresses: &[Address],
    tokens: &[Address],
) -> Request {
    let data = aggregate3Call {
        calls: sub_calls(multicall, addresses, tokens),
    }
    .abi_encode();
    Request::PostJson {
        url: url.to_string(),
        body: super::jsonrpc::eth_call_body(id, multicall, &data),
    }
}

/// The JSON-RPC call of [`aggregate3_request`], as an object (discovery puts
/// it in a batch array beside nonce calls).
pub fn aggregate3_call(
    id: u64,
    multicall: Address,
    addresses: &[Address],
    tokens: &[Address],
) -> serde_json::Value {
    let calls = sub_calls(multicall, addresses, tokens);
    let data = Bytes::from(aggregate3Call { calls }.abi_encode());
    let params = json!([{ "to": multicall, "data": data }, "latest"]);
    call(id, "eth_call", params)
}

/// Every address's `getEthBalance`, then its `balanceOf` on each token.
fn sub_calls(multicall: Address, addresses: &[Address], tokens: &[Address]) -> Vec<Call3> {
    let mut calls = Vec::with_capacity(addresses.len() * (1 + tokens.len()));
    for &address in addresses {
        calls.push(Call3 {
            target: multicall,
            allowFailure: true,
            callData: getEthBalanceCall { addr: address }.abi_encode().into(),
        });
        for &token in tokens {
            calls.push(Call3 {
                target: token,
                allowFailure: true,
                callData: balanceOfCall { account: address }.abi_encode().into(),
            });
        }
    }
    calls
}

/// Decodes the answer to [`aggregate3_request`] for `addresses` addresses and
/// `tokens` tokens.
pub fn decode_aggregate3(
    body: &str,
    addresses: usize,
    tokens: usize,
) -> Result<Vec<AddressBalances>, DecodeError> {
    let data: Bytes = decode_result(body)?;
    balances_from_aggregate3(&data, addresses, tokens)
}

/// The balances in an `aggregate3` call's returned data (its JSON-RPC result).
pub fn balances_from_aggregate3(
    data: &[u8],
    addresses: usize,
    tokens: usize,
) -> Result<Vec<AddressBalances>, DecodeError> {
    if data.is_empty() {
        return Err(DecodeError::malformed(
            "empty eth_call result: no Multicall3 contract at that address?",
        ));
    }
    let results = aggregate3Call::abi_decode_returns(data).map_err(DecodeError::malformed)?;
    let per_address = 1 + tokens;
    let expected = addresses * per_address;
    if results.len() != expected {
        return Err(DecodeError::WrongCount {
            expected,
            got: results.len(),
        });
    }
    Ok(results
        .chunks(per_address)
        .map(|chunk| AddressBalances {
            native: sub_call(&chunk[0]),
            tokens: chunk[1..].iter().map(sub_call).collect(),
        })
        .collect())
}

/// A balance is exactly one 32-byte word from a successful sub-call; anything else
/// (a revert, a non-contract token address that returns nothing) is unchecked.
fn sub_call(result: &Result3) -> SubCall {
    match <[u8; 32]>::try_from(result.returnData.as_ref()) {
        Ok(word) if result.success => SubCall::Balance(U256::from_be_bytes(word)),
        _ => SubCall::Failed,
    }
}

/// True when a node rejected the whole call for its size (revert, gas, response
/// limits): the caller should split the batch in half and retry both halves.
pub fn should_split(error: &DecodeError) -> bool {
    const SIZE_SIGNS: [&str; 6] = [
        "revert",
        "out of gas",
        "gas required exceeds",
        "gas limit",
        "too large",
        "size exceeded",
    ];
    match error {
        DecodeError::Rpc { message, .. } => {
            let message = message.to_ascii_lowercase();
            SIZE_SIGNS.iter().any(|sign| message.contains(sign))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests;

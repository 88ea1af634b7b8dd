//! EVM JSON-RPC batch arrays, for nodes without Multicall3 (`"multicall3": null`):
//! `eth_getBalance` and `eth_call balanceOf` for each address, many calls per HTTP
//! request. Every call in the array counts against the provider's rate limit.

use super::evm::{balanceOfCall, AddressBalances, SubCall};
use super::jsonrpc::{batch_replies, call};
use super::{DecodeError, Request};
use crate::amount::U256;
use alloy_primitives::{Address, Bytes};
use alloy_sol_types::SolCall;
use serde_json::{json, Value};

/// How many calls one address needs: its native balance and each token.
pub fn calls_per_address(tokens: usize) -> usize {
    1 + tokens
}

/// One batch array: for each address, `eth_getBalance` then `balanceOf` for each
/// token. Call ids are positions in the array.
pub fn batch_request(url: &str, addresses: &[Address], tokens: &[Address]) -> Request {
    let mut calls = Vec::with_capacity(addresses.len() * calls_per_address(tokens.len()));
    for &address in addresses {
        push_balance_calls(&mut calls, address, tokens);
    }
    post(url, calls)
}

/// `address`'s `eth_getBalance` and `balanceOf` calls, numbered on from `calls`.
pub(super) fn push_balance_calls(calls: &mut Vec<Value>, address: Address, tokens: &[Address]) {
    calls.push(call(
        calls.len() as u64,
        "eth_getBalance",
        json!([address, "latest"]),
    ));
    for &token in tokens {
        let data = Bytes::from(balanceOfCall { account: address }.abi_encode());
        let params = json!([{ "to": token, "data": data }, "latest"]);
        calls.push(call(calls.len() as u64, "eth_call", params));
    }
}

pub(super) fn post(url: &str, calls: Vec<Value>) -> Request {
    Request::PostJson {
        url: url.to_string(),
        body: Value::Array(calls).to_string(),
    }
}

/// Decodes a batch answer. Replies may come in any order and are matched by id; a
/// call whose reply is an error is unchecked; a missing reply fails the whole batch
/// (it must never read as zero); a single error object means the node refused the
/// batch itself.
pub fn decode_batch(
    body: &str,
    addresses: usize,
    tokens: usize,
) -> Result<Vec<AddressBalances>, DecodeError> {
    let replies = batch_replies(body)?;
    let expected = addresses * calls_per_address(tokens);
    let mut outcomes: Vec<Option<SubCall>> = vec![None; expected];
    for reply in replies {
        let slot = outcomes.get_mut(reply.id).ok_or_else(|| {
            DecodeError::malformed(format!("reply to unknown call id {}", reply.id))
        })?;
        *slot = Some(match (reply.result, reply.error) {
            (Some(result), None) => quantity(&result).map_or(SubCall::Failed, SubCall::Balance),
            _ => SubCall::Failed,
        });
    }
    let answered = outcomes.iter().filter(|o| o.is_some()).count();
    if answered != expected {
        return Err(DecodeError::WrongCount {
            expected,
            got: answered,
        });
    }
    let outcomes: Vec<SubCall> = outcomes.into_iter().flatten().collect();
    Ok(outcomes
        .chunks(calls_per_address(tokens))
        .map(|chunk| AddressBalances {
            native: chunk[0],
            tokens: chunk[1..].to_vec(),
        })
        .collect())
}

/// A hex quantity (`0x1a`, from eth_getBalance) or a 32-byte word (from eth_call).
pub(super) fn quantity(result: &Value) -> Option<U256> {
    let hex = result.as_str()?.strip_prefix("0x")?;
    if hex.is_empty() || hex.len() > 64 {
        return None;
    }
    U256::from_str_radix(hex, 16).ok()
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use alloy_primitives::address;

    pub(crate) const HOLDER: Address = address!("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
    pub(crate) const OTHER: Address = address!("fB6916095ca1df60bB79Ce92cE3Ea74c37c5d359");
    pub(crate) const USDT: Address = address!("55d398326f99059fF775485246999027B3197955");

    /// A batch request's calls, their methods, and their ids.
    pub(crate) fn calls_of(request: Request) -> (Vec<Value>, Vec<String>, Vec<u64>) {
        let Request::PostJson { body, .. } = request else {
            panic!("batch is a POST")
        };
        let calls: Vec<Value> = serde_json::from_str(&body).unwrap();
        let methods = calls
            .iter()
            .map(|c| c["method"].as_str().unwrap().to_string())
            .collect();
        let ids = calls.iter().map(|c| c["id"].as_u64().unwrap()).collect();
        (calls, methods, ids)
    }

    /// The address at `pointer` in a batch call (`/params/0`: the account asked
    /// about; `/params/0/to`: the contract called).
    pub(crate) fn address_param(call: &Value, pointer: &str) -> Address {
        call.pointer(pointer)
            .unwrap()
            .as_str()
            .unwrap()
            .parse()
            .unwrap()
    }

    #[test]
    fn the_batch_array_has_one_call_per_asset_with_positional_ids() {
        let (calls, methods, ids) =
            calls_of(batch_request("http://node", &[HOLDER, OTHER], &[USDT]));
        assert_eq!(
            methods,
            ["eth_getBalance", "eth_call", "eth_getBalance", "eth_call"]
        );
        assert_eq!(ids, [0, 1, 2, 3]);
        assert_eq!(address_param(&calls[2], "/params/0"), OTHER);
        assert_eq!(address_param(&calls[1], "/params/0/to"), USDT);
    }

    #[test]
    fn replies_in_any_order_with_errors_unchecked() {
        let body = r#"[
            {"jsonrpc":"2.0","id":3,"result":"0x0000000000000000000000000000000000000000000000000000000000000005"},
            {"jsonrpc":"2.0","id":0,"result":"0xde0b6b3a7640000"},
            {"jsonrpc":"2.0","id":2,"result":"0x0"},
            {"jsonrpc":"2.0","id":1,"error":{"code":-32000,"message":"execution reverted"}}
        ]"#;
        let balances = decode_batch(body, 2, 1).unwrap();
        assert_eq!(
            balances[0].native,
            SubCall::Balance(U256::from(1_000_000_000_000_000_000u64))
        );
        assert_eq!(balances[0].tokens, [SubCall::Failed]);
        assert_eq!(balances[1].native, SubCall::Balance(U256::ZERO));
        assert_eq!(balances[1].tokens, [SubCall::Balance(U256::from(5u8))]);
    }

    #[test]
    fn missing_replies_and_refused_batches_are_errors() {
        let short = r#"[{"jsonrpc":"2.0","id":0,"result":"0x1"}]"#;
        assert_eq!(
            decode_batch(short, 1, 1),
            Err(DecodeError::WrongCount {
                expected: 2,
                got: 1
            })
        );
        let refused =
            r#"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"batch too large"}}"#;
        assert!(matches!(
            decode_batch(refused, 1, 1),
            Err(DecodeError::Rpc { code: -32600, .. })
        ));
        let stray = r#"[{"jsonrpc":"2.0","id":9,"result":"0x1"}]"#;
        assert!(matches!(
            decode_batch(stray, 1, 0),
            Err(DecodeError::Malformed(_))
        ));
        assert!(matches!(
            decode_batch("[1]", 1, 0),
            Err(DecodeError::Malformed(_))
        ));
    }
}

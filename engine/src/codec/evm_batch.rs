//! EVM JSON-RPC batch arrays, for nodes without Multicall3 (`"multicall3": null`):
//! `eth_getBalance` and `eth_call balanceOf` for each address, many calls per HTTP
//! request. Every call in the array counts against the provider's rate limit.

use super::evm::{balanceOfCall, AddressBalances, SubCall};
use super::jsonrpc::batch_replies;
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
fn push_balance_calls(calls: &mut Vec<Value>, address: Address, tokens: &[Address]) {
    calls.push(json!({
        "jsonrpc": "2.0", "id": calls.len(), "method": "eth_getBalance",
        "params": [address, "latest"],
    }));
    for &token in tokens {
        let data = Bytes::from(balanceOfCall { account: address }.abi_encode());
        calls.push(json!({
            "jsonrpc": "2.0", "id": calls.len(), "method": "eth_call",
            "params": [{ "to": token, "data": data }, "latest"],
        }));
    }
}

fn post(url: &str, calls: Vec<Value>) -> Request {
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

/// How many calls discovery needs for one address: its nonce, then its
/// balances.
pub fn activity_calls_per_address(tokens: usize) -> usize {
    1 + calls_per_address(tokens)
}

/// Whether an address was ever used, as discovery asks it: its nonce (the
/// transactions it sent) and its balances. A deposit address that only ever
/// received tokens has sent nothing, so its nonce alone would call it unused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddressActivity {
    /// `None`: the node answered the nonce call with an error.
    pub nonce: Option<u64>,
    pub balances: AddressBalances,
}

/// Discovery's batch array: for each address `eth_getTransactionCount`, then
/// the calls of [`batch_request`]. Call ids are positions in the array.
pub fn activity_request(url: &str, addresses: &[Address], tokens: &[Address]) -> Request {
    let mut calls = Vec::with_capacity(addresses.len() * activity_calls_per_address(tokens.len()));
    for &address in addresses {
        calls.push(json!({
            "jsonrpc": "2.0", "id": calls.len(), "method": "eth_getTransactionCount",
            "params": [address, "latest"],
        }));
        push_balance_calls(&mut calls, address, tokens);
    }
    post(url, calls)
}

/// Discovery's batch array over a node with Multicall3: first one `aggregate3`
/// call with every address's balances, then `eth_getTransactionCount` for each
/// address: 1 + n calls against the rate limit, not n × (2 + tokens).
pub fn activity_multicall_request(
    url: &str,
    multicall: Address,
    addresses: &[Address],
    tokens: &[Address],
) -> Request {
    let Request::PostJson { body, .. } =
        super::evm::aggregate3_request(0, url, multicall, addresses, tokens)
    else {
        unreachable!("an eth_call is a POST");
    };
    let mut calls = vec![serde_json::from_str::<Value>(&body).expect("the call just written")];
    for &address in addresses {
        calls.push(json!({
            "jsonrpc": "2.0", "id": calls.len(), "method": "eth_getTransactionCount",
            "params": [address, "latest"],
        }));
    }
    post(url, calls)
}

/// Decodes the answer to an [`activity_multicall_request`]: a failed
/// `aggregate3` fails the whole answer (as a plain Multicall3 call does), a
/// failed nonce leaves that address's nonce unknown.
pub fn decode_activity_multicall(
    body: &str,
    addresses: usize,
    tokens: usize,
) -> Result<Vec<AddressActivity>, DecodeError> {
    let mut balances = None;
    let mut nonces: Vec<Option<Option<u64>>> = vec![None; addresses];
    for reply in batch_replies(body)? {
        match reply.id {
            0 => {
                let data = match (reply.result, reply.error) {
                    (Some(Value::String(hex)), None) => {
                        alloy_primitives::hex::decode(&hex).map_err(DecodeError::malformed)?
                    }
                    (_, Some(error)) => return Err(error.into()),
                    _ => return Err(DecodeError::malformed("aggregate3 answered no data")),
                };
                balances = Some(super::evm::balances_from_aggregate3(
                    &data, addresses, tokens,
                )?);
            }
            id => {
                let slot = nonces.get_mut(id - 1).ok_or_else(|| {
                    DecodeError::malformed(format!("reply to unknown call id {id}"))
                })?;
                let nonce = reply.result.as_ref().and_then(quantity);
                *slot = Some(nonce.and_then(|n| u64::try_from(n).ok()));
            }
        }
    }
    let answered = nonces.iter().filter(|n| n.is_some()).count() + usize::from(balances.is_some());
    let (Some(balances), true) = (balances, answered == addresses + 1) else {
        return Err(DecodeError::WrongCount {
            expected: addresses + 1,
            got: answered,
        });
    };
    Ok(balances
        .into_iter()
        .zip(nonces)
        .map(|(balances, nonce)| AddressActivity {
            nonce: nonce.flatten(),
            balances,
        })
        .collect())
}

/// Decodes the answer to an [`activity_request`], as [`decode_batch`] does.
pub fn decode_activity(
    body: &str,
    addresses: usize,
    tokens: usize,
) -> Result<Vec<AddressActivity>, DecodeError> {
    // Each address's calls are its nonce and then its balances: the same
    // replies as a batch of one more asset each, the nonce first.
    let decoded = decode_batch(body, addresses, tokens + 1)?;
    Ok(decoded
        .into_iter()
        .map(|calls| {
            let nonce = match calls.native {
                SubCall::Balance(count) => u64::try_from(count).ok(),
                SubCall::Failed => None,
            };
            let mut rest = calls.tokens.into_iter();
            let native = rest.next().expect("an address's balance call");
            AddressActivity {
                nonce,
                balances: AddressBalances {
                    native,
                    tokens: rest.collect(),
                },
            }
        })
        .collect())
}

/// A hex quantity (`0x1a`, from eth_getBalance) or a 32-byte word (from eth_call).
fn quantity(result: &Value) -> Option<U256> {
    let hex = result.as_str()?.strip_prefix("0x")?;
    if hex.is_empty() || hex.len() > 64 {
        return None;
    }
    U256::from_str_radix(hex, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::address;

    const HOLDER: Address = address!("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
    const OTHER: Address = address!("fB6916095ca1df60bB79Ce92cE3Ea74c37c5d359");
    const USDT: Address = address!("55d398326f99059fF775485246999027B3197955");

    /// A batch request's calls, their methods, and their ids.
    fn calls_of(request: Request) -> (Vec<Value>, Vec<String>, Vec<u64>) {
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

    #[test]
    fn the_batch_array_has_one_call_per_asset_with_positional_ids() {
        let (calls, methods, ids) =
            calls_of(batch_request("http://node", &[HOLDER, OTHER], &[USDT]));
        assert_eq!(
            methods,
            ["eth_getBalance", "eth_call", "eth_getBalance", "eth_call"]
        );
        assert_eq!(ids, [0, 1, 2, 3]);
        let address_param = |call: &Value, pointer: &str| -> Address {
            call.pointer(pointer)
                .unwrap()
                .as_str()
                .unwrap()
                .parse()
                .unwrap()
        };
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
    fn the_activity_batch_asks_each_nonce_before_its_balances() {
        let (calls, methods, ids) =
            calls_of(activity_request("http://node", &[HOLDER, OTHER], &[USDT]));
        assert_eq!(
            methods,
            [
                "eth_getTransactionCount",
                "eth_getBalance",
                "eth_call",
                "eth_getTransactionCount",
                "eth_getBalance",
                "eth_call"
            ]
        );
        assert_eq!(ids, [0, 1, 2, 3, 4, 5]);
        assert_eq!(
            calls[3]["params"][0]
                .as_str()
                .unwrap()
                .parse::<Address>()
                .unwrap(),
            OTHER
        );
        // Nonce 2 and nothing held; nonce 0 and 5 USDT held; an error is unknown.
        let body = r#"[
            {"jsonrpc":"2.0","id":0,"result":"0x2"},
            {"jsonrpc":"2.0","id":1,"result":"0x0"},
            {"jsonrpc":"2.0","id":2,"result":"0x0000000000000000000000000000000000000000000000000000000000000000"},
            {"jsonrpc":"2.0","id":5,"result":"0x0000000000000000000000000000000000000000000000000000000000000005"},
            {"jsonrpc":"2.0","id":4,"result":"0x0"},
            {"jsonrpc":"2.0","id":3,"error":{"code":-32000,"message":"busy"}}
        ]"#;
        let activity = decode_activity(body, 2, 1).unwrap();
        assert_eq!(activity[0].nonce, Some(2));
        assert_eq!(activity[0].balances.native, SubCall::Balance(U256::ZERO));
        assert_eq!(activity[1].nonce, None);
        assert_eq!(
            activity[1].balances.tokens,
            [SubCall::Balance(U256::from(5u8))]
        );
        assert!(matches!(
            decode_activity(r#"[{"jsonrpc":"2.0","id":0,"result":"0x1"}]"#, 1, 0),
            Err(DecodeError::WrongCount {
                expected: 2,
                got: 1
            })
        ));
    }

    #[test]
    fn with_multicall3_the_balances_are_one_call_beside_the_nonces() {
        let multicall = crate::codec::evm::CANONICAL_MULTICALL3;
        let (calls, methods, ids) = calls_of(activity_multicall_request(
            "http://node",
            multicall,
            &[HOLDER, OTHER],
            &[USDT],
        ));
        assert_eq!(
            methods,
            [
                "eth_call",
                "eth_getTransactionCount",
                "eth_getTransactionCount"
            ]
        );
        assert_eq!(ids, [0, 1, 2]);
        assert_eq!(
            calls[2]["params"][0]
                .as_str()
                .unwrap()
                .parse::<Address>()
                .unwrap(),
            OTHER
        );
        // The aggregate's answer: BNB 7 and USDT 0 for HOLDER, 0 and 5 for OTHER.
        let word = |n: u8| {
            let mut w = [0u8; 32];
            w[31] = n;
            crate::codec::evm::Result3 {
                success: true,
                returnData: w.to_vec().into(),
            }
        };
        let data = crate::codec::evm::aggregate3Call::abi_encode_returns(&vec![
            word(7),
            word(0),
            word(0),
            word(5),
        ]);
        let hex = alloy_primitives::hex::encode_prefixed(data);
        let body = format!(
            r#"[{{"jsonrpc":"2.0","id":2,"error":{{"code":-32000,"message":"busy"}}}},
                {{"jsonrpc":"2.0","id":0,"result":"{hex}"}},
                {{"jsonrpc":"2.0","id":1,"result":"0x3"}}]"#
        );
        let activity = decode_activity_multicall(&body, 2, 1).unwrap();
        assert_eq!(activity[0].nonce, Some(3));
        assert_eq!(
            activity[0].balances.native,
            SubCall::Balance(U256::from(7u8))
        );
        assert_eq!(activity[1].nonce, None, "an error is no nonce, never 0");
        assert_eq!(
            activity[1].balances.tokens,
            [SubCall::Balance(U256::from(5u8))]
        );
        // A failed aggregate or a missing nonce fails the whole answer.
        let refused = r#"[{"jsonrpc":"2.0","id":0,"error":{"code":-32000,"message":"out of gas"}},
            {"jsonrpc":"2.0","id":1,"result":"0x0"},{"jsonrpc":"2.0","id":2,"result":"0x0"}]"#;
        assert!(matches!(
            decode_activity_multicall(refused, 2, 1),
            Err(DecodeError::Rpc { .. })
        ));
        let short = format!(r#"[{{"jsonrpc":"2.0","id":0,"result":"{hex}"}}]"#);
        assert!(matches!(
            decode_activity_multicall(&short, 2, 1),
            Err(DecodeError::WrongCount {
                expected: 3,
                got: 1
            })
        ));
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

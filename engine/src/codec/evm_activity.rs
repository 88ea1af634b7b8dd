//! Discovery's question to an EVM node, whether addresses were ever used: each
//! address's nonce (the transactions it sent) and its balances, in JSON-RPC
//! batch arrays. A deposit address that only ever received tokens has sent
//! nothing, so its nonce alone would call it unused: the balances count too.

use super::evm::{aggregate3_call, AddressBalances, SubCall};
use super::evm_batch::{calls_per_address, decode_batch, post, push_balance_calls, quantity};
use super::jsonrpc::{batch_replies, call};
use super::{DecodeError, Request};
use alloy_primitives::Address;
use serde_json::{json, Value};

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
        calls.push(nonce_call(calls.len(), address));
        push_balance_calls(&mut calls, address, tokens);
    }
    post(url, calls)
}

/// `eth_getTransactionCount`: the transactions `address` sent (its nonce).
fn nonce_call(id: usize, address: Address) -> Value {
    call(
        id as u64,
        "eth_getTransactionCount",
        json!([address, "latest"]),
    )
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
    let mut calls = Vec::with_capacity(1 + addresses.len());
    calls.push(aggregate3_call(0, multicall, addresses, tokens));
    for &address in addresses {
        calls.push(nonce_call(calls.len(), address));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::amount::U256;
    use crate::codec::evm_batch::tests::{address_param, calls_of, HOLDER, OTHER, USDT};
    use alloy_sol_types::SolCall;

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
        assert_eq!(address_param(&calls[3], "/params/0"), OTHER);
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
        assert_eq!(address_param(&calls[2], "/params/0"), OTHER);
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
}

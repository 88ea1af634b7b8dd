//! The fake BSC node: Multicall3 `aggregate3` calls and JSON-RPC batch arrays.

use super::{http, Faults, Ledger};
use crate::codec::evm::{aggregate3Call, balanceOfCall, getEthBalanceCall, Result3};
use crate::scan::HttpResponse;
use alloy_primitives::{Address, Bytes};
use alloy_sol_types::SolCall;
use serde_json::{json, Value};

/// A JSON-RPC batch array (a node without Multicall3): `eth_getBalance` and
/// `eth_call balanceOf` answered one by one, in reverse order (replies may come
/// in any order), a failing token's call answered with an error.
fn evm_batch(calls: &[Value], ledger: &Ledger, faults: &Faults, short: bool) -> HttpResponse {
    let mut replies: Vec<Value> = calls
        .iter()
        .map(|call| {
            let id = &call["id"];
            let params = &call["params"];
            // Discovery's Multicall3 call inside an array: answered as alone.
            let data = params[0]["data"].as_str().unwrap_or_default();
            if data.starts_with(&alloy_primitives::hex::encode_prefixed(aggregate3Call::SELECTOR)) {
                let reply = answer(&call.to_string(), ledger, faults, false);
                return serde_json::from_str(&reply.body).unwrap();
            }
            let (holder, token) = match call["method"].as_str() {
                Some("eth_getTransactionCount") => {
                    let holder: Address = params[0].as_str().unwrap().parse().unwrap();
                    let nonce = ledger.evm_nonce.get(&holder).copied().unwrap_or(0);
                    return json!({"jsonrpc": "2.0", "id": id, "result": format!("{nonce:#x}")});
                }
                Some("eth_getBalance") => (params[0].as_str().unwrap().parse().unwrap(), None),
                Some("eth_call") => {
                    let data =
                        alloy_primitives::hex::decode(params[0]["data"].as_str().unwrap()).unwrap();
                    let to: Address = params[0]["to"].as_str().unwrap().parse().unwrap();
                    (balanceOfCall::abi_decode(&data).unwrap().account, Some(to))
                }
                other => panic!("the fake node knows no {other:?}"),
            };
            if token.is_some_and(|t| faults.failing_tokens.contains(&t)) {
                return json!({"jsonrpc": "2.0", "id": id, "error": {"code": 3, "message": "execution reverted"}});
            }
            let amount = ledger.evm.get(&(holder, token)).copied().unwrap_or_default();
            let result = match token {
                None => format!("{amount:#x}"),
                Some(_) => Bytes::from(amount.to_be_bytes::<32>().to_vec()).to_string(),
            };
            json!({"jsonrpc": "2.0", "id": id, "result": result})
        })
        .collect();
    replies.reverse();
    if short {
        replies.pop();
    }
    http(200, &Value::Array(replies).to_string())
}

/// A node's answer to `body`: one `aggregate3` call through Multicall3, or a
/// batch array.
pub(super) fn answer(body: &str, ledger: &Ledger, faults: &Faults, short: bool) -> HttpResponse {
    let request: Value = serde_json::from_str(body).unwrap();
    if let Value::Array(calls) = &request {
        return evm_batch(calls, ledger, faults, short);
    }
    let multicall: Address = request["params"][0]["to"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let data =
        alloy_primitives::hex::decode(request["params"][0]["data"].as_str().unwrap()).unwrap();
    let calls = aggregate3Call::abi_decode(&data).unwrap().calls;
    let addresses = calls.iter().filter(|c| c.target == multicall).count();
    if faults.max_batch.is_some_and(|max| addresses > max) {
        let error = json!({"jsonrpc": "2.0", "id": request["id"], "error": {"code": -32000, "message": "out of gas"}});
        return http(200, &error.to_string());
    }
    let mut results: Vec<Result3> = calls
        .iter()
        .map(|call| {
            let (holder, token) = if call.target == multicall {
                (
                    getEthBalanceCall::abi_decode(&call.callData).unwrap().addr,
                    None,
                )
            } else {
                (
                    balanceOfCall::abi_decode(&call.callData).unwrap().account,
                    Some(call.target),
                )
            };
            if token.is_some_and(|t| faults.failing_tokens.contains(&t)) {
                return Result3 {
                    success: false,
                    returnData: Bytes::new(),
                };
            }
            let amount = ledger
                .evm
                .get(&(holder, token))
                .copied()
                .unwrap_or_default();
            Result3 {
                success: true,
                returnData: amount.to_be_bytes::<32>().to_vec().into(),
            }
        })
        .collect();
    if short {
        results.pop();
    }
    let data = Bytes::from(aggregate3Call::abi_encode_returns(&results));
    http(
        200,
        &json!({"jsonrpc": "2.0", "id": request["id"], "result": data}).to_string(),
    )
}

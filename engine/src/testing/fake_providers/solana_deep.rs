//! The fake Solana node's deep-check side: JSON-RPC batch arrays of `getBalance`
//! and `getTokenAccountsByOwner` (by program), answered in reverse order.
//!
//! A wallet's token accounts are stored as "owned:<wallet>:<program>:<mint>:<account>"
//! (the program as `config.json` names it), its lamports as "wallet:<wallet>".

use super::{http, Ledger};
use crate::scan::HttpResponse;
use crate::solana::TokenProgram;
use serde_json::{json, Value};

pub(super) fn answer(body: &str, ledger: &Ledger) -> HttpResponse {
    let calls: Vec<Value> = serde_json::from_str(body).unwrap();
    let mut replies: Vec<Value> = calls
        .iter()
        .map(|call| {
            let wallet = call["params"][0].as_str().unwrap();
            let context = json!({"slot": 1});
            let result = match call["method"].as_str() {
                Some("getBalance") => {
                    let lamports = ledger.by_key.get(&format!("wallet:{wallet}")).copied();
                    json!({"context": context, "value": lamports.unwrap_or(0)})
                }
                Some("getTokenAccountsByOwner") => {
                    let program_id = call["params"][1]["programId"].as_str().unwrap();
                    let program = TokenProgram::owning(program_id).unwrap();
                    json!({"context": context, "value": owned(ledger, wallet, program)})
                }
                other => panic!("the deep check asks no {other:?}"),
            };
            json!({"jsonrpc": "2.0", "id": call["id"], "result": result})
        })
        .collect();
    replies.reverse();
    http(200, &Value::Array(replies).to_string())
}

/// The `jsonParsed` token accounts of `program` that `wallet` owns.
fn owned(ledger: &Ledger, wallet: &str, program: TokenProgram) -> Vec<Value> {
    let prefix = format!("owned:{wallet}:{}:", program.code());
    let mut accounts: Vec<(&String, &u64)> = ledger
        .by_key
        .iter()
        .filter(|(key, _)| key.starts_with(&prefix))
        .collect();
    accounts.sort();
    accounts
        .into_iter()
        .map(|(key, amount)| {
            let (mint, pubkey) = key[prefix.len()..].split_once(':').unwrap();
            json!({"pubkey": pubkey, "account": {
                "data": {"parsed": {"info": {"mint": mint, "owner": wallet, "state": "initialized",
                    "tokenAmount": {"amount": amount.to_string(), "decimals": 6}}, "type": "account"},
                    "program": "spl-token", "space": 165},
                "executable": false, "lamports": 2039280, "owner": bs58::encode(program.id()).into_string(),
                "rentEpoch": u64::MAX, "space": 165}})
        })
        .collect()
}

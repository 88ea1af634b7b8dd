//! The fake Solana node's scan side: `getMultipleAccounts` over wallets and
//! their token accounts, in `base64` with the amount's slice.

use super::{http, Ledger};
use crate::scan::HttpResponse;
use base64::Engine as _;
use serde_json::{json, Value};

const TOKEN_PROGRAM: &str = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA";
const TOKEN_2022_PROGRAM: &str = "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb";

/// Wallet keys are stored under "wallet:<key>", token accounts under "ata:<key>"
/// (SPL Token) or "ata2022:<key>" (Token-2022, whose accounts are longer).
pub(super) fn answer(body: &str, ledger: &Ledger, short: bool) -> HttpResponse {
    let request: Value = serde_json::from_str(body).unwrap();
    let keys = request["params"][0].as_array().unwrap();
    if keys.len() > 100 {
        let error = json!({"jsonrpc": "2.0", "id": request["id"], "error": {"code": -32602, "message": "Too many inputs provided; max 100"}});
        return http(200, &error.to_string());
    }
    let mut value: Vec<Value> = keys
        .iter()
        .map(|key| {
            let key = key.as_str().unwrap();
            if let Some(&lamports) = ledger.by_key.get(&format!("wallet:{key}")) {
                json!({"data": ["", "base64"], "executable": false, "lamports": lamports, "owner": "11111111111111111111111111111111", "rentEpoch": u64::MAX, "space": 0})
            } else if let Some((amount, owner, space)) = token_account(ledger, key) {
                let slice = base64::engine::general_purpose::STANDARD.encode(amount.to_le_bytes());
                json!({"data": [slice, "base64"], "executable": false, "lamports": 2039280, "owner": owner, "rentEpoch": u64::MAX, "space": space})
            } else {
                Value::Null
            }
        })
        .collect();
    if short {
        value.pop();
    }
    let response = json!({"jsonrpc": "2.0", "id": request["id"], "result": {"context": {"slot": 1}, "value": value}});
    http(200, &response.to_string())
}

/// The token account at `key`: its amount, owning program and size.
fn token_account(ledger: &Ledger, key: &str) -> Option<(u64, &'static str, u32)> {
    if let Some(&amount) = ledger.by_key.get(&format!("ata:{key}")) {
        return Some((amount, TOKEN_PROGRAM, 165));
    }
    let amount = *ledger.by_key.get(&format!("ata2022:{key}"))?;
    Some((amount, TOKEN_2022_PROGRAM, 170))
}

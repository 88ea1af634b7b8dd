//! The Solana deep check: every token account a wallet owns, wherever it lives.
//!
//! A normal scan reads each wallet's Associated Token Accounts, which hold almost
//! every balance; tokens sent to another account the wallet owns (an exchange's
//! payout to an auxiliary account, an old wallet's layout) are not there. The deep
//! check asks `getTokenAccountsByOwner` once per token program, beside the
//! wallet's `getBalance`, in one JSON-RPC batch array a wallet: each call counts
//! against `rps`.

use super::jsonrpc::batch_replies;
use super::{DecodeError, Request};
use crate::solana::TokenProgram;
use serde_json::{json, Value};

/// The batch array asking for `wallet`'s lamports and its token accounts under
/// each of `programs`. Call ids are positions in the array.
pub fn deep_request(url: &str, wallet: &str, programs: &[TokenProgram]) -> Request {
    let mut calls = vec![json!({
        "jsonrpc": "2.0", "id": 0, "method": "getBalance",
        "params": [wallet, { "commitment": "confirmed" }],
    })];
    for (i, program) in programs.iter().enumerate() {
        let program_id = bs58::encode(program.id()).into_string();
        calls.push(json!({
            "jsonrpc": "2.0", "id": i + 1, "method": "getTokenAccountsByOwner",
            "params": [wallet, { "programId": program_id },
                       { "encoding": "jsonParsed", "commitment": "confirmed" }],
        }));
    }
    Request::PostJson {
        url: url.to_string(),
        body: Value::Array(calls).to_string(),
    }
}

/// What a wallet holds, as the deep check found it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeepHoldings {
    pub lamports: u64,
    /// Every token account the wallet owns: its program, mint and amount.
    pub accounts: Vec<(TokenProgram, String, u64)>,
}

/// Decodes the answer to [`deep_request`] with the same `programs`. Replies may
/// come in any order and are matched by id; an error or a missing reply fails
/// the whole wallet, whose accounts must never read as none.
pub fn decode_deep(body: &str, programs: &[TokenProgram]) -> Result<DeepHoldings, DecodeError> {
    let replies = batch_replies(body)?;
    let mut results: Vec<Option<Value>> = vec![None; programs.len() + 1];
    for reply in replies {
        if let Some(error) = reply.error {
            return Err(error.into());
        }
        if let (Some(slot), Some(result)) = (results.get_mut(reply.id), reply.result) {
            *slot = Some(result);
        }
    }
    let missing = || DecodeError::WrongCount {
        expected: programs.len() + 1,
        got: results.iter().flatten().count(),
    };
    // The replies are read where they lie in the `Value`s: `from_value` into
    // structs would carry a second reader of them (from `Value`) in the wasm.
    let mut found = results.iter();
    let balance = found.next().and_then(Option::as_ref).ok_or_else(missing)?;
    let lamports = balance
        .get("value")
        .and_then(Value::as_u64)
        .ok_or_else(|| DecodeError::malformed("a balance without its value in lamports"))?;
    let mut accounts = Vec::new();
    for (program, owned) in programs.iter().zip(found) {
        let owned = owned.as_ref().ok_or_else(missing)?;
        let list = owned
            .get("value")
            .and_then(Value::as_array)
            .ok_or_else(|| DecodeError::malformed("token accounts without their list"))?;
        for entry in list {
            let account = entry.get("account").ok_or_else(|| {
                DecodeError::malformed("a token account entry without its account")
            })?;
            let (mint, amount) = parsed_token_account(account)?;
            accounts.push((*program, mint, amount));
        }
    }
    Ok(DeepHoldings { lamports, accounts })
}

/// The mint and amount of a `jsonParsed` token account.
fn parsed_token_account(account: &Value) -> Result<(String, u64), DecodeError> {
    let info = account
        .pointer("/data/parsed/info")
        .ok_or_else(|| DecodeError::malformed("a token account without parsed info"))?;
    let mint = info.get("mint").and_then(Value::as_str);
    let amount = info
        .pointer("/tokenAmount/amount")
        .and_then(Value::as_str)
        .and_then(|amount| amount.parse().ok());
    match (mint, amount) {
        (Some(mint), Some(amount)) => Ok((mint.to_string(), amount)),
        _ => Err(DecodeError::malformed(
            "a token account without its mint or tokenAmount.amount",
        )),
    }
}

#[cfg(test)]
mod tests;

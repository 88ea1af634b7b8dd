//! Solana JSON-RPC `getMultipleAccounts`: wallets' lamports and token accounts'
//! amounts, up to 100 keys a call.

use super::jsonrpc::{call_body, decode_result};
use super::DecodeError;
use crate::solana::TokenProgram;
use base64::Engine as _;
use serde::Deserialize;
use serde_json::{json, Value};

/// The most keys one `getMultipleAccounts` call may carry.
pub const MAX_KEYS: usize = 100;

/// The JSON-RPC body asking for `keys` (at most [`MAX_KEYS`]), in `base64` with
/// `dataSlice` {offset 64, length 8}: only the u64 amount of an SPL token account
/// comes back, so responses stay small (every provider offers this encoding).
pub fn get_multiple_accounts_body(id: u64, keys: &[&str]) -> String {
    debug_assert!(
        keys.len() <= MAX_KEYS,
        "getMultipleAccounts takes at most 100 keys"
    );
    let config = json!({
        "encoding": "base64",
        "dataSlice": { "offset": 64, "length": 8 },
        "commitment": "confirmed",
    });
    call_body(id, "getMultipleAccounts", json!([keys, config]))
}

/// What the scanner needs of one existing account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SolanaAccount {
    pub lamports: u64,
    /// The program and amount, when the account is a token account.
    pub token: Option<(TokenProgram, u64)>,
}

#[derive(Deserialize)]
struct Accounts {
    value: Vec<Option<RawAccount>>,
}

#[derive(Deserialize)]
struct RawAccount {
    lamports: u64,
    owner: String,
    data: Value,
}

/// Decodes the accounts, one per requested key, in request order; `None` is an
/// account that does not exist. A response with fewer or more entries than keys
/// asked for is an error: a missing entry must never read as an empty account.
pub fn decode_multiple_accounts(
    body: &str,
    expected: usize,
) -> Result<Vec<Option<SolanaAccount>>, DecodeError> {
    let accounts: Accounts = decode_result(body)?;
    if accounts.value.len() != expected {
        return Err(DecodeError::WrongCount {
            expected,
            got: accounts.value.len(),
        });
    }
    accounts
        .value
        .into_iter()
        .map(|raw| raw.map(decode_account).transpose())
        .collect()
}

fn decode_account(raw: RawAccount) -> Result<SolanaAccount, DecodeError> {
    let token = match TokenProgram::owning(&raw.owner) {
        Some(program) => Some((program, token_amount(&raw.data)?)),
        None => None,
    };
    Ok(SolanaAccount {
        lamports: raw.lamports,
        token,
    })
}

/// The amount of a token account, from a base64 slice or from `jsonParsed`.
fn token_amount(data: &Value) -> Result<u64, DecodeError> {
    match data {
        Value::Array(parts) => {
            let encoded = parts.first().and_then(Value::as_str).unwrap_or_default();
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(encoded)
                .map_err(DecodeError::malformed)?;
            let amount: [u8; 8] = bytes.try_into().map_err(|bytes: Vec<u8>| {
                DecodeError::malformed(format!(
                    "token amount slice of {} bytes, expected 8",
                    bytes.len()
                ))
            })?;
            Ok(u64::from_le_bytes(amount))
        }
        Value::Object(_) => data
            .pointer("/parsed/info/tokenAmount/amount")
            .and_then(Value::as_str)
            .and_then(|amount| amount.parse().ok())
            .ok_or_else(|| {
                DecodeError::malformed("token account without parsed tokenAmount.amount")
            }),
        _ => Err(DecodeError::malformed(
            "account data is neither base64 nor parsed",
        )),
    }
}

/// A wallet's lamports: an account that does not exist holds none.
pub fn wallet_lamports(account: Option<&SolanaAccount>) -> u64 {
    account.map_or(0, |account| account.lamports)
}

/// The balance held in an Associated Token Account of `program`: none when it
/// does not exist; an error when something other than that program's token
/// account lives at that address.
pub fn token_account_amount(
    account: Option<&SolanaAccount>,
    program: TokenProgram,
) -> Result<u64, DecodeError> {
    match account.map(|account| account.token) {
        None => Ok(0),
        Some(Some((owner, amount))) if owner == program => Ok(amount),
        Some(_) => Err(DecodeError::malformed(format!(
            "the token account address holds an account that is not the {} program's",
            program.code()
        ))),
    }
}

#[cfg(test)]
mod tests;

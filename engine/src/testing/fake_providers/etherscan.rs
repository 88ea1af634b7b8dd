//! The fake Etherscan-style account API: `balancemulti` and `tokenbalance` as
//! BscScan and Etherscan V2 answer them, `status: "0"` refusals and all.

use super::{http, Faults, Ledger};
use crate::scan::HttpResponse;
use alloy_primitives::Address;
use serde_json::{json, Value};

const FREE_TIER: &str = "Free API access is not supported for this chain. Please upgrade your api plan for full chain coverage. https://etherscan.io/apis";

fn refusal(reason: &str) -> HttpResponse {
    http(
        200,
        &json!({"status": "0", "message": "NOTOK", "result": reason}).to_string(),
    )
}

fn query_value<'a>(url: &'a str, name: &str) -> Option<&'a str> {
    let query = url.split_once('?')?.1;
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
}

/// The API's answer to `url`: always HTTP 200, the verdict in `status`.
pub(super) fn answer(url: &str, ledger: &Ledger, faults: &Faults) -> HttpResponse {
    if faults.key_refused || query_value(url, "apikey").is_none() {
        return refusal("Invalid API Key");
    }
    if faults.not_on_plan {
        return refusal(FREE_TIER);
    }
    let holder = |text: &str| text.parse::<Address>().ok();
    match query_value(url, "action") {
        Some("balancemulti") => {
            let addresses: Vec<&str> = query_value(url, "address")
                .unwrap_or("")
                .split(',')
                .collect();
            if addresses.len() > 20 {
                return refusal("Maximum of 20 addresses");
            }
            // Accounts answered lowercased and in reverse: a reader must match them.
            let result: Vec<Value> = addresses
                .iter()
                .rev()
                .map(|text| {
                    let balance = holder(text)
                        .and_then(|a| ledger.evm.get(&(a, None)).copied())
                        .unwrap_or_default();
                    json!({"account": text.to_lowercase(), "balance": balance.to_string()})
                })
                .collect();
            http(
                200,
                &json!({"status": "1", "message": "OK", "result": result}).to_string(),
            )
        }
        Some("tokenbalance") => {
            let (Some(account), Some(token)) = (
                query_value(url, "address").and_then(holder),
                query_value(url, "contractaddress").and_then(holder),
            ) else {
                return refusal("Error! Invalid address format");
            };
            if faults.failing_tokens.contains(&token) {
                return refusal("Error! Invalid contract address format");
            }
            let amount = ledger
                .evm
                .get(&(account, Some(token)))
                .copied()
                .unwrap_or_default();
            http(
                200,
                &json!({"status": "1", "message": "OK", "result": amount.to_string()}).to_string(),
            )
        }
        other => refusal(&format!("Error! Missing Or invalid Action name {other:?}")),
    }
}

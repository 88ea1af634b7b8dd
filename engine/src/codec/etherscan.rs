//! Etherscan-compatible APIs (Etherscan V2 with `chainid=56`, NodeReal's BscTrace),
//! for users with a key: `balancemulti` (native BNB, up to 20 addresses a call) and
//! `tokenbalance` (one address and token a call).

use super::{DecodeError, Request};
use crate::amount::U256;
use serde::Deserialize;
use serde_json::Value;

/// The most addresses one `balancemulti` call may carry.
pub const MAX_BALANCEMULTI: usize = 20;

/// Where a URL that carries the key in its path wants it.
const PATH_KEY: &str = "{api_key}";

/// Where to send requests and how to identify. `url` is the API endpoint as
/// the contract has it, query and all (Etherscan V2 carries `?chainid=56`);
/// the key goes in the `apikey` query parameter, as these APIs take it, or in
/// place of `{api_key}` for APIs that take it in the path (NodeReal's BscTrace).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EtherscanApi<'a> {
    pub url: &'a str,
    pub api_key: Option<&'a str>,
}

impl EtherscanApi<'_> {
    fn request(&self, query: &str) -> Request {
        let key = self.api_key.map(super::percent_encode);
        let (base, key_in_path) = match &key {
            Some(key) if self.url.contains(PATH_KEY) => (self.url.replace(PATH_KEY, key), true),
            _ => (self.url.to_string(), false),
        };
        let separator = if base.contains('?') { '&' } else { '?' };
        let mut url = format!("{base}{separator}{query}");
        if let (Some(key), false) = (key, key_in_path) {
            url.push_str("&apikey=");
            url.push_str(&key);
        }
        Request::Get { url }
    }

    pub fn balancemulti(&self, addresses: &[&str]) -> Request {
        debug_assert!(addresses.len() <= MAX_BALANCEMULTI);
        self.request(&format!(
            "module=account&action=balancemulti&address={}&tag=latest",
            addresses.join(",")
        ))
    }

    pub fn tokenbalance(&self, token: &str, address: &str) -> Request {
        self.request(&format!(
            "module=account&action=tokenbalance&contractaddress={token}&address={address}&tag=latest"
        ))
    }
}

/// `{"status":"1","message":"OK","result":…}`; status "0" carries the reason in
/// `result` (or `message`).
#[derive(Deserialize)]
struct Envelope {
    status: String,
    message: String,
    result: Value,
}

/// What a `status: "0"` answer says, read from its text (these APIs give no
/// codes): the texts are Etherscan's and BscScan's own.
#[derive(Debug, PartialEq, Eq)]
enum Refusal {
    RateLimited(String),
    Key(String),
    Plan(String),
    NoRecords,
    Other(String),
}

fn refusal(reason: String) -> Refusal {
    let lower = reason.to_ascii_lowercase();
    if lower.contains("rate limit") {
        Refusal::RateLimited(reason)
    } else if lower.contains("api key") || lower.contains("apikey") {
        // "Invalid API Key", "Missing/Invalid API Key", "Invalid API Key (#err2)|…"
        Refusal::Key(reason)
    } else if lower.contains("not supported for this chain") || lower.contains("api plan") {
        // "Free API access is not supported for this chain. Please upgrade your
        // api plan for full chain coverage." (Etherscan V2, chainid 56)
        Refusal::Plan(reason)
    } else if lower.starts_with("no records found") || lower.starts_with("no transactions found") {
        Refusal::NoRecords
    } else {
        Refusal::Other(reason)
    }
}

/// The envelope's `result`, or its refusal.
fn open_envelope(body: &str) -> Result<Result<Value, Refusal>, DecodeError> {
    let envelope: Envelope = serde_json::from_str(body).map_err(DecodeError::malformed)?;
    if envelope.status == "1" {
        return Ok(Ok(envelope.result));
    }
    // The reason is in `result` ("Invalid API Key") or, when that is empty or
    // not a text, in `message` ("No records found").
    let reason = match envelope.result.as_str() {
        Some(text) if !text.trim().is_empty() => text.trim().to_string(),
        _ => envelope.message,
    };
    Ok(Err(refusal(reason)))
}

fn refusal_error(refusal: Refusal) -> DecodeError {
    match refusal {
        Refusal::RateLimited(reason) => DecodeError::RateLimited(reason),
        Refusal::Key(reason) => DecodeError::KeyRefused(reason),
        Refusal::Plan(reason) => DecodeError::NotOnPlan(reason),
        Refusal::NoRecords => DecodeError::Api("No records found".into()),
        Refusal::Other(reason) => DecodeError::Api(reason),
    }
}

fn decode_envelope(body: &str) -> Result<Value, DecodeError> {
    open_envelope(body)?.map_err(refusal_error)
}

fn parse_amount(text: Option<&str>) -> Result<U256, DecodeError> {
    let text = text.ok_or_else(|| DecodeError::malformed("balance is not a string"))?;
    U256::from_str_radix(text, 10)
        .map_err(|_| DecodeError::malformed(format!("balance \"{text}\" is not a whole number")))
}

/// Native balances in wei, in the order of `addresses`.
pub fn decode_balancemulti(body: &str, addresses: &[&str]) -> Result<Vec<U256>, DecodeError> {
    let result = decode_envelope(body)?;
    let entries = result
        .as_array()
        .ok_or_else(|| DecodeError::malformed("result is not a list"))?;
    if entries.len() != addresses.len() {
        return Err(DecodeError::WrongCount {
            expected: addresses.len(),
            got: entries.len(),
        });
    }
    addresses
        .iter()
        .map(|address| {
            // Answers are matched by account, case-insensitively, never by position.
            let entry = entries
                .iter()
                .find(|e| {
                    e["account"]
                        .as_str()
                        .is_some_and(|a| a.eq_ignore_ascii_case(address))
                })
                .ok_or_else(|| DecodeError::malformed(format!("no balance for {address}")))?;
            parse_amount(entry["balance"].as_str())
        })
        .collect()
}

/// A token balance in the token's base units. "No records found" is an
/// answer, not a failure: the API holds no balance of that token for that
/// address, so it is zero.
pub fn decode_tokenbalance(body: &str) -> Result<U256, DecodeError> {
    match open_envelope(body)? {
        Ok(result) => parse_amount(result.as_str()),
        Err(Refusal::NoRecords) => Ok(U256::ZERO),
        Err(refusal) => Err(refusal_error(refusal)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
    const B: &str = "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359";

    fn etherscan() -> EtherscanApi<'static> {
        EtherscanApi {
            url: "https://api.etherscan.io/v2/api?chainid=56",
            api_key: Some("KEY+1"),
        }
    }

    #[test]
    fn request_urls() {
        assert_eq!(
            etherscan().balancemulti(&[A, B]),
            Request::Get {
                url: format!("https://api.etherscan.io/v2/api?chainid=56&module=account&action=balancemulti&address={A},{B}&tag=latest&apikey=KEY%2B1")
            }
        );
        let bsctrace = EtherscanApi {
            url: "https://bsc-mainnet.nodereal.io/v1/KEY/api",
            api_key: None,
        };
        assert_eq!(
            bsctrace.tokenbalance("0x55d398326f99059fF775485246999027B3197955", A),
            Request::Get {
                url: format!("https://bsc-mainnet.nodereal.io/v1/KEY/api?module=account&action=tokenbalance&contractaddress=0x55d398326f99059fF775485246999027B3197955&address={A}&tag=latest")
            }
        );
        // A key the URL asks for in its path goes there, and not again as apikey.
        let in_path = EtherscanApi {
            url: "https://open-platform.nodereal.io/{api_key}/bsctrace/api",
            api_key: Some("K/1"),
        };
        assert_eq!(
            in_path.balancemulti(&[A]),
            Request::Get {
                url: format!("https://open-platform.nodereal.io/K%2F1/bsctrace/api?module=account&action=balancemulti&address={A}&tag=latest")
            }
        );
    }

    #[test]
    fn balancemulti_matches_accounts_not_positions() {
        let body = format!(
            r#"{{"status":"1","message":"OK","result":[{{"account":"{}","balance":"0"}},{{"account":"{}","balance":"40891626854930000000999"}}]}}"#,
            B.to_lowercase(),
            A.to_lowercase()
        );
        let balances = decode_balancemulti(&body, &[A, B]).unwrap();
        assert_eq!(
            balances,
            [U256::from(40_891_626_854_930_000_000_999u128), U256::ZERO]
        );
    }

    #[test]
    fn short_and_missing_answers_are_errors() {
        let short = format!(
            r#"{{"status":"1","message":"OK","result":[{{"account":"{A}","balance":"1"}}]}}"#
        );
        assert_eq!(
            decode_balancemulti(&short, &[A, B]),
            Err(DecodeError::WrongCount {
                expected: 2,
                got: 1
            })
        );
        let wrong = format!(
            r#"{{"status":"1","message":"OK","result":[{{"account":"{A}","balance":"1"}},{{"account":"{A}","balance":"1"}}]}}"#
        );
        assert!(matches!(
            decode_balancemulti(&wrong, &[A, B]),
            Err(DecodeError::Malformed(_))
        ));
    }

    #[test]
    fn status_zero_carries_the_reason() {
        assert_eq!(
            decode_tokenbalance(r#"{"status":"0","message":"NOTOK","result":"Invalid API Key"}"#),
            Err(DecodeError::KeyRefused("Invalid API Key".into()))
        );
        assert_eq!(
            decode_tokenbalance(
                r#"{"status":"0","message":"NOTOK","result":"Max calls per sec rate limit reached (5/sec)"}"#
            ),
            Err(DecodeError::RateLimited(
                "Max calls per sec rate limit reached (5/sec)".into()
            ))
        );
        assert_eq!(
            decode_tokenbalance(
                r#"{"status":"0","message":"NOTOK","result":"Missing/Invalid API Key"}"#
            ),
            Err(DecodeError::KeyRefused("Missing/Invalid API Key".into()))
        );
        let free_tier = "Free API access is not supported for this chain. Please upgrade your api plan for full chain coverage. https://etherscan.io/apis";
        assert_eq!(
            decode_balancemulti(
                &format!(r#"{{"status":"0","message":"NOTOK","result":"{free_tier}"}}"#),
                &[A]
            ),
            Err(DecodeError::NotOnPlan(free_tier.into()))
        );
        assert_eq!(
            decode_tokenbalance(
                r#"{"status":"0","message":"NOTOK","result":"Error! Invalid contract address format"}"#
            ),
            Err(DecodeError::Api(
                "Error! Invalid contract address format".into()
            ))
        );
        assert_eq!(
            decode_tokenbalance(r#"{"status":"1","message":"OK","result":"135499"}"#),
            Ok(U256::from(135_499u64))
        );
        assert!(matches!(
            decode_tokenbalance(r#"{"status":"1","message":"OK","result":"-5"}"#),
            Err(DecodeError::Malformed(_))
        ));
    }

    #[test]
    fn no_records_is_a_zero_token_balance_but_not_a_native_one() {
        let none = r#"{"status":"0","message":"No records found","result":[]}"#;
        assert_eq!(decode_tokenbalance(none), Ok(U256::ZERO));
        // balancemulti always lists every account it was asked about: an
        // answer without them checked nothing.
        assert!(decode_balancemulti(none, &[A]).is_err());
    }
}

//! Etherscan-compatible APIs (Etherscan V2 with `chainid=56`, NodeReal's BscTrace),
//! for users with a key: `balancemulti` (native BNB, up to 20 addresses a call) and
//! `tokenbalance` (one address and token a call).

use super::{DecodeError, Request};
use crate::amount::U256;
use serde::Deserialize;
use serde_json::Value;

/// The most addresses one `balancemulti` call may carry.
pub const MAX_BALANCEMULTI: usize = 20;

/// Where to send requests and how to identify: `chain_id` is Etherscan V2's
/// `chainid` parameter (56 for BSC); BscTrace takes none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EtherscanApi<'a> {
    pub url: &'a str,
    pub chain_id: Option<u64>,
    pub api_key: Option<&'a str>,
}

impl EtherscanApi<'_> {
    fn request(&self, query: &str) -> Request {
        let mut url = format!("{}?", self.url);
        if let Some(chain_id) = self.chain_id {
            url.push_str(&format!("chainid={chain_id}&"));
        }
        url.push_str(query);
        if let Some(key) = self.api_key {
            url.push_str("&apikey=");
            url.push_str(&super::percent_encode(key));
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

fn decode_envelope(body: &str) -> Result<Value, DecodeError> {
    let envelope: Envelope = serde_json::from_str(body).map_err(DecodeError::malformed)?;
    if envelope.status == "1" {
        return Ok(envelope.result);
    }
    let reason = envelope
        .result
        .as_str()
        .map_or(envelope.message, str::to_string);
    if reason.to_ascii_lowercase().contains("rate limit") {
        Err(DecodeError::RateLimited(reason))
    } else {
        Err(DecodeError::Api(reason))
    }
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

/// A token balance in the token's base units.
pub fn decode_tokenbalance(body: &str) -> Result<U256, DecodeError> {
    parse_amount(decode_envelope(body)?.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
    const B: &str = "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359";

    fn etherscan() -> EtherscanApi<'static> {
        EtherscanApi {
            url: "https://api.etherscan.io/v2/api",
            chain_id: Some(56),
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
            chain_id: None,
            api_key: None,
        };
        assert_eq!(
            bsctrace.tokenbalance("0x55d398326f99059fF775485246999027B3197955", A),
            Request::Get {
                url: format!("https://bsc-mainnet.nodereal.io/v1/KEY/api?module=account&action=tokenbalance&contractaddress=0x55d398326f99059fF775485246999027B3197955&address={A}&tag=latest")
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
            Err(DecodeError::Api("Invalid API Key".into()))
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
            decode_tokenbalance(r#"{"status":"1","message":"OK","result":"135499"}"#),
            Ok(U256::from(135_499u64))
        );
        assert!(matches!(
            decode_tokenbalance(r#"{"status":"1","message":"OK","result":"-5"}"#),
            Err(DecodeError::Malformed(_))
        ));
    }
}

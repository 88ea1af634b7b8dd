//! "Test connection": one cheap request to a provider, and a verdict in plain words
//! that tells a CORS refusal from a bad key, a wrong URL or a rate limit.

use crate::codec::etherscan::decode_balancemulti;
use crate::codec::jsonrpc::{call_body, decode_result};
use crate::codec::{DecodeError, Request};
use crate::scan::protocol::{etherscan_api, with_api_key};
use crate::scan::{ActivityQuery, HttpResponse, ProviderConfig, ProviderKind, TransportError};

/// The request that proves a provider answers this page: the tip height (Esplora),
/// the chain id (EVM), the slot (Solana), the BNB of the zero address
/// (Etherscan-style: the call a scan makes, so the key and its plan are tested
/// too).
pub fn probe_request(provider: &ProviderConfig) -> Request {
    let key = provider.api_key.as_deref();
    match provider.kind {
        ProviderKind::Esplora { .. } | ProviderKind::Activity(ActivityQuery::Esplora { .. }) => {
            Request::Get {
                url: with_api_key(&format!("{}/blocks/tip/height", provider.url), key),
            }
        }
        ProviderKind::EvmRpc { .. } | ProviderKind::Activity(ActivityQuery::Evm { .. }) => {
            Request::PostJson {
                url: with_api_key(&provider.url, key),
                body: call_body(1, "eth_chainId", serde_json::json!([])),
            }
        }
        ProviderKind::Etherscan => etherscan_api(provider).balancemulti(&[PROBE_ADDRESS]),
        ProviderKind::SolanaRpc | ProviderKind::SolanaDeep { .. } => Request::PostJson {
            url: with_api_key(&provider.url, key),
            body: call_body(1, "getSlot", serde_json::json!([])),
        },
    }
}

const PROBE_ADDRESS: &str = "0x0000000000000000000000000000000000000000";

/// What the probe found.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ProbeVerdict {
    pub ok: bool,
    pub message: String,
}

/// Reads the probe's answer, which came after `latency_ms`. The provider's key
/// is masked in the message (a node's error text may quote it).
pub fn probe_verdict(
    provider: &ProviderConfig,
    answer: Result<HttpResponse, TransportError>,
    latency_ms: u64,
) -> ProbeVerdict {
    let mut verdict = read_answer(provider, answer, latency_ms);
    verdict.message =
        crate::config::redact(&verdict.message, &provider.url, provider.api_key.as_deref());
    verdict
}

fn read_answer(
    provider: &ProviderConfig,
    answer: Result<HttpResponse, TransportError>,
    latency_ms: u64,
) -> ProbeVerdict {
    let fail = |message: String| ProbeVerdict { ok: false, message };
    let response = match answer {
        Ok(response) => response,
        Err(TransportError::Timeout) => {
            return fail(format!(
                "No answer within {} s: the provider is down or overloaded.",
                provider.timeout_ms / 1000
            ))
        }
        Err(TransportError::Network(_)) => {
            return fail(
                "The browser could not reach it, or the provider refused this page \
                 (it does not allow cross-origin requests: CORS). Check the URL; if it \
                 is right, this provider cannot be used from a web page."
                    .into(),
            )
        }
    };
    match response.status {
        200..=299 => {}
        401 | 403 => {
            let key = if provider.api_key.is_some() {
                "Check the API key (and whether it is allowed on this site's domain)."
            } else {
                "It probably needs an API key."
            };
            return fail(format!("Refused (HTTP {}). {key}", response.status));
        }
        404 | 405 => {
            return fail(format!(
                "HTTP {}: this URL is not a {} endpoint. Check the URL{}.",
                response.status,
                kind_name(&provider.kind),
                if matches!(provider.kind, ProviderKind::Esplora { .. }) {
                    " (it must include the API root, such as …/api)"
                } else {
                    ""
                }
            ))
        }
        429 => return fail("Rate-limited right now (HTTP 429): lower its rps.".into()),
        status => return fail(format!("The provider answered HTTP {status}.")),
    }
    let understood = match provider.kind {
        ProviderKind::Etherscan => return etherscan_verdict(&response.body, latency_ms),
        ProviderKind::Esplora { .. } | ProviderKind::Activity(ActivityQuery::Esplora { .. }) => {
            response.body.trim().parse::<u64>().is_ok()
        }
        ProviderKind::EvmRpc { .. } | ProviderKind::Activity(ActivityQuery::Evm { .. }) => {
            decode_result::<String>(&response.body).is_ok()
        }
        ProviderKind::SolanaRpc | ProviderKind::SolanaDeep { .. } => {
            decode_result::<u64>(&response.body).is_ok()
        }
    };
    if understood {
        ProbeVerdict {
            ok: true,
            message: format!("Connected: answered in {latency_ms} ms."),
        }
    } else {
        let detail = decode_result::<serde_json::Value>(&response.body)
            .err()
            .map(|e| format!(" ({e})"))
            .unwrap_or_default();
        fail(format!(
            "It answered, but not as a {} does{detail}.",
            kind_name(&provider.kind)
        ))
    }
}

/// An Etherscan-style API answers 200 whatever went wrong: the verdict is in
/// its `status` and `result`.
fn etherscan_verdict(body: &str, latency_ms: u64) -> ProbeVerdict {
    let message = match decode_balancemulti(body, &[PROBE_ADDRESS]) {
        Ok(_) => {
            return ProbeVerdict {
                ok: true,
                message: format!("Connected: answered in {latency_ms} ms."),
            }
        }
        Err(DecodeError::KeyRefused(reason)) => {
            format!("The API key was refused (\"{reason}\"). Check the key.")
        }
        Err(DecodeError::NotOnPlan(reason)) => format!(
            "This key's plan does not cover BSC (\"{reason}\"). Etherscan's free tier has \
             no BSC: use a paid plan's key, or BscScan or NodeReal."
        ),
        Err(DecodeError::RateLimited(reason)) => {
            format!("Rate-limited right now (\"{reason}\"): lower its rps.")
        }
        Err(error) => format!("It answered, but not as an Etherscan-style API does ({error})."),
    };
    ProbeVerdict { ok: false, message }
}

fn kind_name(kind: &ProviderKind) -> &'static str {
    match kind {
        ProviderKind::Etherscan => "Etherscan-style API",
        ProviderKind::Esplora { .. } | ProviderKind::Activity(ActivityQuery::Esplora { .. }) => {
            "Esplora API"
        }
        ProviderKind::EvmRpc { .. } | ProviderKind::Activity(ActivityQuery::Evm { .. }) => {
            "BSC JSON-RPC node"
        }
        ProviderKind::SolanaRpc | ProviderKind::SolanaDeep { .. } => "Solana JSON-RPC node",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::DEFAULT_TIMEOUT_MS;

    fn solana(key: Option<&str>) -> ProviderConfig {
        ProviderConfig {
            name: "Helius".into(),
            kind: ProviderKind::SolanaRpc,
            url: "https://mainnet.helius-rpc.com".into(),
            rps: 10,
            batch: 100,
            api_key: key.map(Into::into),
            timeout_ms: DEFAULT_TIMEOUT_MS,
        }
    }

    fn answer(status: u16, body: &str) -> Result<HttpResponse, TransportError> {
        Ok(HttpResponse {
            status,
            body: body.into(),
            retry_after_ms: None,
            headers_at: None,
        })
    }

    #[test]
    fn the_probe_carries_the_key_and_reads_the_slot() {
        let provider = solana(Some("k1"));
        let Request::PostJson { url, body } = probe_request(&provider) else {
            panic!("a Solana probe is a POST");
        };
        assert_eq!(url, "https://mainnet.helius-rpc.com?api-key=k1");
        assert!(body.contains("getSlot"));
        let verdict = probe_verdict(
            &provider,
            answer(200, r#"{"jsonrpc":"2.0","result":312,"id":1}"#),
            85,
        );
        assert_eq!(
            verdict,
            ProbeVerdict {
                ok: true,
                message: "Connected: answered in 85 ms.".into()
            }
        );
    }

    #[test]
    fn keys_go_after_the_path_or_into_the_placeholder() {
        let esplora = ProviderConfig {
            kind: ProviderKind::Esplora { group_summary: 0 },
            url: "https://esplora.example/api".into(),
            ..solana(Some("K"))
        };
        let Request::Get { url } = probe_request(&esplora) else {
            panic!("an Esplora probe is a GET");
        };
        assert_eq!(
            url,
            "https://esplora.example/api/blocks/tip/height?api-key=K"
        );
        let in_path = ProviderConfig {
            kind: ProviderKind::EvmRpc { multicall3: None },
            url: "https://bsc.example/v1/{api_key}".into(),
            ..solana(Some("K"))
        };
        let Request::PostJson { url, .. } = probe_request(&in_path) else {
            panic!("an EVM probe is a POST");
        };
        assert_eq!(url, "https://bsc.example/v1/K");
    }

    #[test]
    fn each_failure_is_told_apart_in_plain_words() {
        let keyed = solana(Some("bad"));
        let says = |answer| probe_verdict(&keyed, answer, 10).message;
        assert!(says(Err(TransportError::Network("Failed to fetch".into()))).contains("CORS"));
        assert!(says(answer(401, "")).contains("Check the API key"));
        assert!(probe_verdict(&solana(None), answer(403, ""), 1)
            .message
            .contains("needs an API key"));
        assert!(says(answer(429, "")).contains("lower its rps"));
        assert!(says(Err(TransportError::Timeout)).contains("within 15 s"));
        let wrong = says(answer(200, "<html>hello</html>"));
        assert!(
            wrong.starts_with("It answered, but not as a Solana JSON-RPC node does"),
            "{wrong}"
        );
        let esplora = ProviderConfig {
            kind: ProviderKind::Esplora { group_summary: 0 },
            url: "https://blockstream.info".into(),
            ..solana(None)
        };
        assert!(probe_verdict(&esplora, answer(404, "not found"), 1)
            .message
            .contains("…/api"));
    }
}

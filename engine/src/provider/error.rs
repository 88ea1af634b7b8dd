//! What can go wrong talking to a provider, and what each failure means for the
//! scan: retry, split the batch, blame the provider (its breaker), or give up on
//! one address.

use crate::codec::evm::should_split as evm_should_split;
use crate::codec::DecodeError;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ProviderError {
    #[error("no answer within {0} ms")]
    Timeout(u64),
    /// fetch() rejected: the browser does not say why, but it is a CORS refusal,
    /// an unreachable host or no network.
    #[error(
        "the request did not reach the provider (blocked by CORS, or the host is unreachable): {0}"
    )]
    Network(String),
    #[error("rate limited (HTTP 429)")]
    RateLimited { retry_after_ms: Option<u64> },
    #[error("HTTP {status}")]
    Http { status: u16 },
    #[error(transparent)]
    Decode(#[from] DecodeError),
}

impl ProviderError {
    /// Whether the failure says the provider is unhealthy (it counts towards opening
    /// its breaker). A 4xx other than 408/429 is about the request, for example one
    /// malformed address, and does not.
    pub fn counts_against_provider(&self) -> bool {
        match self {
            ProviderError::Http { status } => !is_request_problem(*status),
            ProviderError::Decode(error) => !evm_should_split(error),
            _ => true,
        }
    }

    /// Whether the same request may succeed if sent again (here or elsewhere).
    pub fn is_retryable(&self) -> bool {
        match self {
            ProviderError::Http { status } => !is_request_problem(*status),
            _ => true,
        }
    }

    /// Whether the node refused the batch for its size: split it in half.
    pub fn should_split(&self) -> bool {
        match self {
            ProviderError::Http { status } => *status == 413,
            ProviderError::Decode(error) => evm_should_split(error),
            _ => false,
        }
    }

    /// How long the provider asked to be left alone, if it said.
    pub fn retry_after_ms(&self) -> Option<u64> {
        match self {
            ProviderError::RateLimited { retry_after_ms } => *retry_after_ms,
            _ => None,
        }
    }

    /// Whether no request to this provider can succeed this scan: the API key
    /// is refused, or its plan does not cover the chain. The provider is taken
    /// out of the scan; its addresses go to the others.
    pub fn rules_the_provider_out(&self) -> bool {
        matches!(
            self,
            ProviderError::Decode(DecodeError::KeyRefused(_) | DecodeError::NotOnPlan(_))
        )
    }

    /// A 429, or a rate-limit message inside a 200 (Etherscan-style APIs).
    pub fn is_rate_limit(&self) -> bool {
        matches!(
            self,
            ProviderError::RateLimited { .. } | ProviderError::Decode(DecodeError::RateLimited(_))
        )
    }
}

/// 4xx statuses that mean "this request is wrong", not "this provider is unwell".
fn is_request_problem(status: u16) -> bool {
    (400..500).contains(&status) && !matches!(status, 408 | 413 | 429)
}

/// `Retry-After` as a delay in milliseconds: either delta-seconds or an HTTP-date,
/// the latter measured against `wall_now_unix_ms` (the browser's `Date.now()`).
/// A date in the past means "now"; an unreadable value means "not said".
pub fn parse_retry_after(value: &str, wall_now_unix_ms: u64) -> Option<u64> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(seconds.saturating_mul(1000));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    let date_ms = date.duration_since(std::time::UNIX_EPOCH).ok()?.as_millis() as u64;
    Some(date_ms.saturating_sub(wall_now_unix_ms))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_in_seconds_and_as_a_date() {
        assert_eq!(parse_retry_after("7", 0), Some(7000));
        assert_eq!(parse_retry_after(" 0 ", 0), Some(0));
        // 1994-11-06T08:49:37Z is 784111777 s after the epoch.
        let date = "Sun, 06 Nov 1994 08:49:37 GMT";
        assert_eq!(parse_retry_after(date, 784_111_777_000 - 2500), Some(2500));
        assert_eq!(parse_retry_after(date, 784_111_777_000 + 10), Some(0));
        assert_eq!(parse_retry_after("soon", 0), None);
        assert_eq!(parse_retry_after("-5", 0), None);
    }

    #[test]
    fn what_each_failure_means() {
        let bad_request = ProviderError::Http { status: 400 };
        assert!(!bad_request.counts_against_provider());
        assert!(!bad_request.is_retryable());

        for unhealthy in [
            ProviderError::Http { status: 503 },
            ProviderError::Timeout(15000),
            ProviderError::RateLimited {
                retry_after_ms: None,
            },
            ProviderError::Network("Failed to fetch".into()),
            ProviderError::Decode(DecodeError::WrongCount {
                expected: 3,
                got: 2,
            }),
            ProviderError::Decode(DecodeError::Malformed("x".into())),
        ] {
            assert!(unhealthy.counts_against_provider(), "{unhealthy:?}");
            assert!(unhealthy.is_retryable(), "{unhealthy:?}");
            assert!(!unhealthy.should_split(), "{unhealthy:?}");
        }

        let too_big = ProviderError::Decode(DecodeError::Rpc {
            code: -32000,
            message: "out of gas".into(),
        });
        assert!(too_big.should_split());
        assert!(!too_big.counts_against_provider());
        assert!(ProviderError::Http { status: 413 }.should_split());

        assert!(ProviderError::Decode(DecodeError::RateLimited("Max rate".into())).is_rate_limit());
        assert_eq!(
            ProviderError::RateLimited {
                retry_after_ms: Some(2000)
            }
            .retry_after_ms(),
            Some(2000)
        );
    }
}

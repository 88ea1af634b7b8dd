//! Provider codecs: pure request builders and response decoders, one file per API.
//!
//! Nothing here sends a request: a builder returns what to send, a decoder takes the
//! body that came back. What "unchecked" means is decided here, once: a balance the
//! provider did not clearly confirm is never read as zero.

pub mod esplora;
pub mod etherscan;
pub mod evm;
pub mod evm_activity;
pub mod evm_batch;
pub mod jsonrpc;
pub mod solana_deep;
pub mod solana_rpc;

/// An HTTP request a provider needs, for the platform's transport to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Request {
    Get {
        url: String,
    },
    /// A JSON body, sent as `application/json`: JSON-RPC nodes require that type
    /// and answer the CORS preflight it costs.
    PostJson {
        url: String,
        body: String,
    },
    /// A body sent as `text/plain`: a "simple" request that needs no CORS
    /// preflight, for APIs that answer none (mempool.space's group summary).
    PostText {
        url: String,
        body: String,
    },
}

/// Why a response could not be turned into balances.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    #[error("the response is not what this provider should send: {0}")]
    Malformed(String),
    #[error("the response holds {got} results for {expected} requested")]
    WrongCount { expected: usize, got: usize },
    #[error("the provider answered with error {code}: {message}")]
    Rpc { code: i64, message: String },
    #[error("the provider refused the request: {0}")]
    Api(String),
    /// The API key is missing, wrong or revoked: no request will succeed.
    #[error("the provider refused the API key (\"{0}\"): check the key in Settings")]
    KeyRefused(String),
    /// The key's plan does not cover the chain: Etherscan's free tier has no BSC.
    #[error(
        "the API key's plan does not cover BSC (\"{0}\"): Etherscan's free tier has no BSC; \
         use a paid plan's key, or BscScan or NodeReal"
    )]
    NotOnPlan(String),
    #[error("the provider says it is rate limited: {0}")]
    RateLimited(String),
}

impl DecodeError {
    pub(crate) fn malformed(detail: impl std::fmt::Display) -> Self {
        DecodeError::Malformed(detail.to_string())
    }
}

/// `text` percent-encoded for a URL's path segment or query value: only the
/// unreserved characters stay as they are, so a key with `&`, `/` or `#` in it
/// cannot change the request.
pub fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

//! The JSON-RPC 2.0 envelope shared by Solana and EVM nodes.

use super::DecodeError;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

/// One JSON-RPC call, as an object (a batch array holds several).
pub fn call(id: u64, method: &str, params: Value) -> Value {
    serde_json::json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params })
}

/// The body of one JSON-RPC call.
pub fn call_body(id: u64, method: &str, params: Value) -> String {
    call(id, method, params).to_string()
}

/// The body of an `eth_call` of `data` to `to` at the latest block, written
/// directly: through a `serde_json::Value` a 200-address Multicall3 call's
/// 270 KB of hex was encoded into one string, then scanned for escapes while
/// copied into another (1 ms of the scan worker's thread per request).
pub fn eth_call_body(id: u64, to: alloy_primitives::Address, data: &[u8]) -> String {
    const HEAD: &str = r#"{"jsonrpc":"2.0","id":"#;
    const TAIL: &str = r#""},"latest"]}"#;
    let mut body = String::with_capacity(HEAD.len() + 2 * data.len() + 128);
    body.push_str(HEAD);
    body.push_str(&id.to_string());
    body.push_str(r#","method":"eth_call","params":[{"to":"0x"#);
    body.push_str(&alloy_primitives::hex::encode(to));
    body.push_str(r#"","data":"0x"#);
    body.push_str(&alloy_primitives::hex::encode(data));
    body.push_str(TAIL);
    body
}

#[derive(Deserialize)]
struct Envelope<T> {
    result: Option<T>,
    error: Option<RpcError>,
}

#[derive(Deserialize)]
pub(crate) struct RpcError {
    code: i64,
    message: String,
}

impl From<RpcError> for DecodeError {
    fn from(error: RpcError) -> Self {
        DecodeError::Rpc {
            code: error.code,
            message: error.message,
        }
    }
}

/// One reply of a batch array: `id` says which call it answers (replies may
/// come in any order).
#[derive(Deserialize)]
pub(crate) struct BatchReply {
    pub id: usize,
    pub result: Option<Value>,
    pub error: Option<RpcError>,
}

/// A node refusing the whole batch answers one error object (its id is null).
#[derive(Deserialize)]
struct Refusal {
    error: RpcError,
}

/// The replies of a batch array's answer, or the error of a node that refused
/// the whole array.
///
/// Read straight from the text, told apart by its first character: through a
/// `Value` first, a 200-reply answer was built twice, and the wasm carried a
/// second reader of every reply type (from `Value`).
pub(crate) fn batch_replies(body: &str) -> Result<Vec<BatchReply>, DecodeError> {
    match body.trim_start().as_bytes().first() {
        Some(b'[') => serde_json::from_str(body).map_err(DecodeError::malformed),
        Some(b'{') => {
            let Refusal { error } = serde_json::from_str(body).map_err(DecodeError::malformed)?;
            Err(error.into())
        }
        _ => {
            serde_json::from_str::<serde::de::IgnoredAny>(body).map_err(DecodeError::malformed)?;
            Err(DecodeError::malformed("a batch answer must be a list"))
        }
    }
}

/// The `result` of a single JSON-RPC response, or its `error`.
pub fn decode_result<T: DeserializeOwned>(body: &str) -> Result<T, DecodeError> {
    let envelope: Envelope<T> = serde_json::from_str(body).map_err(DecodeError::malformed)?;
    match (envelope.result, envelope.error) {
        (_, Some(error)) => Err(error.into()),
        (Some(result), None) => Ok(result),
        (None, None) => Err(DecodeError::malformed("neither result nor error")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_eth_call_body_written_directly_is_the_call_serde_writes() {
        let to = alloy_primitives::address!("cA11bde05977b3631167028862bE2a173976CA11");
        let data = [0x82, 0xad, 0x56, 0xcb, 0x00, 0xff];
        let written: Value = serde_json::from_str(&eth_call_body(7, to, &data)).unwrap();
        let params = serde_json::json!([{ "to": to, "data": "0x82ad56cb00ff" }, "latest"]);
        assert_eq!(written, call(7, "eth_call", params));
    }

    #[test]
    fn errors_and_results() {
        let error = r#"{"jsonrpc":"2.0","error":{"code":-32602,"message":"Too many inputs provided; max 100"},"id":1}"#;
        assert_eq!(
            decode_result::<Value>(error),
            Err(DecodeError::Rpc {
                code: -32602,
                message: "Too many inputs provided; max 100".into()
            })
        );
        assert_eq!(
            decode_result::<u64>(r#"{"jsonrpc":"2.0","result":7,"id":1}"#),
            Ok(7)
        );
        assert!(matches!(
            decode_result::<u64>(r#"{"jsonrpc":"2.0","id":1}"#),
            Err(DecodeError::Malformed(_))
        ));
        assert!(matches!(
            decode_result::<u64>("<html>502</html>"),
            Err(DecodeError::Malformed(_))
        ));
    }

    #[test]
    fn call_body_shape() {
        let body = call_body(3, "getSlot", serde_json::json!([]));
        let value: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(value["jsonrpc"], "2.0");
        assert_eq!(value["id"], 3);
        assert_eq!(value["method"], "getSlot");
    }
}

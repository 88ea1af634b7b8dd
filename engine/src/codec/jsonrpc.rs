//! The JSON-RPC 2.0 envelope shared by Solana and EVM nodes.

use super::DecodeError;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

/// The body of one JSON-RPC call.
pub fn call_body(id: u64, method: &str, params: Value) -> String {
    serde_json::json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params })
        .to_string()
}

#[derive(Deserialize)]
struct Envelope<T> {
    result: Option<T>,
    error: Option<RpcError>,
}

#[derive(Deserialize)]
struct RpcError {
    code: i64,
    message: String,
}

/// The `result` of a single JSON-RPC response, or its `error`.
pub fn decode_result<T: DeserializeOwned>(body: &str) -> Result<T, DecodeError> {
    let envelope: Envelope<T> = serde_json::from_str(body).map_err(DecodeError::malformed)?;
    match (envelope.result, envelope.error) {
        (_, Some(error)) => Err(DecodeError::Rpc {
            code: error.code,
            message: error.message,
        }),
        (Some(result), None) => Ok(result),
        (None, None) => Err(DecodeError::malformed("neither result nor error")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

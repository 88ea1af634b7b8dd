//! The HD wallet tool's JSON export:
//! `{"chain":"BTC","network":"mainnet",…,"addresses":[{"index":0,"address":"…"},…]}`.

use super::secrets::SecretKind;
use super::{Entry, FileSink, Position, RejectReason, MAX_INDEX};
use crate::{Chain, Network};
use serde_json::Value;

const EXPECTED_SHAPE: &str =
    "expected {\"addresses\": [{\"index\": 0, \"address\": \"…\"}, …]} as the HD wallet tool exports";

pub(super) fn read(body: &str, sink: &mut FileSink<'_>) {
    let value: Value = match serde_json::from_str(body) {
        Ok(value) => value,
        Err(error) => {
            return sink.reject(
                Position::File,
                RejectReason::InvalidJson(error.to_string()),
                None,
            )
        }
    };
    // A wallet backup, not an address list: refused whole, wherever the field is.
    if holds_secret_field(&value) {
        return sink.reject(
            Position::File,
            RejectReason::Secret(SecretKind::WalletKeyFile),
            None,
        );
    }
    let export = match value {
        Value::Object(export) => export,
        Value::Array(items) if is_key_bytes(&items) => {
            return sink.reject(
                Position::File,
                RejectReason::Secret(SecretKind::KeyBytesArray),
                None,
            )
        }
        _ => return sink.reject(Position::File, shape_error(EXPECTED_SHAPE), None),
    };
    let declared_chain = match export.get("chain") {
        None | Some(Value::Null) => None,
        Some(Value::String(name)) => match name.parse::<Chain>() {
            Ok(chain) => Some(chain),
            Err(unknown) => {
                let reason = RejectReason::UnknownChain(Some(unknown.0));
                return sink.reject(Position::File, reason, None);
            }
        },
        Some(_) => return sink.reject(Position::File, shape_error("\"chain\" must be text"), None),
    };
    let file_network = match export.get("network").and_then(Value::as_str) {
        None => None,
        Some("mainnet") => Some(Network::Mainnet),
        Some("testnet") => Some(Network::Testnet),
        // The value is not quoted back: it is the user's text, and may be anything.
        Some(_) => {
            let reason = shape_error("\"network\" must be \"mainnet\" or \"testnet\"");
            return sink.reject(Position::File, reason, None);
        }
    };
    let Some(Value::Array(entries)) = export.get("addresses") else {
        return sink.reject(Position::File, shape_error(EXPECTED_SHAPE), None);
    };
    for (offset, entry) in entries.iter().enumerate() {
        let position = Position::Entry(offset + 1);
        if let Some(found) = file_network.filter(|&n| n != sink.network()) {
            let reason = RejectReason::FileNetwork {
                found,
                expected: sink.network(),
            };
            sink.reject(position, reason, None);
            continue;
        }
        read_entry(entry, position, offset as u64, declared_chain, sink);
    }
}

fn read_entry(
    entry: &Value,
    position: Position,
    offset: u64,
    declared_chain: Option<Chain>,
    sink: &mut FileSink<'_>,
) {
    let Some(Value::String(address)) = entry.get("address") else {
        return sink.reject(position, RejectReason::MissingAddress, None);
    };
    let index = match entry.get("index") {
        None => offset,
        Some(value) => match value.as_u64().filter(|&i| i <= MAX_INDEX) {
            Some(index) => index,
            None => {
                let shown = value
                    .as_str()
                    .map_or_else(|| value.to_string(), str::to_string);
                let reason = RejectReason::BadIndex(Some(shown));
                return sink.reject(position, reason, Some(address));
            }
        },
    };
    sink.entry(Entry {
        text: address,
        position,
        index,
        declared_chain,
    });
}

fn shape_error(detail: &str) -> RejectReason {
    RejectReason::JsonShape(detail.to_string())
}

/// A Solana keypair file: 32 or 64 numbers from 0 to 255.
fn is_key_bytes(items: &[Value]) -> bool {
    (items.len() == 32 || items.len() == 64)
        && items
            .iter()
            .all(|item| item.as_u64().is_some_and(|n| n <= 255))
}

/// Whether an object anywhere in `value` has a field named as wallets name
/// secrets: such a file is a backup, not an address list.
fn holds_secret_field(value: &Value) -> bool {
    match value {
        Value::Object(object) => object
            .iter()
            .any(|(key, value)| is_secret_name(key) || holds_secret_field(value)),
        Value::Array(items) => items.iter().any(holds_secret_field),
        _ => false,
    }
}

/// Field names wallets use for secrets, compared without case or punctuation
/// (`private_key`, `privateKey`, `xpriv`, `seedPhrase`, `pk`).
fn is_secret_name(key: &str) -> bool {
    const CONTAINED: [&str; 9] = [
        "mnemonic", "seed", "phrase", "secret", "priv", "xprv", "wif", "password", "keypair",
    ];
    const WHOLE: [&str; 3] = ["pk", "sk", "key"];
    // Every entry has these two: skip them without building a normalised copy.
    if key == "address" || key == "index" {
        return false;
    }
    let normalised: String = key
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    CONTAINED.iter().any(|name| normalised.contains(name)) || WHOLE.contains(&normalised.as_str())
}

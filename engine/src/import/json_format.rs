//! The HD wallet tool's JSON export:
//! `{"chain":"BTC","network":"mainnet",…,"addresses":[{"index":0,"address":"…"},…]}`.

use super::secrets::SecretKind;
use super::{Entry, FileSink, Position, RejectReason};
use crate::{Chain, Network};
use serde_json::{Map, Value};

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
    if holds_secret_field(&export) {
        return sink.reject(
            Position::File,
            RejectReason::Secret(SecretKind::WalletKeyFile),
            None,
        );
    }
    let declared_chain = match export.get("chain") {
        None | Some(Value::Null) => None,
        Some(Value::String(name)) => match name.parse::<Chain>() {
            Ok(chain) => Some(chain),
            Err(unknown) => {
                return sink.reject(Position::File, RejectReason::UnknownChain(unknown), None)
            }
        },
        Some(_) => return sink.reject(Position::File, shape_error("\"chain\" must be text"), None),
    };
    let file_network = match export.get("network").and_then(Value::as_str) {
        None => None,
        Some("mainnet") => Some(Network::Mainnet),
        Some("testnet") => Some(Network::Testnet),
        Some(other) => {
            let reason = shape_error(&format!(
                "\"network\" is \"{other}\", expected \"mainnet\" or \"testnet\""
            ));
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
    if entry.as_object().is_some_and(holds_secret_field) {
        return sink.reject(
            position,
            RejectReason::Secret(SecretKind::WalletKeyFile),
            None,
        );
    }
    let index = match entry.get("index") {
        None => offset,
        Some(value) => match value.as_u64() {
            Some(index) => index,
            None => {
                let shown = value
                    .as_str()
                    .map_or_else(|| value.to_string(), str::to_string);
                return sink.reject(position, RejectReason::BadIndex(shown), Some(address));
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

/// Field names wallets use for secrets: such a file is a backup, not an address list.
fn holds_secret_field(object: &Map<String, Value>) -> bool {
    const SECRET_NAMES: [&str; 7] = [
        "mnemonic",
        "seed",
        "privatekey",
        "privkey",
        "secretkey",
        "xprv",
        "wif",
    ];
    object.keys().any(|key| {
        // Every entry has these two: skip them without building a normalised copy.
        if key == "address" || key == "index" {
            return false;
        }
        let normalised: String = key
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        SECRET_NAMES.iter().any(|name| normalised.contains(name))
    })
}

//! The HD wallet tool's JSON export:
//! `{"chain":"BTC","network":"mainnet",…,"addresses":[{"index":0,"address":"…"},…]}`.
//!
//! Read as a stream (serde visitors over the text), never as a whole
//! `serde_json::Value`: a value per entry was ~300 bytes for each of 100,000s of
//! addresses. What an entry says is kept compactly (its address in one shared
//! buffer) and handed on only once the whole file was read: a secret anywhere in
//! it (even after the addresses) refuses the whole file.

use super::secrets::SecretKind;
use super::{Entry, FileSink, Position, RejectReason, MAX_INDEX};
use crate::{Chain, Network};

use serde_json::Value;

mod stream;

use serde::de::Deserializer as _;

const EXPECTED_SHAPE: &str =
    "expected {\"addresses\": [{\"index\": 0, \"address\": \"…\"}, …]} as the HD wallet tool exports";

pub(super) fn read(body: &str, sink: &mut FileSink<'_>) {
    let mut entries = Entries::default();
    let export = match parse(body, &mut entries) {
        Ok(export) => export,
        Err(error) => {
            return sink.reject(
                Position::File,
                RejectReason::InvalidJson(error.to_string()),
                None,
            )
        }
    };
    // A wallet backup, not an address list: refused whole, wherever the field is.
    if export.secret {
        return sink.reject(
            Position::File,
            RejectReason::Secret(SecretKind::WalletKeyFile),
            None,
        );
    }
    let fields = match export.top {
        Top::Object(fields) => fields,
        Top::Array { key_bytes: true } => {
            return sink.reject(
                Position::File,
                RejectReason::Secret(SecretKind::KeyBytesArray),
                None,
            )
        }
        Top::Array { key_bytes: false } | Top::Other => {
            return sink.reject(Position::File, shape_error(EXPECTED_SHAPE), None)
        }
    };
    let declared_chain = match fields.chain {
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
    let file_network = match fields.network.as_ref().and_then(Value::as_str) {
        None => None,
        Some("mainnet") => Some(Network::Mainnet),
        Some("testnet") => Some(Network::Testnet),
        // The value is not quoted back: it is the user's text, and may be anything.
        Some(_) => {
            let reason = shape_error("\"network\" must be \"mainnet\" or \"testnet\"");
            return sink.reject(Position::File, reason, None);
        }
    };
    if !fields.addresses_listed {
        return sink.reject(Position::File, shape_error(EXPECTED_SHAPE), None);
    }
    for (offset, item) in entries.items.iter().enumerate() {
        let position = Position::Entry(offset + 1);
        if let Some(found) = file_network.filter(|&n| n != sink.network()) {
            let reason = RejectReason::FileNetwork {
                found,
                expected: sink.network(),
            };
            sink.reject(position, reason, None);
            continue;
        }
        let Item::Address { start, end, index } = item else {
            sink.reject(position, RejectReason::MissingAddress, None);
            continue;
        };
        let address = &entries.texts[*start as usize..*end as usize];
        let index = match index {
            EntryIndex::Absent => offset as u64,
            EntryIndex::Number(index) if *index <= MAX_INDEX => *index,
            EntryIndex::Number(index) => {
                let reason = RejectReason::BadIndex(Some(index.to_string()));
                sink.reject(position, reason, Some(address));
                continue;
            }
            EntryIndex::Other(shown) => {
                let reason = RejectReason::BadIndex(Some(shown.clone()));
                sink.reject(position, reason, Some(address));
                continue;
            }
        };
        sink.entry(Entry {
            text: address,
            position,
            index,
            declared_chain,
        });
    }
}

fn shape_error(detail: &str) -> RejectReason {
    RejectReason::JsonShape(detail.to_string())
}

/// Reads the whole text (trailing characters are an error, as for any JSON).
fn parse(body: &str, entries: &mut Entries) -> Result<Export, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_str(body);
    // The export's nesting is shallow; the parser's own limit guards the rest.
    let export = deserializer.deserialize_any(stream::TopLevel { entries })?;
    deserializer.end()?;
    Ok(export)
}

/// What the file is, as far as the reader needs to know.
pub(super) struct Export {
    /// A field named as wallets name secrets, anywhere.
    pub(super) secret: bool,
    pub(super) top: Top,
}

pub(super) enum Top {
    Object(Fields),
    Array { key_bytes: bool },
    Other,
}

/// The export's own fields (small values, kept as they are).
#[derive(Default)]
pub(super) struct Fields {
    pub(super) chain: Option<Value>,
    pub(super) network: Option<Value>,
    /// `addresses` was there, and an array.
    pub(super) addresses_listed: bool,
}

/// The entries of `addresses`, in order: each address's text in one buffer.
#[derive(Default)]
pub(super) struct Entries {
    pub(super) texts: String,
    pub(super) items: Vec<Item>,
}

pub(super) enum Item {
    /// The entry's `address` is `texts[start..end]`.
    Address {
        start: u32,
        end: u32,
        index: EntryIndex,
    },
    /// No `address` text in the entry.
    Missing,
}

pub(super) enum EntryIndex {
    Absent,
    Number(u64),
    /// Not a whole number: the value as the user wrote it.
    Other(String),
}

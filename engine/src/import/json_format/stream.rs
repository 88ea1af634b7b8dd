//! The serde visitors that read the JSON export as it streams by: the top level,
//! `addresses` and each entry, and a scan of every other value for fields named
//! as wallets name secrets.

use super::{Entries, EntryIndex, Export, Fields, Item, Top};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::fmt;

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

/// A field name, classified as it is read (no copy of the common ones).
enum Key {
    Address,
    Index,
    Chain,
    Network,
    Addresses,
    Secret,
    Other,
}

struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;
    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = Key;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        Ok(match key {
            "address" => Key::Address,
            "index" => Key::Index,
            "chain" => Key::Chain,
            "network" => Key::Network,
            "addresses" => Key::Addresses,
            other if is_secret_name(other) => Key::Secret,
            _ => Key::Other,
        })
    }
}

/// A seed that is its own visitor, taking any JSON value.
macro_rules! seed_of_any_value {
    ($seed:ty => $value:ty) => {
        impl<'de> DeserializeSeed<'de> for $seed {
            type Value = $value;
            fn deserialize<D: de::Deserializer<'de>>(
                self,
                deserializer: D,
            ) -> Result<$value, D::Error> {
                deserializer.deserialize_any(self)
            }
        }
    };
}

/// Skips a value, saying whether an object in it has a secret-named field.
struct SecretScan;
seed_of_any_value!(SecretScan => bool);

/// The scalars every visitor here takes as "nothing to see".
macro_rules! scalars_are {
    ($value:expr) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($value)
        }
    };
}

impl<'de> Visitor<'de> for SecretScan {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    scalars_are!(false);
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        let mut secret = false;
        while let Some(found) = seq.next_element_seed(SecretScan)? {
            secret |= found;
        }
        Ok(secret)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        let mut secret = false;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            secret |= matches!(key, Key::Secret);
            secret |= map.next_value_seed(SecretScan)?;
        }
        Ok(secret)
    }
}

/// The file's top level.
pub(super) struct TopLevel<'e> {
    pub(super) entries: &'e mut Entries,
}

impl<'de> Visitor<'de> for TopLevel<'_> {
    type Value = Export;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    scalars_are!(Export {
        secret: false,
        top: Top::Other,
    });
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Export, A::Error> {
        // A Solana keypair file: 32 or 64 numbers from 0 to 255.
        let (mut items, mut all_bytes, mut secret) = (0usize, true, false);
        while let Some(item) = seq.next_element::<Value>()? {
            items += 1;
            all_bytes &= item.as_u64().is_some_and(|n| n <= 255);
            secret |= holds_secret_field(&item);
        }
        Ok(Export {
            secret,
            top: Top::Array {
                key_bytes: all_bytes && (items == 32 || items == 64),
            },
        })
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Export, A::Error> {
        let mut fields = Fields::default();
        let mut secret = false;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            match key {
                Key::Chain => fields.chain = Some(map.next_value()?),
                Key::Network => fields.network = Some(map.next_value()?),
                Key::Addresses => {
                    let (listed, found) = map.next_value_seed(AddressList {
                        entries: &mut *self.entries,
                    })?;
                    fields.addresses_listed = listed;
                    secret |= found;
                }
                Key::Secret => {
                    secret = true;
                    map.next_value::<IgnoredAny>()?;
                }
                Key::Address | Key::Index | Key::Other => {
                    secret |= map.next_value_seed(SecretScan)?
                }
            }
        }
        Ok(Export {
            secret,
            top: Top::Object(fields),
        })
    }
}

/// Whether an object anywhere in `value` has a secret-named field (a small
/// value already read).
fn holds_secret_field(value: &Value) -> bool {
    match value {
        Value::Object(object) => object
            .iter()
            .any(|(key, value)| is_secret_name(key) || holds_secret_field(value)),
        Value::Array(items) => items.iter().any(holds_secret_field),
        _ => false,
    }
}

/// `addresses`: (whether it is an array, whether a secret is in it).
struct AddressList<'e> {
    entries: &'e mut Entries,
}
seed_of_any_value!(AddressList<'_> => (bool, bool));

impl<'de> Visitor<'de> for AddressList<'_> {
    type Value = (bool, bool);
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of addresses")
    }
    scalars_are!((false, false));
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(bool, bool), A::Error> {
        Ok((false, SecretScan.visit_map(map)?))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(bool, bool), A::Error> {
        let mut secret = false;
        while let Some((item, found)) = seq.next_element_seed(EntrySeed {
            texts: &mut self.entries.texts,
        })? {
            self.entries.items.push(item);
            secret |= found;
        }
        Ok((true, secret))
    }
}

/// One entry of `addresses`: (what it says, whether a secret is in it).
struct EntrySeed<'t> {
    texts: &'t mut String,
}
seed_of_any_value!(EntrySeed<'_> => (Item, bool));

impl<'de> Visitor<'de> for EntrySeed<'_> {
    type Value = (Item, bool);
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an address entry")
    }
    scalars_are!((Item::Missing, false));
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(Item, bool), A::Error> {
        Ok((Item::Missing, SecretScan.visit_seq(seq)?))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(Item, bool), A::Error> {
        let mut address: Option<(u32, u32)> = None;
        let mut index = EntryIndex::Absent;
        let mut secret = false;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            match key {
                Key::Address => {
                    // Only text is an address; anything else is as good as none.
                    address = match map.next_value::<Value>()? {
                        Value::String(text) => {
                            let start = self.texts.len() as u32;
                            self.texts.push_str(&text);
                            Some((start, self.texts.len() as u32))
                        }
                        other => {
                            secret |= holds_secret_field(&other);
                            None
                        }
                    };
                }
                Key::Index => {
                    let value: Value = map.next_value()?;
                    index = match value.as_u64() {
                        Some(number) => EntryIndex::Number(number),
                        None => EntryIndex::Other(
                            value
                                .as_str()
                                .map_or_else(|| value.to_string(), str::to_string),
                        ),
                    };
                }
                Key::Secret => {
                    secret = true;
                    map.next_value::<IgnoredAny>()?;
                }
                Key::Chain | Key::Network | Key::Addresses | Key::Other => {
                    secret |= map.next_value_seed(SecretScan)?
                }
            }
        }
        let item = match address {
            Some((start, end)) => Item::Address { start, end, index },
            None => Item::Missing,
        };
        Ok((item, secret))
    }
}

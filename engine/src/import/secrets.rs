//! Recognises text that looks like a secret, so the import can refuse it.
//!
//! The app never needs a seed phrase or a private key: only addresses. A secret in an
//! address list is almost always the wrong file, and it must never be stored, shown
//! or echoed back in a report.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecretKind {
    SeedPhrase,
    ExtendedPrivateKey,
    WifPrivateKey,
    HexPrivateKey,
    SolanaSecretKey,
    KeyBytesArray,
    WalletKeyFile,
}

impl fmt::Display for SecretKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SecretKind::SeedPhrase => "a seed phrase (BIP-39 words)",
            SecretKind::ExtendedPrivateKey => "an extended private key (xprv)",
            SecretKind::WifPrivateKey => "a Bitcoin private key (WIF)",
            SecretKind::HexPrivateKey => "a 64-hex-digit private key",
            SecretKind::SolanaSecretKey => "a Solana secret key (64 bytes of base58)",
            SecretKind::KeyBytesArray => "a key as a JSON byte array",
            SecretKind::WalletKeyFile => "a wallet file with private keys",
        })
    }
}

/// BIP-39 phrases have 12, 15, 18, 21 or 24 words.
const SEED_PHRASE_LENGTHS: [usize; 5] = [12, 15, 18, 21, 24];

/// What kind of secret `text` (one trimmed line or cell) looks like, if any.
pub fn secret_kind(text: &str) -> Option<SecretKind> {
    if is_seed_phrase(text.split_whitespace()) {
        return Some(SecretKind::SeedPhrase);
    }
    if is_hex_private_key(text) {
        return Some(SecretKind::HexPrivateKey);
    }
    if is_key_bytes_array(text) {
        return Some(SecretKind::KeyBytesArray);
    }
    base58_secret_kind(text)
}

/// True for 12 to 24 words that all look like BIP-39 words: every English BIP-39
/// word is 3 to 8 lowercase letters.
pub fn is_seed_phrase<'a>(words: impl Iterator<Item = &'a str>) -> bool {
    let mut count = 0;
    for word in words {
        let bip39_shaped =
            (3..=8).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_lowercase());
        if !bip39_shaped {
            return false;
        }
        count += 1;
    }
    SEED_PHRASE_LENGTHS.contains(&count)
}

fn is_hex_private_key(text: &str) -> bool {
    let hex = text.strip_prefix("0x").unwrap_or(text);
    hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `[12, 250, …]` with 32 or 64 numbers from 0 to 255: a Solana keypair file.
fn is_key_bytes_array(text: &str) -> bool {
    let Some(inner) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) else {
        return false;
    };
    let mut count = 0;
    for number in inner.split(',') {
        if number.trim().parse::<u8>().is_err() {
            return false;
        }
        count += 1;
    }
    count == 32 || count == 64
}

fn base58_secret_kind(text: &str) -> Option<SecretKind> {
    const EXTENDED_PRIVATE_PREFIXES: [&str; 10] = [
        "xprv", "yprv", "zprv", "tprv", "uprv", "vprv", "Yprv", "Zprv", "Uprv", "Vprv",
    ];
    if text.len() > 100
        && EXTENDED_PRIVATE_PREFIXES
            .iter()
            .any(|p| text.starts_with(p))
    {
        return Some(SecretKind::ExtendedPrivateKey);
    }
    match text.len() {
        51 | 52 => {
            let payload = bs58::decode(text).with_check(None).into_vec().ok()?;
            let wif_version = matches!(payload.first(), Some(0x80 | 0xef));
            let wif_length = payload.len() == 33 || (payload.len() == 34 && payload[33] == 0x01);
            (wif_version && wif_length).then_some(SecretKind::WifPrivateKey)
        }
        80..=90 => {
            let bytes = bs58::decode(text).into_vec().ok()?;
            (bytes.len() == 64).then_some(SecretKind::SolanaSecretKey)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_each_kind() {
        let cases = [
            (
                "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about",
                SecretKind::SeedPhrase,
            ),
            (
                "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi",
                SecretKind::ExtendedPrivateKey,
            ),
            (
                "5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ",
                SecretKind::WifPrivateKey,
            ),
            (
                "KwDiBf89QgGbjEhKnhXJuH7LrciVrZi3qYjgd9M7rFU73sVHnoWn",
                SecretKind::WifPrivateKey,
            ),
            (
                "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318",
                SecretKind::HexPrivateKey,
            ),
            (
                "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318",
                SecretKind::HexPrivateKey,
            ),
        ];
        for (text, kind) in cases {
            assert_eq!(secret_kind(text), Some(kind), "{text}");
        }
    }

    #[test]
    fn solana_secret_keys_and_byte_arrays() {
        let secret = bs58::encode([7u8; 64]).into_string();
        assert_eq!(secret_kind(&secret), Some(SecretKind::SolanaSecretKey));
        let array = format!("[{}]", vec!["255"; 64].join(", "));
        assert_eq!(secret_kind(&array), Some(SecretKind::KeyBytesArray));
        assert_eq!(secret_kind("[1, 2, 3]"), None);
    }

    #[test]
    fn addresses_and_ordinary_text_are_not_secrets() {
        for text in [
            "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v",
            "these are the deposit addresses for the shop",
            "xpub6CUGRUonZSQ4TWtTMmzXdrXDtypWKiKrhko4egpiMZbpiaQL2jkwSB1icqYh2cfDfVxdx4df189oLKnC5fSwqPfgyP3hooxujYzAu3fDVmz",
        ] {
            assert_eq!(secret_kind(text), None, "{text}");
        }
    }
}

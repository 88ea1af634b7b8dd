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

/// At least this many words anywhere in a rejected entry read as a seed phrase:
/// BIP-39 and Electrum seeds have 12 or more, SLIP-39 shares 20 or 33. Numbering
/// (`1.`), labels (`Seed:`), commas and capitals do not hide them.
const SEED_WORDS_AT_LEAST: usize = 12;

/// A Solana keypair file holds 64 numbers from 0 to 255 (32 for a bare seed).
const KEY_BYTES_AT_LEAST: usize = 32;

/// What kind of secret `text` (a rejected line, cell or entry) holds anywhere in
/// it, if any. The text is cut into runs of ASCII letters and digits, so quotes,
/// punctuation, labels and separators (`p2wpkh:L…`, `"5H…",`, `Seed: …`) hide
/// nothing; prefixes are compared in any case.
pub fn secret_in(text: &str) -> Option<SecretKind> {
    let mut words = 0;
    let mut numbers_in_a_row = 0;
    for token in text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
    {
        if let Some(kind) = secret_token(token) {
            return Some(kind);
        }
        if token.len() <= 8 && token.bytes().all(|b| b.is_ascii_alphabetic()) {
            words += 1;
        }
        if token.len() <= 3 && token.parse::<u8>().is_ok() {
            numbers_in_a_row += 1;
            if numbers_in_a_row >= KEY_BYTES_AT_LEAST {
                return Some(SecretKind::KeyBytesArray);
            }
        } else {
            numbers_in_a_row = 0;
        }
    }
    (words >= SEED_WORDS_AT_LEAST).then_some(SecretKind::SeedPhrase)
}

/// True when `lines` hold nothing but words and numbering, at least
/// [`SEED_WORDS_AT_LEAST`] words in all: a seed phrase written a word (or a few)
/// per line, numbered or not, is a secret as a whole though no line is.
pub fn is_seed_phrase_over_lines<'a>(lines: impl Iterator<Item = &'a str>) -> bool {
    let mut words = 0;
    for token in lines.flat_map(|line| {
        line.split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|t| !t.is_empty())
    }) {
        if token.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        if token.len() > 8 || !token.bytes().all(|b| b.is_ascii_alphabetic()) {
            return false;
        }
        words += 1;
    }
    words >= SEED_WORDS_AT_LEAST
}

/// One run of letters and digits that is a key on its own.
fn secret_token(token: &str) -> Option<SecretKind> {
    if is_hex_private_key(token) {
        return Some(SecretKind::HexPrivateKey);
    }
    base58_secret_in(token)
}

fn is_hex_private_key(token: &str) -> bool {
    let hex = token
        .strip_prefix("0x")
        .or_else(|| token.strip_prefix("0X"))
        .unwrap_or(token);
    hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit())
}

fn base58_secret_in(token: &str) -> Option<SecretKind> {
    const EXTENDED_PRIVATE_PREFIXES: [&str; 6] = ["xprv", "yprv", "zprv", "tprv", "uprv", "vprv"];
    let prefix = token.get(..4).map(str::to_ascii_lowercase);
    if token.len() > 100
        && prefix.is_some_and(|prefix| EXTENDED_PRIVATE_PREFIXES.contains(&prefix.as_str()))
    {
        return Some(SecretKind::ExtendedPrivateKey);
    }
    match token.len() {
        51 | 52 => {
            let payload = bs58::decode(token).with_check(None).into_vec().ok()?;
            let wif_version = matches!(payload.first(), Some(0x80 | 0xef));
            let wif_length = payload.len() == 33 || (payload.len() == 34 && payload[33] == 0x01);
            (wif_version && wif_length).then_some(SecretKind::WifPrivateKey)
        }
        80..=90 => {
            let bytes = bs58::decode(token).into_vec().ok()?;
            (bytes.len() == 64).then_some(SecretKind::SolanaSecretKey)
        }
        _ => None,
    }
}

/// Whether a rejected text may be shown back (as an excerpt, or quoted in a
/// reason) once [`secret_in`] found no secret in it. Only what looks like one
/// mistyped address qualifies: a single run of at most [`SHOWABLE_CHARS`]
/// characters that is not a bare word (a word on its own line may be one word of
/// a seed phrase written a word per line). When in doubt, nothing is shown: the
/// line number finds the line.
pub fn is_showable(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty()
        && text.chars().count() <= SHOWABLE_CHARS
        && !text.chars().any(char::is_whitespace)
        && !text.bytes().all(|b| b.is_ascii_alphabetic())
}

/// Whether a cell of the index or chain column may be quoted back in a reason:
/// one run of at most [`SHOWABLE_CELL_CHARS`] characters with no secret in it.
/// Bare words pass (`ETH`, `x`): those columns are not where a phrase written a
/// word per line lands, and naming the wrong value is what makes the reason clear.
pub fn is_showable_cell(text: &str) -> bool {
    let text = text.trim();
    text.chars().count() <= SHOWABLE_CELL_CHARS && !text.chars().any(char::is_whitespace)
}

const SHOWABLE_CELL_CHARS: usize = 20;

/// Longer than any address (62 characters at most) by a margin for typos.
const SHOWABLE_CHARS: usize = 100;

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
            assert_eq!(secret_in(text), Some(kind), "{text}");
        }
    }

    #[test]
    fn solana_secret_keys_and_byte_arrays() {
        let secret = bs58::encode([7u8; 64]).into_string();
        assert_eq!(secret_in(&secret), Some(SecretKind::SolanaSecretKey));
        let array = format!("[{}]", vec!["255"; 64].join(", "));
        assert_eq!(secret_in(&array), Some(SecretKind::KeyBytesArray));
        assert_eq!(secret_in("[1, 2, 3]"), None);
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
            assert_eq!(secret_in(text), None, "{text}");
        }
    }
}

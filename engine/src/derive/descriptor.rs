//! Output descriptors over one extended key (BIP-380, 381, 382, 386):
//! `pkh(KEY/b/*)`, `sh(wpkh(KEY/b/*))`, `wpkh(KEY/b/*)` and `tr(KEY/b/*)`, where
//! KEY is an extended public key with an optional `[fingerprint/path]` origin
//! and `b` the branch, 0 (receive) or 1 (change). A trailing `#checksum` is
//! verified.

use super::extended_key::{self, ExtendedPublicKey};
use super::{DeriveError, ScriptType};

/// What a descriptor asks for.
#[derive(Clone, Debug)]
pub struct Descriptor {
    pub script: ScriptType,
    pub key: ExtendedPublicKey,
    /// 0 for receive, 1 for change.
    pub branch: u32,
}

/// Whether `text` is written as a descriptor (a script function around a key)
/// rather than a bare extended key.
pub fn looks_like_descriptor(text: &str) -> bool {
    text.contains('(')
}

pub fn parse(text: &str) -> Result<Descriptor, DeriveError> {
    let body = match text.rsplit_once('#') {
        Some((body, checksum)) => {
            verify_checksum(body, checksum)?;
            body
        }
        None => text,
    };
    let (script, inner) = script_and_key(body)?;
    let (key_text, path) = split_key(inner)?;
    let key = extended_key::parse(key_text)?;
    let branch = match path {
        "/0/*" => 0,
        "/1/*" => 1,
        _ if path.contains(['\'', 'h', 'H']) => return Err(DeriveError::HardenedAfterKey),
        _ => return Err(DeriveError::BranchPath),
    };
    Ok(Descriptor {
        script,
        key,
        branch,
    })
}

/// The script type and the key expression inside it.
fn script_and_key(body: &str) -> Result<(ScriptType, &str), DeriveError> {
    const FORMS: [(&str, &str, ScriptType); 4] = [
        ("sh(wpkh(", "))", ScriptType::ShWpkh),
        ("wpkh(", ")", ScriptType::Wpkh),
        ("pkh(", ")", ScriptType::Pkh),
        ("tr(", ")", ScriptType::Tr),
    ];
    for (open, close, script) in FORMS {
        if let Some(inner) = body
            .strip_prefix(open)
            .and_then(|rest| rest.strip_suffix(close))
        {
            if script == ScriptType::Tr && inner.contains(',') {
                return Err(DeriveError::ScriptTree);
            }
            if inner.contains(['(', ')']) {
                break;
            }
            return Ok((script, inner));
        }
    }
    // Name the function the user wrote when it is a plain word (never a key).
    let function: String = body
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    Err(DeriveError::UnsupportedDescriptor(
        (!function.is_empty() && function.len() <= 16).then_some(function),
    ))
}

/// Splits `[origin]KEY/path` into the key and its path after it, checking the
/// origin's form (its content is informational: the key alone derives).
fn split_key(inner: &str) -> Result<(&str, &str), DeriveError> {
    let after_origin = match inner.strip_prefix('[') {
        Some(rest) => {
            let (origin, key) = rest.split_once(']').ok_or(DeriveError::BadOrigin)?;
            check_origin(origin)?;
            key
        }
        None => inner,
    };
    Ok(match after_origin.find('/') {
        Some(slash) => after_origin.split_at(slash),
        None => (after_origin, ""),
    })
}

/// `fingerprint(/step)*`: 8 hex digits, then whole numbers optionally marked
/// hardened with `'`, `h` or `H`.
fn check_origin(origin: &str) -> Result<(), DeriveError> {
    let mut parts = origin.split('/');
    let fingerprint = parts.next().unwrap_or_default();
    if fingerprint.len() != 8 || !fingerprint.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(DeriveError::BadOrigin);
    }
    for step in parts {
        let number = step.strip_suffix(['\'', 'h', 'H']).unwrap_or(step);
        if number.is_empty() || number.parse::<u32>().map_or(true, |n| n >= 1 << 31) {
            return Err(DeriveError::BadOrigin);
        }
    }
    Ok(())
}

/// BIP-380's checksum: 8 characters of a BCH code over the descriptor's text.
fn verify_checksum(body: &str, checksum: &str) -> Result<(), DeriveError> {
    if checksum.len() != 8 || !checksum.bytes().all(|b| CHECKSUM_CHARSET.contains(&b)) {
        return Err(DeriveError::ChecksumForm);
    }
    match descriptor_checksum(body) {
        Some(expected) if expected == checksum => Ok(()),
        _ => Err(DeriveError::ChecksumMismatch),
    }
}

const INPUT_CHARSET: &[u8] =
    b"0123456789()[],'/*abcdefgh@:$%{}IJKLMNOPQRSTUVWXYZ&+-.;<=>?!^_|~ijklmnopqrstuvwxyzABCDEFGH`#\"\\ ";
const CHECKSUM_CHARSET: &[u8] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";

/// The checksum of `body` (BIP-380's `descsum_create`), or `None` if it holds a
/// character outside the descriptor character set.
pub fn descriptor_checksum(body: &str) -> Option<String> {
    let mut symbols = Vec::with_capacity(body.len() * 4 / 3 + 9);
    let mut groups = Vec::with_capacity(3);
    for c in body.bytes() {
        let value = INPUT_CHARSET.iter().position(|&x| x == c)? as u64;
        symbols.push(value & 31);
        groups.push(value >> 5);
        if groups.len() == 3 {
            symbols.push(groups[0] * 9 + groups[1] * 3 + groups[2]);
            groups.clear();
        }
    }
    match groups[..] {
        [a] => symbols.push(a),
        [a, b] => symbols.push(a * 3 + b),
        _ => {}
    }
    symbols.extend([0; 8]);
    let checksum = polymod(&symbols) ^ 1;
    Some(
        (0..8)
            .map(|i| CHECKSUM_CHARSET[((checksum >> (5 * (7 - i))) & 31) as usize] as char)
            .collect(),
    )
}

fn polymod(symbols: &[u64]) -> u64 {
    const GENERATOR: [u64; 5] = [
        0xf5dee51989,
        0xa9fdca3312,
        0x1bab10e32d,
        0x3706b1677a,
        0x644d626ffd,
    ];
    let mut chk: u64 = 1;
    for &value in symbols {
        let top = chk >> 35;
        chk = ((chk & 0x7_ffff_ffff) << 5) ^ value;
        for (i, generator) in GENERATOR.iter().enumerate() {
            if (top >> i) & 1 == 1 {
                chk ^= generator;
            }
        }
    }
    chk
}

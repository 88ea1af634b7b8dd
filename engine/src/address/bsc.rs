//! BNB Smart Chain addresses: `0x` and 40 hex digits, EIP-55 when mixed case.

use alloy_primitives::Address;

/// The address in its EIP-55 form, or why text starting with `0x` is not a BSC
/// address (`None` when it does not start with `0x` at all).
pub fn parse(text: &str) -> Result<String, Option<&'static str>> {
    let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) else {
        return Err(None);
    };
    if hex.len() != 40 {
        return Err(Some("a BSC address is 0x followed by 40 hex digits"));
    }
    if !hex.bytes().all(|byte| byte.is_ascii_hexdigit()) {
        return Err(Some("a BSC address may only hold hex digits after 0x"));
    }
    let has_lower = hex.bytes().any(|byte| byte.is_ascii_lowercase());
    let has_upper = hex.bytes().any(|byte| byte.is_ascii_uppercase());
    if has_lower && has_upper {
        // Mixed case carries an EIP-55 checksum: a typo changes the case pattern.
        // Text that passes is already the EIP-55 form, so it is kept as given
        // rather than hashed a second time.
        let eip55 = format!("0x{hex}");
        return match Address::parse_checksummed(&eip55, None) {
            Ok(_) => Ok(eip55),
            Err(_) => Err(Some("its mixed-case EIP-55 checksum is wrong")),
        };
    }
    hex.parse::<Address>()
        .map(|address| address.to_checksum(None))
        .map_err(|_| Some("a BSC address may only hold hex digits after 0x"))
}

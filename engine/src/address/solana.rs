//! Solana addresses: base58 text of a 32-byte public key.

/// The longest base58 text of 32 bytes.
const MAX_TEXT_LENGTH: usize = 44;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SolanaRejection {
    NotBase58,
    /// Valid base58 of this many bytes, not 32.
    WrongLength(usize),
}

/// The 32 bytes of a Solana public key.
pub fn parse(text: &str) -> Result<[u8; 32], SolanaRejection> {
    if text.len() > MAX_TEXT_LENGTH {
        let decoded = bs58::decode(text)
            .into_vec()
            .map_err(|_| SolanaRejection::NotBase58)?;
        return Err(SolanaRejection::WrongLength(decoded.len()));
    }
    let mut buffer = [0u8; 33];
    let length = bs58::decode(text)
        .onto(&mut buffer[..])
        .map_err(|_| SolanaRejection::NotBase58)?;
    if length != 32 {
        return Err(SolanaRejection::WrongLength(length));
    }
    let mut key = [0u8; 32];
    key.copy_from_slice(&buffer[..32]);
    Ok(key)
}

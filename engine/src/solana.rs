//! Solana token accounts: where a wallet's SPL tokens live.
//!
//! An SPL token balance is held in the wallet's Associated Token Account for the
//! mint: a program-derived address that anyone can compute from the wallet and the
//! mint, so the scanner asks for those accounts directly instead of searching.

use curve25519_dalek::edwards::CompressedEdwardsY;
use sha2::{Digest, Sha256};

/// A Solana public key (an account address) as its 32 bytes.
pub type Pubkey = [u8; 32];

/// The SPL Token program, `TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA`.
pub const TOKEN_PROGRAM: Pubkey = [
    6, 221, 246, 225, 215, 101, 161, 147, 217, 203, 225, 70, 206, 235, 121, 172, 28, 180, 133, 237,
    95, 91, 55, 145, 58, 140, 245, 133, 126, 255, 0, 169,
];

/// The Token-2022 program (Token Extensions), `TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb`.
pub const TOKEN_2022_PROGRAM: Pubkey = [
    6, 221, 246, 225, 238, 117, 143, 222, 24, 66, 93, 188, 228, 108, 205, 218, 182, 26, 252, 77,
    131, 185, 13, 39, 254, 189, 249, 40, 216, 161, 139, 252,
];

/// The Associated Token Account program, `ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL`.
pub const ASSOCIATED_TOKEN_PROGRAM: Pubkey = [
    140, 151, 37, 143, 78, 36, 137, 241, 187, 61, 16, 41, 20, 142, 13, 131, 11, 90, 19, 153, 218,
    255, 16, 132, 4, 142, 123, 216, 219, 233, 248, 89,
];

/// The program that owns a mint's token accounts. The program's id is one of the
/// seeds of an Associated Token Account, so the two give a wallet different
/// accounts for the same mint: asking the wrong one finds nothing.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum TokenProgram {
    /// The original SPL Token program (USDC, USDT).
    #[default]
    #[serde(rename = "token")]
    Token,
    /// Token-2022, the program with extensions (PYUSD).
    #[serde(rename = "token-2022")]
    Token2022,
}

impl TokenProgram {
    /// The program's account address.
    pub fn id(self) -> &'static Pubkey {
        match self {
            TokenProgram::Token => &TOKEN_PROGRAM,
            TokenProgram::Token2022 => &TOKEN_2022_PROGRAM,
        }
    }

    /// The name `config.json` gives it (contract, section 1).
    pub fn code(self) -> &'static str {
        match self {
            TokenProgram::Token => "token",
            TokenProgram::Token2022 => "token-2022",
        }
    }

    /// The program named `code` in `config.json`.
    pub fn from_code(code: &str) -> Option<Self> {
        [TokenProgram::Token, TokenProgram::Token2022]
            .into_iter()
            .find(|program| program.code() == code)
    }

    /// The program whose base58 id is `owner`, as an RPC names an account's owner.
    pub fn owning(owner: &str) -> Option<Self> {
        match owner {
            "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA" => Some(TokenProgram::Token),
            "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb" => Some(TokenProgram::Token2022),
            _ => None,
        }
    }
}

/// The wallet's Associated Token Account for `mint`, whose tokens `program` keeps.
pub fn associated_token_address(wallet: &Pubkey, mint: &Pubkey, program: TokenProgram) -> Pubkey {
    find_program_address(&[wallet, program.id(), mint], &ASSOCIATED_TOKEN_PROGRAM)
        .expect("an off-curve bump exists for all but 2^-256 of seeds")
        .0
}

/// The first address, trying bumps from 255 down, that is off the ed25519 curve
/// (so no private key can sign for it), with its bump; as Solana's
/// `Pubkey::find_program_address`.
pub fn find_program_address(seeds: &[&[u8]], program: &Pubkey) -> Option<(Pubkey, u8)> {
    (0..=u8::MAX).rev().find_map(|bump| {
        let candidate = create_program_address(seeds, bump, program);
        (!is_on_curve(&candidate)).then_some((candidate, bump))
    })
}

fn create_program_address(seeds: &[&[u8]], bump: u8, program: &Pubkey) -> Pubkey {
    let mut hasher = Sha256::new();
    for seed in seeds {
        hasher.update(seed);
    }
    hasher.update([bump]);
    hasher.update(program);
    hasher.update(b"ProgramDerivedAddress");
    hasher.finalize().into()
}

fn is_on_curve(bytes: &Pubkey) -> bool {
    CompressedEdwardsY(*bytes).decompress().is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(text: &str) -> Pubkey {
        bs58::decode(text).into_vec().unwrap().try_into().unwrap()
    }

    #[test]
    fn program_ids_match_their_base58_names() {
        assert_eq!(
            TOKEN_PROGRAM,
            decode("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA")
        );
        assert_eq!(
            TOKEN_2022_PROGRAM,
            decode("TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb")
        );
        assert_eq!(
            ASSOCIATED_TOKEN_PROGRAM,
            decode("ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL")
        );
        for program in [TokenProgram::Token, TokenProgram::Token2022] {
            let base58 = bs58::encode(program.id()).into_string();
            assert_eq!(TokenProgram::owning(&base58), Some(program));
            assert_eq!(TokenProgram::from_code(program.code()), Some(program));
        }
    }

    #[test]
    fn the_two_programs_give_a_wallet_different_accounts() {
        let wallet = decode("Bepz9uC9ztZ3At3mgPXbygdpyZocEbeJJHbXJbLDx1yj");
        let pyusd = decode("2b1kV6DkPAnxd5ixfnxCpjxmKwqjjaYmCZfHsFu24GXo");
        assert_ne!(
            associated_token_address(&wallet, &pyusd, TokenProgram::Token),
            associated_token_address(&wallet, &pyusd, TokenProgram::Token2022)
        );
    }

    #[test]
    fn derived_addresses_are_off_curve_and_wallet_keys_on_it() {
        let wallet = decode("Bepz9uC9ztZ3At3mgPXbygdpyZocEbeJJHbXJbLDx1yj");
        let mint = decode("EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v");
        let ata = associated_token_address(&wallet, &mint, TokenProgram::Token);
        assert!(is_on_curve(&wallet));
        assert!(!is_on_curve(&ata));
        assert_eq!(ata, decode("6rkL1gpABwG1bvPv3n3hb5Feh9KV7uCsux95KRhA4Kwt"));
    }
}

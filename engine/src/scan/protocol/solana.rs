//! Solana's side of the protocol: the keys a balance call asks about (each
//! wallet and its Associated Token Accounts) and a deep check's result.

use super::{result, AddressResult, AssetBalance, ChainTokens, ScanTarget};
use crate::address::solana_key;
use crate::amount::U256;
use crate::codec::solana_deep::DeepHoldings;
use crate::solana::{associated_token_address, TokenProgram};

/// The token programs a deep check asks about.
pub(super) fn deep_programs(token_2022: bool) -> Vec<TokenProgram> {
    let mut programs = vec![TokenProgram::Token];
    if token_2022 {
        programs.push(TokenProgram::Token2022);
    }
    programs
}

/// A deep check's result: each token's balance is the sum over every account of
/// its mint and program the wallet owns, its Associated Token Account or not.
pub(super) fn deep_result(
    target: &ScanTarget,
    tokens: &ChainTokens,
    found: DeepHoldings,
) -> AddressResult {
    let balances = tokens
        .tokens
        .iter()
        .map(|token| {
            let held = found
                .accounts
                .iter()
                .filter(|(program, mint, _)| *program == token.program && *mint == token.address)
                .fold(U256::ZERO, |sum, (_, _, amount)| sum + U256::from(*amount));
            AssetBalance::Checked(held)
        })
        .collect();
    result(
        target,
        AssetBalance::Checked(U256::from(found.lamports)),
        balances,
    )
}

/// Each wallet followed by its Associated Token Account for each mint.
pub(super) fn solana_keys(targets: &[ScanTarget], tokens: &ChainTokens) -> Vec<String> {
    let mut keys = Vec::with_capacity(targets.len() * (1 + tokens.solana_mints.len()));
    for target in targets {
        keys.push(target.address.clone());
        // Imports only store valid addresses; should one not decode, its token
        // accounts come back as non-token accounts and stay unchecked.
        let wallet = solana_key(&target.address).unwrap_or_default();
        for (mint, program) in &tokens.solana_mints {
            let account = associated_token_address(&wallet, mint, *program);
            keys.push(bs58::encode(account).into_string());
        }
    }
    keys
}

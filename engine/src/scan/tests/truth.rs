//! Ground truth for the scanner tests: generated addresses of every chain, the
//! balances fake providers serve for them, and the results a scan must produce;
//! plus small builders for providers, tokens and scanners.

use crate::amount::{Decimals, U256};
use crate::codec::evm::CANONICAL_MULTICALL3;
use crate::scan::*;
use crate::solana::{associated_token_address, TokenProgram};
use crate::testing::{FakeProvider, Faults, Ledger, Rng};
use crate::time::Millis;
use alloy_primitives::Address;
use std::collections::BTreeMap;

pub(super) const USDC_BSC: &str = "0x8AC76a51cc950d9822D68b83fE1Ad97B32Cd580d";
pub(super) const USDT_BSC: &str = "0x55d398326f99059fF775485246999027B3197955";
pub(super) const USDC_MINT: &str = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v";
pub(super) const USDT_MINT: &str = "Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB";
/// PayPal USD, a Token-2022 mint: its accounts are derived under that program.
pub(super) const PYUSD_MINT: &str = "2b1kV6DkPAnxd5ixfnxCpjxmKwqjjaYmCZfHsFu24GXo";

pub(super) fn provider(name: &str, kind: ProviderKind, rps: u32, batch: usize) -> ProviderConfig {
    ProviderConfig {
        name: name.into(),
        kind,
        url: format!("https://{name}.example/api"),
        rps,
        batch,
        api_key: None,
        timeout_ms: 15_000,
    }
}

pub(super) fn esplora(name: &str, rps: u32) -> ProviderConfig {
    provider(name, ProviderKind::Esplora { group_summary: 0 }, rps, 1)
}

pub(super) fn multicall(name: &str, rps: u32, batch: usize) -> ProviderConfig {
    provider(
        name,
        ProviderKind::EvmRpc {
            multicall3: Some(CANONICAL_MULTICALL3),
        },
        rps,
        batch,
    )
}

/// An EVM node without Multicall3: JSON-RPC batch arrays of up to `batch` calls.
pub(super) fn evm_batch(name: &str, rps: u32, batch: usize) -> ProviderConfig {
    provider(name, ProviderKind::EvmRpc { multicall3: None }, rps, batch)
}

pub(super) fn solana_rpc(name: &str, rps: u32) -> ProviderConfig {
    provider(name, ProviderKind::SolanaRpc, rps, 100)
}

pub(super) fn token(symbol: &str, address: &str, decimals: u8) -> Token {
    Token {
        symbol: symbol.into(),
        address: address.into(),
        decimals: Decimals::new(decimals).unwrap(),
        program: TokenProgram::Token,
    }
}

/// A chain's addresses, the fakes' ledger, and the results a scan must produce.
#[derive(Clone)]
pub(super) struct GroundTruth {
    pub(super) targets: Vec<ScanTarget>,
    pub(super) ledger: Ledger,
    pub(super) expected: BTreeMap<String, AddressResult>,
    /// Solana: tokens a wallet holds outside its Associated Token Accounts
    /// (address → token position, amount), which only the deep check sees.
    pub(super) outside: BTreeMap<String, (usize, u64)>,
}

impl GroundTruth {
    /// The results a deep check must produce: every account of each mint summed.
    pub(super) fn deep_expected(&self) -> BTreeMap<String, AddressResult> {
        let mut expected = self.expected.clone();
        for (address, &(token, amount)) in &self.outside {
            let result = expected.get_mut(address).unwrap();
            let AssetBalance::Checked(held) = result.tokens[token] else {
                unreachable!("the truth checks every token")
            };
            result.tokens[token] = AssetBalance::Checked(held + U256::from(amount));
        }
        expected
    }
}

pub(super) fn checked(amount: u64) -> AssetBalance {
    AssetBalance::Checked(U256::from(amount))
}

/// Edge amounts: zero often, one base unit, ordinary, and the largest u64.
pub(super) fn amount(rng: &mut Rng) -> u64 {
    match rng.next_u64() % 6 {
        0..=2 => 0,
        3 => 1,
        4 => rng.next_u64() % 1_000_000_000,
        _ => u64::MAX,
    }
}

pub(super) fn expect(
    truth: &mut GroundTruth,
    target: ScanTarget,
    native: AssetBalance,
    tokens: Vec<AssetBalance>,
) {
    truth.targets.push(target.clone());
    truth.expected.insert(
        target.address.clone(),
        AddressResult {
            target,
            native,
            tokens,
            transactions: None,
        },
    );
}

pub(super) fn empty_truth() -> GroundTruth {
    GroundTruth {
        targets: Vec::new(),
        ledger: Ledger::default(),
        expected: BTreeMap::new(),
        outside: BTreeMap::new(),
    }
}

pub(super) fn bitcoin_truth(count: u64, seed: u64) -> GroundTruth {
    let mut rng = Rng(seed);
    let mut truth = empty_truth();
    for index in 0..count {
        let hash: Vec<u8> = (0..20).map(|_| rng.next_u64() as u8).collect();
        let address = bs58::encode([&[0u8][..], &hash].concat())
            .with_check()
            .into_string();
        let satoshi = amount(&mut rng) % 2_100_000_000_000_000;
        truth.ledger.by_key.insert(address.clone(), satoshi);
        expect(
            &mut truth,
            ScanTarget { index, address },
            checked(satoshi),
            vec![],
        );
    }
    truth
}

pub(super) fn bsc_truth(count: u64, seed: u64) -> GroundTruth {
    let mut rng = Rng(seed);
    let mut truth = empty_truth();
    let tokens: [Address; 2] = [USDC_BSC.parse().unwrap(), USDT_BSC.parse().unwrap()];
    for index in 0..count {
        let holder =
            Address::from_slice(&(0..20).map(|_| rng.next_u64() as u8).collect::<Vec<u8>>());
        // Native amounts above 2^64 wei are common on BSC.
        let native = U256::from(amount(&mut rng)) * U256::from(1000u64);
        let balances: Vec<U256> = tokens
            .iter()
            .map(|_| U256::from(amount(&mut rng)))
            .collect();
        truth.ledger.evm.insert((holder, None), native);
        for (token, balance) in tokens.iter().zip(&balances) {
            truth.ledger.evm.insert((holder, Some(*token)), *balance);
        }
        let target = ScanTarget {
            index,
            address: holder.to_checksum(None),
        };
        expect(
            &mut truth,
            target,
            AssetBalance::Checked(native),
            balances.into_iter().map(AssetBalance::Checked).collect(),
        );
    }
    truth
}

pub(super) fn solana_truth(count: u64, seed: u64) -> GroundTruth {
    let mut rng = Rng(seed);
    let mut truth = empty_truth();
    let mints: Vec<([u8; 32], TokenProgram)> = solana_tokens()
        .iter()
        .map(|t| {
            let mint = bs58::decode(&t.address).into_vec().unwrap();
            (mint.try_into().unwrap(), t.program)
        })
        .collect();
    for index in 0..count {
        let wallet: [u8; 32] = std::array::from_fn(|_| rng.next_u64() as u8);
        let address = bs58::encode(wallet).into_string();
        let lamports = amount(&mut rng);
        // A wallet with no lamports does not exist (the node answers null).
        if lamports > 0 {
            truth
                .ledger
                .by_key
                .insert(format!("wallet:{address}"), lamports);
        }
        // Every fourth wallet also holds USDC in an account that is not its ATA.
        if index % 4 == 1 {
            let amount = 1_000 + index;
            let account = bs58::encode([index as u8; 32]).into_string();
            let owned = format!("owned:{address}:token:{USDC_MINT}:{account}");
            truth.ledger.by_key.insert(owned, amount);
            truth.outside.insert(address.clone(), (0, amount));
        }
        let mut tokens = Vec::new();
        for (mint, program) in &mints {
            let ata = associated_token_address(&wallet, mint, *program);
            let ata = bs58::encode(ata).into_string();
            let held = amount(&mut rng);
            // Token accounts exist for some wallets, sometimes holding zero.
            if held > 0 || rng.chance(30) {
                let kind = match program {
                    TokenProgram::Token => "ata",
                    TokenProgram::Token2022 => "ata2022",
                };
                truth.ledger.by_key.insert(format!("{kind}:{ata}"), held);
                let owned = format!(
                    "owned:{address}:{}:{}:{ata}",
                    program.code(),
                    bs58::encode(mint).into_string()
                );
                truth.ledger.by_key.insert(owned, held);
            }
            tokens.push(checked(held));
        }
        expect(
            &mut truth,
            ScanTarget { index, address },
            checked(lamports),
            tokens,
        );
    }
    truth
}

pub(super) fn bsc_tokens() -> Vec<Token> {
    vec![token("USDC", USDC_BSC, 18), token("USDT", USDT_BSC, 18)]
}

/// Two legacy mints and a Token-2022 one, asked for in the same requests.
pub(super) fn solana_tokens() -> Vec<Token> {
    let pyusd = Token {
        program: TokenProgram::Token2022,
        ..token("PYUSD", PYUSD_MINT, 6)
    };
    vec![
        token("USDC", USDC_MINT, 6),
        token("USDT", USDT_MINT, 6),
        pyusd,
    ]
}

pub(super) fn scanner(
    providers: Vec<ProviderConfig>,
    tokens: Vec<Token>,
    targets: &[ScanTarget],
) -> ChainScanner {
    ChainScanner::new(
        providers,
        tokens,
        targets.iter().cloned(),
        ScanSettings::default(),
        Millis(0),
    )
}

pub(super) fn fakes(profiles: Vec<(u64, Faults)>) -> Vec<FakeProvider> {
    profiles
        .into_iter()
        .enumerate()
        .map(|(i, (latency, faults))| FakeProvider::new(i as u64 + 1, latency, faults))
        .collect()
}

pub(super) fn assert_within_limits(fakes: &[FakeProvider], providers: &[ProviderConfig]) {
    for (fake, config) in fakes.iter().zip(providers) {
        assert!(
            fake.peak_per_second() <= config.rps,
            "{} received {} requests in one second, limit {}",
            config.name,
            fake.peak_per_second(),
            config.rps
        );
    }
}

/// Bitcoin addresses with a transaction history (see
/// [`crate::testing::bitcoin_with_history`]).
pub(super) fn bitcoin_history_truth(count: u64, funded_per_100k: u64, seed: u64) -> GroundTruth {
    let (targets, ledger) = crate::testing::bitcoin_with_history(count, funded_per_100k, seed);
    let mut truth = empty_truth();
    for target in targets {
        let balance = ledger.by_key[&target.address];
        expect(&mut truth, target, checked(balance), vec![]);
    }
    truth.ledger = ledger;
    truth
}

/// An Esplora provider with mempool.space's group summary.
pub(super) fn esplora_groups(name: &str, rps: u32, group_summary: usize) -> ProviderConfig {
    provider(name, ProviderKind::Esplora { group_summary }, rps, 1)
}

/// An Etherscan-style account API with a key, `balancemulti` of 20.
pub(super) fn etherscan(name: &str, rps: u32) -> ProviderConfig {
    ProviderConfig {
        api_key: Some("KEY".into()),
        ..provider(name, ProviderKind::Etherscan, rps, 20)
    }
}

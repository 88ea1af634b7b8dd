//! The engine's Associated Token Account derivation against 1,000 vectors per
//! token program computed by @solana/spl-token (see
//! fixtures/generate-ata-vectors.mjs).

use scanner_engine::solana::{associated_token_address, TokenProgram};

#[derive(serde::Deserialize)]
struct Fixture {
    /// Absent in the legacy file, which predates Token-2022.
    #[serde(default)]
    program: TokenProgram,
    vectors: Vec<Vector>,
}

#[derive(serde::Deserialize)]
struct Vector {
    wallet: String,
    mint: String,
    ata: String,
}

fn key(text: &str) -> [u8; 32] {
    bs58::decode(text).into_vec().unwrap().try_into().unwrap()
}

/// The vectors in `fixture` the engine derives differently, described.
fn mismatches(fixture: &str) -> (TokenProgram, Vec<String>) {
    let fixture: Fixture = serde_json::from_str(fixture).unwrap();
    assert_eq!(fixture.vectors.len(), 1000);
    let wrong = fixture
        .vectors
        .iter()
        .filter_map(|v| {
            let derived = associated_token_address(&key(&v.wallet), &key(&v.mint), fixture.program);
            let derived = bs58::encode(derived).into_string();
            (derived != v.ata).then(|| format!("{} / {}: {derived} != {}", v.wallet, v.mint, v.ata))
        })
        .collect();
    (fixture.program, wrong)
}

#[test]
fn every_legacy_vector_matches_the_reference_client() {
    let (program, wrong) = mismatches(include_str!("fixtures/ata-vectors.json"));
    assert_eq!(program, TokenProgram::Token);
    assert!(
        wrong.is_empty(),
        "{} mismatches, first: {:?}",
        wrong.len(),
        wrong.first()
    );
}

#[test]
fn every_token_2022_vector_matches_the_reference_client() {
    let (program, wrong) = mismatches(include_str!("fixtures/ata-2022-vectors.json"));
    assert_eq!(program, TokenProgram::Token2022);
    assert!(
        wrong.is_empty(),
        "{} mismatches, first: {:?}",
        wrong.len(),
        wrong.first()
    );
}

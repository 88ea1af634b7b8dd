//! The engine's Associated Token Account derivation against 1,000 vectors computed
//! by @solana/spl-token (see fixtures/generate-ata-vectors.mjs).

use scanner_engine::solana::associated_token_address;

#[derive(serde::Deserialize)]
struct Fixture {
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

#[test]
fn every_vector_matches_the_reference_client() {
    let fixture: Fixture = serde_json::from_str(include_str!("fixtures/ata-vectors.json")).unwrap();
    assert_eq!(fixture.vectors.len(), 1000);
    let mismatches: Vec<String> = fixture
        .vectors
        .iter()
        .filter_map(|v| {
            let derived = associated_token_address(&key(&v.wallet), &key(&v.mint));
            let derived = bs58::encode(derived).into_string();
            (derived != v.ata).then(|| format!("{} / {}: {derived} != {}", v.wallet, v.mint, v.ata))
        })
        .collect();
    assert!(
        mismatches.is_empty(),
        "{} mismatches, first: {:?}",
        mismatches.len(),
        mismatches.first()
    );
}

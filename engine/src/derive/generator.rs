//! k·G for public scalars, fast: a fixed-base comb of affine multiples of G.
//!
//! k256's `mul_by_generator` is constant-time, as it must be for private keys:
//! 65 projective additions and a scan of each table row per product, about 70 µs
//! in the worker. Derivation here only ever multiplies public values (the
//! child tweaks of a public key, Taproot's tweak of a public key): nothing
//! secret can leak through timing, so a variable-time comb is safe. It adds one
//! affine multiple per non-zero byte of k, 32 at most, from a table of
//! d·256^i·G (i < 32, 1 ≤ d ≤ 255) built once per worker, with k256's own point
//! arithmetic throughout.

use k256::elliptic_curve::group::Curve as _;
use k256::{AffinePoint, ProjectivePoint};
use std::sync::OnceLock;

/// Rows (one per byte of a scalar) and multiples per row.
const ROWS: usize = 32;
const PER_ROW: usize = 255;

/// `TABLE[i * PER_ROW + d - 1]` = d·256^i·G.
static TABLE: OnceLock<Vec<AffinePoint>> = OnceLock::new();

fn table() -> &'static [AffinePoint] {
    TABLE.get_or_init(|| {
        let mut multiples = Vec::with_capacity(ROWS * PER_ROW);
        let mut base = ProjectivePoint::GENERATOR;
        for _ in 0..ROWS {
            let mut multiple = base;
            for _ in 0..PER_ROW {
                multiples.push(multiple);
                multiple += base;
            }
            // 256·base, the next row's base.
            base = multiple;
        }
        let mut table = vec![AffinePoint::IDENTITY; multiples.len()];
        ProjectivePoint::batch_normalize(&multiples, &mut table);
        table
    })
}

/// k·G for `k` given as 32 big-endian bytes (any value: reduction modulo the
/// group order is implied, as G has that order). Variable time: public `k` only.
pub fn mul_public(k: &[u8; 32]) -> ProjectivePoint {
    let table = table();
    let mut sum = ProjectivePoint::IDENTITY;
    for (row, &digit) in k.iter().rev().enumerate() {
        if digit != 0 {
            sum += &table[row * PER_ROW + usize::from(digit) - 1];
        }
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;
    use k256::elliptic_curve::ops::MulByGenerator;
    use k256::elliptic_curve::PrimeField;
    use k256::Scalar;
    use proptest::prelude::*;

    #[test]
    fn edge_scalars_match_k256() {
        let mut cases = vec![[0u8; 32], [0xff; 32]];
        let mut one = [0u8; 32];
        one[31] = 1;
        cases.push(one);
        let mut high = [0u8; 32];
        high[0] = 0x80;
        cases.push(high);
        for k in cases {
            let expected = Option::<Scalar>::from(Scalar::from_repr(k.into()))
                .map(|s| ProjectivePoint::mul_by_generator(&s));
            if let Some(expected) = expected {
                assert_eq!(mul_public(&k).to_affine(), expected.to_affine(), "{k:?}");
            }
        }
        assert_eq!(mul_public(&[0; 32]), ProjectivePoint::IDENTITY);
    }

    proptest! {
        #[test]
        fn products_match_k256(k in proptest::array::uniform32(any::<u8>())) {
            if let Some(scalar) = Option::<Scalar>::from(Scalar::from_repr(k.into())) {
                prop_assert_eq!(
                    mul_public(&k).to_affine(),
                    ProjectivePoint::mul_by_generator(&scalar).to_affine()
                );
            }
        }
    }
}

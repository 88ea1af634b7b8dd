//! Public child derivation (BIP-32 CKDpub) for many children of one node.
//!
//! Each child's tweak is HMAC-SHA512 of the chain code, the parent key and the
//! index (what `bip32`'s `derive_tweak` computes, keyed once per node here
//! rather than once per child); the child key is then parent + tweak·G, with
//! G's multiples from the comb in `generator`. Children are made in runs and
//! turned into affine points together (one field inversion per run, not per
//! child): an address needs the affine point, and inversions dominate otherwise.

use super::generator;
use hmac::{Hmac, Mac};
use k256::elliptic_curve::group::{Curve as _, Group as _};
use k256::elliptic_curve::sec1::ToEncodedPoint as _;
use k256::{AffinePoint, NonZeroScalar, ProjectivePoint};

/// A node of an HD tree, public half only: its key and chain code.
#[derive(Clone, Debug)]
pub struct Node {
    pub key: k256::PublicKey,
    pub chain_code: [u8; 32],
}

/// BIP-32's "invalid child": the tweak is zero or not below the group order
/// (probability below 2^-127 per index). The wallet skips such an index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvalidChild(pub u32);

impl Node {
    /// The non-hardened child `index` (below 2^31), as a node.
    pub fn child(&self, index: u32) -> Result<Node, InvalidChild> {
        let (point, chain_code) = self.tweaks().child_point(index)?;
        let key =
            k256::PublicKey::from_affine(point.to_affine()).map_err(|_| InvalidChild(index))?;
        Ok(Node { key, chain_code })
    }

    /// The keys of children `first..first + count`, affine, in order. An invalid
    /// child (never seen in practice) comes back as `None` in its place.
    pub fn child_keys(&self, first: u32, count: u32) -> Vec<Option<AffinePoint>> {
        let mut keys = Vec::with_capacity(count as usize);
        let mut run = Vec::with_capacity(RUN);
        let mut affine = Vec::with_capacity(RUN);
        let tweaks = self.tweaks();
        let end = first.saturating_add(count);
        let mut index = first;
        while index < end {
            let run_end = end.min(index.saturating_add(RUN as u32));
            // A valid child is never the identity (`child_point` refuses it),
            // so the identity marks an invalid one through the normalization.
            run.clear();
            run.extend((index..run_end).map(|i| {
                tweaks
                    .child_point(i)
                    .map_or(ProjectivePoint::IDENTITY, |(point, _)| point)
            }));
            affine.clear();
            affine.resize(run.len(), AffinePoint::IDENTITY);
            ProjectivePoint::batch_normalize(&run, &mut affine);
            keys.extend(
                affine
                    .iter()
                    .map(|&point| (point != AffinePoint::IDENTITY).then_some(point)),
            );
            index = run_end;
        }
        keys
    }

    fn tweaks(&self) -> ChildTweaks {
        let mut keyed =
            HmacSha512::new_from_slice(&self.chain_code).expect("HMAC takes a key of any length");
        keyed.update(self.key.to_encoded_point(true).as_bytes());
        ChildTweaks {
            keyed,
            parent: self.key.to_projective(),
        }
    }
}

type HmacSha512 = Hmac<sha2::Sha512>;

/// BIP-32's CKDpub for one parent: the HMAC keyed with its chain code and fed
/// its compressed key, so that each child adds only its index. Keying alone
/// costs two SHA-512 compressions, as many as the rest of a child's HMAC.
struct ChildTweaks {
    keyed: HmacSha512,
    parent: ProjectivePoint,
}

impl ChildTweaks {
    fn child_point(&self, index: u32) -> Result<(ProjectivePoint, [u8; 32]), InvalidChild> {
        // Non-hardened children only: a public key cannot derive the others.
        if index >= super::NON_HARDENED {
            return Err(InvalidChild(index));
        }
        let mut mac = self.keyed.clone();
        mac.update(&index.to_be_bytes());
        let output = mac.finalize().into_bytes();
        let (tweak, chain_code) = output.split_at(32);
        let tweak: [u8; 32] = tweak.try_into().expect("half of 64 bytes");
        // BIP-32: a tweak of zero or at or above the group order makes no child.
        if Option::<NonZeroScalar>::from(NonZeroScalar::from_repr(tweak.into())).is_none() {
            return Err(InvalidChild(index));
        }
        let point = generator::add_mul_public(self.parent, &tweak);
        if bool::from(point.is_identity()) {
            return Err(InvalidChild(index));
        }
        Ok((point, chain_code.try_into().expect("half of 64 bytes")))
    }
}

/// Children normalized together: one inversion shared by this many.
const RUN: usize = 256;

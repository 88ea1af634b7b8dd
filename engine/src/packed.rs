//! How the browser store packs what it keeps (schema version 3): a chain's
//! addresses in chunks of thousands per record, and each scan's results in pages
//! written with the batch that produced them. One record per address (version 2)
//! made an import of 500,000 lines cost 500,000 IndexedDB records and
//! structured-clone conversions; packed, it costs about 120.
//!
//! Both are postcard bytes: compact (an index is a varint, an amount its bytes),
//! and read back without a JS object per address. This module is pure, so the
//! layout's rules (which result of an address counts, what is still pending) are
//! tested natively; the worker's store only moves the bytes.

use crate::scan::{AddressResult, ScanTarget};
use rustc_hash::FxHashMap;

/// Addresses per chunk record: large enough that 500,000 addresses are ~120
/// records, small enough that a chunk (~200 KB) is read in a millisecond or two.
pub const ADDRESSES_PER_CHUNK: usize = 4_096;

/// Why packed bytes could not be read: a record written by something else, or
/// damaged.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a stored record could not be read ({0})")]
pub struct PackedError(String);

impl From<postcard::Error> for PackedError {
    fn from(error: postcard::Error) -> Self {
        PackedError(error.to_string())
    }
}

/// A chunk of a chain's addresses, in list order.
pub fn encode_chunk(targets: &[ScanTarget]) -> Vec<u8> {
    postcard::to_allocvec(targets).expect("addresses always encode")
}

pub fn decode_chunk(bytes: &[u8]) -> Result<Vec<ScanTarget>, PackedError> {
    Ok(postcard::from_bytes(bytes)?)
}

/// A page of one scan's results (one batch).
pub fn encode_results(results: &[AddressResult]) -> Vec<u8> {
    postcard::to_allocvec(results).expect("results always encode")
}

pub fn decode_results(bytes: &[u8]) -> Result<Vec<AddressResult>, PackedError> {
    Ok(postcard::from_bytes(bytes)?)
}

/// The result that counts for each address, from result pages applied in the
/// order they were written (the store's rule, as version 2 applied it on write):
/// a complete result replaces whatever was known; a partial one merges with a
/// result of the same scan (a confirmed balance survives a later failed check of
/// it) and replaces one of an earlier scan.
#[derive(Default)]
pub struct LatestResults {
    /// Address → (the scan that stored it, the result).
    by_address: FxHashMap<String, (u64, AddressResult)>,
}

impl LatestResults {
    /// Applies one page of scan `scan_id`'s results, written after every page
    /// applied so far.
    pub fn apply(&mut self, scan_id: u64, page: Vec<AddressResult>) {
        for result in page {
            match self.by_address.get_mut(&result.target.address) {
                Some((stored_scan, stored)) => {
                    *stored = if *stored_scan == scan_id && !result.is_complete() {
                        stored.merged_with(&result)
                    } else {
                        result
                    };
                    *stored_scan = scan_id;
                }
                None => {
                    self.by_address
                        .insert(result.target.address.clone(), (scan_id, result));
                }
            }
        }
    }

    pub fn len(&self) -> usize {
        self.by_address.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_address.is_empty()
    }

    /// The result of `address` and the scan that stored it.
    pub fn get(&self, address: &str) -> Option<&(u64, AddressResult)> {
        self.by_address.get(address)
    }

    /// Every address's result with the scan that stored it, in no set order.
    pub fn into_results(self) -> impl Iterator<Item = (u64, AddressResult)> {
        self.by_address.into_values()
    }

    /// Whether scan `scan_id` checked `address` completely.
    pub fn is_done(&self, scan_id: u64, address: &str) -> bool {
        self.by_address
            .get(address)
            .is_some_and(|(scan, result)| *scan == scan_id && result.is_complete())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::amount::U256;
    use crate::scan::AssetBalance;
    use crate::testing::store_contract::{result, target};

    #[test]
    fn chunks_and_pages_read_back_as_written() {
        let targets: Vec<ScanTarget> = [0, 1, 1, 1 << 40, crate::import::MAX_INDEX]
            .into_iter()
            .map(target)
            .collect();
        assert_eq!(decode_chunk(&encode_chunk(&targets)).unwrap(), targets);
        let mut big = result(3, Some(u64::MAX), None);
        big.native = AssetBalance::Checked(U256::MAX);
        let page = vec![big, result(4, Some(0), Some(12)), result(5, None, None)];
        assert_eq!(decode_results(&encode_results(&page)).unwrap(), page);
        assert!(
            decode_chunk(&[0xff, 0xff]).is_err(),
            "damaged bytes are an error"
        );
    }

    #[test]
    fn a_chunk_of_4096_addresses_packs_small() {
        let targets: Vec<ScanTarget> = (0..ADDRESSES_PER_CHUNK as u64)
            .map(|i| ScanTarget {
                index: i,
                address: format!("bc1q{:038}", i),
            })
            .collect();
        let bytes = encode_chunk(&targets);
        // 42 characters, a length byte and a 1–2 byte index each.
        assert!(bytes.len() < ADDRESSES_PER_CHUNK * 46, "{}", bytes.len());
    }

    #[test]
    fn the_latest_result_counts_merged_within_its_scan() {
        let mut latest = LatestResults::default();
        latest.apply(
            1,
            vec![result(1, Some(5), Some(0)), result(2, Some(7), None)],
        );
        assert!(latest.is_done(1, "address-001"));
        assert!(!latest.is_done(1, "address-002"), "partial");
        // A later partial answer of the same scan keeps what was confirmed.
        latest.apply(1, vec![result(2, None, Some(9))]);
        assert_eq!(
            latest.get("address-002").unwrap().1,
            result(2, Some(7), Some(9))
        );
        assert!(latest.is_done(1, "address-002"));
        // A new scan's result replaces, complete or not, and counts as its own.
        latest.apply(2, vec![result(2, None, Some(1))]);
        assert_eq!(
            latest.get("address-002").unwrap(),
            &(2, result(2, None, Some(1)))
        );
        assert!(!latest.is_done(2, "address-002"));
        assert!(
            !latest.is_done(2, "address-001"),
            "scan 2 never checked addr1"
        );
        assert_eq!(
            latest.get("address-001").unwrap().0,
            1,
            "older results are kept"
        );
        // A complete result replaces a partial one of the same scan outright.
        latest.apply(2, vec![result(2, Some(3), Some(4))]);
        assert_eq!(
            latest.get("address-002").unwrap().1,
            result(2, Some(3), Some(4))
        );
        assert_eq!(latest.len(), 2);
    }
}

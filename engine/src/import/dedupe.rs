//! De-duplication of imported addresses without a second copy of each.
//!
//! A set of owned strings doubles the memory of a 500,000-address import and costs
//! as much time as parsing it. This table stores only positions in the lists the
//! importer keeps anyway: the addresses already stored, and those imported so far.

use super::ImportedAddress;
use crate::Chain;
use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;
use std::hash::BuildHasher;

/// Where a known address lives.
#[derive(Clone, Copy)]
enum Slot {
    Stored(u32),
    Imported(u32),
}

pub(super) struct KnownAddresses {
    stored: Vec<(Chain, String)>,
    table: HashTable<Slot>,
}

fn key<'a>(
    slot: Slot,
    stored: &'a [(Chain, String)],
    imported: &'a [ImportedAddress],
) -> (Chain, &'a str) {
    match slot {
        Slot::Stored(i) => {
            let (chain, address) = &stored[i as usize];
            (*chain, address)
        }
        Slot::Imported(i) => {
            let address = &imported[i as usize];
            (address.chain, &address.address)
        }
    }
}

fn hash(key: (Chain, &str)) -> u64 {
    FxBuildHasher.hash_one(key)
}

impl KnownAddresses {
    pub(super) fn new(stored: Vec<(Chain, String)>) -> Self {
        let mut table = HashTable::with_capacity(stored.len());
        for (position, (chain, address)) in stored.iter().enumerate() {
            let wanted = (*chain, address.as_str());
            let hash = hash(wanted);
            if table
                .find(hash, |&slot| key(slot, &stored, &[]) == wanted)
                .is_none()
            {
                table.insert_unique(hash, Slot::Stored(position as u32), |&slot| {
                    self::hash(key(slot, &stored, &[]))
                });
            }
        }
        KnownAddresses { stored, table }
    }

    /// Keeps `imported.last()` as known unless its (chain, address) already is;
    /// false means it is a duplicate, which the caller then removes.
    pub(super) fn insert_last(&mut self, imported: &[ImportedAddress]) -> bool {
        let last = imported.last().expect("called after a push");
        let wanted = (last.chain, last.address.as_str());
        let hash = hash(wanted);
        let stored = &self.stored;
        if self
            .table
            .find(hash, |&slot| key(slot, stored, imported) == wanted)
            .is_some()
        {
            return false;
        }
        let slot = Slot::Imported((imported.len() - 1) as u32);
        self.table
            .insert_unique(hash, slot, |&slot| self::hash(key(slot, stored, imported)));
        true
    }
}

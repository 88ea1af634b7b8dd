//! Discovery with a gap limit (BIP-44's account discovery, on any branch): derive
//! and check addresses in index order until `gap` consecutive ones were never
//! used. Wallets fix the gap at 20; merchants hand out deposit addresses that are
//! never paid, so the user sets it.
//!
//! Pure bookkeeping: the caller derives the indices [`GapSearch::next_batch`]
//! hands out, asks the providers whether each was used, and reports back with
//! [`GapSearch::record`], in any order (answers come back as they come).

use litemap::LiteMap;
use std::ops::Range;

/// The largest gap a user may set: a gap is checked address by address, so a
/// larger one costs as many requests as a scan of that many addresses.
pub const MAX_GAP: u32 = 10_000;

/// One branch's discovery.
#[derive(Clone, Debug)]
pub struct GapSearch {
    gap: u32,
    /// The most indices the search may reach (the derivation's limit).
    limit: u32,
    /// Indices below this were handed out.
    next: u32,
    /// Indices below this were all answered.
    answered_below: u32,
    /// Answered indices at or above `answered_below` (answers out of order).
    answered_ahead: LiteMap<u32, ()>,
    /// The highest index found used.
    last_used: Option<u32>,
    /// How many of the answered indices were used.
    used: u32,
}

impl GapSearch {
    /// A search that stops after `gap` unused addresses in a row, and never
    /// goes past index `limit`.
    pub fn new(gap: u32, limit: u32) -> Self {
        GapSearch {
            gap: gap.max(1),
            limit,
            next: 0,
            answered_below: 0,
            answered_ahead: LiteMap::new(),
            last_used: None,
            used: 0,
        }
    }

    /// Indices to derive and check next, at most `most` of them: those up to
    /// the end of the gap after the last used address found so far. Empty
    /// while every such index is out and unanswered.
    pub fn next_batch(&mut self, most: u32) -> Range<u32> {
        let end = self.wanted_end().min(self.next.saturating_add(most));
        let batch = self.next..end.max(self.next);
        self.next = batch.end;
        batch
    }

    /// Takes the answer for `index`: whether the address was ever used.
    pub fn record(&mut self, index: u32, used: bool) {
        if index < self.answered_below || self.answered_ahead.insert(index, ()).is_some() {
            return;
        }
        if used {
            self.used += 1;
            self.last_used = Some(self.last_used.map_or(index, |last| last.max(index)));
        }
        while self.answered_ahead.remove(&self.answered_below).is_some() {
            self.answered_below += 1;
        }
    }

    /// Every index up to the gap's end was answered: nothing more to check.
    pub fn is_done(&self) -> bool {
        self.answered_below >= self.wanted_end()
    }

    /// Whether the search stopped at the derivation's limit rather than at a
    /// full gap (the user should know the wallet may go on).
    pub fn hit_limit(&self) -> bool {
        self.is_done() && self.wanted_end() == self.limit && self.full_gap_end() > self.limit
    }

    /// How many addresses of the branch the wallet has used up to: indices
    /// `0..found()` are those up to and including the last used one.
    pub fn found(&self) -> u32 {
        self.last_used.map_or(0, |last| last + 1)
    }

    /// How many answered addresses were used.
    pub fn used(&self) -> u32 {
        self.used
    }

    /// How many addresses were checked.
    pub fn checked(&self) -> u32 {
        self.answered_below + self.answered_ahead.len() as u32
    }

    fn full_gap_end(&self) -> u32 {
        self.found().saturating_add(self.gap)
    }

    fn wanted_end(&self) -> u32 {
        self.full_gap_end().min(self.limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Runs a search over a branch whose used indices are `used`, answering
    /// each batch in reverse order (answers come back out of order).
    fn search(used: &[u32], gap: u32, limit: u32, batch: u32) -> (GapSearch, Vec<u32>) {
        let mut search = GapSearch::new(gap, limit);
        let mut asked = Vec::new();
        while !search.is_done() {
            let indices: Vec<u32> = search.next_batch(batch).collect();
            assert!(
                !indices.is_empty(),
                "a search that is not done hands out indices"
            );
            for &index in indices.iter().rev() {
                search.record(index, used.contains(&index));
            }
            asked.extend(indices);
        }
        (search, asked)
    }

    #[test]
    fn an_unused_wallet_checks_one_gap() {
        let (search, asked) = search(&[], 20, 1_000, 7);
        assert_eq!(asked, (0..20).collect::<Vec<_>>());
        assert_eq!(search.found(), 0);
        assert!(!search.hit_limit());
    }

    #[test]
    fn the_search_goes_on_past_each_used_address_by_the_gap() {
        // Used at 0, 19 and 38: each within 20 of the last, so 59 more unused
        // (39..=58) end it.
        let (search, asked) = search(&[0, 19, 38], 20, 1_000, 5);
        assert_eq!(asked, (0..59).collect::<Vec<_>>());
        assert_eq!(search.found(), 39);
        assert_eq!(search.used(), 3);
        // A used address one past the gap is never reached.
        let (search, _) = search_with_gap_of(&[0, 21], 20);
        assert_eq!(search.found(), 1);
    }

    fn search_with_gap_of(used: &[u32], gap: u32) -> (GapSearch, Vec<u32>) {
        search(used, gap, 1_000, 100)
    }

    #[test]
    fn a_batch_never_goes_past_the_gap_known_so_far() {
        let mut search = GapSearch::new(10, 1_000);
        assert_eq!(search.next_batch(100), 0..10);
        // Nothing more until an answer moves the gap's end.
        assert_eq!(search.next_batch(100), 10..10);
        search.record(3, true);
        assert_eq!(search.next_batch(100), 10..14);
        assert!(!search.is_done());
    }

    #[test]
    fn the_limit_stops_a_search_and_says_so() {
        let used: Vec<u32> = (0..50).collect();
        let (search, asked) = search(&used, 20, 50, 16);
        assert_eq!(asked.len(), 50);
        assert_eq!(search.found(), 50);
        assert!(search.hit_limit());
    }

    #[test]
    fn a_repeated_answer_counts_once() {
        let mut search = GapSearch::new(2, 100);
        let _ = search.next_batch(2);
        search.record(0, true);
        search.record(0, true);
        search.record(1, false);
        assert_eq!(search.used(), 1);
        assert_eq!(search.checked(), 2);
    }

    proptest! {
        /// Whatever the used set, batch size and answer order: the search
        /// checks exactly the indices up to the last used one it can reach plus
        /// the gap, and finds that last used one.
        #[test]
        fn the_search_matches_a_plain_walk(
            used in proptest::collection::btree_set(0u32..300, 0..40),
            gap in 1u32..30,
            batch in 1u32..50,
        ) {
            let used: Vec<u32> = used.into_iter().collect();
            // The walk: index by index, stopping after `gap` unused in a row.
            let mut run = 0;
            let mut last = None;
            let mut index = 0;
            while run < gap {
                if used.contains(&index) { last = Some(index); run = 0; } else { run += 1; }
                index += 1;
            }
            let (search, asked) = search(&used, gap, 1_000, batch);
            prop_assert_eq!(asked, (0..index).collect::<Vec<_>>());
            prop_assert_eq!(search.found(), last.map_or(0, |l| l + 1));
        }
    }
}

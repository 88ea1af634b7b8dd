//! The scan checkpoint: a plain value stored with each batch's results, from which
//! an interrupted scan resumes.

use super::result::AddressResult;
use super::setup::Token;
use crate::Chain;
use litemap::LiteMap;
use serde::{Deserialize, Serialize};

/// Which addresses a scan covers: all of the chain's, an index range the user
/// picked (inclusive), or only those worth a second look.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScanRange {
    #[default]
    All,
    Indices {
        first: u64,
        last: u64,
    },
    /// The addresses whose result from an earlier scan holds funds (swept since?)
    /// or is not complete, and those never checked (late deposits, new imports).
    /// An address with a complete zero result is left alone.
    FundedOrUnchecked,
}

impl ScanRange {
    /// Whether scan `scan_id` over this range covers the address at `index`,
    /// whose stored result (with the id of the scan that stored it) is `latest`.
    ///
    /// The answer never changes during the scan: what the scan itself stores
    /// (`scan_id`) is covered by construction, so an address rechecked and found
    /// empty stays in the range it was counted in.
    pub fn covers(self, scan_id: u64, index: u64, latest: Option<&(u64, AddressResult)>) -> bool {
        match self {
            ScanRange::All => true,
            ScanRange::Indices { first, last } => (first..=last).contains(&index),
            ScanRange::FundedOrUnchecked => match latest {
                None => true,
                Some((stored_by, _)) if *stored_by == scan_id => true,
                Some((_, result)) => result.is_funded() || !result.is_complete(),
            },
        }
    }

    /// Whether [`covers`](Self::covers) needs the stored results (else `latest`
    /// may be `None` for every address).
    pub fn needs_results(self) -> bool {
        self == ScanRange::FundedOrUnchecked
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckpointState {
    /// Running, or interrupted while running (the page closed): resumable.
    Running,
    Paused,
    Completed,
    Failed,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub chain: Chain,
    /// Results are stored with the scan that produced them; a new scan gets a new
    /// id, so earlier results never count as checked in it.
    pub scan_id: u64,
    pub range: ScanRange,
    /// A Solana deep check: every token account each wallet owns is summed, not
    /// only its Associated Token Accounts (`codec::solana_deep`).
    #[serde(default)]
    pub deep: bool,
    pub state: CheckpointState,
    pub scanned: usize,
    /// How many addresses the range held when last counted: what a card counts
    /// a scan of part of the chain against after a reload (0 in checkpoints
    /// from before ranges were offered, all of which cover every address).
    #[serde(default)]
    pub in_range: usize,
    /// The chain's funded addresses as this scan knows them: those it found,
    /// plus, for a scan of part of the chain, those outside its range that
    /// stored results say hold funds.
    pub funded: usize,
    pub started_at_unix_ms: u64,
    pub updated_at_unix_ms: u64,
    /// The tokens this scan checks, in the order of each result's token balances.
    /// Fixed when the scan starts: a resumed scan keeps them even if the settings
    /// changed since, so every result of one scan means the same columns. Empty in
    /// checkpoints stored before tokens were recorded.
    #[serde(default)]
    pub tokens: Vec<Token>,
    /// The token lists of earlier scans whose results may still be stored (an
    /// address the current scan has not reached keeps its earlier result), by
    /// scan id; the latest [`EARLIER_TOKEN_LISTS`] only.
    #[serde(
        default,
        serialize_with = "write_token_lists",
        deserialize_with = "token_lists_by_scan"
    )]
    pub earlier_tokens: LiteMap<u64, Vec<Token>>,
    /// Made by [`decide_start`] for a new scan and not started yet: nothing is
    /// stored under its scan id, so every address in its range is pending
    /// (never stored: a checkpoint read back says `false`).
    #[serde(skip)]
    pub fresh: bool,
}

/// Writes the earlier token lists as a map (JSON: an object keyed by scan id),
/// as the stored checkpoints always had them. LiteMap's own `Serialize` writes
/// an empty map to JSON as `[]`, which no build before it could read.
fn write_token_lists<S>(lists: &LiteMap<u64, Vec<Token>>, serializer: S) -> Result<S::Ok, S::Error>
where
    S: serde::Serializer,
{
    use serde::ser::SerializeMap;
    let mut map = serializer.serialize_map(Some(lists.len()))?;
    for (scan_id, tokens) in lists.iter() {
        map.serialize_entry(scan_id, tokens)?;
    }
    map.end()
}

/// Reads the earlier token lists entry by entry. LiteMap's own `Deserialize`
/// sorts entries that come out of order, a stable sort the worker would carry
/// for this one map (1 KB gzip); a checkpoint holds at most
/// [`EARLIER_TOKEN_LISTS`] of them, so inserting each in place costs nothing.
fn token_lists_by_scan<'de, D>(deserializer: D) -> Result<LiteMap<u64, Vec<Token>>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    struct Lists;
    impl<'de> serde::de::Visitor<'de> for Lists {
        type Value = LiteMap<u64, Vec<Token>>;

        fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
            formatter.write_str("token lists by scan id")
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut lists = LiteMap::new();
            while let Some((scan_id, tokens)) = map.next_entry()? {
                lists.insert(scan_id, tokens);
            }
            Ok(lists)
        }
    }
    deserializer.deserialize_map(Lists)
}

/// How many earlier scans' token lists a checkpoint remembers. Results older than
/// that are read with the current list (they predate several full rescans).
pub const EARLIER_TOKEN_LISTS: usize = 8;

impl Checkpoint {
    /// Fixes the scan's token list the first time it runs, and returns the list to
    /// scan with: the one it started with, whatever the settings say now.
    pub fn adopt_tokens(&mut self, configured: &[Token]) -> Vec<Token> {
        if self.tokens.is_empty() {
            self.tokens = configured.to_vec();
        }
        self.tokens.clone()
    }

    /// The token list a stored result of scan `scan_id` was checked with, if known.
    pub fn tokens_of(&self, scan_id: u64) -> Option<&[Token]> {
        if scan_id == self.scan_id {
            return (!self.tokens.is_empty()).then_some(self.tokens.as_slice());
        }
        self.earlier_tokens.get(&scan_id).map(Vec::as_slice)
    }

    /// The earlier lists a new scan after this one remembers.
    fn token_history(&self) -> LiteMap<u64, Vec<Token>> {
        let mut history = self.earlier_tokens.clone();
        if !self.tokens.is_empty() {
            history.insert(self.scan_id, self.tokens.clone());
        }
        // Scan ids only grow: the oldest list is the first.
        while history.len() > EARLIER_TOKEN_LISTS {
            if let Some((&oldest, _)) = history.first() {
                history.remove(&oldest);
            }
        }
        history
    }

    /// This checkpoint as its scan stores it while it runs: a completion the
    /// store refused (an import added addresses) still stores its results.
    pub fn still_running(&self) -> Checkpoint {
        Checkpoint {
            state: CheckpointState::Running,
            ..self.clone()
        }
    }

    /// New addresses were imported into the chain (contract, section 2): a
    /// completed scan becomes paused, so resuming it checks only the new ones
    /// (their results do not carry this scan's id yet).
    pub fn after_import(mut self) -> Checkpoint {
        if self.state == CheckpointState::Completed {
            self.state = CheckpointState::Paused;
        }
        self
    }
}

/// What starting a chain's scan should do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StartDecision {
    /// Continue this checkpoint's scan: only its unchecked addresses.
    Resume(Checkpoint),
    /// Start a new scan with this (fresh) checkpoint.
    Fresh(Checkpoint),
    /// The checkpoint is older than the threshold (or dated in the future: the
    /// clock changed, so its age is unknown, `None`): the user chooses resume or
    /// rescan; balances found then may have moved since.
    AskUser {
        checkpoint: Checkpoint,
        age_ms: Option<u64>,
    },
}

/// Decides how "scan" starts for a chain, given its latest checkpoint.
///
/// An unfinished scan resumes (never from zero, never skipping), unless it is older
/// than `stale_after_ms`, when the user is asked. A finished one, or `rescan`,
/// starts fresh over `range`.
pub fn decide_start(
    chain: Chain,
    latest: Option<Checkpoint>,
    rescan: bool,
    range: ScanRange,
    now_unix_ms: u64,
    stale_after_ms: u64,
) -> StartDecision {
    let fresh = |scan_id, earlier_tokens| {
        StartDecision::Fresh(Checkpoint {
            chain,
            scan_id,
            range,
            deep: false,
            state: CheckpointState::Running,
            scanned: 0,
            in_range: 0,
            funded: 0,
            started_at_unix_ms: now_unix_ms,
            updated_at_unix_ms: now_unix_ms,
            tokens: Vec::new(),
            earlier_tokens,
            fresh: true,
        })
    };
    let Some(latest) = latest else {
        return fresh(1, LiteMap::new());
    };
    let unfinished = matches!(
        latest.state,
        CheckpointState::Running | CheckpointState::Paused | CheckpointState::Failed
    );
    if rescan || !unfinished {
        return fresh(latest.scan_id + 1, latest.token_history());
    }
    let ahead_ms = latest.updated_at_unix_ms.saturating_sub(now_unix_ms);
    if ahead_ms > CLOCK_SKEW_MS {
        return StartDecision::AskUser {
            checkpoint: latest,
            age_ms: None,
        };
    }
    let age_ms = now_unix_ms.saturating_sub(latest.updated_at_unix_ms);
    if age_ms > stale_after_ms {
        return StartDecision::AskUser {
            checkpoint: latest,
            age_ms: Some(age_ms),
        };
    }
    StartDecision::Resume(latest)
}

/// How far in the future a checkpoint may be dated and still resume silently: a
/// clock corrected by a few seconds is no reason to ask. Beyond it, the clock was
/// changed, and the checkpoint's age is unknown.
pub const CLOCK_SKEW_MS: u64 = 60_000;

/// The default age past which a checkpoint is not resumed silently.
pub const DEFAULT_STALE_AFTER_MS: u64 = 24 * 60 * 60 * 1000;

#[cfg(test)]
mod tests;

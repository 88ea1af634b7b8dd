//! What an import tells the page: where it stands, and what it found.

use scanner_engine::import::ImportReport;
use serde::{Deserialize, Serialize};

/// Addresses stored per chain, in [`scanner_engine::Chain::ALL`] order.
pub type ChainTotals = [usize; 3];

/// How many rejected lines the page lists; the download has all of them.
pub const SHOWN_REJECTIONS: usize = 5;

/// Where an import stands, for the progress line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportStage {
    /// Another tab (or an earlier import here) is importing; this one waits for it.
    Waiting,
    Reading,
    /// Deriving a watch-only wallet's addresses.
    Deriving {
        derived: usize,
        total: usize,
    },
    /// Discovering a watch-only wallet's used addresses: how many were asked
    /// about so far, and how many of them were used.
    Discovering {
        checked: usize,
        used: usize,
    },
    Checking {
        checked: usize,
        read: usize,
    },
    Storing {
        stored: usize,
        total: usize,
    },
}

/// What the page learns of a finished import: the report's figures, the first
/// rejected lines, and all of them as text for the download. The accepted
/// addresses themselves stay in the worker (and the store).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportOutcome {
    pub imported: usize,
    pub rejected: usize,
    pub duplicates: usize,
    pub secrets: usize,
    pub first_rejections: Vec<String>,
    pub rejections_text: String,
    pub totals: ChainTotals,
    /// What each derivation in the import made, for the report ("1,000
    /// addresses: native SegWit P2WPKH (bc1q…, BIP-84), receive branch").
    pub derived: Vec<String>,
}

impl ImportOutcome {
    pub fn of(report: &ImportReport, totals: ChainTotals) -> ImportOutcome {
        ImportOutcome {
            imported: report.imported.len(),
            rejected: report.rejected.len(),
            duplicates: report.duplicates,
            secrets: report.secrets_refused(),
            first_rejections: report
                .rejected
                .iter()
                .take(SHOWN_REJECTIONS)
                .map(ToString::to_string)
                .collect(),
            rejections_text: rejections_text(report),
            totals,
            derived: Vec::new(),
        }
    }
}

/// Every rejected line as text, one per line, for the download.
fn rejections_text(report: &ImportReport) -> String {
    let mut text = String::from("# Lines the import rejected: file, line, reason\n");
    for rejection in &report.rejected {
        text.push_str(&rejection.to_string());
        text.push('\n');
    }
    text
}

//! Why a line of an import was rejected, and where.

use super::{secrets, SecretKind};
use crate::{AddressError, Chain, Network};
use std::fmt;

/// Where in a file a rejection points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Position {
    /// 1-based line number of a text or CSV file.
    Line(usize),
    /// 1-based position in the JSON export's `addresses` array.
    Entry(usize),
    /// The whole file.
    File,
    /// A watch-only key or descriptor (`crate::derive`), which has no lines.
    Key,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Position::Line(line) => write!(f, "line {line}"),
            Position::Entry(entry) => write!(f, "entry {entry}"),
            Position::File => f.write_str("file"),
            Position::Key => f.write_str("key"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RejectReason {
    #[error("{0}")]
    Address(AddressError),
    #[error("looks like {0}; this app only needs addresses and never asks for secrets, so it was not imported (check you picked the right file)")]
    Secret(SecretKind),
    #[error("the file says {declared} but this is a {detected} address")]
    ChainMismatch { declared: Chain, detected: Chain },
    /// The chain named (`None` once hidden: see [`Rejection::new`]).
    #[error("unknown chain {} (expected BTC, BSC or SOL)", quoted(.0))]
    UnknownChain(Option<String>),
    /// The index as written (`None` once hidden).
    #[error("index {} is not a whole number from 0 to 2^53 − 1", quoted(.0))]
    BadIndex(Option<String>),
    #[error("no address in this row")]
    MissingAddress,
    #[error("{0} characters long; an address is at most 62")]
    TooLong(usize),
    #[error("the file is for {found} but the page is set to {expected}")]
    FileNetwork { found: Network, expected: Network },
    #[error("not a text file (it holds binary data); import a .txt, .csv or .json address list")]
    NotText,
    #[error("the file is empty")]
    EmptyFile,
    #[error("not valid JSON: {0}")]
    InvalidJson(String),
    #[error("JSON of the wrong shape: {0}")]
    JsonShape(String),
    /// A watch-only key or descriptor that cannot be derived (its message
    /// never holds the key).
    #[error("{0}")]
    WatchOnly(crate::derive::DeriveError),
}

/// The user's text a reason quotes, or a placeholder once it was hidden.
fn quoted(text: &Option<String>) -> String {
    match text {
        Some(text) => format!("\"{text}\""),
        None => "(not shown)".to_string(),
    }
}

impl RejectReason {
    /// The user's own text this reason would show.
    fn quoted_text(&self) -> Option<&str> {
        match self {
            RejectReason::UnknownChain(text) | RejectReason::BadIndex(text) => text.as_deref(),
            _ => None,
        }
    }

    fn without_quoted_text(self) -> Self {
        match self {
            RejectReason::UnknownChain(_) => RejectReason::UnknownChain(None),
            RejectReason::BadIndex(_) => RejectReason::BadIndex(None),
            other => other,
        }
    }
}

/// One rejected line, entry or file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    pub file: String,
    pub position: Position,
    pub reason: RejectReason,
    /// The start of the rejected text, so the user can find it. Never set for
    /// secrets: those are not echoed anywhere.
    pub excerpt: Option<String>,
}

/// Enough of a rejected line to recognise it.
const EXCERPT_CHARS: usize = 80;

impl Rejection {
    /// The one way a rejection is made, so that nothing it shows can hold a
    /// secret: the excerpt and any text the reason quotes are searched for
    /// secret-shaped tokens first (a secret found turns the rejection into a
    /// refused secret, shown nowhere), and text that is not plainly a mistyped
    /// address is not shown at all (see [`secrets::is_showable`]).
    pub(super) fn new(
        file: &str,
        position: Position,
        reason: RejectReason,
        excerpt: Option<&str>,
    ) -> Self {
        let secret = excerpt
            .into_iter()
            .chain(reason.quoted_text())
            .find_map(secrets::secret_in);
        let (reason, excerpt) = match secret {
            Some(kind) => (RejectReason::Secret(kind), None),
            None if reason
                .quoted_text()
                .is_some_and(|t| !secrets::is_showable_cell(t)) =>
            {
                (reason.without_quoted_text(), None)
            }
            None => (reason, excerpt.filter(|t| secrets::is_showable(t))),
        };
        let excerpt = excerpt.map(|text| {
            let mut excerpt: String = text.chars().take(EXCERPT_CHARS).collect();
            if text.chars().nth(EXCERPT_CHARS).is_some() {
                excerpt.push('…');
            }
            excerpt
        });
        Rejection {
            file: file.to_string(),
            position,
            reason,
            excerpt,
        }
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Position::Key => write!(f, "{}: {}", self.file, self.reason)?,
            _ => write!(f, "{}, {}: {}", self.file, self.position, self.reason)?,
        }
        if let Some(excerpt) = &self.excerpt {
            write!(f, " ({excerpt})")?;
        }
        Ok(())
    }
}

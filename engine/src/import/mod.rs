//! Importing address lists (contract, section 2).
//!
//! Files are recognised by content: the HD wallet tool's JSON export, CSV with a
//! header row, or plain text. Every rejected line is reported with its number and
//! reason while the valid ones are imported; nothing here panics on any input.
//!
//! One [`Importer`] is one import: files chosen together go through the same
//! importer, in order, and share its de-duplication.

mod csv_format;
mod dedupe;
mod json_format;
mod rejection;
mod secrets;
mod text_format;

pub use rejection::{Position, RejectReason, Rejection};
pub(crate) use secrets::secret_in;
pub use secrets::SecretKind;

use crate::address::parse_address;
use crate::{Chain, Network};
use dedupe::KnownAddresses;
use std::collections::VecDeque;

/// An address accepted by an import, ready to be stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedAddress {
    pub chain: Chain,
    /// The position in the user's list (derivation index for the JSON export).
    pub index: u64,
    /// Canonical text (see [`crate::ChainAddress::text`]).
    pub address: String,
}

/// The outcome of one import.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub imported: Vec<ImportedAddress>,
    pub rejected: Vec<Rejection>,
    /// Addresses already stored or repeated within the import: stored once, counted
    /// here, neither imported nor rejected.
    pub duplicates: usize,
}

impl ImportReport {
    /// How many rejected lines looked like a secret: the UI warns loudly about these.
    pub fn secrets_refused(&self) -> usize {
        self.rejected
            .iter()
            .filter(|r| matches!(r.reason, RejectReason::Secret(_)))
            .count()
    }
}

/// The largest index accepted (contract, section 2): 2^53 − 1, the largest
/// whole number a JavaScript number (and so IndexedDB's key) holds exactly.
pub const MAX_INDEX: u64 = (1 << 53) - 1;

/// Longer than any address or seed phrase: such a line is rejected unread.
const MAX_ENTRY_LENGTH: usize = 256;

/// One import of one or more files.
///
/// Reading a file only splits it into entries (cheap); checking them (address
/// checksums, hashing, de-duplication) is the costly part and runs in steps of
/// [`Importer::check`], so a page can yield between steps and show progress.
pub struct Importer {
    network: Network,
    /// (chain, canonical text) of every address stored before or during this import.
    known: KnownAddresses,
    report: ImportReport,
    /// Entries read but not checked yet, and rejections in file order among them.
    pending: VecDeque<Pending>,
    /// How many entries were read so far (checked or not).
    read: usize,
    files: Vec<ReadFile>,
}

/// A file read into this import: its name, and its entries' texts end to end (one
/// buffer, not one allocation per entry).
struct ReadFile {
    name: String,
    texts: String,
}

enum Pending {
    Check {
        /// Into [`Importer::files`].
        file: usize,
        /// The entry's text within the file's `texts`.
        start: usize,
        end: usize,
        position: Position,
        index: u64,
        declared_chain: Option<Chain>,
    },
    Rejected(Box<Rejection>),
}

/// One address candidate read from a file, with what the file says about it.
struct Entry<'a> {
    text: &'a str,
    position: Position,
    index: u64,
    /// The chain the file names for this entry (JSON `chain`, CSV `chain` column).
    declared_chain: Option<Chain>,
}

impl Importer {
    /// `stored` lists the (chain, canonical address) pairs already stored on this
    /// network, so re-importing them counts as duplicates.
    pub fn new(network: Network, stored: impl IntoIterator<Item = (Chain, String)>) -> Self {
        Importer {
            network,
            known: KnownAddresses::new(stored.into_iter().collect()),
            report: ImportReport::default(),
            pending: VecDeque::new(),
            read: 0,
            files: Vec::new(),
        }
    }

    /// Reads one file's bytes into entries to check. `file` names it in rejections.
    /// Given owned bytes, a valid UTF-8 file becomes its text without a copy.
    pub fn add_file(&mut self, file: &str, bytes: impl Into<Vec<u8>>) {
        self.files.push(ReadFile {
            name: file.to_string(),
            texts: String::new(),
        });
        let mut sink = FileSink {
            file: self.files.len() - 1,
            importer: self,
        };
        let Some(text) = sink.decode_text(bytes) else {
            return;
        };
        let body = text.trim_start();
        if body.starts_with('{') || body.starts_with('[') {
            json_format::read(body, &mut sink);
        } else if let Some(header) = csv_format::Header::detect(&text) {
            csv_format::read(&text, header, &mut sink);
        } else {
            text_format::read(&text, &mut sink);
        }
    }

    /// Takes in addresses derived from a watch-only wallet (`crate::derive`),
    /// with their derivation index. They are canonical already, so only the
    /// de-duplication applies (checking each one's checksum again would cost
    /// seconds for 100,000).
    pub fn add_derived(
        &mut self,
        chain: Chain,
        addresses: impl IntoIterator<Item = (u64, String)>,
    ) {
        for (index, address) in addresses {
            self.read += 1;
            self.take(ImportedAddress {
                chain,
                index,
                address,
            });
        }
    }

    /// Reports a watch-only key that could not be derived as one rejected
    /// entry, so the import's other sources go on (a secret counts as one).
    pub fn reject_derivation(&mut self, error: crate::derive::DeriveError) {
        self.read += 1;
        let reason = match error {
            crate::derive::DeriveError::Secret(kind) => RejectReason::Secret(kind),
            other => RejectReason::WatchOnly(other),
        };
        self.report.rejected.push(Rejection::new(
            "watch-only key",
            Position::Key,
            reason,
            None,
        ));
    }

    /// Checks up to `budget` of the entries read; returns how many remain.
    pub fn check(&mut self, budget: usize) -> usize {
        for _ in 0..budget {
            let Some(next) = self.pending.pop_front() else {
                break;
            };
            match next {
                Pending::Rejected(rejection) => self.report.rejected.push(*rejection),
                Pending::Check {
                    file,
                    start,
                    end,
                    position,
                    index,
                    declared_chain,
                } => {
                    // Taken out for the check (which needs `self`), then put back.
                    let read = std::mem::replace(
                        &mut self.files[file],
                        ReadFile {
                            name: String::new(),
                            texts: String::new(),
                        },
                    );
                    let text = &read.texts[start..end];
                    self.check_entry(&read.name, text, position, index, declared_chain);
                    self.files[file] = read;
                }
            }
        }
        self.pending.len()
    }

    /// Entries read so far, and how many of them still wait to be checked.
    pub fn progress(&self) -> (usize, usize) {
        (self.read, self.pending.len())
    }

    /// Checks whatever is left and returns the report.
    pub fn finish(mut self) -> ImportReport {
        self.check(usize::MAX);
        self.report
    }

    /// Validates one entry and imports it, counts it as a duplicate, or rejects it.
    fn check_entry(
        &mut self,
        file: &str,
        text: &str,
        position: Position,
        index: u64,
        declared_chain: Option<Chain>,
    ) {
        let reject = |report: &mut ImportReport, reason, excerpt| {
            report
                .rejected
                .push(Rejection::new(file, position, reason, excerpt));
        };
        let text = text.trim();
        if text.len() > MAX_ENTRY_LENGTH {
            let reason = RejectReason::TooLong(text.chars().count());
            return reject(&mut self.report, reason, Some(text));
        }
        let address = match parse_address(text, self.network) {
            Ok(address) => address,
            // A secret in the text turns this into a refused secret, unshown
            // (`Rejection::new`): checked only once the text is not an address,
            // which keeps imports fast.
            Err(error) => {
                return reject(&mut self.report, RejectReason::Address(error), Some(text))
            }
        };
        if let Some(declared) = declared_chain.filter(|&c| c != address.chain) {
            let reason = RejectReason::ChainMismatch {
                declared,
                detected: address.chain,
            };
            return reject(&mut self.report, reason, Some(text));
        }
        self.take(ImportedAddress {
            chain: address.chain,
            index,
            address: address.text,
        });
    }

    /// Imports a valid address, or counts it as a duplicate of one stored or
    /// imported before.
    fn take(&mut self, address: ImportedAddress) {
        let report = &mut self.report;
        report.imported.push(address);
        if !self.known.insert_last(&report.imported) {
            report.imported.pop();
            report.duplicates += 1;
        }
    }
}

/// What the format readers report into: entries to check, or rejections.
struct FileSink<'i> {
    importer: &'i mut Importer,
    /// Into [`Importer::files`].
    file: usize,
}

impl FileSink<'_> {
    /// The file as text, or `None` after rejecting it as binary or empty.
    fn decode_text(&mut self, bytes: impl Into<Vec<u8>>) -> Option<String> {
        let mut bytes = bytes.into();
        // A NUL byte never occurs in a text file: this is an image, archive, etc.
        if bytes.iter().take(8192).any(|&b| b == 0) {
            self.reject(Position::File, RejectReason::NotText, None);
            return None;
        }
        if bytes.starts_with("\u{feff}".as_bytes()) {
            bytes.drain(..3);
        }
        // Lossy: a stray non-UTF-8 byte only spoils its own line.
        let text = String::from_utf8(bytes)
            .unwrap_or_else(|invalid| String::from_utf8_lossy(invalid.as_bytes()).into_owned());
        if text.trim().is_empty() {
            self.reject(Position::File, RejectReason::EmptyFile, None);
            return None;
        }
        Some(text)
    }

    fn network(&self) -> Network {
        self.importer.network
    }

    fn reject(&mut self, position: Position, reason: RejectReason, excerpt: Option<&str>) {
        let name = &self.importer.files[self.file].name;
        let rejection = Rejection::new(name, position, reason, excerpt);
        self.importer
            .pending
            .push_back(Pending::Rejected(Box::new(rejection)));
    }

    /// Queues one entry for checking.
    fn entry(&mut self, entry: Entry<'_>) {
        let texts = &mut self.importer.files[self.file].texts;
        let start = texts.len();
        texts.push_str(entry.text);
        let end = texts.len();
        self.importer.read += 1;
        self.importer.pending.push_back(Pending::Check {
            file: self.file,
            start,
            end,
            position: entry.position,
            index: entry.index,
            declared_chain: entry.declared_chain,
        });
    }
}

#[cfg(test)]
mod secret_catalogue;
#[cfg(test)]
mod tests;

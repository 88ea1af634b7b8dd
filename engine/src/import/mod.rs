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
pub use secrets::SecretKind;

use crate::address::parse_address;
use crate::{Chain, Network};
use dedupe::KnownAddresses;

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

/// Longer than any address or seed phrase: such a line is rejected unread.
const MAX_ENTRY_LENGTH: usize = 256;

/// One import of one or more files.
pub struct Importer {
    network: Network,
    /// (chain, canonical text) of every address stored before or during this import.
    known: KnownAddresses,
    report: ImportReport,
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
        }
    }

    /// Imports one file's bytes. `file` names it in rejections.
    pub fn add_file(&mut self, file: &str, bytes: &[u8]) {
        let mut sink = FileSink {
            importer: self,
            file,
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

    pub fn finish(self) -> ImportReport {
        self.report
    }
}

/// What the format readers report into: entries to check, or rejections.
struct FileSink<'i> {
    importer: &'i mut Importer,
    file: &'i str,
}

impl FileSink<'_> {
    /// The file as text, or `None` after rejecting it as binary or empty.
    fn decode_text(&mut self, bytes: &[u8]) -> Option<String> {
        // A NUL byte never occurs in a text file: this is an image, archive, etc.
        if bytes.iter().take(8192).any(|&b| b == 0) {
            self.reject(Position::File, RejectReason::NotText, None);
            return None;
        }
        let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
        // Lossy: a stray non-UTF-8 byte only spoils its own line.
        let text = String::from_utf8_lossy(bytes).into_owned();
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
        self.importer
            .report
            .rejected
            .push(Rejection::new(self.file, position, reason, excerpt));
    }

    /// Validates one entry and imports it, counts it as a duplicate, or rejects it.
    fn entry(&mut self, entry: Entry<'_>) {
        let text = entry.text.trim();
        if text.len() > MAX_ENTRY_LENGTH {
            let reason = RejectReason::TooLong(text.chars().count());
            return self.reject(entry.position, reason, Some(text));
        }
        let address = match parse_address(text, self.network()) {
            Ok(address) => address,
            Err(error) => {
                // Checked only once the text is not an address: keeps imports fast.
                return match secrets::secret_kind(text) {
                    Some(kind) => self.reject(entry.position, RejectReason::Secret(kind), None),
                    None => self.reject(entry.position, RejectReason::Address(error), Some(text)),
                };
            }
        };
        if let Some(declared) = entry.declared_chain.filter(|&c| c != address.chain) {
            let reason = RejectReason::ChainMismatch {
                declared,
                detected: address.chain,
            };
            return self.reject(entry.position, reason, Some(text));
        }
        let report = &mut self.importer.report;
        report.imported.push(ImportedAddress {
            chain: address.chain,
            index: entry.index,
            address: address.text,
        });
        if !self.importer.known.insert_last(&report.imported) {
            report.imported.pop();
            report.duplicates += 1;
        }
    }
}

#[cfg(test)]
mod tests;

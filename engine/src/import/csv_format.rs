//! CSV with a header row: `address` (required), `index` (or `address_index`,
//! `addressIndex`), `chain`; comma, semicolon or tab separated; RFC 4180 quoting.

use super::{Entry, FileSink, Position, RejectReason, MAX_INDEX};
use crate::Chain;

const DELIMITERS: [u8; 3] = [b',', b';', b'\t'];

/// The header row's layout: which delimiter, and where each known column is.
pub(super) struct Header {
    delimiter: u8,
    address: usize,
    index: Option<usize>,
    chain: Option<usize>,
}

impl Header {
    /// Reads the first non-blank line as a header; `None` when it names no
    /// `address` column (then the file is plain text).
    pub(super) fn detect(text: &str) -> Option<Header> {
        let line = text.lines().map(str::trim).find(|line| !line.is_empty())?;
        let delimiter = DELIMITERS
            .into_iter()
            .max_by_key(|&d| line.bytes().filter(|&b| b == d).count())?;
        let names: Vec<String> = line
            .split(char::from(delimiter))
            .map(|cell| cell.trim().trim_matches('"').trim().to_ascii_lowercase())
            .collect();
        let column = |accepted: &[&str]| names.iter().position(|n| accepted.contains(&n.as_str()));
        Some(Header {
            delimiter,
            address: column(&["address"])?,
            index: column(&["index", "address_index", "addressindex"]),
            chain: column(&["chain"]),
        })
    }
}

pub(super) fn read(text: &str, header: Header, sink: &mut FileSink<'_>) {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(header.delimiter)
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    // The csv crate does not count skipped blank lines, so line numbers are
    // counted here from byte offsets.
    let mut lines = LineCounter::new(text);
    // Data rows so far, rejected and duplicate ones included; blank rows take none.
    let mut row_position: u64 = 0;
    loop {
        let start = reader.position().byte() as usize;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(error) => {
                let reason = RejectReason::BadCsvRow(error.to_string());
                sink.reject(Position::Line(lines.line_at(start)), reason, None);
                continue;
            }
        }
        if record.iter().all(str::is_empty) {
            continue;
        }
        let row_start = record.position().map_or(start, |p| p.byte() as usize);
        row_position += 1;
        read_row(
            &record,
            &header,
            lines.line_at(row_start),
            row_position - 1,
            sink,
        );
    }
}

/// 1-based line numbers of byte offsets, asked in increasing order.
struct LineCounter<'t> {
    text: &'t [u8],
    offset: usize,
    line: usize,
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t str) -> Self {
        LineCounter {
            text: text.as_bytes(),
            offset: 0,
            line: 1,
        }
    }

    /// The line of the first byte at or after `offset` that is not a line break (a
    /// record's reported start can be the blank line the reader skipped before it).
    fn line_at(&mut self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while matches!(self.text.get(offset), Some(b'\r' | b'\n')) {
            offset += 1;
        }
        if offset > self.offset {
            self.line += self.text[self.offset..offset]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            self.offset = offset;
        }
        self.line
    }
}

fn read_row(
    record: &csv::StringRecord,
    header: &Header,
    line: usize,
    row: u64,
    sink: &mut FileSink<'_>,
) {
    let position = Position::Line(line);
    let cell = |column: Option<usize>| column.and_then(|c| record.get(c)).filter(|c| !c.is_empty());
    let Some(address) = cell(Some(header.address)) else {
        return sink.reject(position, RejectReason::MissingAddress, None);
    };
    let index = match cell(header.index) {
        None => row,
        Some(text) => match text.parse::<u64>().ok().filter(|&i| i <= MAX_INDEX) {
            Some(index) => index,
            None => {
                let reason = RejectReason::BadIndex(Some(text.into()));
                return sink.reject(position, reason, Some(address));
            }
        },
    };
    let declared_chain = match cell(header.chain).map(str::parse::<Chain>) {
        None => None,
        Some(Ok(chain)) => Some(chain),
        Some(Err(unknown)) => {
            let reason = RejectReason::UnknownChain(Some(unknown.0));
            return sink.reject(position, reason, Some(address));
        }
    };
    sink.entry(Entry {
        text: address,
        position,
        index,
        declared_chain,
    });
}

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
    let mut records = Records::new(text, header.delimiter);
    // Line numbers are counted here from byte offsets (blank lines are skipped).
    let mut lines = LineCounter::new(text);
    // Data rows so far, rejected and duplicate ones included; blank rows take none.
    let mut row_position: u64 = 0;
    // The first record is the header row.
    records.next_record();
    while let Some((start, cells)) = records.next_record() {
        if cells.iter().all(|cell| cell.is_empty()) {
            continue;
        }
        row_position += 1;
        read_row(
            &cells,
            &header,
            lines.line_at(start),
            row_position - 1,
            sink,
        );
    }
}

/// The file's records, RFC 4180 as csv-core reads it (quoted cells, doubled
/// quotes, any line ending, blank lines skipped), each with the byte offset it
/// starts at (perhaps on line breaks before it) and its cells trimmed.
///
/// csv-core rather than the csv crate's reader: the app reads text already in
/// memory, and the reader's buffering, records and errors (none can happen on
/// text) were 7 KB of the worker's wasm on top of csv-core's parser.
struct Records<'t> {
    reader: csv_core::Reader,
    input: &'t [u8],
    consumed: usize,
    /// One record's unquoted bytes and the end of each cell in them.
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

impl<'t> Records<'t> {
    fn new(text: &'t str, delimiter: u8) -> Self {
        Records {
            reader: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            input: text.as_bytes(),
            consumed: 0,
            bytes: vec![0; 1024],
            ends: vec![0; 16],
        }
    }

    fn next_record(&mut self) -> Option<(usize, Vec<&str>)> {
        use csv_core::ReadRecordResult::*;
        let start = self.consumed;
        let (mut written, mut cells) = (0, 0);
        loop {
            let rest = &self.input[self.consumed..];
            let (result, read, wrote, ended) =
                self.reader
                    .read_record(rest, &mut self.bytes[written..], &mut self.ends[cells..]);
            self.consumed += read;
            written += wrote;
            cells += ended;
            match result {
                // At the end of the text csv-core is called with no input,
                // which ends the last record.
                InputEmpty => {}
                OutputFull => self.bytes.resize(self.bytes.len() * 2, 0),
                OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                Record => break,
                End => return None,
            }
        }
        let mut from = 0;
        let cells = self.ends[..cells]
            .iter()
            .map(|&end| {
                // csv-core only removes quotes (ASCII) from UTF-8 text.
                let cell = std::str::from_utf8(&self.bytes[from..end]).unwrap_or_default();
                from = end;
                cell.trim()
            })
            .collect();
        Some((start, cells))
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

fn read_row(record: &[&str], header: &Header, line: usize, row: u64, sink: &mut FileSink<'_>) {
    let position = Position::Line(line);
    let cell = |column: Option<usize>| {
        column
            .and_then(|c| record.get(c).copied())
            .filter(|c| !c.is_empty())
    };
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

#[cfg(test)]
mod tests {
    use super::{LineCounter, Records};
    use proptest::prelude::*;

    proptest! {
        /// The records are the csv crate's (its reader over csv-core, as the
        /// import used it: flexible, every cell trimmed), cell for cell and on
        /// the same line, on text mixing quotes, delimiters, blank lines and
        /// line endings.
        #[test]
        fn records_match_the_csv_crates_reader(
            text in "[a\\u{e9}1 ,;\"\\r\\n]{0,60}",
            delimiter in prop::sample::select(vec![b',', b';', b'\t']),
        ) {
            let mut reference = csv::ReaderBuilder::new()
                .delimiter(delimiter)
                .has_headers(false)
                .flexible(true)
                .trim(csv::Trim::All)
                .from_reader(text.as_bytes());
            let mut lines = LineCounter::new(&text);
            let mut expected = Vec::new();
            let mut record = csv::StringRecord::new();
            while reference.read_record(&mut record).unwrap() {
                let start = record.position().unwrap().byte() as usize;
                let cells: Vec<String> = record.iter().map(String::from).collect();
                expected.push((lines.line_at(start), cells));
            }
            let mut lines = LineCounter::new(&text);
            let mut records = Records::new(&text, delimiter);
            let mut ours = Vec::new();
            while let Some((start, cells)) = records.next_record() {
                let cells: Vec<String> = cells.iter().map(|cell| cell.to_string()).collect();
                ours.push((lines.line_at(start), cells));
            }
            prop_assert_eq!(ours, expected);
        }
    }
}

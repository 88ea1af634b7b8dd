//! Plain text: one address per line; blank lines and `#` comments are skipped.

use super::secrets::is_seed_phrase_over_lines;
use super::{Entry, FileSink, Position, RejectReason, SecretKind};

/// Lines that hold an entry: 1-based line number and trimmed text.
fn entry_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split('\n')
        .enumerate()
        .map(|(number, line)| (number + 1, line.trim()))
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
}

pub(super) fn read(text: &str, sink: &mut FileSink<'_>) {
    // A seed phrase written one word (or a few) per line is a secret as a whole,
    // though no single line looks like one.
    if is_seed_phrase_over_lines(entry_lines(text).map(|(_, line)| line)) {
        let reason = RejectReason::Secret(SecretKind::SeedPhrase);
        return sink.reject(Position::File, reason, None);
    }
    // The index is the position among entry lines, rejected ones included, so
    // indices match the user's own numbering of the list.
    for (index, (line, text)) in entry_lines(text).enumerate() {
        sink.entry(Entry {
            text,
            position: Position::Line(line),
            index: index as u64,
            declared_chain: None,
        });
    }
}

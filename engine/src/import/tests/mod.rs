//! The importer's tests: the three formats (formats.rs), what must never get
//! through or sink a file (trust.rs), and properties over random input
//! (properties.rs). The shared addresses and helpers are here.

use super::*;

mod formats;
mod properties;
mod trust;

const BTC: &str = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa";
const BECH32: &str = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4";
const BSC: &str = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
const SOL: &str = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v";
const SEED: &str =
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

fn import_files(files: &[(&str, &[u8])]) -> ImportReport {
    let mut importer = Importer::new(Network::Mainnet, []);
    for (name, bytes) in files {
        importer.add_file(name, *bytes);
    }
    importer.finish()
}

fn import(text: &str) -> ImportReport {
    import_files(&[("list", text.as_bytes())])
}

/// (chain, index, address) of every imported address.
fn imported(report: &ImportReport) -> Vec<(Chain, u64, &str)> {
    report
        .imported
        .iter()
        .map(|a| (a.chain, a.index, a.address.as_str()))
        .collect()
}

/// (position, reason text) of every rejection.
fn rejected(report: &ImportReport) -> Vec<(Position, String)> {
    report
        .rejected
        .iter()
        .map(|r| (r.position, r.reason.to_string()))
        .collect()
}

//! How long importing a 500,000-line address list takes natively.
//!
//! A plain binary that prints figures (`cargo bench -p scanner-engine`): the target
//! is "well under a second" and machines here are too noisy for a timed test.

use scanner_engine::import::Importer;
use scanner_engine::testing::Rng;
use scanner_engine::Network;
use std::time::Instant;

const LINES: usize = 500_000;

/// One address per line, cycling through every kind the importer knows.
fn address_file() -> String {
    let mut rng = Rng(42);
    let mut file = String::with_capacity(LINES * 50);
    for line in 0..LINES {
        let address = match line % 5 {
            0 => bs58::encode([&[0u8][..], &rng.bytes::<20>()].concat())
                .with_check()
                .into_string(),
            1 => bech32::segwit::encode_v0(bech32::hrp::BC, &rng.bytes::<20>()).unwrap(),
            2 => bech32::segwit::encode_v1(bech32::hrp::BC, &rng.bytes::<32>()).unwrap(),
            3 => alloy_primitives::Address::from(rng.bytes::<20>()).to_checksum(None),
            _ => bs58::encode(rng.bytes::<32>()).into_string(),
        };
        file.push_str(&address);
        file.push('\n');
    }
    file
}

/// The HD wallet tool's JSON export of `count` Solana addresses.
fn json_export(count: usize) -> String {
    let mut rng = Rng(7);
    let entries: Vec<String> = (0..count)
        .map(|index| {
            let address = bs58::encode(rng.bytes::<32>()).into_string();
            format!(r#"{{"index":{index},"address":"{address}"}}"#)
        })
        .collect();
    format!(
        r#"{{"chain":"SOL","network":"mainnet","count":{count},"addresses":[{}]}}"#,
        entries.join(",")
    )
}

/// Reading a file (`add_file`) is the one step of an import the page cannot
/// split: it runs as one task. Checking its entries comes in steps.
fn read_step(name: &str, file: &str) -> f64 {
    let mut best = f64::INFINITY;
    for _ in 0..3 {
        let started = Instant::now();
        let mut importer = Importer::new(Network::Mainnet, []);
        importer.add_file(name, file.as_bytes());
        best = best.min(started.elapsed().as_secs_f64());
        assert!(importer.progress().0 > 0);
    }
    best * 1e3
}

fn main() {
    let json = json_export(100_000);
    println!(
        "import, reading one file (one task in the page): JSON export of 100000 addresses ({:.1} MB) in {:.0} ms",
        json.len() as f64 / 1e6,
        read_step("sol.json", &json)
    );
    let file = address_file();
    println!(
        "import, reading one file (one task in the page): {LINES} plain lines in {:.0} ms",
        read_step("bench.txt", &file)
    );
    let mut best = f64::INFINITY;
    for _ in 0..3 {
        let started = Instant::now();
        let mut importer = Importer::new(Network::Mainnet, []);
        importer.add_file("bench.txt", file.as_bytes());
        let report = importer.finish();
        best = best.min(started.elapsed().as_secs_f64());
        assert_eq!(
            report.imported.len(),
            LINES,
            "{:?}",
            report.rejected.first()
        );
    }
    println!(
        "import, plain text: {LINES} lines ({:.1} MB) in {:.0} ms (best of 3), {:.0} lines/s; target well under 1,000 ms",
        file.len() as f64 / 1e6,
        best * 1e3,
        LINES as f64 / best
    );
}

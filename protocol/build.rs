//! Gives the page and the scan worker one build id (`BUILD_ID`): a hash of the
//! sources both are built from. The page loads the worker's files with it as a
//! version query, so a cached worker of another build is never fetched, and the
//! worker says it in its `Ready` report, so a mismatch is caught all the same.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::Path;

/// Everything either binary is built from, relative to this crate.
const SOURCES: [&str; 7] = [
    "src",
    "../page/src",
    "../worker/src",
    "../platform/src",
    "../engine/src",
    "../Cargo.lock",
    "../public",
];

fn main() {
    let mut hasher = DefaultHasher::new();
    for source in SOURCES {
        println!("cargo:rerun-if-changed={source}");
        hash_path(Path::new(source), &mut hasher);
    }
    println!("cargo:rustc-env=BUILD_ID={:016x}", hasher.finish());
}

/// Hashes a file's path and bytes, or a folder's files in name order.
fn hash_path(path: &Path, hasher: &mut DefaultHasher) {
    if path.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path)
            .map(|dir| dir.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        entries.sort();
        for entry in entries {
            hash_path(&entry, hasher);
        }
    } else if let Ok(bytes) = std::fs::read(path) {
        path.to_string_lossy().hash(hasher);
        bytes.hash(hasher);
    }
}

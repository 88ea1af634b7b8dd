//! The pure core of the balance scanner.
//!
//! Every decision the scanner makes lives here, in plain Rust that reads no clock and
//! does no I/O: the browser app supplies network, timers and storage through small
//! ports, so this crate is tested natively with `cargo test` and fakes.
//!
//! # Layout
//!
//! - [`address`]: validating addresses and detecting their chain.
//! - [`amount`]: exact amounts in base units and their decimal text.
//! - [`chain`]: the chains and networks the scanner knows, and how users name them.
//! - [`codec`]: request builders and response decoders for each provider API.
//! - [`config`]: providers and tokens per chain: defaults, `config.json`, settings.
//! - [`derive`]: addresses of watch-only HD wallets (xpubs and descriptors).
//! - [`discovery`]: a watch-only wallet's used addresses, found with a gap limit.
//! - [`export`]: the CSV of funded addresses, and the compact index of funded
//!   balances the results panel pages through.
//! - [`import`]: reading address lists, with a report of every rejected line.
//! - [`packed`]: how the browser store packs addresses and results (chunks, pages).
//! - [`ports`]: the I/O the platform supplies (transport, clock, store).
//! - [`provider`]: the rate bound, circuit breakers and provider errors.
//! - [`scan`]: scanning one chain: the pool of providers, retries, results.
//! - [`solana`]: Associated Token Account derivation.
//! - [`time`]: time as a value the platform passes in.
//! - `testing` (feature `testing`): fake providers, an in-memory store, a virtual
//!   clock, for tests and benchmarks.

pub mod address;
pub mod amount;
pub mod chain;
pub mod codec;
pub mod config;
pub mod derive;
pub mod discovery;
pub mod export;
pub mod import;
pub mod packed;
pub mod ports;
pub mod provider;
pub mod scan;
pub mod solana;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod time;

pub use address::{parse_address, AddressError, AddressKind, ChainAddress};
pub use chain::{Chain, Network};

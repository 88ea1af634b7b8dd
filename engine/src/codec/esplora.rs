//! Esplora REST (`GET /address/:address`): Blockstream, mempool.space, self-hosted;
//! and mempool.space's group summary ([`summary`]).

use super::{DecodeError, Request};
use serde::Deserialize;

mod summary;
pub use summary::*;

/// An address's balances in satoshi.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EsploraBalance {
    /// `chain_stats.funded_txo_sum - chain_stats.spent_txo_sum`: what the export uses
    /// (the contract reports confirmed balances; the mempool is not read).
    pub confirmed: u64,
    /// Confirmed transactions: whether the address was ever used (a gap limit
    /// counts unused addresses).
    pub tx_count: u64,
}

/// `api_root` includes the `/api` part (contract, section 1).
pub fn address_request(api_root: &str, address: &str) -> Request {
    Request::Get {
        url: format!("{}/address/{address}", api_root.trim_end_matches('/')),
    }
}

#[derive(Deserialize)]
struct AddressInfo {
    address: Option<String>,
    chain_stats: Stats,
}

#[derive(Deserialize)]
struct Stats {
    funded_txo_sum: u64,
    spent_txo_sum: u64,
    tx_count: u64,
}

impl Stats {
    fn balance(&self) -> Option<u64> {
        self.funded_txo_sum.checked_sub(self.spent_txo_sum)
    }
}

/// Decodes the answer for `address`; an answer about another address is refused.
pub fn decode_address(body: &str, address: &str) -> Result<EsploraBalance, DecodeError> {
    let info: AddressInfo = serde_json::from_str(body).map_err(DecodeError::malformed)?;
    if let Some(answered) = info.address.as_deref().filter(|a| *a != address) {
        return Err(DecodeError::malformed(format!(
            "answer is about {answered}, not {address}"
        )));
    }
    let confirmed = info
        .chain_stats
        .balance()
        .ok_or_else(|| DecodeError::malformed("confirmed spent exceeds funded"))?;
    Ok(EsploraBalance {
        confirmed,
        tx_count: info.chain_stats.tx_count,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ADDRESS: &str = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4";

    fn body(funded: u64, spent: u64, mempool_funded: u64, mempool_spent: u64) -> String {
        format!(
            r#"{{"address":"{ADDRESS}","chain_stats":{{"funded_txo_count":2,"funded_txo_sum":{funded},"spent_txo_count":1,"spent_txo_sum":{spent},"tx_count":3}},"mempool_stats":{{"funded_txo_count":0,"funded_txo_sum":{mempool_funded},"spent_txo_count":1,"spent_txo_sum":{mempool_spent},"tx_count":1}}}}"#
        )
    }

    #[test]
    fn request_url_appends_the_address_to_the_api_root() {
        for root in [
            "https://blockstream.info/api",
            "https://blockstream.info/api/",
        ] {
            assert_eq!(
                address_request(root, ADDRESS),
                Request::Get {
                    url: format!("https://blockstream.info/api/address/{ADDRESS}")
                }
            );
        }
    }

    #[test]
    fn confirmed_is_funded_minus_spent_and_the_mempool_is_not_counted() {
        let balance = decode_address(&body(150_000, 50_000, 0, 20_000), ADDRESS).unwrap();
        assert_eq!(
            balance,
            EsploraBalance {
                confirmed: 100_000,
                tx_count: 3
            }
        );
        let empty = decode_address(&body(0, 0, 0, 0), ADDRESS).unwrap();
        assert_eq!(empty.confirmed, 0);
    }

    #[test]
    fn malformed_answers_are_errors_not_zero() {
        for bad in [
            "",
            "Too Many Requests",
            r#"{"address":"x"}"#,
            r#"{"chain_stats":{"funded_txo_sum":-1,"spent_txo_sum":0,"tx_count":0},"mempool_stats":{"funded_txo_sum":0,"spent_txo_sum":0,"tx_count":0}}"#,
        ] {
            assert!(
                matches!(decode_address(bad, ADDRESS), Err(DecodeError::Malformed(_))),
                "{bad}"
            );
        }
        assert!(decode_address(&body(1, 2, 0, 0), ADDRESS).is_err());
        let other = body(1, 0, 0, 0).replace(ADDRESS, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa");
        assert!(decode_address(&other, ADDRESS).is_err());
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn confirmed_is_exactly_funded_minus_spent(spent in 0u64..=u64::MAX / 2, extra in 0u64..=u64::MAX / 2) {
            let body = format!(
                r#"{{"chain_stats":{{"funded_txo_sum":{},"spent_txo_sum":{spent},"tx_count":1}},"mempool_stats":{{"funded_txo_sum":0,"spent_txo_sum":0,"tx_count":0}}}}"#,
                spent + extra
            );
            prop_assert_eq!(decode_address(&body, "x").unwrap().confirmed, extra);
        }

        #[test]
        fn arbitrary_bodies_never_panic(body in "\\PC{0,300}") {
            let _ = decode_address(&body, "x");
        }
    }
}

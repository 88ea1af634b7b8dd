//! Against independent clients: every case of tests/fixtures/hd/watch-only.json
//! (made by @scure/bip32 with @scure/btc-signer, and by viem, with the script
//! beside it) derives exactly the addresses those clients gave.

use super::super::{parse_watch_only, Choices, ScriptType};
use crate::{Chain, Network};

#[derive(serde::Deserialize)]
struct Fixtures {
    cases: Vec<Case>,
}

#[derive(serde::Deserialize)]
struct Case {
    name: String,
    chain: Chain,
    network: Network,
    input: String,
    script: Option<String>,
    addresses: Vec<String>,
}

#[test]
fn derived_addresses_match_the_reference_clients() {
    let fixtures: Fixtures = serde_json::from_str(include_str!(
        "../../../../tests/fixtures/hd/watch-only.json"
    ))
    .unwrap();
    let mut per_script = std::collections::HashMap::<&str, usize>::new();
    for case in &fixtures.cases {
        let choices = Choices {
            chain: Some(case.chain),
            script: case
                .script
                .as_deref()
                .map(|code| ScriptType::from_code(code).unwrap()),
        };
        let wallet = parse_watch_only(&case.input, case.network, choices)
            .unwrap_or_else(|e| panic!("{}: {e}", case.name));
        let count = case.addresses.len() as u32;
        let derived = wallet.addresses(0, count);
        assert_eq!(derived.len(), case.addresses.len(), "{}", case.name);
        for ((index, address), expected) in derived.iter().zip(&case.addresses) {
            assert_eq!(address, expected, "{} at index {index}", case.name);
        }
        // A range from the middle is the same as that part of the whole.
        let middle = wallet.addresses(count / 2, 3);
        assert_eq!(middle[0], derived[count as usize / 2], "{}", case.name);
        let kind = match wallet.form {
            super::super::AddressForm::Bitcoin(script) => script.code(),
            super::super::AddressForm::Evm => "bsc",
        };
        *per_script.entry(kind).or_default() += case.addresses.len();
    }
    // The bar: at least 1,000 reference addresses per script type and BSC.
    for kind in ["pkh", "sh-wpkh", "wpkh", "tr", "bsc"] {
        assert!(
            per_script.get(kind).copied().unwrap_or(0) >= 1000,
            "{kind}: {per_script:?}"
        );
    }
}

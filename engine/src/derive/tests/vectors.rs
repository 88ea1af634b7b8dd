//! The BIPs' own test vectors: BIP-32 (public derivation), BIP-84, BIP-86 and
//! BIP-380's checksum.

use super::super::extended_key;
use super::super::{descriptor_checksum, parse_watch_only, Choices, ScriptType};
use crate::Network;

/// BIP-32 vectors 1 and 2: each pair is a node and its non-hardened child.
#[test]
fn public_children_match_bip32_vectors() {
    let pairs = [
        // Vector 1: m/0H -> m/0H/1, m/0H/1/2H -> .../2, .../2 -> .../1000000000.
        ("xpub68Gmy5EdvgibQVfPdqkBBCHxA5htiqg55crXYuXoQRKfDBFA1WEjWgP6LHhwBZeNK1VTsfTFUHCdrfp1bgwQ9xv5ski8PX9rL2dZXvgGDnw", 1, "xpub6ASuArnXKPbfEwhqN6e3mwBcDTgzisQN1wXN9BJcM47sSikHjJf3UFHKkNAWbWMiGj7Wf5uMash7SyYq527Hqck2AxYysAA7xmALppuCkwQ"),
        ("xpub6D4BDPcP2GT577Vvch3R8wDkScZWzQzMMUm3PWbmWvVJrZwQY4VUNgqFJPMM3No2dFDFGTsxxpG5uJh7n7epu4trkrX7x7DogT5Uv6fcLW5", 2, "xpub6FHa3pjLCk84BayeJxFW2SP4XRrFd1JYnxeLeU8EqN3vDfZmbqBqaGJAyiLjTAwm6ZLRQUMv1ZACTj37sR62cfN7fe5JnJ7dh8zL4fiyLHV"),
        ("xpub6FHa3pjLCk84BayeJxFW2SP4XRrFd1JYnxeLeU8EqN3vDfZmbqBqaGJAyiLjTAwm6ZLRQUMv1ZACTj37sR62cfN7fe5JnJ7dh8zL4fiyLHV", 1_000_000_000, "xpub6H1LXWLaKsWFhvm6RVpEL9P4KfRZSW7abD2ttkWP3SSQvnyA8FSVqNTEcYFgJS2UaFcxupHiYkro49S8yGasTvXEYBVPamhGW6cFJodrTHy"),
        // Vector 2: m -> m/0, m/0/2147483647H -> .../1, .../2147483646H -> .../2.
        ("xpub661MyMwAqRbcFW31YEwpkMuc5THy2PSt5bDMsktWQcFF8syAmRUapSCGu8ED9W6oDMSgv6Zz8idoc4a6mr8BDzTJY47LJhkJ8UB7WEGuduB", 0, "xpub69H7F5d8KSRgmmdJg2KhpAK8SR3DjMwAdkxj3ZuxV27CprR9LgpeyGmXUbC6wb7ERfvrnKZjXoUmmDznezpbZb7ap6r1D3tgFxHmwMkQTPH"),
        ("xpub6ASAVgeehLbnwdqV6UKMHVzgqAG8Gr6riv3Fxxpj8ksbH9ebxaEyBLZ85ySDhKiLDBrQSARLq1uNRts8RuJiHjaDMBU4Zn9h8LZNnBC5y4a", 1, "xpub6DF8uhdarytz3FWdA8TvFSvvAh8dP3283MY7p2V4SeE2wyWmG5mg5EwVvmdMVCQcoNJxGoWaU9DCWh89LojfZ537wTfunKau47EL2dhHKon"),
        ("xpub6ERApfZwUNrhLCkDtcHTcxd75RbzS1ed54G1LkBUHQVHQKqhMkhgbmJbZRkrgZw4koxb5JaHWkY4ALHY2grBGRjaDMzQLcgJvLJuZZvRcEL", 2, "xpub6FnCn6nSzZAw5Tw7cgR9bi15UV96gLZhjDstkXXxvCLsUXBGXPdSnLFbdpq8p9HmGsApME5hQTZ3emM2rnY5agb9rXpVGyy3bdW6EEgAtqt"),
    ];
    for (parent, index, child) in pairs {
        let parent = extended_key::parse(parent).unwrap();
        let expected = extended_key::parse(child).unwrap();
        let derived = parent.node.child(index).unwrap();
        assert_eq!(derived.key, expected.node.key, "key of child {index}");
        assert_eq!(
            derived.chain_code, expected.node.chain_code,
            "chain code of child {index}"
        );
        // The run-based path gives the same key as the one-by-one one.
        let run = parent.node.child_keys(index, 1);
        assert_eq!(run, vec![Some(*expected.node.key.as_affine())]);
    }
}

fn addresses(text: &str, network: Network, choices: Choices, count: u32) -> Vec<String> {
    parse_watch_only(text, network, choices)
        .unwrap()
        .addresses(0, count)
        .into_iter()
        .map(|(_, address)| address)
        .collect()
}

#[test]
fn bip84_vectors() {
    let zpub = "zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH1r1ADqtfSdVCToUG868RvUUkgDKf31mGDtKsAYz2oz2AGutZYs";
    assert_eq!(
        addresses(zpub, Network::Mainnet, Choices::default(), 2),
        [
            "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu",
            "bc1qnjg0jd8228aq7egyzacy8cys3knf9xvrerkf9g"
        ]
    );
    // The change branch, through a descriptor over the same key as an xpub
    // would be written; here the zpub itself, which the page accepts too.
    assert_eq!(
        addresses(
            &format!("wpkh({zpub}/1/*)"),
            Network::Mainnet,
            Choices::default(),
            1
        ),
        ["bc1q8c6fshw2dlwun7ekn9qwf37cu2rn755upcp6el"]
    );
}

#[test]
fn bip86_vectors() {
    let xpub = "xpub6BgBgsespWvERF3LHQu6CnqdvfEvtMcQjYrcRzx53QJjSxarj2afYWcLteoGVky7D3UKDP9QyrLprQ3VCECoY49yfdDEHGCtMMj92pReUsQ";
    let bare = Choices {
        script: Some(ScriptType::Tr),
        chain: None,
    };
    // A bare xpub needs the chain too.
    assert!(parse_watch_only(xpub, Network::Mainnet, bare).is_err());
    let bare = Choices {
        chain: Some(crate::Chain::Bitcoin),
        ..bare
    };
    assert_eq!(
        addresses(xpub, Network::Mainnet, bare, 2),
        [
            "bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr",
            "bc1p4qhjn9zdvkux4e44uhx8tc55attvtyu358kutcqkudyccelu0was9fqzwh"
        ]
    );
    assert_eq!(
        addresses(
            &format!("tr({xpub}/1/*)"),
            Network::Mainnet,
            Choices::default(),
            1
        ),
        ["bc1p3qkhfews2uk44qtvauqyr2ttdsw7svhkl9nkm9s9c3x4ax5h60wqwruhk7"]
    );
}

#[test]
fn bip380_checksum_vector() {
    assert_eq!(
        descriptor_checksum("raw(deadbeef)").as_deref(),
        Some("89f8spxm")
    );
    assert_eq!(descriptor_checksum("raw(Ü)"), None);
}

//! Secrets that just miss a strict detector: each is refused, and no part of it
//! appears in anything a rejection shows (the page's list and the download).

use super::*;

const BTC: &str = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa";
const WIF: &str = "5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ";
const WIF_COMPRESSED: &str = "KwDiBf89QgGbjEhKnhXJuH7LrciVrZi3qYjgd9M7rFU73sVHnoWn";
const HEX: &str = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
const XPRV: &str = "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi";
const BIP39: [&str; 12] = [
    "legal", "winner", "thank", "year", "wave", "sausage", "worth", "useful", "legal", "winner",
    "thank", "yellow",
];
/// A SLIP-39 share of 20 words (the standard's test vector 1).
const SLIP39_20: &str = "duckling enlarge academic academic agency result length solution fridge kidney coal piece deal husband erode duke ajar critical decision keyboard";
/// An Electrum "old" seed (its own word list, 12 words).
const ELECTRUM_OLD: &str =
    "constant forest adore false green weave stop guy fur freeze giggle clock";

/// An extended private key of another script type or network, as long as an xprv.
fn extended(prefix: &str) -> String {
    format!("{prefix}{}", &XPRV[4..])
}

fn slip39_33() -> String {
    let words: Vec<&str> = SLIP39_20.split(' ').collect();
    words
        .iter()
        .cycle()
        .take(33)
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
}

fn key_array_with_spaces() -> String {
    let numbers: Vec<String> = (0..64).map(|i| format!("{:>3}", (i * 37) % 256)).collect();
    format!("[ {} ]", numbers.join(" , "))
}

/// Everything the import shows of its rejections, as the download has it.
fn shown(report: &ImportReport) -> String {
    report.rejected.iter().map(|r| format!("{r}\n")).collect()
}

/// Pieces of `secret` that must not be shown: every 8-character window of its
/// letters and digits (a word, or a slice of a key).
fn pieces(secret: &str) -> Vec<String> {
    let mut pieces: Vec<String> = secret
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.len() >= 5)
        .map(str::to_string)
        .collect();
    let compact: Vec<char> = secret.chars().filter(char::is_ascii_alphanumeric).collect();
    pieces.extend(compact.windows(8).step_by(8).map(|w| w.iter().collect()));
    pieces
}

fn assert_refused(name: &str, file: &str, text: &str, secret: &str) {
    let mut importer = Importer::new(Network::Mainnet, []);
    importer.add_file(file, text.as_bytes());
    let report = importer.finish();
    assert!(
        report.secrets_refused() >= 1,
        "{name}: not refused as a secret: {:?}",
        report.rejected
    );
    let shown = shown(&report);
    for piece in pieces(secret) {
        assert!(
            !shown
                .to_ascii_lowercase()
                .contains(&piece.to_ascii_lowercase()),
            "{name}: shows {piece:?} of the secret in {shown:?}"
        );
    }
    // At most the one real address beside the secret goes in.
    assert!(report.imported.len() <= 1, "{name}: {:?}", report.imported);
}

#[test]
fn seed_phrases_in_any_dress_are_refused_unshown() {
    let phrase = BIP39.join(" ");
    let capitalised: Vec<String> = BIP39
        .iter()
        .map(|w| w[..1].to_uppercase() + &w[1..])
        .collect();
    let numbered: Vec<String> = BIP39
        .iter()
        .enumerate()
        .map(|(i, w)| format!("{}. {w}", i + 1))
        .collect();
    let cases = [
        ("capitalised", capitalised.join(" ")),
        ("upper case", phrase.to_uppercase()),
        ("numbered", numbered.join(" ")),
        ("comma-separated", BIP39.join(",")),
        (
            "quoted and comma-separated",
            format!("\"{}\"", BIP39.join("\", \"")),
        ),
        ("after a label", format!("Seed: {phrase}")),
        ("SLIP-39, 20 words", SLIP39_20.to_string()),
        ("SLIP-39, 33 words", slip39_33()),
        ("Electrum (old list)", ELECTRUM_OLD.to_string()),
    ];
    for (name, secret) in cases {
        assert_refused(name, "list.txt", &format!("{BTC}\n{secret}\n"), &secret);
    }
}

#[test]
fn a_phrase_split_over_lines_is_refused_whole_or_never_shown() {
    let numbered: Vec<String> = BIP39
        .iter()
        .enumerate()
        .map(|(i, w)| format!("{}) {w}", i + 1))
        .collect();
    let phrase = BIP39.join(" ");
    assert_refused("numbered lines", "seed.txt", &numbered.join("\n"), &phrase);
    let in_fours: Vec<String> = BIP39.chunks(4).map(|c| c.join(" ")).collect();
    assert_refused(
        "four words a line",
        "seed.txt",
        &in_fours.join("\n"),
        &phrase,
    );
    // Beside addresses, no line is refused whole, but none is shown either.
    let mut importer = Importer::new(Network::Mainnet, []);
    let mixed = format!(
        "{BTC}\n{}\n{}\n",
        BIP39[..6].join(" "),
        BIP39[6..].join("\n")
    );
    importer.add_file("mixed.txt", mixed.as_bytes());
    let report = importer.finish();
    assert_eq!(report.imported.len(), 1);
    let shown = shown(&report);
    for word in BIP39 {
        assert!(!shown.contains(word), "shows {word:?}: {shown}");
    }
}

#[test]
fn keys_inside_other_text_are_refused_unshown() {
    let cases = [
        ("descriptor-style WIF", format!("p2wpkh:{WIF_COMPRESSED}")),
        ("quoted WIF", format!("\"{WIF}\"")),
        ("WIF with a trailing comma", format!("{WIF},")),
        ("0X hex", format!("0X{}", HEX.to_uppercase())),
        ("hex after a label", format!("key: 0x{HEX}")),
        ("an address and a key on one line", format!("{BTC} {WIF}")),
        (
            "an address and a key, comma-separated",
            format!("{BTC},{HEX}"),
        ),
        ("yprv", extended("yprv")),
        ("zprv", extended("zprv")),
        ("tprv", extended("tprv")),
        ("uprv", extended("uprv")),
        ("vprv", extended("vprv")),
        ("upper-case XPRV", XPRV.to_uppercase()),
        ("key array over 256 characters", key_array_with_spaces()),
    ];
    for (name, secret) in cases {
        assert_refused(name, "list.txt", &format!("{BTC}\n{secret}\n"), &secret);
    }
}

#[test]
fn csv_cells_that_hold_keys_are_refused_unshown() {
    let bad_index = format!("address,index\n{BTC},0\n{BTC}x,{WIF}\n");
    assert_refused("WIF in the index cell", "list.csv", &bad_index, WIF);
    let bad_chain = format!("address,chain\n{BTC}x,{HEX}\n");
    assert_refused("hex key in the chain cell", "list.csv", &bad_chain, HEX);
    let key_cell = format!("address;index\n\"{WIF_COMPRESSED}\";1\n");
    assert_refused(
        "quoted WIF in the address cell",
        "list.csv",
        &key_cell,
        WIF_COMPRESSED,
    );
}

#[test]
fn json_with_secret_fields_at_any_depth_is_refused() {
    let entry = format!("{{\"index\": 0, \"address\": \"{BTC}\"}}");
    let cases = [
        format!("{{\"addresses\": [{entry}], \"secret\": \"hunter2\"}}"),
        format!("{{\"addresses\": [{entry}], \"meta\": {{\"phrase\": \"hunter2\"}}}}"),
        format!("{{\"addresses\": [{entry}], \"wallet\": {{\"keys\": [{{\"xpriv\": \"hunter2\"}}]}}}}"),
        format!("{{\"addresses\": [{{\"index\": 0, \"address\": \"{BTC}\", \"pk\": \"hunter2\"}}]}}"),
        format!("{{\"addresses\": [{{\"index\": 0, \"address\": \"{BTC}\", \"extra\": {{\"Private_Key\": \"hunter2\"}}}}]}}"),
    ];
    for json in cases {
        assert_refused(&json, "wallet.json", &json, "hunter2");
    }
    let key_as_address = format!("{{\"addresses\": [{{\"index\": 0, \"address\": \"{WIF}\"}}]}}");
    assert_refused("WIF as the address", "list.json", &key_as_address, WIF);
    let key_as_index =
        format!("{{\"addresses\": [{{\"index\": \"{HEX}\", \"address\": \"{BTC}\"}}]}}");
    assert_refused("hex key as the index", "list.json", &key_as_index, HEX);
}

#[test]
fn mistyped_addresses_are_still_shown_to_find_them() {
    let mut importer = Importer::new(Network::Mainnet, []);
    importer.add_file("list.txt", format!("{BTC}x\n").as_bytes());
    let report = importer.finish();
    assert_eq!(
        report.rejected[0].excerpt.as_deref(),
        Some(&*format!("{BTC}x"))
    );
    assert_eq!(report.secrets_refused(), 0);
}

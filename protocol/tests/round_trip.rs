//! The page and the worker read each other's messages back exactly, and an old
//! worker's first word is not mistaken for this build's.

use scan_protocol::import::{ImportOutcome, ImportStage};
use scan_protocol::{FromWorker, ToWorker, BUILD_ID};
use scanner_engine::provider::breaker::BreakerStatus;
use scanner_engine::scan::checkpoint::ScanRange;
use scanner_engine::scan::{ChainSnapshot, ProviderStats, ScanEvent};
use scanner_engine::time::Millis;
use scanner_engine::Chain;

#[test]
fn a_report_reads_back_as_it_was_sent() {
    let sent = FromWorker::Progress {
        chain: Chain::Solana,
        snapshot: ChainSnapshot::never_scanned(12_345),
    };
    let read = FromWorker::decode(&sent.encode()).expect("decodes");
    assert_eq!(format!("{read:?}"), format!("{sent:?}"));
    assert_eq!(read.chain(), Some(Chain::Solana));
}

#[test]
fn a_scanning_cards_rate_eta_and_provider_health_survive_the_trip() {
    // The rate and ETA rest on the snapshot's private fields.
    let mut snapshot = ChainSnapshot::default();
    let events = [
        (
            ScanEvent::Started {
                range: ScanRange::All,
                deep: false,
                total: 1_000,
                already_checked: 0,
                already_funded: 0,
            },
            5_000,
        ),
        (
            ScanEvent::ProviderHealth {
                provider: 0,
                name: "a".into(),
                status: BreakerStatus::HalfOpen,
                stats: ProviderStats::default(),
            },
            6_000,
        ),
        (
            ScanEvent::BatchStored {
                checked: 250,
                funded: 3,
            },
            7_000,
        ),
    ];
    for (event, at) in events {
        snapshot.apply(event, Millis(at));
    }
    let sent = FromWorker::Progress {
        chain: Chain::BnbSmartChain,
        snapshot: snapshot.clone(),
    };
    let Ok(FromWorker::Progress { snapshot: read, .. }) = FromWorker::decode(&sent.encode()) else {
        panic!("a progress report reads back as one");
    };
    assert_eq!(read, snapshot);
    assert_eq!(read.addresses_per_second(), Some(125.0));
    assert_eq!(read.eta_ms(), Some(6_000));
    assert_eq!(read.providers[0].status, BreakerStatus::HalfOpen);
}

#[test]
fn an_import_outcome_reads_back_as_it_was_sent() {
    let outcome = ImportOutcome {
        imported: 3,
        rejected: 1,
        first_rejections: vec!["list.txt line 2: not an address".into()],
        totals: [1, 2, 0],
        ..ImportOutcome::default()
    };
    let sent = FromWorker::Imported {
        outcome: Ok(outcome.clone()),
    };
    match FromWorker::decode(&sent.encode()).expect("decodes") {
        FromWorker::Imported { outcome: Ok(read) } => assert_eq!(read, outcome),
        other => panic!("read back as {other:?}"),
    }
    let stage = FromWorker::ImportProgress {
        stage: ImportStage::Checking {
            checked: 10,
            read: 20,
        },
    };
    assert!(matches!(
        FromWorker::decode(&stage.encode()),
        Ok(FromWorker::ImportProgress {
            stage: ImportStage::Checking {
                checked: 10,
                read: 20
            }
        })
    ));
}

#[test]
fn a_command_reads_back_as_it_was_sent() {
    let sent = ToWorker::Stop {
        chain: Chain::Bitcoin,
    };
    assert!(matches!(
        ToWorker::decode(&sent.encode()),
        Ok(ToWorker::Stop {
            chain: Chain::Bitcoin
        })
    ));
}

#[test]
fn ready_names_this_build_and_an_old_workers_ready_is_not_read_as_it() {
    let ready = FromWorker::Ready {
        build: BUILD_ID.to_string(),
    };
    assert!(matches!(
        FromWorker::decode(&ready.encode()),
        Ok(FromWorker::Ready { build }) if build == BUILD_ID
    ));
    assert_eq!(BUILD_ID.len(), 16, "a 64-bit hash in hex");
    // Another build's Ready still reads as a Ready, so the page compares builds.
    let other = FromWorker::Ready {
        build: "0123456789abcdef".to_string(),
    };
    assert!(matches!(
        FromWorker::decode(&other.encode()),
        Ok(FromWorker::Ready { build }) if build != BUILD_ID
    ));
    // Nothing, or a truncated message, is no message at all.
    assert!(FromWorker::decode(&[]).is_err());
    let progress = FromWorker::Progress {
        chain: Chain::Bitcoin,
        snapshot: ChainSnapshot::never_scanned(3),
    }
    .encode();
    assert!(FromWorker::decode(&progress[..progress.len() - 1]).is_err());
}

#[test]
fn the_configuration_the_page_shows_holds_no_secret() {
    use scan_protocol::{ConfigLayers, ShownConfig};
    use scanner_engine::config::{builtin_providers, Overrides};
    use scanner_engine::Network;

    let key = "f00dfeed1234abcd5678ef90aabbccdd";
    // Any provider serves as the template: how it shows does not depend on its kind.
    let mut provider = builtin_providers(Chain::Bitcoin, Network::Mainnet).remove(0);
    provider.url = format!("https://me:s3cretpass@rpc.example/v2/{key}");
    provider.api_key = Some("HELIUSKEY-0123456789".to_string());
    let mut user = Overrides::default();
    user.providers.insert(Chain::Solana, vec![provider]);
    let layers = ConfigLayers::default().with_user(user);

    let shown = ShownConfig::of(&layers);
    // Everything the page is sent, in the form it is sent in.
    let sent = format!("{shown:?}");
    for secret in [key, "s3cretpass", "HELIUSKEY-0123456789"] {
        assert!(!sent.contains(secret), "{secret} is sent in {sent}");
    }
    let solana = shown.chain(Chain::Solana);
    assert!(solana.own_providers);
    let entry = &solana.providers[0];
    assert_eq!(entry.host, "rpc.example");
    assert!(
        entry.url.starts_with("https://••••@rpc.example/v2/"),
        "{}",
        entry.url
    );
    assert_eq!(entry.fields.url, entry.url, "the edit form shows it masked");
    assert!(entry.fields.api_key.is_empty());
    assert_eq!(entry.key.as_deref(), Some("••••6789"));
    assert_eq!(entry.limits, format!("{} rps", entry.fields.rps));
    // A chain the user left alone lists the site's providers, masked the same way.
    let bitcoin = shown.chain(Chain::Bitcoin);
    assert!(!bitcoin.own_providers);
    assert_eq!(
        bitcoin.providers.len(),
        layers.resolved.providers(Chain::Bitcoin).len()
    );
    assert_eq!(
        shown.chain(Chain::BnbSmartChain).tokens.len(),
        layers.resolved.tokens(Chain::BnbSmartChain).len()
    );
}

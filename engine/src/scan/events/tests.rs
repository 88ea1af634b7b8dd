use super::*;

#[test]
fn a_resumed_scan_reports_rate_eta_and_its_end() {
    let mut snapshot = ChainSnapshot::default();
    assert_eq!(snapshot.state.as_str(), "idle");
    snapshot.apply(
        ScanEvent::Started {
            range: ScanRange::All,
            deep: false,
            total: 1000,
            already_checked: 200,
            already_funded: 4,
        },
        Millis(10_000),
    );
    assert_eq!(
        (snapshot.state, snapshot.scanned),
        (ChainState::Scanning, 200)
    );
    assert_eq!(snapshot.addresses_per_second(), None);

    snapshot.apply(
        ScanEvent::BatchStored {
            checked: 100,
            funded: 3,
        },
        Millis(12_000),
    );
    snapshot.apply(
        ScanEvent::BatchStored {
            checked: 100,
            funded: 0,
        },
        Millis(14_000),
    );
    assert_eq!(snapshot.scanned, 400);
    assert_eq!(snapshot.funded, 7);
    assert_eq!(snapshot.addresses_per_second(), Some(50.0));
    assert_eq!(snapshot.eta_ms(), Some(12_000));

    snapshot.apply(
        ScanEvent::Finished {
            outcome: ScanOutcome::Failed,
            unchecked: 600,
        },
        Millis(15_000),
    );
    assert_eq!(snapshot.state.as_str(), "failed");
    assert_eq!(snapshot.unchecked, 600);
    assert_eq!(snapshot.eta_ms(), None);
}

#[test]
fn a_reload_shows_an_interrupted_scan_as_paused_with_its_progress() {
    let checkpoint = Checkpoint {
        chain: crate::Chain::Bitcoin,
        scan_id: 3,
        range: Default::default(),
        deep: false,
        state: CheckpointState::Running,
        scanned: 40,
        in_range: 0,
        funded: 2,
        started_at_unix_ms: 0,
        updated_at_unix_ms: 0,
        tokens: Vec::new(),
        earlier_tokens: Default::default(),
        fresh: false,
    };
    let snapshot = ChainSnapshot::from_checkpoint(&checkpoint, 100);
    assert_eq!(snapshot.state, ChainState::Paused);
    assert_eq!(
        (snapshot.scanned, snapshot.funded, snapshot.unchecked),
        (40, 2, 60)
    );
    let completed = Checkpoint {
        state: CheckpointState::Completed,
        scanned: 100,
        in_range: 0,
        ..checkpoint
    };
    let snapshot = ChainSnapshot::from_checkpoint(&completed, 100);
    assert_eq!(
        (snapshot.state, snapshot.unchecked),
        (ChainState::Completed, 0)
    );
}

#[test]
fn stopping_keeps_progress_and_counts_the_rest_as_unchecked() {
    let mut snapshot = ChainSnapshot::default();
    snapshot.apply(
        ScanEvent::Started {
            range: ScanRange::All,
            deep: false,
            total: 50,
            already_checked: 0,
            already_funded: 0,
        },
        Millis(0),
    );
    snapshot.apply(
        ScanEvent::BatchStored {
            checked: 20,
            funded: 1,
        },
        Millis(500),
    );
    snapshot.apply(ScanEvent::Stopped, Millis(600));
    assert_eq!(snapshot.state, ChainState::Paused);
    assert_eq!(
        (snapshot.scanned, snapshot.funded, snapshot.unchecked),
        (20, 1, 30)
    );
}

#[test]
fn provider_health_is_kept_per_provider() {
    let mut snapshot = ChainSnapshot::default();
    let stats = ProviderStats {
        requests: 9,
        rate_limited: 1,
        failures: 2,
        last_latency_ms: Some(120),
        last_error: None,
        left_out: false,
    };
    snapshot.apply(
        ScanEvent::ProviderHealth {
            provider: 1,
            name: "b".into(),
            status: BreakerStatus::Open,
            stats: stats.clone(),
        },
        Millis(1),
    );
    assert_eq!(snapshot.providers.len(), 2);
    assert_eq!(snapshot.providers[1].status, BreakerStatus::Open);
    assert_eq!(snapshot.providers[1].stats, stats);
}

#[test]
fn a_serialized_snapshot_keeps_its_rate_eta_and_providers() {
    // Snapshots travel to the page serialized (postcard: scan-protocol's tests
    // check that trip too); the rate and ETA rest on private fields, which must
    // be part of any serde form.
    let mut snapshot = ChainSnapshot::default();
    snapshot.apply(
        ScanEvent::Started {
            range: ScanRange::All,
            deep: false,
            total: 1_000,
            already_checked: 0,
            already_funded: 0,
        },
        Millis(5_000),
    );
    snapshot.apply(
        ScanEvent::ProviderHealth {
            provider: 0,
            name: "a".into(),
            status: BreakerStatus::HalfOpen,
            stats: ProviderStats::default(),
        },
        Millis(6_000),
    );
    snapshot.apply(
        ScanEvent::BatchStored {
            checked: 250,
            funded: 3,
        },
        Millis(7_000),
    );
    let text = serde_json::to_string(&snapshot).expect("encodes");
    let received: ChainSnapshot = serde_json::from_str(&text).expect("decodes");
    assert_eq!(received, snapshot);
    assert_eq!(received.addresses_per_second(), Some(125.0));
    assert_eq!(received.eta_ms(), Some(6_000));
    assert_eq!(received.providers[0].status, BreakerStatus::HalfOpen);
}

use super::*;

const HOUR: u64 = 60 * 60 * 1000;

fn checkpoint(state: CheckpointState, updated: u64) -> Checkpoint {
    Checkpoint {
        chain: Chain::Solana,
        scan_id: 7,
        range: ScanRange::All,
        deep: false,
        state,
        scanned: 40,
        in_range: 0,
        funded: 2,
        started_at_unix_ms: 0,
        updated_at_unix_ms: updated,
        tokens: Vec::new(),
        earlier_tokens: Default::default(),
        fresh: false,
    }
}

#[test]
fn first_scan_is_fresh_with_the_range() {
    let range = ScanRange::Indices {
        first: 10,
        last: 19,
    };
    let StartDecision::Fresh(cp) = decide_start(
        Chain::Bitcoin,
        None,
        false,
        range,
        5,
        DEFAULT_STALE_AFTER_MS,
    ) else {
        panic!("expected a fresh scan")
    };
    assert_eq!((cp.scan_id, cp.range, cp.scanned), (1, range, 0));
    assert!(range.covers(1, 10, None) && range.covers(1, 19, None) && !range.covers(1, 20, None));
}

#[test]
fn an_interrupted_scan_resumes_unless_stale_or_rescanned() {
    for state in [
        CheckpointState::Running,
        CheckpointState::Paused,
        CheckpointState::Failed,
    ] {
        let latest = checkpoint(state, 10 * HOUR);
        let recent = decide_start(
            Chain::Solana,
            Some(latest.clone()),
            false,
            ScanRange::All,
            11 * HOUR,
            DEFAULT_STALE_AFTER_MS,
        );
        assert_eq!(recent, StartDecision::Resume(latest.clone()));

        let stale = decide_start(
            Chain::Solana,
            Some(latest.clone()),
            false,
            ScanRange::All,
            40 * HOUR,
            DEFAULT_STALE_AFTER_MS,
        );
        assert_eq!(
            stale,
            StartDecision::AskUser {
                checkpoint: latest.clone(),
                age_ms: Some(30 * HOUR)
            }
        );

        let rescan = decide_start(
            Chain::Solana,
            Some(latest),
            true,
            ScanRange::All,
            11 * HOUR,
            DEFAULT_STALE_AFTER_MS,
        );
        assert!(matches!(
            rescan,
            StartDecision::Fresh(Checkpoint {
                scan_id: 8,
                scanned: 0,
                in_range: 0,
                ..
            })
        ));
    }
}

#[test]
fn importing_into_a_completed_chain_pauses_it_so_only_new_addresses_are_checked() {
    let completed = checkpoint(CheckpointState::Completed, HOUR);
    let paused = completed.clone().after_import();
    assert_eq!(paused.state, CheckpointState::Paused);
    let decision = decide_start(
        Chain::Solana,
        Some(paused.clone()),
        false,
        ScanRange::All,
        2 * HOUR,
        DEFAULT_STALE_AFTER_MS,
    );
    assert_eq!(decision, StartDecision::Resume(paused));
    // Other states are unchanged by an import.
    let running = checkpoint(CheckpointState::Running, HOUR);
    assert_eq!(running.clone().after_import(), running);
}

#[test]
fn a_completed_scan_starts_fresh_with_a_new_id() {
    let latest = checkpoint(CheckpointState::Completed, HOUR);
    let decision = decide_start(
        Chain::Solana,
        Some(latest),
        false,
        ScanRange::All,
        2 * HOUR,
        DEFAULT_STALE_AFTER_MS,
    );
    assert!(matches!(
        decision,
        StartDecision::Fresh(Checkpoint { scan_id: 8, .. })
    ));
}

fn token(symbol: &str) -> Token {
    Token {
        symbol: symbol.to_string(),
        address: format!("{symbol}-mint"),
        decimals: crate::amount::Decimals::new(6).unwrap(),
        program: Default::default(),
    }
}

#[test]
fn a_scan_keeps_the_tokens_it_started_with_and_later_scans_remember_them() {
    let usdc = vec![token("USDC")];
    let usdt = vec![token("USDT")];
    let StartDecision::Fresh(mut first) = decide_start(
        Chain::Solana,
        None,
        false,
        ScanRange::All,
        HOUR,
        DEFAULT_STALE_AFTER_MS,
    ) else {
        panic!("expected a fresh scan")
    };
    assert_eq!(first.adopt_tokens(&usdc), usdc);
    // Resumed after the settings changed: still the list it started with.
    assert_eq!(first.adopt_tokens(&usdt), usdc);
    assert_eq!(first.tokens_of(first.scan_id), Some(usdc.as_slice()));

    let mut latest = first.clone();
    for _ in 0..(EARLIER_TOKEN_LISTS + 3) {
        let StartDecision::Fresh(mut next) = decide_start(
            Chain::Solana,
            Some(latest.clone()),
            true,
            ScanRange::All,
            2 * HOUR,
            DEFAULT_STALE_AFTER_MS,
        ) else {
            panic!("expected a fresh scan")
        };
        assert_eq!(next.adopt_tokens(&usdt), usdt);
        assert_eq!(
            next.tokens_of(latest.scan_id),
            Some(usdc.as_slice())
                .filter(|_| latest.scan_id == first.scan_id)
                .or(Some(usdt.as_slice()))
        );
        latest = next;
    }
    // Only the latest few earlier lists are kept; the first scan's is gone.
    assert_eq!(latest.earlier_tokens.len(), EARLIER_TOKEN_LISTS);
    assert_eq!(latest.tokens_of(first.scan_id), None);
    // A checkpoint stored before tokens were recorded knows no list.
    let legacy: Checkpoint = serde_json::from_str(
        r#"{"chain":"SOL","scan_id":3,"range":"All","state":"paused","scanned":1,"funded":0,"started_at_unix_ms":1,"updated_at_unix_ms":2}"#,
    )
    .unwrap();
    assert_eq!(legacy.tokens_of(3), None);
}

#[test]
fn a_checkpoint_dated_in_the_future_is_never_resumed_silently() {
    let latest = checkpoint(CheckpointState::Paused, 10 * HOUR);
    let decide = |now| {
        decide_start(
            Chain::Solana,
            Some(latest.clone()),
            false,
            ScanRange::All,
            now,
            DEFAULT_STALE_AFTER_MS,
        )
    };
    // A clock corrected by a few seconds: resumed as usual.
    assert_eq!(
        decide(10 * HOUR - 5_000),
        StartDecision::Resume(latest.clone())
    );
    // Dated an hour ahead: the clock changed, and the age is unknown.
    assert_eq!(
        decide(9 * HOUR),
        StartDecision::AskUser {
            checkpoint: latest.clone(),
            age_ms: None
        }
    );
}

#[test]
fn earlier_token_lists_keep_their_stored_json_shape() {
    // Checkpoints are stored as JSON text: the lists by scan id are an object
    // keyed by the id as a string, written in id order, and must read back from
    // what earlier builds wrote in any order.
    let mut stored = checkpoint(CheckpointState::Completed, HOUR);
    stored.earlier_tokens.insert(5, vec![token("USDT")]);
    stored.earlier_tokens.insert(3, vec![token("USDC")]);
    let json = serde_json::to_string(&stored).unwrap();
    let usdc = serde_json::to_string(&token("USDC")).unwrap();
    let usdt = serde_json::to_string(&token("USDT")).unwrap();
    let in_order = format!(r#""earlier_tokens":{{"3":[{usdc}],"5":[{usdt}]}}"#);
    assert!(json.contains(&in_order), "{json}");
    assert_eq!(serde_json::from_str::<Checkpoint>(&json).unwrap(), stored);

    let reversed = format!(r#""earlier_tokens":{{"5":[{usdt}],"3":[{usdc}]}}"#);
    let read: Checkpoint = serde_json::from_str(&json.replace(&in_order, &reversed)).unwrap();
    assert_eq!(read, stored);
    assert_eq!(read.tokens_of(3), Some([token("USDC")].as_slice()));
    assert_eq!(read.tokens_of(5), Some([token("USDT")].as_slice()));

    // No earlier lists: still an (empty) object, never an array.
    let first = checkpoint(CheckpointState::Running, HOUR);
    let json = serde_json::to_string(&first).unwrap();
    assert!(json.ends_with(r#""earlier_tokens":{}}"#), "{json}");
    assert_eq!(serde_json::from_str::<Checkpoint>(&json).unwrap(), first);
}

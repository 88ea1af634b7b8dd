//! The limiter's schedules: the opening window, pacing and its catch-up,
//! batches, holds, cold requests, and the bound under random schedules.

use super::*;
use proptest::prelude::*;

#[test]
fn a_fresh_limiter_waits_one_window_then_allows_rps() {
    let mut limiter = RateLimiter::new(3, 100, Millis(0));
    assert_eq!(limiter.try_take(Millis(0), 1), Err(Millis(1100)));
    // Paced one unit per 333 ms, and never more than 3 in 1,100 ms.
    assert_eq!(limiter.try_take(Millis(1100), 1), Ok(()));
    assert_eq!(limiter.try_take(Millis(1100), 1), Err(Millis(1433)));
    assert_eq!(limiter.try_take(Millis(1433), 1), Ok(()));
    assert_eq!(limiter.try_take(Millis(1766), 1), Ok(()));
    assert_eq!(limiter.try_take(Millis(2099), 1), Err(Millis(2200)));
    assert_eq!(limiter.try_take(Millis(2200), 1), Ok(()));
}

#[test]
fn a_provider_known_to_be_quiet_opens_without_waiting() {
    // Quiet for a whole window: full rate at once (still paced).
    let mut quiet = RateLimiter::quiet_for(3, 100, Millis(5_000), Some(1_100));
    assert_eq!(quiet.try_take(Millis(5_000), 1), Ok(()));
    assert_eq!(quiet.try_take(Millis(5_000), 1), Err(Millis(5_333)));
    // Quiet for 600 ms: the window's rest, 500 ms, is waited out.
    let mut recent = RateLimiter::quiet_for(3, 100, Millis(5_000), Some(600));
    assert_eq!(recent.try_take(Millis(5_000), 1), Err(Millis(5_500)));
    // Not known: a whole window.
    let mut unknown = RateLimiter::quiet_for(3, 100, Millis(5_000), None);
    assert_eq!(unknown.try_take(Millis(5_000), 1), Err(Millis(6_100)));
    // Quiet for longer than the clock has run: as if sent at its origin.
    let mut early = RateLimiter::quiet_for(3, 100, Millis(200), Some(900));
    assert_eq!(early.try_take(Millis(200), 1), Err(Millis(1_100)));
}

#[test]
fn late_wakes_do_not_slow_the_pace() {
    // A timer that always wakes 4 ms late, at 20 rps (one per 50 ms), with
    // the window out of the way: 100 sends still take 100 intervals.
    let mut limiter = RateLimiter::quiet_for(20, 0, Millis(0), Some(u64::MAX));
    let mut now = Millis(0);
    let mut sent = Vec::new();
    while sent.len() < 100 {
        match limiter.try_take(now, 1) {
            Ok(()) => sent.push(now.0),
            Err(at) => now = at + 4,
        }
    }
    // Only the window (which counts from actual sends) loses the 4 ms, once
    // per 20 sends; pacing from each wake would lose them on every send
    // (99 x 54 ms).
    let span = sent[99] - sent[0];
    assert!(span <= 99 * 50 + 5 * 4, "100 sends took {span} ms");
    // And never more than 20 in any second.
    for (i, &t) in sent.iter().enumerate() {
        assert!(sent[i..].iter().take_while(|&&u| u < t + 1000).count() <= 20);
    }
}

#[test]
fn a_send_up_to_two_intervals_late_is_caught_up() {
    // 5 rps: one send per 200 ms (no burst below 8 rps), the window out of
    // the way.
    let mut limiter = RateLimiter::quiet_for(5, 0, Millis(0), Some(u64::MAX));
    assert_eq!(limiter.try_take(Millis(0), 1), Ok(()));
    // Due at 200, sent at 500 (a busy thread): the next was due at 400, so it
    // may go at once rather than wait until 700, and the one after keeps
    // the schedule (600).
    assert_eq!(limiter.try_take(Millis(500), 1), Ok(()));
    assert_eq!(limiter.try_take(Millis(500), 1), Ok(()));
    assert_eq!(limiter.try_take(Millis(500), 1), Err(Millis(600)));
    // Later than two intervals (an idle provider): paced from now.
    assert_eq!(limiter.try_take(Millis(1500), 1), Ok(()));
    assert_eq!(limiter.try_take(Millis(1500), 1), Err(Millis(1700)));
}

#[test]
fn sends_are_paced_evenly_after_a_short_burst() {
    // 10 rps: a burst of two (a quarter of rps), then one per 100 ms.
    let mut limiter = RateLimiter::new(10, 100, Millis(0));
    let sent = send_all(&mut limiter, 12);
    assert_eq!(
        sent,
        [1100, 1100, 1200, 1300, 1400, 1500, 1600, 1700, 1800, 1900, 2200, 2200]
    );
    // Below 8 rps, no burst at all.
    let mut slow = RateLimiter::new(5, 100, Millis(0));
    assert_eq!(
        send_all(&mut slow, 7),
        [1100, 1300, 1500, 1700, 1900, 2200, 2400]
    );
}

#[test]
fn the_opening_burst_shortens_a_short_scan_by_its_length() {
    // 50 requests at 20 rps with a 30 ms margin, from a quiet provider: five
    // at once, then one per 50 ms; each later window repeats the first a
    // window (1,030 ms) later, so the last leaves at the 10th's time (250)
    // plus two windows, not at 450 plus two windows as evenly paced.
    let mut limiter = RateLimiter::quiet_for(20, 30, Millis(0), Some(u64::MAX));
    let sent = send_all(&mut limiter, 50);
    assert_eq!(sent[..6], [0, 0, 0, 0, 0, 50]);
    assert_eq!(sent[20..26], [1030, 1030, 1030, 1030, 1030, 1080]);
    assert_eq!(sent[49], 2310);
    for (i, &t) in sent.iter().enumerate() {
        assert!(sent[i..].iter().take_while(|&&u| u < t + 1030).count() <= 20);
    }
}

/// Sends `count` single requests, each as soon as `limiter` allows, from 0,
/// each answered at once (so only the window and the pace hold them).
fn send_all(limiter: &mut RateLimiter, count: usize) -> Vec<u64> {
    let mut sent = Vec::new();
    let mut now = Millis(0);
    while sent.len() < count {
        match limiter.try_take(now, 1) {
            Ok(()) => {
                limiter.on_return(now, 1, now, true);
                sent.push(now.0);
            }
            Err(at) => now = at,
        }
    }
    sent
}

/// A limiter of `rps` with no margin, open at once, for a provider whose
/// requests are given up after 4 s and preflighted, the preflight kept 5 s.
fn preflighted(rps: u32) -> RateLimiter {
    RateLimiter::quiet_for(rps, 0, Millis(0), Some(u64::MAX))
        .returning_within(4000)
        .preflight_kept(Some(5000))
}

#[test]
fn a_cold_request_in_flight_counts_as_arriving_at_its_deadline() {
    // 2 rps, no margin, open at once; requests given up after 4 s; the
    // browser keeps a preflight 5 s.
    let mut limiter = preflighted(2);
    assert_eq!(limiter.try_take(Millis(0), 1), Ok(()));
    limiter.on_return(Millis(0), 1, Millis(100), true);
    // Once the preflight has expired for sure (5 s after the answer), two
    // go out cold and neither has come back.
    assert_eq!(limiter.try_take(Millis(5200), 1), Ok(()));
    assert_eq!(limiter.try_take(Millis(5700), 1), Ok(()));
    limiter.on_return(Millis(5200), 1, Millis(6300), true);
    // The second is still out: it may yet arrive, so only the first's
    // place frees, a second after it came back.
    assert_eq!(limiter.try_take(Millis(6700), 1), Err(Millis(7300)));
    assert_eq!(limiter.try_take(Millis(7300), 1), Ok(()));
    limiter.on_return(Millis(5700), 1, Millis(7400), true);
    assert_eq!(limiter.try_take(Millis(7800), 1), Err(Millis(8300)));
    // Sent warm: logged when sent, whenever it returns.
    assert_eq!(limiter.try_take(Millis(8300), 1), Ok(()));
    assert_eq!(limiter.try_take(Millis(8800), 1), Ok(()));
    limiter.on_return(Millis(8300), 1, Millis(9250), true);
    assert_eq!(limiter.try_take(Millis(9300), 1), Ok(()));
}

#[test]
fn an_answer_that_may_have_used_the_old_preflight_does_not_warm() {
    // 4 rps (one per 250 ms), no margin; the preflight kept 5 s. The first
    // answer came at 300: the preflight may expire from 5,000 (5 s after
    // the send) and has for sure by 5,300 (5 s after the answer).
    let mut limiter = preflighted(4);
    assert_eq!(limiter.try_take(Millis(0), 1), Ok(()));
    limiter.on_return(Millis(0), 1, Millis(300), true);
    // Sent cold before 5,300 and answered: the browser may have used the
    // old preflight, which may expire right after, so the next one still
    // goes out cold and counts from its return (5,400), not its send.
    assert_eq!(limiter.try_take(Millis(5000), 1), Ok(()));
    limiter.on_return(Millis(5000), 1, Millis(5050), true);
    assert_eq!(limiter.try_take(Millis(5250), 1), Ok(()));
    limiter.on_return(Millis(5250), 1, Millis(5400), true);
    // Sent after 5,300: it made a preflight of its own, and its answer
    // warms the provider (the next is logged when sent).
    assert_eq!(limiter.try_take(Millis(5500), 1), Ok(()));
    limiter.on_return(Millis(5500), 1, Millis(5600), true);
    assert_eq!(limiter.try_take(Millis(5750), 1), Ok(()));
    assert_eq!(limiter.try_take(Millis(6000), 1), Err(Millis(6050)));
    assert_eq!(limiter.try_take(Millis(6050), 1), Ok(()));
    assert_eq!(limiter.try_take(Millis(6300), 1), Err(Millis(6400)));
}

#[test]
fn the_first_contact_goes_alone_and_the_rest_follow_its_answer() {
    // 20 rps (a burst of five), open at once; requests given up after 4 s.
    let mut limiter =
        RateLimiter::quiet_for(20, 30, Millis(0), Some(u64::MAX)).returning_within(4000);
    assert_eq!(limiter.try_take(Millis(0), 1), Ok(()));
    // Nothing else goes until it is answered or given up.
    assert_eq!(limiter.try_take(Millis(10), 1), Err(Millis(4000)));
    limiter.on_return(Millis(0), 1, Millis(120), true);
    // Answered at 120: the rest of the burst (four) follows at once,
    // counted from when they leave, then the pace from there (not also the
    // slots the pace let pass while the first was out).
    let mut now = Millis(120);
    let mut sent = vec![120];
    while sent.len() < 21 {
        match limiter.try_take(now, 1) {
            Ok(()) => sent.push(now.0),
            Err(at) => now = at,
        }
    }
    assert_eq!(sent[..7], [120, 120, 120, 120, 120, 170, 220]);
    assert_eq!(sent[19], 870);
    // The window counts the first from its answer (it may have arrived as
    // late as that: a connection and a preflight first), the others from
    // their sends: the 21st a window after the first's answer, not after
    // its send (1,030).
    assert_eq!(sent[20], 1150);
}

#[test]
fn a_first_contact_given_up_lets_the_next_go_alone() {
    let mut limiter =
        RateLimiter::quiet_for(20, 30, Millis(0), Some(u64::MAX)).returning_within(4000);
    assert_eq!(limiter.try_take(Millis(0), 1), Ok(()));
    // A timeout: the provider is still not known to answer, so the next
    // goes alone too.
    limiter.on_return(Millis(0), 1, Millis(4000), false);
    assert_eq!(limiter.try_take(Millis(4000), 1), Ok(()));
    assert_eq!(limiter.try_take(Millis(4000), 1), Err(Millis(8000)));
}

#[test]
fn a_cold_request_that_failed_still_counts_from_its_return() {
    let mut limiter = RateLimiter::quiet_for(1, 0, Millis(0), Some(u64::MAX));
    assert_eq!(limiter.try_take(Millis(0), 1), Ok(()));
    // A timeout after 4 s: it may have arrived just before. No answer, so
    // the provider stays cold.
    limiter.on_return(Millis(0), 1, Millis(4000), false);
    assert_eq!(limiter.try_take(Millis(4500), 1), Err(Millis(5000)));
    assert_eq!(limiter.try_take(Millis(5000), 1), Ok(()));
    limiter.on_return(Millis(5000), 1, Millis(5100), true);
    assert_eq!(limiter.try_take(Millis(6000), 1), Err(Millis(6100)));
}

#[test]
fn batch_arrays_count_each_call() {
    let mut limiter = RateLimiter::new(5, 0, Millis(0));
    assert_eq!(limiter.try_take(Millis(1000), 4), Ok(()));
    // Four units pace the next send by 4 x 200 ms.
    assert_eq!(limiter.try_take(Millis(1001), 1), Err(Millis(1800)));
    assert_eq!(limiter.try_take(Millis(1800), 2), Err(Millis(2000)));
    assert_eq!(limiter.try_take(Millis(1800), 1), Ok(()));
}

#[test]
fn retry_after_holds_every_request_back() {
    let mut limiter = RateLimiter::new(10, 0, Millis(0));
    limiter.hold_until(Millis(5000));
    limiter.hold_until(Millis(3000));
    assert_eq!(limiter.try_take(Millis(4999), 1), Err(Millis(5000)));
    assert_eq!(limiter.try_take(Millis(5000), 1), Ok(()));
}

#[test]
#[should_panic(expected = "exceeds the limit")]
fn a_request_larger_than_the_limit_is_a_planning_bug() {
    let _ = RateLimiter::new(2, 0, Millis(0)).try_take(Millis(5000), 3);
}

proptest! {
    /// Under any schedule of attempts, the accepted sends never put more than
    /// `rps` units in any window of one second plus the margin, and a caller that
    /// waits as told is admitted.
    #[test]
    fn the_bound_holds_under_random_schedules(
        rps in 1u32..20,
        margin in 0u64..200,
        attempts in proptest::collection::vec((0u64..400, 1u32..20), 1..300),
    ) {
        let mut limiter = RateLimiter::new(rps, margin, Millis(0));
        let mut now = Millis(0);
        let mut accepted: Vec<(Millis, u32)> = Vec::new();
        for (gap, units) in attempts {
            now = now + gap;
            let units = units.min(rps);
            match limiter.try_take(now, units) {
                Ok(()) => accepted.push((now, units)),
                Err(retry_at) => {
                    prop_assert!(retry_at > now);
                    prop_assert_eq!(limiter.try_take(retry_at, units), Ok(()));
                    accepted.push((retry_at, units));
                    now = retry_at;
                }
            }
        }
        let window = 1000 + margin;
        for &(start, _) in &accepted {
            let in_window: u32 = accepted
                .iter()
                .filter(|(t, _)| *t >= start && t.since(start) < window)
                .map(|(_, units)| units)
                .sum();
            prop_assert!(in_window <= rps, "{} units in the window from {:?}", in_window, start);
        }
        // Nothing is sent before the opening window has passed.
        prop_assert!(accepted.iter().all(|(t, _)| t.0 >= window));
    }
}

#[test]
fn a_preflighted_provider_goes_cold_again_when_its_preflight_may_have_expired() {
    // 2 rps, no margin, open at once; preflights kept 5 s.
    let mut limiter = preflighted(2);
    assert_eq!(limiter.try_take(Millis(100), 1), Ok(()));
    limiter.on_return(Millis(100), 1, Millis(300), true);
    // Warm: logged when sent, whenever it returns.
    assert_eq!(limiter.try_take(Millis(4000), 1), Ok(()));
    limiter.on_return(Millis(4000), 1, Millis(4900), true);
    // 5 s after the send that warmed it (100), the preflight may be gone:
    // these two go out cold, and count from their returns.
    assert_eq!(limiter.try_take(Millis(5100), 1), Ok(()));
    assert_eq!(limiter.try_take(Millis(5600), 1), Ok(()));
    limiter.on_return(Millis(5100), 1, Millis(6000), true);
    limiter.on_return(Millis(5600), 1, Millis(6200), true);
    assert_eq!(limiter.try_take(Millis(6300), 1), Err(Millis(7000)));
    // Warm again since 6,200 (the answer to the one sent after 5,300, when
    // the old preflight had surely expired): sends count from when they left.
    assert_eq!(limiter.try_take(Millis(7000), 1), Ok(()));
    limiter.on_return(Millis(7000), 1, Millis(7300), true);
    assert_eq!(limiter.try_take(Millis(7500), 1), Ok(()));
    assert_eq!(limiter.try_take(Millis(8000), 1), Ok(()));
}

//! The deadlines of the requests in flight, behind one timer.
//!
//! A timer per request (set when it leaves, cleared when it is answered) cost
//! the scan worker a `setTimeout` and a `clearTimeout` per request: 4% of its
//! busy time at 200 requests a second in a trace. Here one timer waits for the
//! earliest deadline; an answered request only leaves the table. When the
//! timer fires, every request past its deadline is aborted and the timer is
//! armed for the next one, so a scan's requests (whose deadlines come in the
//! order they were sent) cost about one timer per timeout period.
//!
//! The table is a plain list: the requests in flight are a few per provider,
//! and a list's code is already in the binary (a sorted map's was 7.8 KB of
//! the worker's wasm, 2.7 KB gzip).

use scanner_engine::ports::Clock;
use std::cell::RefCell;
use web_sys::AbortController;

/// A request's entry in the table.
pub(super) type DeadlineKey = u64;

struct Pending {
    key: DeadlineKey,
    deadline: u64,
    controller: AbortController,
}

#[derive(Default)]
struct Deadlines {
    pending: Vec<Pending>,
    next_key: DeadlineKey,
    /// The moment the timer is armed for, and the timer.
    armed: Option<(u64, gloo_timers::callback::Timeout)>,
}

thread_local! {
    static DEADLINES: RefCell<Deadlines> = RefCell::default();
}

fn now_ms() -> u64 {
    crate::clock::BrowserClock.now().0
}

/// Aborts `controller` once `timeout_ms` have passed, unless [`settle`]d first.
pub(super) fn watch(controller: AbortController, timeout_ms: u64) -> DeadlineKey {
    let deadline = now_ms().saturating_add(timeout_ms);
    DEADLINES.with(|cell| {
        let mut table = cell.borrow_mut();
        let key = table.next_key;
        table.next_key += 1;
        table.pending.push(Pending {
            key,
            deadline,
            controller,
        });
        if table.armed.as_ref().is_none_or(|(at, _)| deadline < *at) {
            arm(&mut table, deadline);
        }
        key
    })
}

/// The request answered, failed or was dropped: its deadline no longer holds.
pub(super) fn settle(key: DeadlineKey) {
    DEADLINES.with(|cell| {
        let mut table = cell.borrow_mut();
        if let Some(place) = table.pending.iter().position(|p| p.key == key) {
            table.pending.swap_remove(place);
        }
    });
}

fn arm(table: &mut Deadlines, at: u64) {
    let wait = at.saturating_sub(now_ms()).min(u64::from(u32::MAX)) as u32;
    table.armed = Some((at, gloo_timers::callback::Timeout::new(wait, fire)));
}

/// Aborts what is overdue, then waits for the next deadline. The aborts run
/// after the table is released: an abort rejects its fetch, whose future may
/// settle its key at once.
fn fire() {
    let overdue: Vec<AbortController> = DEADLINES.with(|cell| {
        let mut table = cell.borrow_mut();
        table.armed = None;
        let now = now_ms();
        let mut overdue = Vec::new();
        table.pending.retain(|p| {
            let due = p.deadline <= now;
            if due {
                overdue.push(p.controller.clone());
            }
            !due
        });
        if let Some(next) = table.pending.iter().map(|p| p.deadline).min() {
            arm(&mut table, next);
        }
        overdue
    });
    for controller in overdue {
        controller.abort();
    }
}

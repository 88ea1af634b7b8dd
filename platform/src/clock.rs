//! The engine's clock in the browser: `performance.now()` for intervals (monotonic),
//! `Date.now()` for timestamps, gloo timers for sleeping.

use scanner_engine::ports::Clock;
use scanner_engine::time::Millis;
use std::future::Future;

#[derive(Clone, Copy, Debug, Default)]
pub struct BrowserClock;

impl Clock for BrowserClock {
    fn now(&self) -> Millis {
        Millis(super::global::performance_now() as u64)
    }

    fn unix_ms(&self) -> u64 {
        js_sys::Date::now() as u64
    }

    fn sleep_until(&self, until: Millis) -> impl Future<Output = ()> {
        // Timers take u32 milliseconds; a longer wait is simply woken early.
        let wait = until.since(self.now()).min(u64::from(u32::MAX)) as u32;
        gloo_timers::future::TimeoutFuture::new(wait)
    }
}

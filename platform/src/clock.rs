//! The engine's clock in the browser: `performance.now()` for intervals (monotonic),
//! `Date.now()` for timestamps, gloo timers for sleeping.

use futures::future::Either;
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
        if wait > 0 {
            Either::Left(gloo_timers::future::TimeoutFuture::new(wait))
        } else {
            Either::Right(next_turn())
        }
    }
}

/// Hands the thread back for one turn of the event loop: a message posted to
/// itself. A zero `setTimeout` is clamped to 4 ms once timers nest (as a scan's
/// and an import's yields do), a wait on every yield; a message is not, and is
/// a task like a timer's, so answers and timers due still run in between.
pub fn next_turn() -> impl Future<Output = ()> {
    let channel = web_sys::MessageChannel::new().ok();
    let message = channel.as_ref().map(|channel| {
        js_sys::Promise::new(&mut |resolve, _| {
            channel.port1().set_onmessage(Some(&resolve));
            if channel
                .port2()
                .post_message(&wasm_bindgen::JsValue::NULL)
                .is_err()
            {
                let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            }
        })
    });
    async move {
        match message {
            Some(message) => {
                let _ = wasm_bindgen_futures::JsFuture::from(message).await;
                // The channel lives until its message has arrived.
                drop(channel);
            }
            None => gloo_timers::future::TimeoutFuture::new(0).await,
        }
    }
}

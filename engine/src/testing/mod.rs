//! Fakes for tests and benchmarks (feature `testing`): providers that speak the
//! real protocols with faults on command, an in-memory store, a virtual clock.

pub mod fake_providers;
pub mod memory_store;

pub use fake_providers::{run, FakeProvider, Faults, Ledger, Rng, Run};
pub use memory_store::MemoryStore;

use crate::codec::Request;
use crate::ports::{Clock, Transport};
use crate::scan::{HttpResponse, TransportError};
use crate::time::Millis;
use std::cell::{Cell, RefCell};
use std::future::{ready, Future};

/// A clock that jumps: sleeping moves time forward at once.
#[derive(Default)]
pub struct VirtualClock {
    now: Cell<u64>,
}

impl Clock for VirtualClock {
    fn now(&self) -> Millis {
        Millis(self.now.get())
    }

    fn unix_ms(&self) -> u64 {
        1_800_000_000_000 + self.now.get()
    }

    fn sleep_until(&self, until: Millis) -> impl Future<Output = ()> {
        self.now.set(self.now.get().max(until.0));
        ready(())
    }
}

/// Fake providers behind one transport, told apart by the request URL's host
/// (`https://<name>.example/…`), answering instantly at the virtual clock's time.
pub struct FakeNetwork<'c> {
    pub providers: RefCell<Vec<(String, FakeProvider)>>,
    pub ledger: Ledger,
    pub clock: &'c VirtualClock,
    /// After this many requests every request hangs forever (the page closed).
    pub hang_after: Option<usize>,
    pub sent: Cell<usize>,
}

impl Transport for FakeNetwork<'_> {
    fn send(
        &self,
        request: Request,
        _timeout_ms: u64,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> {
        let sent = self.sent.get();
        self.sent.set(sent + 1);
        let answer = if self.hang_after.is_some_and(|limit| sent >= limit) {
            None
        } else {
            let url = match &request {
                Request::Get { url } | Request::PostJson { url, .. } => url.clone(),
            };
            let mut providers = self.providers.borrow_mut();
            let (_, fake) = providers
                .iter_mut()
                .find(|(host, _)| url.starts_with(&format!("https://{host}.example")))
                .expect("a request to an unknown provider");
            Some(
                fake.answer(self.clock.now(), &request, &self.ledger)
                    .unwrap_or(Err(TransportError::Timeout)),
            )
        };
        async move {
            match answer {
                Some(answer) => answer,
                None => std::future::pending().await,
            }
        }
    }
}

/// Polls `future` with a no-op waker until it finishes or stops making progress
/// (everything it waits on hangs), which with instant fakes means it is stuck for
/// good. `None` when stuck: dropping it then is "closing the page".
pub fn drive<F: Future>(future: F) -> Option<F::Output> {
    let mut future = std::pin::pin!(future);
    let waker = futures::task::noop_waker();
    let mut context = std::task::Context::from_waker(&waker);
    // FuturesUnordered yields now and then for fairness; a few thousand polls in a
    // row without finishing means every remaining branch is pending for good.
    for _ in 0..10_000 {
        if let std::task::Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return Some(output);
        }
    }
    None
}

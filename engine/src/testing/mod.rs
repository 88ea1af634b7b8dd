//! Fakes for tests and benchmarks (feature `testing`): providers that speak the
//! real protocols with faults on command, an in-memory store, a virtual clock.

mod bitcoin_history;
pub mod fake_providers;
pub mod memory_store;
pub mod store_contract;

pub use bitcoin_history::bitcoin_with_history;
pub use fake_providers::{run, FakeProvider, Faults, HistoryTx, Ledger, Rng, Run};
pub use memory_store::MemoryStore;

use crate::codec::Request;
use crate::ports::{Clock, Transport};
use crate::scan::{HttpResponse, TransportError};
use crate::time::Millis;
use std::cell::{Cell, RefCell};
use std::future::Future;

/// Simulated time: it stands still while any task can make progress, and jumps to
/// the earliest deadline a sleeper registered once every task waits
/// ([`VirtualClock::run`]). Several scans sleeping at once each wake on time.
#[derive(Default)]
pub struct VirtualClock {
    now: Cell<u64>,
    deadlines: RefCell<std::collections::BinaryHeap<std::cmp::Reverse<u64>>>,
}

impl VirtualClock {
    /// Moves time to the earliest registered deadline still ahead; false when no
    /// one is waiting for time.
    fn advance(&self) -> bool {
        let mut deadlines = self.deadlines.borrow_mut();
        while let Some(std::cmp::Reverse(deadline)) = deadlines.pop() {
            if deadline > self.now.get() {
                self.now.set(deadline);
                return true;
            }
        }
        false
    }

    /// Moves time on by `ms` at once, as work that long would (a test's
    /// costly send, say).
    pub fn pass(&self, ms: u64) {
        self.now.set(self.now.get() + ms);
    }

    /// Runs `future` to its end in simulated time; `None` when it is stuck for
    /// good (everything it waits on hangs and no one sleeps).
    pub fn run<F: Future>(&self, future: F) -> Option<F::Output> {
        let mut future = std::pin::pin!(future);
        let waker = futures::task::noop_waker();
        let mut context = std::task::Context::from_waker(&waker);
        loop {
            // FuturesUnordered yields now and then for fairness: a few polls in a
            // row without finishing mean every task waits for time or for ever.
            for _ in 0..64 {
                if let std::task::Poll::Ready(output) = future.as_mut().poll(&mut context) {
                    return Some(output);
                }
            }
            if !self.advance() {
                return None;
            }
        }
    }
}

impl Clock for VirtualClock {
    fn now(&self) -> Millis {
        Millis(self.now.get())
    }

    fn unix_ms(&self) -> u64 {
        1_800_000_000_000 + self.now.get()
    }

    fn sleep_until(&self, until: Millis) -> impl Future<Output = ()> {
        self.deadlines.borrow_mut().push(std::cmp::Reverse(until.0));
        std::future::poll_fn(move |_| {
            if self.now.get() >= until.0 {
                std::task::Poll::Ready(())
            } else {
                std::task::Poll::Pending
            }
        })
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
                Request::Get { url }
                | Request::PostJson { url, .. }
                | Request::PostText { url, .. } => url.clone(),
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

/// Runs a future that needs no simulated time (a store call) to its end.
pub fn drive<F: Future>(future: F) -> Option<F::Output> {
    VirtualClock::default().run(future)
}

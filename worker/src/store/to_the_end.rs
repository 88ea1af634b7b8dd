//! IndexedDB requests that run to their end even when nobody waits for them.
//!
//! The `idb` crate's request and transaction futures hold the callbacks the
//! browser calls when a request or transaction ends (`Closure::once`). Drop
//! such a future before that (a stopped scan drops its write; an ended scan
//! drops its lease renewal) and the browser calls a closure that is gone:
//! wasm-bindgen throws "closure invoked recursively or after being dropped",
//! uncaught, and the whole scan worker stops, every other chain's scan with it.
//! So every IndexedDB future this store awaits goes through [`finish`]: if it is
//! dropped while pending, it is handed to the browser's task queue to end there,
//! its outcome discarded.

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::task::{Context, Poll};

/// `request` as a future that, dropped before it is ready, still runs to its end.
pub(crate) fn finish<R>(request: R) -> RunsToEnd<R::IntoFuture>
where
    R: IntoFuture,
    R::IntoFuture: 'static,
{
    RunsToEnd(Some(Box::pin(request.into_future())))
}

pub(crate) struct RunsToEnd<F: Future + 'static>(Option<Pin<Box<F>>>);

impl<F: Future + 'static> Future for RunsToEnd<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let inner = self.0.as_mut().expect("polled after it was ready");
        let ready = inner.as_mut().poll(cx);
        if ready.is_ready() {
            self.0 = None;
        }
        ready
    }
}

impl<F: Future + 'static> Drop for RunsToEnd<F> {
    fn drop(&mut self) {
        if let Some(pending) = self.0.take() {
            wasm_bindgen_futures::spawn_local(async move {
                let _ = pending.await;
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::store::BrowserStore;
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn a_write_dropped_before_it_commits_ends_without_an_uncaught_error() {
        // Errors thrown in the browser's callbacks reach the global error event.
        let uncaught = Rc::new(RefCell::new(Vec::<String>::new()));
        let seen = uncaught.clone();
        let listener = Closure::<dyn Fn(JsValue)>::new(move |event: JsValue| {
            let message = js_sys::Reflect::get(&event, &"message".into()).unwrap_or_default();
            seen.borrow_mut()
                .push(message.as_string().unwrap_or_default());
        });
        let global: web_sys::EventTarget = js_sys::global().unchecked_into();
        global
            .add_event_listener_with_callback("error", listener.as_ref().unchecked_ref())
            .unwrap();

        let name = format!("test-dropped-write-{}", js_sys::Math::random());
        let store = BrowserStore::open(&name).await.unwrap();
        {
            // Polled once (its transaction's callbacks are set), then dropped, as
            // a stopped scan drops its write.
            let mut write = Box::pin(store.put_setting("dropped", &7.0));
            assert!(futures::poll!(write.as_mut()).is_pending());
        }
        gloo_timers::future::TimeoutFuture::new(300).await;
        global
            .remove_event_listener_with_callback("error", listener.as_ref().unchecked_ref())
            .unwrap();

        assert_eq!(*uncaught.borrow(), Vec::<String>::new());
        // The write itself went through.
        assert_eq!(store.setting::<f64>("dropped").await.unwrap(), Some(7.0));
    }
}

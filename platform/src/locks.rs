//! One scanner per chain and one import at a time across tabs, with the Web
//! Locks API (in the page and in the worker alike).
//!
//! web-sys has Web Locks only behind `web_sys_unstable_apis`, so the two calls used
//! are bound here by hand. Where the API is missing (an insecure origin, an old
//! browser) scans run without a lock: the page still works, only the cross-tab
//! guard is gone.

use js_sys::{Function, Object, Promise, Reflect};
use std::future::Future;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

/// The lock manager of the page or the worker this runs in.
fn lock_manager() -> Option<JsValue> {
    let navigator = Reflect::get(&js_sys::global(), &JsValue::from_str("navigator")).ok()?;
    let locks = Reflect::get(&navigator, &JsValue::from_str("locks")).ok()?;
    (!locks.is_undefined() && !locks.is_null()).then_some(locks)
}

/// Runs `work` holding the exclusive lock `name`, or returns `None` at once when
/// another tab (or this one) holds it.
pub async fn with_lock_if_free<T: 'static>(
    name: &str,
    work: impl Future<Output = T> + 'static,
) -> Option<T> {
    with_lock_requested(name, true, work).await
}

/// Runs `work` holding the exclusive lock `name`, waiting for it as long as
/// another tab (or this one) holds it. `None` only if the browser refused the
/// request itself.
pub async fn with_lock<T: 'static>(
    name: &str,
    work: impl Future<Output = T> + 'static,
) -> Option<T> {
    with_lock_requested(name, false, work).await
}

async fn with_lock_requested<T: 'static>(
    name: &str,
    if_available: bool,
    work: impl Future<Output = T> + 'static,
) -> Option<T> {
    let Some(locks) = lock_manager() else {
        return Some(work.await);
    };
    let (send, receive) = futures::channel::oneshot::channel();
    let mut work = Some(work);
    let mut send = Some(send);
    // The lock is held until the promise the callback returns settles.
    let callback = Closure::<dyn FnMut(JsValue) -> Promise>::new(move |lock: JsValue| {
        match (lock.is_null(), work.take(), send.take()) {
            (false, Some(work), Some(send)) => future_to_promise(async move {
                let _ = send.send(work.await);
                Ok(JsValue::UNDEFINED)
            }),
            _ => Promise::resolve(&JsValue::UNDEFINED),
        }
    });
    let options = Object::new();
    let _ = Reflect::set(&options, &"ifAvailable".into(), &if_available.into());
    let request: Option<Function> = Reflect::get(&locks, &"request".into())
        .ok()
        .and_then(|f| f.dyn_into().ok());
    let request = request?;
    let granted = request.call3(
        &locks,
        &JsValue::from_str(name),
        &options,
        callback.as_ref(),
    );
    let Ok(granted) = granted.and_then(|p| p.dyn_into::<Promise>()) else {
        return None;
    };
    // Resolves once the callback ran and its promise settled (at the scan's end
    // when the lock was granted, at once when it was not).
    let _ = JsFuture::from(granted).await;
    drop(callback);
    receive.await.ok()
}

/// Holds the exclusive lock `name` for as long as the returned guard lives, or
/// returns `None` at once when another tab (or this one) holds it. For work
/// that is not one future of its own (a discovery inside an import).
pub async fn hold_if_free(name: &str) -> Option<Held> {
    let (granted, on_grant) = futures::channel::oneshot::channel::<()>();
    let (release, on_release) = futures::channel::oneshot::channel::<()>();
    let name = name.to_string();
    wasm_bindgen_futures::spawn_local(async move {
        let _ = with_lock_if_free(&name, async move {
            let _ = granted.send(());
            // Until the guard is dropped (its sender with it).
            let _ = on_release.await;
        })
        .await;
    });
    // Not granted: the work is dropped unrun, and its sender with it.
    on_grant.await.ok().map(|()| Held(Some(release)))
}

/// A lock held by [`hold_if_free`]; dropping it releases the lock.
pub struct Held(#[allow(dead_code)] Option<futures::channel::oneshot::Sender<()>>);

/// Whether some tab holds the lock `name` right now.
pub async fn is_held(name: &str) -> bool {
    let Some(locks) = lock_manager() else {
        return false;
    };
    let query: Option<Function> = Reflect::get(&locks, &"query".into())
        .ok()
        .and_then(|f| f.dyn_into().ok());
    let Some(snapshot) = query.and_then(|q| q.call0(&locks).ok()) else {
        return false;
    };
    let Ok(snapshot) = JsFuture::from(Promise::from(snapshot)).await else {
        return false;
    };
    let held = Reflect::get(&snapshot, &"held".into()).unwrap_or(JsValue::UNDEFINED);
    js_sys::Array::from(&held).iter().any(|lock| {
        Reflect::get(&lock, &"name".into())
            .ok()
            .and_then(|n| n.as_string())
            .as_deref()
            == Some(name)
    })
}

//! The clock and fetch adapters against the real browser APIs.
#![cfg(target_arch = "wasm32")]

use scanner_engine::codec::Request;
use scanner_engine::ports::{Clock, Transport};
use scanner_engine::scan::TransportError;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_platform::clock::BrowserClock;
use web_platform::transport::FetchTransport;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn sleeping_waits_until_the_deadline_on_the_monotonic_clock() {
    let clock = BrowserClock;
    let start = clock.now();
    clock.sleep_until(start + 120).await;
    let slept = clock.now().since(start);
    assert!((115..1_000).contains(&slept), "slept {slept} ms for 120");
    assert!(
        clock.unix_ms() > 1_700_000_000_000,
        "wall clock in ms since 1970"
    );
}

#[wasm_bindgen_test]
async fn a_yield_hands_the_thread_back_so_due_timers_run() {
    use std::cell::Cell;
    use std::rc::Rc;
    // A zero timer set before a run of yields fires during it: a yield is a
    // task of the event loop, not a microtask that would starve timers.
    let fired = Rc::new(Cell::new(false));
    let flag = fired.clone();
    let _timer = gloo_timers::callback::Timeout::new(0, move || flag.set(true));
    let mut yields = 0;
    while !fired.get() && yields < 10_000 {
        web_platform::clock::next_turn().await;
        yields += 1;
    }
    assert!(fired.get(), "the timer never ran across {yields} yields");
    // And the clock's zero sleep (the scan driver's yield) returns.
    let clock = BrowserClock;
    clock.sleep_until(clock.now()).await;
}

#[wasm_bindgen_test]
async fn an_http_status_comes_back_as_a_response_not_an_error() {
    // The test runner serves this page's origin; this path does not exist there.
    let origin = web_sys::window().unwrap().location().origin().unwrap();
    let answer = FetchTransport
        .send(
            Request::Get {
                url: format!("{origin}/no-such-file"),
            },
            5_000,
        )
        .await
        .expect("a 404 is an answer");
    assert_eq!(answer.status, 404);
}

#[wasm_bindgen_test]
async fn an_unreachable_host_is_a_network_error() {
    // Port 9 (discard) on loopback: nothing listens, the connection is refused.
    let answer = FetchTransport
        .send(
            Request::Get {
                url: "http://127.0.0.1:9/api/address/x".into(),
            },
            5_000,
        )
        .await;
    assert!(
        matches!(answer, Err(TransportError::Network(_))),
        "{answer:?}"
    );
}

#[wasm_bindgen_test]
async fn a_timeout_aborts_the_request() {
    // A timeout of zero fires before any answer can arrive.
    let origin = web_sys::window().unwrap().location().origin().unwrap();
    let answer = FetchTransport
        .send(
            Request::Get {
                url: format!("{origin}/"),
            },
            0,
        )
        .await;
    assert_eq!(answer, Err(TransportError::Timeout));
}

#[wasm_bindgen_test]
async fn each_request_keeps_its_own_deadline_behind_the_shared_timer() {
    // One timer serves every deadline: a request sent after another, with an
    // earlier deadline, must re-arm it, or it would wait for the other's.
    let origin = web_sys::window().unwrap().location().origin().unwrap();
    let get = || Request::Get {
        url: format!("{origin}/"),
    };
    let patient = FetchTransport.send(get(), 60_000);
    let hasty = FetchTransport.send(get(), 0);
    let (patient, hasty) = futures::join!(patient, hasty);
    assert!(patient.is_ok(), "{patient:?}");
    assert_eq!(hasty, Err(TransportError::Timeout));
    // With the table empty again, a new deadline arms the timer afresh.
    assert_eq!(
        FetchTransport.send(get(), 0).await,
        Err(TransportError::Timeout)
    );
}

#[wasm_bindgen_test]
async fn a_body_reads_as_the_browser_decodes_text() {
    // The transport reads bytes and decodes them itself: each body must come
    // out as the browser's own `Response.text()` gives it (a byte-order mark
    // dropped, invalid UTF-8 replaced, multi-byte characters kept).
    for bytes in [
        "%EF%BB%BF%7B%22a%22%3A1%7D", // BOM + {"a":1}
        "ok%FF%FEend",                // invalid UTF-8
        "%E2%82%BF%20%F0%9F%98%80",   // ₿ and an emoji
        "%EF%BB%BF%EF%BB%BFtwice",    // only the first mark is dropped
        "",
    ] {
        let url = format!("data:application/json,{bytes}");
        let expected = {
            let response: web_sys::Response =
                wasm_bindgen_futures::JsFuture::from(web_platform::global::fetch(&url))
                    .await
                    .unwrap()
                    .into();
            wasm_bindgen_futures::JsFuture::from(response.text().unwrap())
                .await
                .unwrap()
                .as_string()
                .unwrap()
        };
        let answer = FetchTransport
            .send(Request::Get { url: url.clone() }, 5_000)
            .await
            .expect("a data: URL answers");
        assert_eq!(answer.body, expected, "{url}");
    }
}

//! The scan worker: the engine's scans run here, in a dedicated Web Worker, so the
//! page's thread only renders. A scan's work (fetch calls, parsing answers,
//! IndexedDB writes, and the garbage they leave) made tasks of 50–140 ms on the
//! page's thread on a 2-core machine however finely it was sliced; here they
//! delay nothing the user sees.
//!
//! The page (`balance_scanner::scan_worker`) sends [`ToWorker`] commands and
//! receives [`FromWorker`] reports, both defined in `scan_protocol`. The cross-tab lock stays with the page: it is held
//! from the start it sends until the `Ended` it receives.

#[doc(hidden)]
#[cfg(feature = "bench")]
pub mod bench;
mod chain_scan;
mod derive_flow;
mod import;
mod import_flow;
mod page_files;
mod probe;
mod results;
mod sending_lease;
mod settings;
pub mod store;

use futures::future::AbortHandle;
use scan_protocol::{FromWorker, ToWorker, BUILD_ID};
use std::cell::RefCell;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_platform::message;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

thread_local! {
    /// The stop handle of each chain's scan in progress.
    static RUNNING: RefCell<[Option<AbortHandle>; 3]> = const { RefCell::new([None, None, None]) };
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// Sends a report to the page.
pub(crate) fn report(message: FromWorker) {
    report_with(message, &[]);
}

/// Sends a report with `attached` values (a file) beside it, as
/// `[report's bytes, attached…]`.
pub(crate) fn report_with(message: FromWorker, attached: &[JsValue]) {
    let parts = message::pack(&message.encode(), attached.iter().cloned());
    let _ = scope().post_message(&parts);
}

/// The worker's entry point (its `main`): listens for the page's commands.
pub fn start() {
    console_error_panic_hook::set_once();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(|event: MessageEvent| {
        // [command's bytes, attached files…] (see `balance_scanner::scan_worker::send`).
        let (bytes, attached) = message::unpack(event.data());
        let attached = attached.into_iter().map(JsCast::unchecked_into).collect();
        match ToWorker::decode(&bytes) {
            Ok(command) => obey(command, attached),
            // Only this crate's page talks to the worker: a message it cannot read
            // is a bug, and the console is where a developer looks.
            Err(error) => web_sys::console::error_1(
                &format!("scan worker: a command it cannot read: {error:?}").into(),
            ),
        }
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The listener lives as long as the worker.
    on_message.forget();
    report(FromWorker::Ready {
        build: BUILD_ID.to_string(),
    });
}

fn obey(command: ToWorker, attached: Vec<web_sys::File>) {
    match command {
        ToWorker::Start {
            chain,
            network,
            mode,
            shown,
            total,
        } => {
            let already = RUNNING.with_borrow(|running| running[chain.index()].is_some());
            if already {
                // The page never asks twice; if it did, the scan running answers.
                return;
            }
            let scan = chain_scan::ChainScan {
                chain,
                network,
                total,
            };
            let handle = scan.spawn(mode, shown, |chain| {
                RUNNING.with_borrow_mut(|running| running[chain.index()] = None);
                report(FromWorker::Ended { chain });
            });
            RUNNING.with_borrow_mut(|running| running[chain.index()] = Some(handle));
        }
        ToWorker::Stop { chain } => {
            if let Some(handle) = RUNNING.with_borrow(|running| running[chain.index()].clone()) {
                handle.abort();
            }
        }
        ToWorker::Import { network, sources } => import::spawn(network, sources, attached),
        ToWorker::LoadResults { id, network } => results::load(id, network),
        ToWorker::Rows {
            id,
            selection,
            first,
            count,
        } => results::rows(id, &selection, first, count),
        ToWorker::ExportCsv { id, network } => results::export_csv(id, network),
        ToWorker::Probe {
            id,
            chain,
            position,
        } => probe::probe(id, chain, position),
        ToWorker::LoadConfig { id } => settings::load_config(id),
        ToWorker::EditSettings { id, edit } => settings::edit_settings(id, edit),
        ToWorker::LoadChains { id, network } => settings::load_chains(id, network),
        ToWorker::ReadCheckpoint {
            id,
            network,
            chain,
            total,
        } => settings::read_checkpoint(id, network, chain, total),
    }
}

//! Requests to the scan worker that wait for an answer: each carries an id, and
//! the worker's answer names it (`FromWorker::answers`).

use crate::scan_worker::WorkerLink;
use futures::channel::oneshot;
use leptos::prelude::*;
use scan_protocol::{FromWorker, ToWorker};
use wasm_bindgen::JsValue;

/// A report, with any value (a file) that came beside it.
pub type Answer = (FromWorker, Vec<JsValue>);

const WORKER_GONE: &str = "the scanner stopped before it answered; try again";

/// What a request says when the worker's answer is not the one it asked for.
pub(super) const ANSWERED_ELSE: &str = "the scanner answered something else";

/// The requests sent and not yet answered (`Copy`, held by the session).
#[derive(Clone, Copy)]
pub struct Requests {
    worker: WorkerLink,
    next_id: StoredValue<u64>,
    /// By id. A few at a time: a list, not a map (a hash map is code the page
    /// need not carry).
    waiting: StoredValue<Vec<(u64, oneshot::Sender<Answer>)>, LocalStorage>,
}

impl Requests {
    pub fn new(worker: WorkerLink) -> Self {
        Requests {
            worker,
            next_id: StoredValue::new(1),
            waiting: StoredValue::new_local(Vec::new()),
        }
    }

    /// Sends the request `ask` builds with a fresh id, and waits for its answer.
    pub async fn ask(&self, ask: impl FnOnce(u64) -> ToWorker) -> Result<Answer, String> {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        let (answer, answered) = oneshot::channel();
        self.waiting
            .update_value(|waiting| waiting.push((id, answer)));
        if let Err(why) = self.worker.send(&ask(id)) {
            self.take_waiting(id);
            return Err(why);
        }
        answered.await.map_err(|_| WORKER_GONE.to_string())
    }

    /// Hands an answer to the request waiting for it.
    pub fn hear(&self, report: FromWorker, attached: Vec<JsValue>) {
        let waiting = report.answers().and_then(|id| self.take_waiting(id));
        if let Some(answer) = waiting {
            let _ = answer.send((report, attached));
        }
    }

    /// The worker died: no request will be answered (each says so).
    pub fn worker_crashed(&self) {
        self.waiting.update_value(Vec::clear);
    }

    fn take_waiting(&self, id: u64) -> Option<oneshot::Sender<Answer>> {
        self.waiting
            .try_update_value(|waiting| {
                let at = waiting
                    .iter()
                    .position(|(waiting_id, _)| *waiting_id == id)?;
                Some(waiting.swap_remove(at).1)
            })
            .flatten()
    }
}

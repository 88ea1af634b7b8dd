//! The page's end of the scan worker: starts it, queues commands until it
//! listens, and hands its reports to the session.
//!
//! Trunk builds the worker (`data-type="worker"` in index.html) into
//! `scan-worker.js` and `scan-worker_bg.wasm` next to the page, and
//! `public/scan-worker-start.js` starts them. Worker files carry no content hash
//! (their names are fixed), so the page asks for them with its build id as a
//! version query, and talks only to a worker whose `Ready` names the same build:
//! a browser that still serves an old worker from its cache would otherwise get
//! commands that worker cannot read, and scans that never start.

use leptos::prelude::*;
use scan_protocol::{FromWorker, ToWorker, BUILD_ID};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_platform::js_error::js_error_text;
use web_platform::message;
use web_sys::{ErrorEvent, Event, MessageEvent, Worker};

/// The worker's script, relative to the page.
const WORKER_SCRIPT: &str = "./scan-worker-start.js";

/// What the session hears: a report (with any file beside it), that the worker
/// died or never started, or that it is of another build than the page (the
/// text says so, in a sentence for the user).
pub enum WorkerNews {
    Report(Box<FromWorker>, Vec<JsValue>),
    Crashed(String),
    Outdated(String),
}

struct Link {
    worker: Worker,
    /// Commands sent before the worker listens.
    queued: Vec<js_sys::Array>,
    ready: bool,
    _on_message: Closure<dyn Fn(MessageEvent)>,
    _on_error: Closure<dyn Fn(Event)>,
}

/// Who hears the worker: the session.
type Listener = Rc<dyn Fn(WorkerNews)>;

/// The page's one link to its scan worker, held by the session (`Copy`: every
/// part of the session that sends commands holds it). The worker starts on the
/// first command.
#[derive(Clone, Copy)]
pub struct WorkerLink {
    link: StoredValue<Option<Link>, LocalStorage>,
    listener: StoredValue<Option<Listener>, LocalStorage>,
}

impl WorkerLink {
    pub fn new() -> Self {
        WorkerLink {
            link: StoredValue::new_local(None),
            listener: StoredValue::new_local(None),
        }
    }

    /// Sets who hears the worker's reports (the session, once, at start-up).
    pub fn listen(&self, listener: impl Fn(WorkerNews) + 'static) {
        self.listener.set_value(Some(Rc::new(listener)));
    }

    fn tell_listener(&self, news: WorkerNews) {
        // Cloned out first: the listener may send a command, which takes the link.
        if let Some(listener) = self.listener.with_value(Clone::clone) {
            listener(news);
        }
    }

    /// Sends `command`, starting the worker on first use.
    pub fn send(&self, command: &ToWorker) -> Result<(), String> {
        self.send_with_files(command, &[])
    }

    /// Sends `command` with `files` beside it, as `[command's bytes, files…]`.
    /// Structured cloning passes a `File` as a handle: its bytes are read by the
    /// worker, never copied on the page's thread.
    pub fn send_with_files(
        &self,
        command: &ToWorker,
        files: &[web_sys::File],
    ) -> Result<(), String> {
        let message = message::pack(&command.encode(), files.iter().map(JsValue::from));
        if self.link.with_value(Option::is_none) {
            let link = self.spawn()?;
            self.link.set_value(Some(link));
        }
        self.link
            .try_update_value(|link| {
                let link = link.as_mut().expect("just started");
                if link.ready {
                    link.worker.post_message(&message).map_err(|e| {
                        format!(
                            "the scanner did not take the command: {}",
                            js_error_text(&e)
                        )
                    })
                } else {
                    link.queued.push(message);
                    Ok(())
                }
            })
            .unwrap_or_else(|| Err("the page is closing".to_string()))
    }

    fn spawn(self) -> Result<Link, String> {
        let script = format!("{WORKER_SCRIPT}?v={BUILD_ID}");
        let worker = Worker::new(&script).map_err(|e| {
            format!(
                "the scanner could not start ({WORKER_SCRIPT}): {}",
                js_error_text(&e)
            )
        })?;
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            // [report's bytes, attached…] (see `scan_worker::report_with`). An
            // old worker's JSON text is no bytes: it reads as another build.
            let (bytes, attached) = message::unpack(event.data());
            let ready = self
                .link
                .with_value(|link| link.as_ref().is_some_and(|l| l.ready));
            if !ready {
                // The first word of a worker is its build; anything else (an old
                // worker's `Ready`, which this page cannot read) is another build.
                return match FromWorker::decode(&bytes) {
                    Ok(FromWorker::Ready { build }) if build == BUILD_ID => self.flush_queue(),
                    _ => self.outdated(),
                };
            }
            match FromWorker::decode(&bytes) {
                Ok(FromWorker::Ready { .. }) => {}
                Ok(report) => {
                    self.tell_listener(WorkerNews::Report(Box::new(report), attached));
                }
                // A bug, for a developer's console: the error's name is enough
                // (its long text would be more wasm on every visit).
                Err(error) => web_sys::console::error_1(
                    &format!("the scan worker sent what this page cannot read: {error:?}").into(),
                ),
            }
        });
        // A script that fails to load, or a panic in the worker, ends up here; the
        // worker is then gone, and the next command starts a new one.
        let on_error = Closure::<dyn Fn(Event)>::new(move |event: Event| {
            // A panic comes as an ErrorEvent with its message; a script that did not
            // load as a plain Event.
            let why = event
                .dyn_ref::<ErrorEvent>()
                .map(ErrorEvent::message)
                .filter(|message| !message.is_empty())
                .unwrap_or_else(|| format!("{WORKER_SCRIPT} did not load"));
            self.stop_worker();
            self.tell_listener(WorkerNews::Crashed(format!(
                "The scanner (this page's background worker) stopped: {why}."
            )));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Link {
            worker,
            queued: Vec::new(),
            ready: false,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Ends the worker; the next command starts a new one.
    fn stop_worker(&self) {
        if let Some(link) = self.link.try_update_value(Option::take).flatten() {
            link.worker.terminate();
        }
    }

    /// The worker is of another build: it is stopped, and whatever waited on it
    /// hears why and that a reload fixes it.
    fn outdated(&self) {
        self.stop_worker();
        self.tell_listener(WorkerNews::Outdated(
            "This page and its scanner (the background worker) are from different versions \
             of the app: the browser kept an old copy. Reload the page to use the new version."
                .to_string(),
        ));
    }

    fn flush_queue(&self) {
        self.link.update_value(|link| {
            if let Some(link) = link.as_mut() {
                link.ready = true;
                for message in link.queued.drain(..) {
                    let _ = link.worker.post_message(&message);
                }
            }
        });
    }
}

impl Default for WorkerLink {
    fn default() -> Self {
        Self::new()
    }
}

// Starts the scan worker (src/worker): loads wasm-bindgen's glue, then the wasm.
// Trunk builds both under these fixed names (data-type="worker" in index.html),
// so the page starts this script with its build id as a version query
// (`?v=…`), passed on here: a cached worker of another build is never used.
// A wasm that fails to load rejects a promise, which a worker reports to no one;
// rethrown from a timer it becomes an uncaught error, which the page's `error`
// handler on the Worker sees, so the page can say the scanner did not start.
const version = self.location.search;
importScripts(`./scan-worker.js${version}`);
wasm_bindgen({ module_or_path: `./scan-worker_bg.wasm${version}` }).catch((error) =>
  setTimeout(() => {
    throw error;
  }),
);

// A headless Chromium driven over its DevTools pipe with the Runtime and DOM
// domains only, for the scan efficiency benchmark. Playwright enables the
// Network domain on every page and worker to report their requests, and
// Chromium then sends an event per request through its browser process to
// the driving Node: measured at about 1 ms of CPU a request between the two
// (4,000 worker fetches: Chromium 8-9 s of CPU plain against 11 s, Node
// 0.6-0.9 s against 2.2-3.0 s), a quarter of a core at the scan's 240
// requests a second on a two-core machine the page and the mock share. A
// user's browser carries none of it. BENCH_SCAN_DRIVER=playwright measures
// the scan under Playwright instead, as before.
//
// The page object offers the calls the benchmark and page-actions.mjs make
// (evaluate, waitForFunction, getByTestId(…).click/getAttribute/setInputFiles,
// goto, close) and `cdp()` for tracing.
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ARGS, CHROMIUM } from "../support/browser.mjs";

// Playwright's switches that change how a page runs (timers and renderers of
// pages the browser thinks hidden are otherwise throttled), so that only the
// instrumentation differs between the two drivers.
const RUN_AS_PLAYWRIGHT_DOES = [
  "--headless",
  "--disable-background-timer-throttling",
  "--disable-backgrounding-occluded-windows",
  "--disable-renderer-backgrounding",
  "--disable-ipc-flooding-protection",
  "--disable-hang-monitor",
  "--disable-dev-shm-usage",
  "--disable-extensions",
  "--disable-field-trial-config",
  "--mute-audio",
  "--hide-scrollbars",
  "--window-size=1280,900",
];

/** One DevTools connection over the pipe: messages are JSON, each ended by a NUL byte. */
class Connection {
  #nextId = 1;
  #pending = new Map();
  #listeners = [];
  #write;

  constructor(write, read) {
    this.#write = write;
    // A browser gone mid-write: the calls waiting fail (closed), no crash.
    write.on("error", (error) => this.closed(error.message));
    let buffered = "";
    read.setEncoding("utf8");
    read.on("data", (chunk) => {
      buffered += chunk;
      let end;
      while ((end = buffered.indexOf("\0")) >= 0) {
        this.#receive(JSON.parse(buffered.slice(0, end)));
        buffered = buffered.slice(end + 1);
      }
    });
  }

  #receive(message) {
    if (message.id === undefined) {
      for (const listener of this.#listeners) listener(message);
      return;
    }
    const { resolve, reject, method } = this.#pending.get(message.id);
    this.#pending.delete(message.id);
    if (message.error) reject(new Error(`${method}: ${message.error.message}`));
    else resolve(message.result);
  }

  send(method, params = {}, sessionId = undefined) {
    if (this.#write.destroyed) return Promise.reject(gone(`${method}: the browser is gone`));
    const id = this.#nextId++;
    const answered = new Promise((resolve, reject) => this.#pending.set(id, { resolve, reject, method }));
    this.#write.write(JSON.stringify({ id, method, params, sessionId }) + "\0");
    return answered;
  }

  /** The browser is gone: every call still waiting fails (a benchmark must not hang on it). */
  closed(reason) {
    for (const { reject, method } of this.#pending.values()) reject(gone(`${method}: ${reason}`));
    this.#pending.clear();
  }

  /** Calls `listener(params)` for each `method` event of `sessionId`; returns the unsubscriber. */
  on(sessionId, method, listener) {
    const entry = (message) => message.sessionId === sessionId && message.method === method && listener(message.params);
    this.#listeners.push(entry);
    return () => (this.#listeners = this.#listeners.filter((e) => e !== entry));
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** An error that says the browser is gone (no call can succeed any more). */
function gone(message) {
  return Object.assign(new Error(message), { browserGone: true });
}

/** A fresh profile and browser; `close()` ends it and deletes the profile. */
export async function openPlainBrowser() {
  const profile = await mkdtemp(join(tmpdir(), "balance-scanner-plain-"));
  // fd 3 is what Chromium reads its commands from, fd 4 where it writes.
  const child = spawn(CHROMIUM, [...ARGS, ...RUN_AS_PLAYWRIGHT_DOES, "--remote-debugging-pipe", `--user-data-dir=${profile}`, "about:blank"], {
    stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"],
  });
  const connection = new Connection(child.stdio[3], child.stdio[4]);
  const exited = new Promise((resolve) => child.once("exit", resolve));
  exited.then((code) => connection.closed(`Chromium exited (${code})`));
  await connection.send("Browser.getVersion");
  return {
    newPage: () => openTab(connection, profile),
    async close() {
      await connection.send("Browser.close").catch(() => {});
      await Promise.race([exited, sleep(5000)]);
      child.kill("SIGKILL");
      await rm(profile, { recursive: true, force: true });
    },
  };
}

async function openTab(connection, profile) {
  const { targetId } = await connection.send("Target.createTarget", { url: "about:blank" });
  const { sessionId } = await connection.send("Target.attachToTarget", { targetId, flatten: true });
  const call = (method, params) => connection.send(method, params, sessionId);
  await call("Runtime.enable");

  const evaluate = async (fn, arg) => {
    const expression = `(${fn})(${JSON.stringify(arg)})`;
    const { result, exceptionDetails } = await call("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true });
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
    return result.value;
  };
  const selector = (testId) => `[data-testid="${testId}"]`;

  const page = {
    evaluate,
    on(event, listener) {
      if (event !== "pageerror") throw new Error(`plain page: no "${event}" events`);
      connection.on(sessionId, "Runtime.exceptionThrown", ({ exceptionDetails }) => listener(new Error(exceptionDetails.exception?.description ?? exceptionDetails.text)));
    },
    async goto(url) {
      await call("Page.navigate", { url });
    },
    /** Polls `fn(arg)` until it is truthy; a navigation under way reads as not yet. */
    async waitForFunction(fn, arg, { timeout = 30_000, polling = 100 } = {}) {
      const deadline = Date.now() + timeout;
      for (;;) {
        const value = await evaluate(fn, arg).catch((error) => {
          if (error.browserGone) throw error;
          return false;
        });
        if (value) return value;
        if (Date.now() > deadline) throw new Error(`waitForFunction: not true within ${timeout} ms: ${fn}`);
        await sleep(polling);
      }
    },
    getByTestId: (testId) => ({
      click: () => evaluate((s) => document.querySelector(s).click(), selector(testId)),
      getAttribute: (name) => evaluate(([s, name]) => document.querySelector(s).getAttribute(name), [selector(testId), name]),
      // Files as Playwright takes them ({ name, buffer }), written to disk for
      // DOM.setFileInputFiles, which fires the input's change event.
      async setInputFiles(files) {
        const folder = join(profile, `upload-${Date.now()}`);
        await mkdir(folder);
        const paths = [];
        for (const file of files) {
          paths.push(join(folder, file.name));
          await writeFile(paths.at(-1), file.buffer);
        }
        const { result } = await call("Runtime.evaluate", { expression: `document.querySelector(${JSON.stringify(selector(testId))})` });
        await call("DOM.setFileInputFiles", { files: paths, objectId: result.objectId });
      },
    }),
    /** The tab's own DevTools session (for tracing), shaped as Playwright's CDPSession. */
    cdp: () => ({
      send: call,
      on: (method, listener) => connection.on(sessionId, method, listener),
      once: (method, listener) => {
        const off = connection.on(sessionId, method, (params) => {
          off();
          listener(params);
        });
      },
    }),
    close: () => connection.send("Target.closeTarget", { targetId }),
  };
  return page;
}

// Memory samplers of the page and the scan worker, and files put on disk for an
// import (the responsiveness and import benchmarks).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export async function workerMemory(browser, page) {
  const cdp = await browser.newCDPSession(page);
  let sessionId = null;
  let peak = 0;
  let running = true;
  let nextId = 1;
  const waiting = new Map();
  cdp.on("Target.receivedMessageFromTarget", (event) => {
    const message = JSON.parse(event.message);
    waiting.get(message.id)?.(message);
    waiting.delete(message.id);
  });
  const ask = (method) =>
    new Promise((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      cdp.send("Target.sendMessageToTarget", { sessionId, message: JSON.stringify({ id, method }) }).catch(() => resolve({}));
    });
  (async () => {
    while (running) {
      try {
        if (!sessionId) {
          // The page starts its worker on first use.
          const { targetInfos } = await cdp.send("Target.getTargets");
          const worker = targetInfos.find((t) => t.type === "worker" && t.url.includes("scan-worker"));
          if (worker) ({ sessionId } = await cdp.send("Target.attachToTarget", { targetId: worker.targetId, flatten: false }));
        } else {
          const answer = await ask("Runtime.getHeapUsage");
          peak = Math.max(peak, answer.result?.usedSize ?? 0);
        }
      } catch {
        // The page is closing.
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    reset: () => {
      const seen = peak;
      peak = 0;
      return seen;
    },
    wasm: async () => {
      const worker = page.workers().find((w) => w.url().includes("scan-worker"));
      return worker ? worker.evaluate(async () => (await wasm_bindgen()).memory.buffer.byteLength) : 0;
    },
    stop: () => (running = false),
  };
}

/**
 * Writes `files` ({ name, buffer }) to a temporary directory and returns their
 * paths: Playwright hands files given by path to the page as a user's file picker
 * would (by reference), whereas buffers go over CDP into the page's heap, which
 * the page's memory and garbage collection would then be charged for.
 */
export async function onDisk(files) {
  const dir = await mkdtemp(join(tmpdir(), "balance-scanner-bench-"));
  const paths = [];
  for (const file of files) {
    const path = join(dir, file.name);
    await writeFile(path, file.buffer);
    paths.push(path);
  }
  return { paths, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Samples the page's JS heap every 50 ms; `reset()` returns the peak so far and starts over. */
export async function heapSampler(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  let peak = 0;
  let running = true;
  (async () => {
    while (running) {
      const { metrics } = await cdp.send("Performance.getMetrics").catch(() => ({ metrics: [] }));
      peak = Math.max(peak, metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? 0);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return {
    reset: () => {
      const seen = peak;
      peak = 0;
      return seen;
    },
    stop: () => (running = false),
  };
}


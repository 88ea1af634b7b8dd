// End-to-end: imports, scans and results run in the page's scan worker. When the
// worker cannot start, the page says so in words, loses nothing, and the next
// attempt starts a new worker.
import { test } from "node:test";
import assert from "node:assert/strict";
import { servedPage } from "../support/served-page.mjs";
import { importFiles, textFile } from "../support/page-actions.mjs";

const served = servedPage({ mock: { count: 3, seed: 8 } });
const ADDRESS = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq";
// Any version query: the page asks for its worker with its build id.
const WORKER_WASM = "**/scan-worker_bg.wasm*";

test("a scanner that cannot start is reported for imports and scans, and the next attempt works", async () => {
  const page = await served.browser.newPage();
  // The worker's wasm does not load: the import says why instead of hanging.
  await page.route(WORKER_WASM, (route) => route.abort());
  await page.goto(served.url);
  const failed = await importFiles(page, [textFile("one.txt", `${ADDRESS}\n`)]);
  assert.equal(failed.imported, 0);
  const report = page.getByTestId("import-report");
  assert.match(await report.textContent(), /The scanner \(this page's background worker\) stopped: .+ Try the import again\./);

  // Once it loads, the same import goes through a new worker.
  await page.unroute(WORKER_WASM);
  const imported = await importFiles(page, [textFile("one.txt", `${ADDRESS}\n`)]);
  assert.equal(imported.imported, 1);
  assert.equal(page.workers().length, 1);

  // A page whose worker cannot start at all: the worker opens the storage, so
  // the page says in words that nothing could be read, and what to do; no card
  // claims to scan. A reload once the worker loads shows what was stored.
  const fresh = await served.browser.newPage();
  await fresh.route(WORKER_WASM, (route) => route.abort());
  await fresh.goto(served.url);
  const status = fresh.getByTestId("storage-status");
  await fresh.waitForFunction(() => document.querySelector('[data-testid="storage-status"]')?.dataset.state === "failed");
  assert.match(await status.textContent(), /background worker\) stopped: .+ Reload the page to try again; what this browser saved is kept\./);
  assert.notEqual(await fresh.getByTestId("chain-status-BTC").getAttribute("data-state"), "scanning");
  // One address is stored for BTC, but nothing could read it: the card says its
  // figures are unknown instead of showing zeros.
  const unread = await fresh.getByTestId("chain-status-BTC").textContent();
  assert.match(unread, /Stored addresses not read yet/);
  assert.doesNotMatch(unread, /No addresses imported yet|0 \/ 0/);
  await fresh.unroute(WORKER_WASM);
  await fresh.reload();
  await fresh.waitForFunction(() => document.querySelector('[data-testid="chain-status-BTC"]')?.dataset.total === "1");

  // The worker dies (an uncaught error in it) and cannot start again: a scan
  // asked for then is not left scanning, and its card says why.
  await fresh.route(WORKER_WASM, (route) => route.abort());
  await fresh.workers()[0].evaluate(() => setTimeout(() => { throw new Error("worker died in a test"); }));
  await fresh.getByTestId("scan-all").click();
  const card = fresh.getByTestId("chain-status-BTC");
  await card.getByText(/background worker\) stopped: .+ Everything found so far is saved/).waitFor({ timeout: 20_000 });
  assert.notEqual(await card.getAttribute("data-state"), "scanning");
  await fresh.close();
  await page.close();
});

test("a cached worker of another build is refused with a reload button, and nothing waits on it", async () => {
  const page = await served.browser.newPage();
  const asked = [];
  page.on("request", (request) => asked.push(new URL(request.url()).pathname + new URL(request.url()).search));
  // What an old cached worker says first: the Ready of an earlier build, or one
  // this page cannot read at all.
  const olds = [JSON.stringify("Ready"), JSON.stringify({ Ready: { build: "0123456789abcdef" } })];
  for (const [attempt, ready] of olds.entries()) {
    await page.route("**/scan-worker-start.js*", (route) =>
      route.fulfill({ contentType: "text/javascript", body: `postMessage([${JSON.stringify(ready)}]);` }),
    );
    if (attempt === 0) await page.goto(served.url);
    const failed = await importFiles(page, [textFile("one.txt", `${ADDRESS}\n`)], 20_000);
    assert.equal(failed.imported, 0);
    assert.match(await page.getByTestId("import-report").textContent(), /different versions of the app/);
    const notice = page.getByTestId("version-mismatch");
    await notice.waitFor();
    assert.equal(await notice.getByRole("button", { name: "Reload the page" }).count(), 1);
    await page.unroute("**/scan-worker-start.js*");
  }
  // The reload button brings the page and its own worker back together.
  await page.getByRole("button", { name: "Reload the page" }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="storage-status"]')?.dataset.state === "ready");
  assert.equal(await page.getByTestId("version-mismatch").count(), 0);
  const counts = await importFiles(page, [textFile("two.txt", `${ADDRESS}\n`)]);
  assert.equal(counts.imported + counts.duplicates, 1);
  assert.equal(await page.getByTestId("version-mismatch").count(), 0);
  // Every worker file was asked for with the build's version query.
  for (const file of ["scan-worker-start.js", "scan-worker.js", "scan-worker_bg.wasm"]) {
    assert.ok(asked.some((url) => url.endsWith(file) === false && url.includes(`/${file}?v=`)), `${file} without ?v=: ${asked.filter((u) => u.includes("worker"))}`);
  }
  await page.close();
});

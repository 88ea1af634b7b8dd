// End-to-end: imports, scans and results run in the page's scan worker. When the
// worker cannot start, the page says so in words, loses nothing, and the next
// attempt starts a new worker.
import { test } from "node:test";
import assert from "node:assert/strict";
import { servedPage } from "../support/served-page.mjs";
import { importFiles, textFile } from "../support/page-actions.mjs";

const served = servedPage({ mock: { count: 3, seed: 8 } });
const ADDRESS = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq";
const WORKER_WASM = "**/scan-worker_bg.wasm";

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

  // A scan whose worker cannot start: the card is not left scanning, and says why.
  const fresh = await served.browser.newPage();
  await fresh.route(WORKER_WASM, (route) => route.abort());
  await fresh.goto(served.url);
  const card = fresh.getByTestId("chain-status-BTC");
  await fresh.waitForFunction(() => document.querySelector('[data-testid="chain-status-BTC"]').dataset.total === "1");
  await fresh.getByTestId("scan-all").click();
  await card.getByText(/background worker\) stopped: .+ Everything found so far is saved/).waitFor({ timeout: 20_000 });
  assert.notEqual(await card.getAttribute("data-state"), "scanning");
  await fresh.close();
  await page.close();
});

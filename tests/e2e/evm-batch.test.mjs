// End-to-end: BSC through nodes without Multicall3 (`"multicall3": null`), in
// JSON-RPC batch arrays where every call counts against the rate limit: the
// export equals the ground truth and no provider sees more calls than its rps.
import { test } from "node:test";
import assert from "node:assert/strict";
import { servedPage } from "../support/served-page.mjs";
import { chainStatus, chainsSettle, exportCsv, importFiles, openPage, truthFiles } from "../support/page-actions.mjs";
import { expectedCsv, groundTruth } from "../mock/truth.mjs";

const COUNT = 60;
const served = servedPage({ mock: { count: COUNT }, serveConfig: false });

test("BSC in batch arrays without Multicall3: exact, every call within the limit", async () => {
  const config = structuredClone(served.mock.config);
  for (const provider of config.providers) {
    if (provider.chain !== "BSC") continue;
    // 10 calls a second, 3 per address (BNB, USDC, USDT): 3 addresses an array.
    provider.multicall3 = null;
    provider.batch = 30;
  }
  const page = await openPage(served.browser, served.url);
  await page.route("**/config.json", (route) => route.fulfill({ contentType: "application/json", body: JSON.stringify(config) }));
  await page.reload();
  await page.waitForFunction(() => document.querySelector('[data-testid="storage-status"]')?.dataset.state === "ready");
  const bsc = groundTruth({ count: COUNT }).filter((e) => e.chain === "BSC");
  await importFiles(page, truthFiles(bsc).slice(1, 2));
  await page.getByTestId("scan-all").click();
  await chainsSettle(page);
  const status = (await chainStatus(page)).BSC;
  assert.deepEqual([status.state, status.scanned, status.errors], ["completed", COUNT, 0]);
  assert.equal(await exportCsv(page), expectedCsv(bsc));
  const stats = await served.mock.stats();
  for (const name of ["evm-a", "evm-b"]) {
    assert.equal(stats[name].violations, 0, `${name} over its rate limit (lag ${stats.eventLoopLagMaxMs} ms)`);
    assert.ok(stats[name].maxFetchesPerAddress <= 1, `${name} asked twice about one address`);
  }
  const calls = stats["evm-a"].units + stats["evm-b"].units;
  assert.equal(calls, COUNT * 3, "one eth_getBalance and two balanceOf per address, no more");
  assert.ok(stats["evm-a"].requests + stats["evm-b"].requests >= COUNT / 3, "arrays of at most 3 addresses");
  assert.deepEqual(page.problems, []);
});

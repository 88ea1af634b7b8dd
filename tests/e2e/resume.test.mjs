// End-to-end: a reload mid-scan leaves every chain `paused` with its progress; the
// scan resumes where it stopped, and the export still equals the ground truth.
import { test } from "node:test";
import assert from "node:assert/strict";
import { servedPage } from "../support/served-page.mjs";
import { chainStatus, chainsSettle, exportCsv, importFiles, openPage, truthFiles, waitForChain } from "../support/page-actions.mjs";
import { groundTruth, expectedCsv } from "../mock/truth.mjs";

const COUNT = 60;
const served = servedPage({ mock: { count: COUNT } });

test("reload mid-scan: paused with progress kept, resume completes exactly", async () => {
  const entries = groundTruth({ count: COUNT });
  // Slow answers keep BSC and SOL requests in flight when the page reloads.
  await served.mock.faults({ "evm-a": { latencyMs: 2500 }, "evm-b": { latencyMs: 2500 }, "solana-a": { latencyMs: 2500 }, "solana-b": { latencyMs: 2500 } });
  let page = await openPage(served.browser, served.url);
  await importFiles(page, truthFiles(entries));
  await page.getByTestId("scan-all").click();
  await waitForChain(page, "BTC", "(d) => Number(d.scanned) >= 10 && d.state === 'scanning'");
  await page.reload();
  await page.waitForFunction(() => document.querySelector('[data-testid="storage-status"]')?.dataset.state === "ready");
  await waitForChain(page, "BTC", "(d) => d.state === 'paused'");
  const paused = await chainStatus(page);
  for (const chain of ["BTC", "BSC", "SOL"]) {
    assert.equal(paused[chain].state, "paused", `${chain} after the reload`);
    assert.equal(paused[chain].total, COUNT);
    assert.equal(paused[chain].errors, COUNT - paused[chain].scanned, `${chain}: not yet checked`);
  }
  assert.ok(paused.BTC.scanned >= 10 && paused.BTC.scanned < COUNT, `BTC kept its progress: ${paused.BTC.scanned}`);

  await served.mock.faults({});
  await page.getByTestId("scan-all").click();
  await chainsSettle(page);
  const done = await chainStatus(page);
  for (const chain of ["BTC", "BSC", "SOL"]) assert.equal(done[chain].state, "completed", chain);
  assert.equal(await exportCsv(page), expectedCsv(entries));

  // Resuming asked only for what was not stored yet: no BTC address twice, apart
  // from the few in flight at the reload, whose answers were lost with the page.
  const after = await served.mock.stats();
  const btcRequests = ["esplora-a", "esplora-b"].reduce((n, name) => n + after[name].requests, 0);
  const inFlightAtReload = btcRequests - COUNT;
  assert.ok(inFlightAtReload >= 0 && inFlightAtReload <= 12, `BTC requests beyond one per address: ${inFlightAtReload}`);
  for (const [name, s] of Object.entries(after)) {
    if (name === "eventLoopLagMaxMs") continue;
    assert.equal(s.violations, 0, `${name} over its rate limit (lag ${after.eventLoopLagMaxMs} ms)`);
    assert.ok(s.maxFetchesPerAddress <= 2, `${name} asked about one address ${s.maxFetchesPerAddress} times`);
  }
  assert.deepEqual(page.problems, []);
});

test("stop-all keeps progress; scan-all resumes it", async () => {
  const page = await openPage(served.browser, served.url);
  await page.getByTestId("scan-all").click();
  // Everything was completed by the previous test: scan-all starts fresh scans.
  await waitForChain(page, "BTC", "(d) => d.state === 'scanning' && Number(d.scanned) >= 5");
  await page.getByTestId("stop-all").click();
  await waitForChain(page, "BTC", "(d) => d.state === 'paused'");
  const stopped = await chainStatus(page);
  assert.ok(stopped.BTC.scanned >= 5 && stopped.BTC.scanned < COUNT, `BTC stopped at ${stopped.BTC.scanned}`);
  await page.waitForTimeout(1500);
  assert.equal((await chainStatus(page)).BTC.scanned, stopped.BTC.scanned, "nothing moves after stop");
  await page.getByTestId("scan-all").click();
  await chainsSettle(page);
  assert.equal((await chainStatus(page)).BTC.state, "completed");
  assert.equal(await exportCsv(page), expectedCsv(groundTruth({ count: COUNT })));
});

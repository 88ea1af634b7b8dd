// End-to-end: import the ground truth in all three formats, scan every chain
// against the mock providers, export, and compare with the truth byte for byte.
import { test } from "node:test";
import assert from "node:assert/strict";
import { servedPage, storageSettled } from "../support/served-page.mjs";
import { chainStatus, chainsSettle, exportCsv, importFiles, truthFiles } from "../support/page-actions.mjs";
import { groundTruth, expectedCsv } from "../mock/truth.mjs";

const COUNT = 60;
const served = servedPage({ mock: { count: COUNT } });

test("scan all chains: the export equals the ground truth, with no rate-limit violation", async () => {
  const entries = groundTruth({ count: COUNT });
  const page = await served.browser.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(error.message));
  await page.goto(served.url);
  await storageSettled(page);

  const counts = await importFiles(page, truthFiles(entries));
  assert.deepEqual(counts, { imported: 3 * COUNT, rejected: 0, duplicates: 0 });

  await page.getByTestId("scan-all").click();
  await chainsSettle(page);
  const status = await chainStatus(page);
  const funded = (chain) =>
    entries.filter((e) => e.chain === chain && (e.native > 0n || e.tokens.some((t) => t > 0n))).length;
  for (const chain of ["BTC", "BSC", "SOL"]) {
    assert.deepEqual(status[chain], { state: "completed", scanned: COUNT, total: COUNT, funded: funded(chain), errors: 0 }, chain);
  }

  const csv = await exportCsv(page);
  assert.equal(csv, expectedCsv(entries));

  const stats = await served.mock.stats();
  const { eventLoopLagMaxMs, ...providers } = stats;
  for (const [name, s] of Object.entries(providers)) {
    assert.equal(s.violations, 0, `${name} saw requests over its rate limit (mock lag up to ${eventLoopLagMaxMs} ms)`);
    assert.equal(s.retryAfterViolations, 0, `${name} saw requests inside Retry-After`);
    assert.ok(s.maxFetchesPerAddress <= 1, `${name} was asked about one address ${s.maxFetchesPerAddress} times`);
  }
  assert.deepEqual(problems, []);
});

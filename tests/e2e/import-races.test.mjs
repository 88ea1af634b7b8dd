// End-to-end: imports that race a scan or each other (contract, section 2).
// Addresses imported into a chain that is scanning are checked before it shows
// `completed`, and two tabs importing at once store every address once.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openBrowser } from "../support/browser.mjs";
import { servedPage } from "../support/served-page.mjs";
import { chainStatus, chainsSettle, exportCsv, importFiles, openPage, textFile, waitForChain } from "../support/page-actions.mjs";
import { groundTruth, expectedCsv } from "../mock/truth.mjs";

const COUNT = 200;
const served = servedPage({ mock: { count: COUNT } });
const btc = groundTruth({ count: COUNT }).filter((e) => e.chain === "BTC");
const csvOf = (entries) => ["address,index", ...entries.map((e) => `${e.address},${e.index}`)].join("\n");

test("addresses imported while their chain scans are checked before it says completed", async () => {
  const page = await openPage(served.browser, served.url);
  const [first, later] = [btc.slice(0, 100), btc.slice(100)];
  assert.equal((await importFiles(page, [textFile("first.csv", csvOf(first))])).imported, 100);
  // Slow answers keep the scan of the first 100 going while the rest arrive.
  await served.mock.faults({ "esplora-a": { latencyMs: 400 }, "esplora-b": { latencyMs: 400 } });
  await page.getByTestId("scan-all").click();
  await waitForChain(page, "BTC", "(d) => d.state === 'scanning' && Number(d.scanned) >= 5");
  assert.equal((await importFiles(page, [textFile("later.csv", csvOf(later))])).imported, 100);
  assert.equal((await chainStatus(page)).BTC.state, "scanning", "the import landed mid-scan");
  await served.mock.faults({});
  await chainsSettle(page);
  const done = (await chainStatus(page)).BTC;
  assert.deepEqual(
    { state: done.state, scanned: done.scanned, total: done.total, errors: done.errors },
    { state: "completed", scanned: COUNT, total: COUNT, errors: 0 },
  );
  assert.equal(await exportCsv(page), expectedCsv(btc));
  // After a reload the stored checkpoint says the same.
  await page.reload();
  await waitForChain(page, "BTC", "(d) => d.state === 'completed'");
  assert.equal((await chainStatus(page)).BTC.scanned, COUNT);
  const stats = await served.mock.stats();
  assert.equal(stats["esplora-a"].requests + stats["esplora-b"].requests, COUNT, "each address asked once");
  assert.deepEqual(page.problems, []);
});

test("two tabs importing overlapping lists at once store every address once", async () => {
  // A browser of its own: an empty IndexedDB, shared by its two tabs.
  const context = await openBrowser();
  const [one, two] = await Promise.all([openPage(context, served.url), openPage(context, served.url)]);
  // Large enough that each import checks for seconds: they overlap.
  const many = groundTruth({ seed: 7, count: 30_000 }).filter((e) => e.chain === "BTC");
  const [a, b] = [many.slice(0, 20_000), many.slice(10_000)];
  const [first, second] = await Promise.all([
    importFiles(one, [textFile("a.csv", csvOf(a))]),
    importFiles(two, [textFile("b.csv", csvOf(b))]),
  ]);
  assert.equal(first.rejected + second.rejected, 0);
  assert.equal(first.imported + second.imported, 30_000, `imported ${first.imported} + ${second.imported}`);
  assert.equal(first.duplicates + second.duplicates, 10_000);
  await one.reload();
  await waitForChain(one, "BTC", "(d) => Number(d.total) === 30000");
  for (const page of [one, two]) {
    assert.doesNotMatch(await page.getByTestId("import-report").textContent(), /failed/i);
    assert.deepEqual(page.problems, []);
  }
  await context.close();
});

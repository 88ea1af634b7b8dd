// End-to-end: two tabs of the same browser never scan the same chain at once
// (Web Locks): the second tab shows the scan running elsewhere and follows it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openBrowser } from "../support/browser.mjs";
import { servedPage } from "../support/served-page.mjs";
import { chainsSettle, importFiles, openPage, truthFiles, waitForChain } from "../support/page-actions.mjs";
import { groundTruth } from "../mock/truth.mjs";

const COUNT = 60;
const served = servedPage({ mock: { count: COUNT } });

test("a second tab does not scan what the first is scanning", async () => {
  const first = await openPage(served.browser, served.url);
  await importFiles(first, truthFiles(groundTruth({ count: COUNT })));
  await first.getByTestId("scan-all").click();
  await waitForChain(first, "BTC", "(d) => d.state === 'scanning' && Number(d.scanned) >= 3");

  const second = await openPage(served.browser, served.url);
  // The second tab sees the scan as running (it follows the stored progress) ...
  await waitForChain(second, "BTC", "(d) => d.state === 'scanning'");
  assert.match(await second.getByTestId("chain-status-BTC").textContent(), /another tab/);
  // ... and asking it to scan does not start a second scanner.
  await second.getByTestId("scan-all").click();
  await chainsSettle(first);
  await waitForChain(second, "BTC", "(d) => d.state === 'completed'");

  const stats = await served.mock.stats();
  for (const name of ["esplora-a", "esplora-b"]) {
    assert.equal(stats[name].maxFetchesPerAddress, 1, `${name}: an address asked twice means two scanners`);
    assert.equal(stats[name].violations, 0);
  }
  assert.equal(stats["esplora-a"].requests + stats["esplora-b"].requests, COUNT);
  assert.deepEqual([...first.problems, ...second.problems], []);
});

/**
 * A browser of its own (a fresh database, and an upgrade that stays there) with a
 * tab scanning slowly (answers take `latencyMs`), and a second page of the same
 * origin that plays the newer version of the page.
 */
async function scanningTabAndNewer(latencyMs) {
  const context = await openBrowser();
  try {
    const page = await openPage(context, served.url);
    await importFiles(page, truthFiles(groundTruth({ count: COUNT })));
    await served.mock.faults({ "esplora-a": { latencyMs }, "esplora-b": { latencyMs } });
    await page.getByTestId("scan-all").click();
    await waitForChain(page, "BTC", "(d) => d.state === 'scanning' && Number(d.scanned) >= 2");
    const newer = await context.newPage();
    await newer.goto(new URL("no-such-page", served.url).href);
    return { context, page, newer };
  } catch (error) {
    await served.mock.reset();
    await context.close();
    throw error;
  }
}

test("a scanning tab stops and lets go of the database when a newer version of the page asks", async () => {
  const { context, page, newer } = await scanningTabAndNewer(2_000);
  try {
    // A newer version of the page, in another tab, waits to upgrade the schema and
    // asks the older tabs to let go (as this version does when its opening stalls).
    await newer.evaluate(() => new BroadcastChannel("balance-scanner/storage").postMessage(99));
    await page.getByText("A newer version of this page was opened in another tab").waitFor({ timeout: 10_000 });
    await waitForChain(page, "BTC", "(d) => d.state === 'paused'");
    assert.equal(await page.getByTestId("storage-status").getAttribute("data-state"), "failed");
    // A request for the version this page already has is not for it.
    const second = await openPage(context, served.url);
    await newer.evaluate(() => new BroadcastChannel("balance-scanner/storage").postMessage(2));
    await second.waitForTimeout(500);
    assert.equal(await second.getByTestId("storage-status").getAttribute("data-state"), "ready");
  } finally {
    await served.mock.reset();
    await context.close();
  }
});

test("a scan whose storage another tab upgrades stops with a clear message, and nothing is lost", async () => {
  const { context, page, newer } = await scanningTabAndNewer(1_000);
  try {
    // A newer version of the page upgrades the schema. Chromium closes the
    // scanning tab's connection under it (it has no versionchange handler); a
    // browser that waits instead gets the tab to let go over the channel.
    await newer.evaluate(
      () =>
        new Promise((resolve, reject) => {
          const open = indexedDB.open("balance-scanner", 99);
          open.onblocked = () => new BroadcastChannel("balance-scanner/storage").postMessage(99);
          open.onsuccess = () => {
            open.result.close();
            resolve();
          };
          open.onerror = () => reject(open.error);
        }),
    );
    await page.getByText("newer version of this page").first().waitFor({ timeout: 15_000 });
    await waitForChain(page, "BTC", "(d) => d.state !== 'scanning'");
    assert.doesNotMatch(await page.getByTestId("chain-status-BTC").textContent(), /idb error/);
  } finally {
    await served.mock.reset();
    await context.close();
  }
});

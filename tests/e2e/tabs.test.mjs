// End-to-end: two tabs of the same browser never scan the same chain at once
// (Web Locks): the second tab shows the scan running elsewhere and follows it.
import { test } from "node:test";
import assert from "node:assert/strict";
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

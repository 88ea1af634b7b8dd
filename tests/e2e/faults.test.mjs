// End-to-end: failing providers. One provider per chain down and the other flaky
// or answering 429 bursts: the scan still ends with the exact ground truth and no
// rate-limit violation. Every provider of a chain down: the chain ends `failed`,
// nothing is exported as zero, and a resume after recovery completes it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { servedPage } from "../support/served-page.mjs";
import { openBrowser } from "../support/browser.mjs";
import { chainStatus, chainsSettle, exportCsv, importFiles, openPage, tablesHiddenAt, truthFiles, waitForChain } from "../support/page-actions.mjs";
import { groundTruth, expectedCsv } from "../mock/truth.mjs";

const COUNT = 40;
const served = servedPage({ mock: { count: COUNT } });
const entries = groundTruth({ count: COUNT });

async function withFreshBrowser(run) {
  const browser = await openBrowser();
  try {
    await run(browser);
  } finally {
    await browser.close();
  }
}

test("a provider down and another flaky or rate-limiting: exact results, no violations", async () => {
  await served.mock.reset();
  await served.mock.faults({
    "esplora-a": { down: true },
    "esplora-b": { errorRate: 0.2, burst429: { every: 7, retryAfter: 1 } },
    "evm-a": { down: true },
    "evm-b": { errorRate: 0.3, malformedRate: 0.1 },
    "solana-a": { shortRate: 0.3, hangRate: 0.1 },
    "solana-b": { down: true },
  });
  await withFreshBrowser(async (browser) => {
    const page = await openPage(browser, served.url);
    await importFiles(page, truthFiles(entries));
    await page.getByTestId("scan-all").click();
    await chainsSettle(page, ["completed", "failed"], 180_000);
    const status = await chainStatus(page);
    for (const chain of ["BTC", "BSC", "SOL"]) assert.equal(status[chain].state, "completed", `${chain}: ${JSON.stringify(status[chain])}`);
    assert.equal(await exportCsv(page), expectedCsv(entries));
    const stats = await served.mock.stats();
    assert.ok(stats["esplora-b"].served429 > 0, "the 429 bursts happened");
    for (const [name, s] of Object.entries(stats)) {
      if (name === "eventLoopLagMaxMs") continue;
      assert.equal(s.violations, 0, `${name} over its rate limit (lag ${stats.eventLoopLagMaxMs} ms)`);
      assert.equal(s.retryAfterViolations, 0, `${name} asked again inside Retry-After`);
    }
    assert.deepEqual(page.problems, []);
  });
});

test("every provider of a chain down: failed, nothing exported as zero, resume completes", async () => {
  await served.mock.reset();
  await served.mock.faults({ "esplora-a": { down: true }, "esplora-b": { down: true } });
  await withFreshBrowser(async (browser) => {
    const page = await openPage(browser, served.url);
    await importFiles(page, truthFiles(entries));
    await page.getByTestId("scan-all").click();
    await chainsSettle(page, ["completed", "failed"], 180_000);
    let status = await chainStatus(page);
    assert.equal(status.BTC.state, "failed");
    assert.equal(status.BTC.errors, COUNT - status.BTC.scanned);
    assert.ok(status.BTC.errors > 0);
    assert.equal(status.BSC.state, "completed");
    // The failing providers' rows (status, last error) still fit a narrow
    // window and a phone without scrolling sideways.
    for (const [width, px] of Object.entries(await tablesHiddenAt(page, [1280, 700, 420]))) {
      assert.ok(px.every((p) => p <= 0), `${width} px wide: ${JSON.stringify(px)} px of a table out of view`);
    }
    // The export holds BSC and SOL, and no BTC row at all: unchecked is not zero.
    const withoutBtc = expectedCsv(entries.filter((e) => e.chain !== "BTC"));
    assert.equal(await exportCsv(page), withoutBtc);

    await served.mock.faults({});
    await page.getByTestId("scan-all").click();
    // A failed chain resumes: wait for it to start before waiting for its end.
    await waitForChain(page, "BTC", "(d) => d.state !== 'failed'");
    await chainsSettle(page, ["completed", "failed"], 180_000);
    status = await chainStatus(page);
    assert.equal(status.BTC.state, "completed");
    assert.equal(await exportCsv(page), expectedCsv(entries));
  });
});

// End-to-end: a Bitcoin scan through a provider with mempool.space's group
// summary beside one without, over addresses with real-looking histories (funded,
// emptied, never used, one with more transactions than a summary lists, payments
// between neighbours): the export is the ground truth exactly, in far fewer
// requests than addresses, within every rate limit.
import { test } from "node:test";
import assert from "node:assert/strict";
import { servedPage, storageSettled } from "../support/served-page.mjs";
import { chainStatus, chainsSettle, exportCsv, importFiles, textFile } from "../support/page-actions.mjs";
import { groundTruth, expectedCsv } from "../mock/truth.mjs";

const COUNT = 3000;
const FUNDED_PER_100K = 1000;
const PROVIDERS = [
  { name: "mempool", chain: "BTC", kind: "esplora", rps: 20, groupSummary: 300 },
  { name: "plain", chain: "BTC", kind: "esplora", rps: 5 },
];
const served = servedPage({ mock: { count: COUNT, btcFundedPer100k: FUNDED_PER_100K, providers: PROVIDERS } });

test("group summaries: the export equals the ground truth in a fraction of the requests", async () => {
  const entries = groundTruth({ count: COUNT, btcFundedPer100k: FUNDED_PER_100K }).filter((e) => e.chain === "BTC");
  const funded = entries.filter((e) => e.native > 0n).length;
  assert.ok(funded >= 10, `the set holds funded addresses (${funded})`);
  const page = await served.browser.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(error.message));
  await page.goto(served.url);
  await storageSettled(page);

  const card = page.getByTestId("chain-status-BTC");
  await assert.doesNotReject(
    card.getByText("groups of 300 via mempool · one address a request via plain").waitFor(),
    "the card says how the chain is scanned",
  );
  const counts = await importFiles(page, [textFile("btc.txt", entries.map((e) => e.address).join("\n"))]);
  assert.deepEqual(counts, { imported: COUNT, rejected: 0, duplicates: 0 });

  await page.getByTestId("scan-all").click();
  await chainsSettle(page);
  const status = await chainStatus(page);
  assert.deepEqual(status.BTC, { state: "completed", scanned: COUNT, total: COUNT, funded, errors: 0 });
  assert.equal(await exportCsv(page), expectedCsv(entries));

  const { eventLoopLagMaxMs, ...stats } = await served.mock.stats();
  for (const [name, s] of Object.entries(stats)) {
    assert.equal(s.violations, 0, `${name} saw requests over its rate limit (mock lag up to ${eventLoopLagMaxMs} ms)`);
  }
  assert.ok(stats.mempool.summaries > 0, "the group summary endpoint was used");
  // mempool.space's backend answers no OPTIONS: its summaries must go out as
  // simple requests (a text/plain body), never behind a preflight.
  assert.equal(stats.mempool.preflights, 0, "group summaries were preflighted");
  const requests = stats.mempool.requests + stats.plain.requests;
  assert.ok(requests < COUNT / 5, `${requests} requests for ${COUNT} addresses`);
  assert.deepEqual(problems, []);
});

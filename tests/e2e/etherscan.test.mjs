// End-to-end: BSC scanned through an Etherscan-style account API (BNB of 20
// addresses a balancemulti call, then a tokenbalance call per address and token)
// beside a JSON-RPC node with Multicall3: the export is the ground truth exactly,
// within every rate limit, and the key never shows unmasked. A second API whose
// key is refused is left out, in plain words, and the scan still completes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { servedPage, storageSettled } from "../support/served-page.mjs";
import { chainStatus, chainsSettle, exportCsv, importFiles, textFile } from "../support/page-actions.mjs";
import { groundTruth, expectedCsv } from "../mock/truth.mjs";
import { ETHERSCAN_KEY } from "../mock/protocols.mjs";

const COUNT = 400;
const PROVIDERS = [
  { name: "bscscan-mock", chain: "BSC", kind: "etherscan", rps: 10, batch: 20 },
  // Its config.json key is not the one it takes: every call is refused.
  { name: "wrong-key-api", chain: "BSC", kind: "etherscan", rps: 5, apiKey: "another-key" },
  { name: "node", chain: "BSC", kind: "evm-rpc", rps: 2, batch: 50 },
];
const served = servedPage({ mock: { count: COUNT, providers: PROVIDERS } });

test("etherscan beside evm-rpc: the export equals the ground truth and a refused key is left out", async () => {
  const entries = groundTruth({ count: COUNT }).filter((e) => e.chain === "BSC");
  const funded = entries.filter((e) => e.native > 0n || e.tokens.some((t) => t > 0n)).length;
  const page = await served.browser.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(error.message));
  await page.goto(served.url);
  await storageSettled(page);

  const card = page.getByTestId("chain-status-BSC");
  await assert.doesNotReject(
    card.getByText("BNB of 20 addresses a call, then a call per address and token via bscscan-mock").waitFor(),
    "the card says how the chain is scanned",
  );
  const counts = await importFiles(page, [textFile("bsc.txt", entries.map((e) => e.address).join("\n"))]);
  assert.deepEqual(counts, { imported: COUNT, rejected: 0, duplicates: 0 });

  await page.getByTestId("scan-all").click();
  await chainsSettle(page);
  const status = await chainStatus(page);
  assert.deepEqual(status.BSC, { state: "completed", scanned: COUNT, total: COUNT, funded, errors: 0 });
  assert.equal(await exportCsv(page), expectedCsv(entries));

  const { eventLoopLagMaxMs, ...stats } = await served.mock.stats();
  for (const [name, s] of Object.entries(stats)) {
    assert.equal(s.violations, 0, `${name} saw requests over its rate limit (mock lag up to ${eventLoopLagMaxMs} ms)`);
  }
  assert.ok(stats["bscscan-mock"].tokenCalls > 0, "token balances came one call each from the API");
  assert.ok(stats.node.requests > 0, "the node carried addresses too");
  // Refused once, then never asked again.
  assert.equal(stats["wrong-key-api"].requests, 1);
  const health = page.locator("table.health tr", { hasText: "wrong-key-api" });
  await assert.doesNotReject(health.getByText("Left out of this scan").waitFor());
  await assert.doesNotReject(health.getByText("refused the API key").waitFor());

  // The key is in config.json, and nowhere on the page in full.
  const text = await page.evaluate(() => document.body.innerText + document.body.innerHTML);
  assert.ok(!text.includes(ETHERSCAN_KEY), "the API key is shown masked only");
  assert.deepEqual(problems, []);
});

// End-to-end: discovery with a gap limit (issue 18, part 2). A watch-only key's
// receive and change branches are searched through the mock providers, which
// know a history for some of the reference clients' addresses (funded, emptied,
// token-only, one past the gap); the page imports the addresses up to the last
// used one of each branch, asking about each address once, within the rate
// limits, and the scan then finds exactly the funded ones.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { servedPage, storageSettled } from "../support/served-page.mjs";
import { chainsSettle, chainStatus, deriveAddresses, importFiles, textFile } from "../support/page-actions.mjs";

const fixtures = JSON.parse(await readFile(new URL("../fixtures/hd/watch-only.json", import.meta.url), "utf8"));
const fixture = (name) => fixtures.cases.find((c) => c.name === name);

// One BIP-44 key: its receive branch (the bare xpub) and its change branch
// (the pkh() descriptor over the same key), from @scure/bip32.
const receive = fixture("BIP-44 xpub, P2PKH, receive");
const change = fixture("pkh() descriptor, change");
const bsc = fixture("BSC account xpub (m/44'/60'/0')");
const GAP = 20;

// Index → satoshi history (each transaction's net value). 45 is past the gap
// after 21: a wallet with a gap limit of 20 never reaches it.
const receiveUsed = { 0: [5000], 1: [7000, -7000], 4: [1200, 300], 21: [99], 45: [123_456] };
const changeUsed = { 0: [2500, -2500], 6: [640] };
// Index → BSC state: sent transactions and holds nothing; only received USDT
// (nonce 0); holds BNB; and one past the gap.
const bscUsed = { 0: { nonce: 2 }, 3: { tokens: ["0", "5000000"] }, 12: { native: "1000" }, 40: { native: "7" } };

const wallets = [
  ...Object.entries(receiveUsed).map(([i, history]) => ({ chain: "BTC", address: receive.addresses[i], history })),
  ...Object.entries(changeUsed).map(([i, history]) => ({ chain: "BTC", address: change.addresses[i], history })),
  ...Object.entries(bscUsed).map(([i, state]) => ({ chain: "BSC", address: bsc.addresses[i], ...state })),
];

const served = servedPage({ mock: { count: 6, wallets } });

const requests = async (chain) => {
  const stats = await served.mock.stats();
  const names = served.mock.providers.filter((p) => p.chain === chain).map((p) => p.name);
  return names.reduce((sum, n) => ({ requests: sum.requests + stats[n].requests, violations: sum.violations + stats[n].violations }), { requests: 0, violations: 0 });
};

test("discovery imports each branch up to its last used address, asking about each address once", { timeout: 180_000 }, async () => {
  const page = await served.browser.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(error.message));
  await page.goto(served.url);
  await storageSettled(page);
  await served.mock.reset();

  const btc = await deriveAddresses(page, { key: receive.input, script: "pkh", gap: GAP }, { timeout: 120_000 });
  // 0..=21 of receive and 0..=6 of change.
  assert.deepEqual(btc, { imported: 22 + 7, rejected: 0, duplicates: 0 });
  const report = await page.getByTestId("import-report").textContent();
  assert.match(report, /Discovered 29 BTC addresses up to the last used one \(22 receive, 7 change; gap limit 20, 69 checked, 6 used\): legacy P2PKH/);
  // Each address up to the gap's end asked once: (22 + 20) + (7 + 20).
  assert.deepEqual(await requests("BTC"), { requests: 69, violations: 0 });
  // Exactly the reference addresses: importing them adds nothing.
  const expected = [...receive.addresses.slice(0, 22), ...change.addresses.slice(0, 7)];
  assert.deepEqual(await importFiles(page, [textFile("btc.txt", expected.join("\n"))]), { imported: 0, rejected: 0, duplicates: 29 });
  assert.deepEqual(await importFiles(page, [textFile("past-gap.txt", receive.addresses[45])]), { imported: 1, rejected: 0, duplicates: 0 });

  const evm = await deriveAddresses(page, { key: bsc.input, chain: "BSC", gap: GAP }, { timeout: 120_000 });
  assert.deepEqual(evm, { imported: 13, rejected: 0, duplicates: 0 });
  assert.match(await page.getByTestId("import-report").textContent(), /Discovered 13 BSC addresses up to the last used one \(gap limit 20, 33 checked, 3 used\): BNB Smart Chain/);
  assert.equal((await requests("BSC")).violations, 0);
  assert.deepEqual(await importFiles(page, [textFile("bsc.txt", bsc.addresses.slice(0, 13).join("\n"))]), { imported: 0, rejected: 0, duplicates: 13 });

  // The scan finds the funded ones: receive 0, 4, 21 and 45 (imported by
  // hand), change 6; on BSC 3 (USDT) and 12.
  await page.getByTestId("scan-all").click();
  await chainsSettle(page, ["completed", "failed"], 120_000);
  const status = await chainStatus(page);
  assert.equal(status.BTC.state, "completed");
  assert.equal(status.BTC.funded, 5);
  assert.equal(status.BSC.state, "completed");
  assert.equal(status.BSC.funded, 2);
  assert.deepEqual(problems, []);
  await page.close();
});

test("a discovery the providers cannot answer is the import's one rejected entry", { timeout: 120_000 }, async () => {
  const page = await served.browser.newPage();
  await page.goto(served.url);
  await storageSettled(page);
  const faults = Object.fromEntries(served.mock.providers.filter((p) => p.chain === "BTC").map((p) => [p.name, { down: true }]));
  await served.mock.faults(faults);
  const discovering = deriveAddresses(page, { key: receive.input, script: "wpkh", gap: 5 }, { timeout: 110_000 });
  await page.waitForFunction(() => /Discovering/.test(document.querySelector('[data-testid="import-report"]').textContent));
  // A scan of the chain waits for the discovery: both would send to its
  // providers, and their rate limits hold only for one sender.
  const before = (await served.mock.stats())["esplora-a"].requests;
  await page.getByTestId("scan-all").click();
  await page.waitForFunction(() => /watch-only addresses are\s+being discovered/.test(document.querySelector('[data-testid="chain-status-BTC"] .chain-notice')?.textContent ?? ""));
  assert.notEqual(await page.getByTestId("chain-status-BTC").getAttribute("data-state"), "scanning");
  const failed = await discovering;
  await served.mock.faults({});
  // Only the discovery's own attempts reached the providers: no scan's.
  assert.ok((await served.mock.stats())["esplora-a"].requests - before < 20);
  assert.deepEqual(failed, { imported: 0, rejected: 1, duplicates: 0 });
  assert.match(await page.getByTestId("import-report").textContent(), /watch-only key: Discovery stopped: the providers kept failing/);
  const bad = await deriveAddresses(page, { key: receive.input, script: "wpkh", gap: 0 });
  assert.deepEqual(bad, { imported: 0, rejected: 1, duplicates: 0 });
  assert.match(await page.getByTestId("import-report").textContent(), /Set a gap limit from 1 to 10,000/);
  await page.close();
});

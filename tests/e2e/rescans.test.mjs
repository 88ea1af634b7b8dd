// End-to-end: rescans of part of a chain. After a full scan, "only the funded
// and the unchecked" asks the providers about the funded addresses alone, and an
// index range about its indices alone; the cards say what each scan covers, the
// funded counts stay the chain's, and the export is still the ground truth. The
// Solana deep check of a range finds tokens held outside the wallets' ATAs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { servedPage } from "../support/served-page.mjs";
import { chainStatus, chainsSettle, exportCsv, importFiles, openPage, truthFiles, waitForChain } from "../support/page-actions.mjs";
import { associatedTokenAccount, deepHoldings, expectedCsv, groundTruth, TOKENS } from "../mock/truth.mjs";

const COUNT = 40;
const served = servedPage({ mock: { count: COUNT } });

const isFunded = (e) => e.native > 0n || e.tokens.some((t) => t > 0n);

/** Every address the chain's providers were asked about since the last reset. */
async function askedOn(chain) {
  const stats = await served.mock.stats({ asked: true });
  const names = served.mock.providers.filter((p) => p.chain === chain).map((p) => p.name);
  return new Set(names.flatMap((name) => stats[name].asked));
}

const sorted = (set) => [...set].sort();

test("rescans of the funded and of an index range ask only those addresses", async () => {
  const entries = groundTruth({ count: COUNT }).filter((e) => e.chain !== "BSC");
  const btc = entries.filter((e) => e.chain === "BTC");
  const sol = entries.filter((e) => e.chain === "SOL");
  const page = await openPage(served.browser, served.url);
  await importFiles(page, truthFiles(entries));
  await page.getByTestId("scan-all").click();
  await chainsSettle(page);
  assert.equal(await exportCsv(page), expectedCsv(entries));

  // Only the funded and the unchecked (none unchecked): the funded BTC addresses.
  const fundedBtc = btc.filter(isFunded);
  assert.ok(fundedBtc.length > 0 && fundedBtc.length < COUNT, "a set with empty addresses too");
  await served.mock.reset();
  const card = page.getByTestId("chain-status-BTC");
  await card.getByText("Rescan part of the list").click();
  await page.getByTestId("rescan-funded-BTC").click();
  await waitForChain(page, "BTC", `(d) => d.state === 'completed' && d.scanned === '${fundedBtc.length}'`);
  assert.deepEqual(sorted(await askedOn("BTC")), sorted(fundedBtc.map((e) => e.address)));
  assert.match(await card.textContent(), new RegExp(`This scan: only the funded and the unchecked, ${fundedBtc.length} addresses`));
  const btcStatus = (await chainStatus(page)).BTC;
  assert.deepEqual(btcStatus, { state: "completed", scanned: fundedBtc.length, total: COUNT, funded: fundedBtc.length, errors: 0 });

  // An index range on Solana: wallets 5 to 14 and their token accounts only.
  await served.mock.reset();
  const solCard = page.getByTestId("chain-status-SOL");
  await solCard.getByText("Rescan part of the list").click();
  // A reversed range is refused in words, and nothing is scanned.
  await page.getByTestId("rescan-first-SOL").fill("14");
  await page.getByTestId("rescan-last-SOL").fill("5");
  await page.getByTestId("rescan-range-SOL").click();
  await solCard.getByText("The first index (14) is above the last (5).").waitFor();
  await page.getByTestId("rescan-first-SOL").fill("5");
  await page.getByTestId("rescan-last-SOL").fill("14");
  await page.getByTestId("rescan-range-SOL").click();
  await waitForChain(page, "SOL", "(d) => d.state === 'completed' && d.scanned === '10'");
  const inRange = sol.filter((e) => e.index >= 5 && e.index <= 14);
  const expectedKeys = inRange.flatMap((e) => [e.address, ...TOKENS.SOL.map((t) => associatedTokenAccount(e.address, t.address, t.program))]);
  assert.deepEqual(sorted(await askedOn("SOL")), sorted(expectedKeys));
  assert.match(await solCard.textContent(), /This scan: indices 5 to 14, 10 addresses/);
  // The funded count is the chain's: those in the range and those known outside it.
  assert.equal((await chainStatus(page)).SOL.funded, sol.filter(isFunded).length);

  assert.equal(await exportCsv(page), expectedCsv(entries));

  // The deep check of wallets 0 to 19 finds the USDC some hold outside their
  // ATAs, with one getBalance (and its token-account calls) per wallet.
  await served.mock.reset();
  await page.getByTestId("rescan-deep-SOL").check();
  await page.getByTestId("rescan-first-SOL").fill("0");
  await page.getByTestId("rescan-last-SOL").fill("19");
  await page.getByTestId("rescan-range-SOL").click();
  await waitForChain(page, "SOL", "(d) => d.state === 'completed' && d.scanned === '20'");
  const deepRange = sol.filter((e) => e.index <= 19);
  assert.ok(deepRange.some((e) => e.outside), "the range holds wallets with USDC elsewhere");
  assert.deepEqual(sorted(await askedOn("SOL")), sorted(deepRange.map((e) => e.address)));
  assert.match(await solCard.textContent(), /This scan: deep check of indices 0 to 19, 20 addresses/);
  const deepSeen = [...entries.filter((e) => e.chain !== "SOL" || e.index > 19), ...deepHoldings(deepRange)];
  assert.equal(await exportCsv(page), expectedCsv(deepSeen));

  // One wallet, from its row in the results: the deep check of its index.
  // (A wallet whose USDC row is listed, filtered to Solana's USDC: one page.)
  const wallet = sol.find((e) => e.index > 19 && e.outside && e.tokens[0] > 0n);
  assert.ok(wallet, "a wallet beyond the range with USDC in its ATA and elsewhere");
  await served.mock.reset();
  const filters = page.getByRole("group", { name: "Filter and sort the funded balances" });
  await filters.getByLabel("Chain").selectOption("SOL");
  await filters.getByLabel("Asset").selectOption("USDC");
  await page.locator(".funded-table tr", { hasText: wallet.address }).first().getByRole("button", { name: "Deep check" }).click();
  await waitForChain(page, "SOL", "(d) => d.state === 'completed' && d.scanned === '1'");
  assert.deepEqual([...(await askedOn("SOL"))], [wallet.address]);
  assert.match(await solCard.textContent(), new RegExp(`This scan: deep check of indices ${wallet.index} to ${wallet.index}, 1 address`));
  const oneMore = deepSeen.map((e) => (e === wallet ? deepHoldings([e])[0] : e));
  assert.equal(await exportCsv(page), expectedCsv(oneMore));

  // A reload shows the last scan as it ended.
  await page.reload();
  await waitForChain(page, "SOL", "(d) => d.state === 'completed' && d.scanned === '1'");
  assert.match(await solCard.textContent(), new RegExp(`This scan: deep check of indices ${wallet.index} to ${wallet.index}, 1 address`));
  assert.deepEqual((await chainStatus(page)).SOL, { state: "completed", scanned: 1, total: COUNT, funded: oneMore.filter((e) => e.chain === "SOL" && isFunded(e)).length, errors: 0 });
  const stats = await served.mock.stats();
  for (const p of served.mock.providers) assert.equal(stats[p.name].violations, 0, `${p.name} rate violations`);
  assert.deepEqual(page.problems, []);
});

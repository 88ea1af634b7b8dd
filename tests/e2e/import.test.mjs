// End-to-end: importing files through the page's file input (contract, sections 2
// and 4), and the imported addresses surviving a reload.
import { test } from "node:test";
import assert from "node:assert/strict";
import { servedPage, storageSettled } from "../support/served-page.mjs";
import { importFiles, importPasted, textFile as file } from "../support/page-actions.mjs";

const served = servedPage();

async function totals(page) {
  const result = {};
  for (const chain of ["BTC", "BSC", "SOL"]) {
    result[chain] = Number(await page.getByTestId(`chain-status-${chain}`).getAttribute("data-total"));
  }
  return result;
}

test("files picked together are one import; addresses survive a reload", async () => {
  const page = await served.browser.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(error.message));
  await page.goto(served.url);
  await storageSettled(page);
  assert.equal(await page.getByTestId("storage-status").getAttribute("data-state"), "ready");
  const report = page.getByTestId("import-report");
  assert.equal(await report.getAttribute("data-state"), "done");
  assert.equal(await report.getAttribute("data-seq"), "0");

  const counts = await importFiles(page, [
    file(
      "list.txt",
      "# deposits\n1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa\nnot-an-address\n0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed\n1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa\n",
    ),
    file("wallet.csv", "address;index\r\nEPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v;7\r\n"),
  ]);
  assert.deepEqual(counts, { imported: 3, rejected: 1, duplicates: 1 });
  assert.match(await report.textContent(), /list\.txt, line 3: not a Bitcoin, BNB Smart Chain or Solana address/);
  assert.deepEqual(await totals(page), { BTC: 1, BSC: 1, SOL: 1 });

  // A secret is refused, loudly, and never shown back.
  const secret = await importFiles(page, [
    file("oops.txt", "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about\n"),
  ]);
  assert.deepEqual(secret, { imported: 0, rejected: 1, duplicates: 0 });
  const text = await report.textContent();
  assert.match(text, /seed phrase or private key/);
  assert.doesNotMatch(text, /abandon/);

  await page.reload();
  await page.waitForFunction(
    () => document.querySelector('[data-testid="chain-status-SOL"]')?.dataset.total === "1",
  );
  assert.deepEqual(await totals(page), { BTC: 1, BSC: 1, SOL: 1 });
  assert.equal(await report.getAttribute("data-seq"), "0", "seq restarts at page load");

  // Importing the same addresses again stores nothing new.
  const again = await importFiles(page, [file("again.txt", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa\n")]);
  assert.deepEqual(again, { imported: 0, rejected: 0, duplicates: 1 });
  assert.deepEqual(problems, []);
  await page.close();
});

test("pasted lines are one import; the box empties, and shows one address a line until then", async () => {
  const page = await served.browser.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(error.message));
  await page.goto(served.url);
  await storageSettled(page);
  const box = page.getByLabel("Addresses to import, one per line");
  // The example is two lines, not an HTML entity shown as written.
  assert.equal(await box.getAttribute("placeholder"), "bc1q…\n0x…");

  // Counted from what this page already holds (the test above shares the browser).
  const before = await totals(page);
  const counts = await importPasted(
    page,
    "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq\n0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359\nnot-an-address\nbc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq\n",
  );
  assert.deepEqual(counts, { imported: 2, rejected: 1, duplicates: 1 });
  const report = page.getByTestId("import-report");
  assert.match(await report.textContent(), /pasted text, line 3: not a Bitcoin, BNB Smart Chain or Solana address/);
  assert.equal(await box.inputValue(), "", "the box empties once its text is taken");
  assert.deepEqual(await totals(page), { BTC: before.BTC + 1, BSC: before.BSC + 1, SOL: before.SOL });

  // A secret pasted is refused and, cleared from the box, shown nowhere.
  const secret = await importPasted(page, "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about");
  assert.deepEqual(secret, { imported: 0, rejected: 1, duplicates: 0 });
  assert.match(await report.textContent(), /seed phrase or private key/);
  assert.equal(await box.inputValue(), "");
  assert.doesNotMatch(await page.locator("body").innerText(), /abandon/);
  assert.deepEqual(problems, []);
  await page.close();
});

// End-to-end: the release build (dist/) served statically, in headless Chromium.
import { test } from "node:test";
import assert from "node:assert/strict";
import { servedPage, storageSettled } from "../support/served-page.mjs";

const served = servedPage();

test("the page renders its chain cards and opens IndexedDB without errors", async () => {
  const page = await served.browser.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });

  await page.goto(served.url);
  await page.getByRole("heading", { level: 1, name: "Balance Scanner" }).waitFor();

  for (const chain of ["BTC", "BSC", "SOL"]) {
    const card = page.getByTestId(`chain-status-${chain}`);
    assert.equal(await card.getAttribute("data-state"), "idle", `${chain} state`);
    assert.equal(await card.getAttribute("data-total"), "0", `${chain} total`);
  }

  const storage = page.getByTestId("storage-status");
  await storageSettled(page);
  assert.equal(await storage.getAttribute("data-state"), "ready", await storage.textContent());

  assert.deepEqual(problems, []);
  await page.close();
});

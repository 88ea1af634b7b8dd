// End-to-end: the release build (dist/) served statically, in headless Chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { openBrowser } from "../support/browser.mjs";
import { startStaticServer } from "../support/static-server.mjs";

let server;
let browser;

before(async () => {
  server = await startStaticServer(process.env.DIST_DIR ?? "dist");
  browser = await openBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test("the page renders its chain cards and opens IndexedDB without errors", async () => {
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });

  await page.goto(server.url);
  await page.getByRole("heading", { level: 1, name: "Balance Scanner" }).waitFor();

  for (const chain of ["BTC", "BSC", "SOL"]) {
    const card = page.getByTestId(`chain-status-${chain}`);
    assert.equal(await card.getAttribute("data-state"), "idle", `${chain} state`);
    assert.equal(await card.getAttribute("data-total"), "0", `${chain} total`);
  }

  const storage = page.getByTestId("storage-status");
  await page.waitForFunction(
    () => document.querySelector('[data-testid="storage-status"]')?.dataset.state !== "opening",
  );
  assert.equal(await storage.getAttribute("data-state"), "ready", await storage.textContent());

  assert.deepEqual(problems, []);
  await page.close();
});

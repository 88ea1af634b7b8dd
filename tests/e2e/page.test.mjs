// End-to-end: the release build (dist/) served statically, in headless Chromium.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { openBrowser } from "../support/browser.mjs";
import { servedPage, storageSettled } from "../support/served-page.mjs";

const served = servedPage();

test("the page renders its chain cards and opens IndexedDB without errors", async () => {
  const page = await served.browser.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    // No config.json is normal (contract, section 1): the browser logs its 404 all
    // the same, and the page goes on with the built-in defaults.
    const missingConfig = message.location().url.endsWith("/config.json") && message.text().includes("404");
    if (message.type() === "error" && !missingConfig) problems.push(`console error: ${message.text()}`);
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
  // Without config.json the built-in defaults apply, and nothing reports an error.
  assert.equal(await page.getByTestId("config-errors").count(), 0);
  await page.close();
});

test("an invalid config.json is reported with field and value, and the defaults apply", async () => {
  const page = await served.browser.newPage();
  await page.route("**/config.json", (route) =>
    route.fulfill({ contentType: "application/json", body: '{"network":"mainet","providers":[{"chain":"BTC","kind":"esplora","url":"https://x/api","rps":0}]}' }),
  );
  await page.goto(served.url);
  const errors = page.getByTestId("config-errors");
  await errors.waitFor();
  const text = await errors.textContent();
  assert.match(text, /network = "mainet": must be "mainnet" or "testnet"/);
  assert.match(text, /providers\[0\]\.rps = 0: must be a whole number from 1 to 1000/);
  // The page still works: its cards are there and storage opened.
  await storageSettled(page);
  assert.equal(await page.getByTestId("chain-status-BTC").getAttribute("data-state"), "idle");
  await page.close();
});

test("a config.json answered with the page itself (an app fallback) or 403 reads as no config", async () => {
  const answers = [
    { status: 200, contentType: "text/html", body: "<!DOCTYPE html><html><body>app</body></html>" },
    { status: 403, contentType: "text/plain", body: "Forbidden" },
  ];
  for (const answer of answers) {
    const page = await served.browser.newPage();
    await page.route("**/config.json", (route) => route.fulfill(answer));
    await page.goto(served.url);
    await storageSettled(page);
    assert.equal(await page.getByTestId("storage-status").getAttribute("data-state"), "ready");
    assert.equal(await page.getByTestId("config-errors").count(), 0, `HTTP ${answer.status} ${answer.contentType}`);
    await page.close();
  }
});

test("a database upgrade blocked by another tab is explained, and goes on once that tab lets go", async () => {
  const browser = await openBrowser();
  try {
    // Another tab of this origin holds the database open at an older version.
    const other = await browser.newPage();
    await other.goto(new URL("no-such-page", served.url).href);
    await other.evaluate(
      () =>
        new Promise((resolve) => {
          const open = indexedDB.open("balance-scanner", 1);
          open.onsuccess = () => {
            window.heldDatabase = open.result;
            resolve();
          };
        }),
    );
    const page = await browser.newPage();
    await page.goto(served.url);
    const status = page.getByTestId("storage-status");
    await page.getByText("close or reload that tab").waitFor({ timeout: 10_000 });
    assert.equal(await status.getAttribute("data-state"), "opening");
    await other.evaluate(() => window.heldDatabase.close());
    await storageSettled(page);
    assert.equal(await status.getAttribute("data-state"), "ready");
  } finally {
    await browser.close();
  }
});

test("neither binary exports a Rust class to JS: no dependency's unused JS classes ship", () => {
  // wasm-bindgen gives every Rust struct exported to JS a `<class>_free`
  // export, and no linker can drop an export. wasm-streams (named by Leptos'
  // server-function client) exported four, 7.7 KB gzip of the page, until the
  // workspace patched in shims/wasm-streams; neither binary exports one of its own.
  const dist = process.env.DIST_DIR ?? "dist";
  const binaries = readdirSync(dist).filter((name) => name.endsWith("_bg.wasm"));
  assert.equal(binaries.length, 2, `the page's and the worker's wasm in ${dist}: ${binaries}`);
  for (const binary of binaries) {
    const module = new WebAssembly.Module(readFileSync(join(dist, binary)));
    const classes = WebAssembly.Module.exports(module)
      .map((entry) => entry.name)
      .filter((name) => name.endsWith("_free") && name !== "__wbindgen_free");
    assert.deepEqual(classes, [], `${binary} exports classes`);
  }
});


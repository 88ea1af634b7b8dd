// End-to-end: API keys are shown masked everywhere, including keys written into
// a provider's URL; the provider form never moves a key between entries nor
// copies the site's entries into the user's settings; saved settings that cannot
// be read are reported and kept.
import { test } from "node:test";
import assert from "node:assert/strict";
import { servedPage } from "../support/served-page.mjs";
import { chainsSettle, exportCsv, importFiles, openPage, truthFiles } from "../support/page-actions.mjs";
import { expectedCsv, groundTruth } from "../mock/truth.mjs";

const COUNT = 20;
const served = servedPage({ mock: { count: COUNT }, serveConfig: false });
const PATH_KEY = "f00dfeed1234abcd5678ef90aabbccdd";
const QUERY_KEY = "q9w8e7r6t5y4u3i2o1p0";
const FIELD_KEY = "SITEKEY-abcdef123456";

/** The mock's config.json with keys written into the BSC and SOL URLs. */
function keyedConfig() {
  const config = structuredClone(served.mock.config);
  for (const provider of config.providers) {
    if (provider.chain === "BSC") provider.url = `${provider.url}v2/${PATH_KEY}`;
    if (provider.chain === "SOL") provider.url = `${provider.url}?token=${QUERY_KEY}`;
    if (provider.name === "solana-a") provider.api_key = FIELD_KEY;
  }
  return config;
}

/** Opens the Settings panel (it may have opened by itself). */
const openSettings = (page) => page.locator("details.settings").evaluate((details) => (details.open = true));

/** A value of the page's settings store, read straight from IndexedDB. */
function storedSetting(page, key) {
  return page.evaluate(
    (key) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open("balance-scanner");
        open.onsuccess = () => {
          const get = open.result.transaction("settings").objectStore("settings").get(key);
          get.onsuccess = () => {
            open.result.close();
            resolve(get.result?.value ?? null);
          };
          get.onerror = () => reject(get.error);
        };
      }),
    key,
  );
}

test("keys in provider URLs are masked on every screen, and scans still use them", async () => {
  const page = await openPage(served.browser, served.url);
  await page.route("**/config.json", (route) => route.fulfill({ contentType: "application/json", body: JSON.stringify(keyedConfig()) }));
  await page.reload();
  await page.waitForFunction(() => document.querySelector('[data-testid="storage-status"]')?.dataset.state === "ready");
  const entries = groundTruth({ count: COUNT }).filter((e) => e.chain !== "BTC");
  await importFiles(page, truthFiles(entries).slice(1));
  await page.getByTestId("scan-all").click();
  await chainsSettle(page);
  assert.equal(await exportCsv(page), expectedCsv(entries));
  await openSettings(page);
  const html = await page.content();
  for (const key of [PATH_KEY, QUERY_KEY, FIELD_KEY, FIELD_KEY.slice(0, 10)]) assert.ok(!html.includes(key), `${key} shown`);
  const listed = await page.locator(".provider-list").first().textContent();
  assert.match(await page.locator(".settings").textContent(), /v2\/••••ccdd/);
  assert.ok(listed.length > 0);
  assert.deepEqual(page.problems, []);
});

test("the provider form never moves a key, nor copies the site's providers", async () => {
  const page = await openPage(served.browser, served.url);
  await page.route("**/config.json", (route) => route.fulfill({ contentType: "application/json", body: JSON.stringify(keyedConfig()) }));
  await page.reload();
  await page.waitForFunction(() => document.querySelector('[data-testid="storage-status"]')?.dataset.state === "ready");
  await openSettings(page);
  const form = page.locator("form.provider-form").first();
  const solUrl = served.mock.providers.find((p) => p.name === "solana-b").url;
  await form.locator("select").selectOption("SOL");
  await form.getByLabel("Name").fill("Own Solana");
  await form.getByLabel("URL").fill(solUrl);
  await form.getByLabel("Requests per second").fill("5");
  await form.getByLabel("API key").fill("own-key-5678abcd");
  await form.getByRole("button", { name: "Add provider" }).click();
  await page.getByText("Provider saved.").waitFor();

  // Edit the keyed entry, then switch the form to another chain and add one.
  await page.locator(".provider-list li", { hasText: "Own Solana" }).getByRole("button", { name: "Edit" }).click();
  assert.equal(await form.getByLabel("API key").inputValue(), "", "the key is never put back into the form");
  assert.match(await form.getByLabel("API key").getAttribute("placeholder"), /unchanged \(••••abcd\)/);
  await form.locator("select").selectOption("BSC");
  await form.getByLabel("Name").fill("Own BSC");
  await form.getByLabel("URL").fill(served.mock.providers.find((p) => p.name === "evm-a").url);
  await form.getByLabel("Requests per second").fill("5");
  await form.getByRole("button", { name: "Add provider" }).click();
  await page.locator(".provider-list li", { hasText: "Own BSC" }).waitFor();
  const bsc = await page.locator(".provider-list li", { hasText: "Own BSC" }).textContent();
  assert.doesNotMatch(bsc, /key/, "the Solana key did not move to the BSC entry");

  // Saving an own entry a blank key field keeps that entry's key.
  await page.locator(".provider-list li", { hasText: "Own Solana" }).getByRole("button", { name: "Edit" }).click();
  await form.getByLabel("Requests per second").fill("6");
  await form.getByRole("button", { name: "Save changes" }).click();
  await page.locator(".provider-list li", { hasText: "6 rps" }).waitFor();
  assert.match(await page.locator(".provider-list li", { hasText: "Own Solana" }).textContent(), /key ••••abcd/);

  // An own entry with a key in its URL: the edit form shows the URL masked (the
  // page is never sent the key), and saving it so keeps the URL as typed.
  const URL_KEY = "urlkey0123456789abcdef";
  const keyedUrl = `${solUrl}?token=${URL_KEY}`;
  await form.locator("select").selectOption("SOL");
  await form.getByLabel("Name").fill("Keyed URL");
  await form.getByLabel("URL").fill(keyedUrl);
  await form.getByLabel("Requests per second").fill("5");
  await form.getByRole("button", { name: "Add provider" }).click();
  const keyedEntry = page.locator(".provider-list li", { hasText: "Keyed URL" });
  await keyedEntry.waitFor();
  await keyedEntry.getByRole("button", { name: "Edit" }).click();
  const shownUrl = await form.getByLabel("URL").inputValue();
  assert.ok(shownUrl.includes("token=") && !shownUrl.includes(URL_KEY.slice(0, 8)), `the form shows ${shownUrl}`);
  await form.getByLabel("Requests per second").fill("4");
  await form.getByRole("button", { name: "Save changes" }).click();
  await page.locator(".provider-list li", { hasText: "4 rps" }).waitFor();
  assert.ok(!(await page.content()).includes(URL_KEY.slice(0, 8)));

  const saved = await storedSetting(page, "user-config");
  for (const key of [PATH_KEY, QUERY_KEY, FIELD_KEY]) assert.ok(!saved.includes(key), `the site's key ${key} copied into the settings`);
  const parsed = JSON.parse(saved);
  assert.deepEqual(parsed.providers.map((p) => p.name).sort(), ["Keyed URL", "Own BSC", "Own Solana"]);
  const keyed = parsed.providers.find((p) => p.name === "Keyed URL");
  assert.equal(keyed.url, keyedUrl, "the masked URL in the form kept the URL as typed");
  assert.equal(keyed.rps, 4);
  assert.equal(saved.split("own-key-5678abcd").length - 1, 1, "the key is saved once, with its own entry");
  assert.deepEqual(page.problems, []);
});

test("a config.json error never shows a key written into the URL", async () => {
  const page = await served.browser.newPage();
  const url = `ftp://user:hunter2hunter@x.example/v2/${PATH_KEY}`;
  await page.route("**/config.json", (route) =>
    route.fulfill({ contentType: "application/json", body: JSON.stringify({ providers: [{ chain: "BSC", kind: "evm-rpc", url, rps: 5 }] }) }),
  );
  await page.goto(served.url);
  const text = await page.getByTestId("config-errors").textContent();
  assert.match(text, /providers\[0\]\.url = "ftp:\/\/••••@x\.example\/v2\/••••ccdd": must start with https:\/\//);
  assert.ok(!text.includes("hunter2") && !text.includes(PATH_KEY));
  await page.close();
});

test("saved settings that cannot be read are reported, and kept when new ones are saved", async () => {
  const page = await openPage(served.browser, served.url);
  await page.evaluate(
    () =>
      new Promise((resolve) => {
        const open = indexedDB.open("balance-scanner");
        open.onsuccess = () => {
          const tx = open.result.transaction("settings", "readwrite");
          tx.objectStore("settings").put({ key: "user-config", value: '{"network":"mainet"}' });
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
        };
      }),
  );
  await page.reload();
  const notice = page.getByTestId("settings-errors");
  await notice.waitFor();
  assert.match(await notice.textContent(), /network = "mainet"/);
  await openSettings(page);
  await page.locator(".settings select").first().selectOption("testnet");
  await page.getByText("Network changed").waitFor();
  assert.equal(await storedSetting(page, "user-config-unreadable"), '{"network":"mainet"}');
  assert.match(await storedSetting(page, "user-config"), /"testnet"/);
  assert.deepEqual(page.problems, []);
});

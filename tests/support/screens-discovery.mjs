// Screenshots of discovery with a gap limit, to look at as a user does: the form
// in its discovery mode, its progress, and the report once a wallet was discovered.
//   node tests/support/screens-discovery.mjs <out-dir>
import { readFile } from "node:fs/promises";
import { openBrowser } from "./browser.mjs";
import { startMockProcess } from "./mock-process.mjs";
import { startStaticServer } from "./static-server.mjs";
import { storageSettled } from "./served-page.mjs";
import { deriveAddresses } from "./page-actions.mjs";

const out = process.argv[2] ?? ".";
const fixtures = JSON.parse(await readFile(new URL("../fixtures/hd/watch-only.json", import.meta.url), "utf8"));
const receive = fixtures.cases.find((c) => c.name === "BIP-84 zpub, P2WPKH, receive");
const wallets = [0, 2, 9].map((i) => ({ chain: "BTC", address: receive.addresses[i], history: [1000 * (i + 1)] }));
const mock = await startMockProcess({ count: 6, wallets });
const server = await startStaticServer(process.env.DIST_DIR ?? "dist", 0, { files: { "config.json": JSON.stringify(mock.config) } });
const browser = await openBrowser({ viewport: { width: 1280, height: 900 } });
try {
  const page = await browser.newPage();
  await page.goto(server.url);
  await storageSettled(page);
  await page.locator("details.derive").evaluate((details) => (details.open = true));
  await page.getByTestId("derive-key").fill(receive.input);
  await page.getByTestId("derive-mode").selectOption("gap");
  await page.locator(".import-panel").screenshot({ path: `${out}/discovery-form.png` });
  // Slow providers, so the progress line is caught mid-way.
  const slow = Object.fromEntries(mock.providers.filter((p) => p.chain === "BTC").map((p) => [p.name, { latencyMs: 400 }]));
  await mock.faults(slow);
  const done = deriveAddresses(page, { key: receive.input, gap: 20 });
  await page.waitForFunction(() => /Discovering: [1-9]/.test(document.querySelector('[data-testid="import-report"]').textContent));
  await page.locator(".import-panel").screenshot({ path: `${out}/discovery-progress.png` });
  await mock.faults({});
  await done;
  await page.locator(".import-panel").screenshot({ path: `${out}/discovery-report.png` });
  console.log(`wrote ${out}/discovery-form.png, discovery-progress.png and discovery-report.png`);
} finally {
  await browser.close();
  await server.close();
  await mock.close();
}

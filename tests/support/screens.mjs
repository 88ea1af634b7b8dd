// Screenshots of each screen of the page, through a whole session against the mock
// providers: start, after an import, mid-scan, finished, and on a phone.
//   node tests/support/screens.mjs <out-dir>
import { mkdir } from "node:fs/promises";
import { openBrowser } from "./browser.mjs";
import { startMockProcess } from "./mock-process.mjs";
import { startStaticServer } from "./static-server.mjs";
import { storageSettled } from "./served-page.mjs";
import { chainsSettle, importFiles, truthFiles } from "./page-actions.mjs";
import { groundTruth } from "../mock/truth.mjs";

const out = process.argv[2] ?? "screens";
await mkdir(out, { recursive: true });
const count = 400;
const mock = await startMockProcess({ count });
const server = await startStaticServer(process.env.DIST_DIR ?? "dist", 0, { files: { "config.json": JSON.stringify(mock.config) } });
const browser = await openBrowser();
try {
  const page = await browser.newPage();
  const shot = async (name, options = {}) => {
    await page.screenshot({ path: `${out}/${name}.png`, fullPage: true, ...options });
    console.log(`wrote ${out}/${name}.png`);
  };
  await page.goto(server.url);
  await storageSettled(page);
  await shot("1-start");
  await importFiles(page, truthFiles(groundTruth({ count })));
  await shot("2-imported");
  await page.getByTestId("scan-all").click();
  await page.waitForTimeout(2500);
  await shot("3-scanning", { fullPage: false });
  await page.getByTestId("stop-all").click();
  await page.waitForTimeout(500);
  await shot("3b-paused", { fullPage: false });
  await page.getByTestId("scan-all").click();
  await chainsSettle(page);
  await page.waitForTimeout(500);
  await shot("4-completed");
  // Provider health with one connection test, then the settings.
  await page.getByRole("button", { name: "Test connection" }).first().click();
  await page.locator(".verdict.ok, .verdict.bad").first().waitFor();
  await page.getByRole("heading", { name: "Providers" }).scrollIntoViewIfNeeded();
  await shot("4b-providers", { fullPage: false });
  await page.locator("details.settings summary").click();
  await page.getByRole("heading", { name: "Settings" }).scrollIntoViewIfNeeded();
  await page.getByLabel("Requests per second").fill("0");
  await page.getByLabel("URL").fill("ftp://example");
  await page.getByRole("button", { name: "Add provider" }).click();
  await page.locator(".form-errors li").first().waitFor();
  await shot("4c-settings");
  await page.setViewportSize({ width: 390, height: 844 });
  await shot("5-phone");
  await shot("6-phone-top", { fullPage: false });
  await page.getByRole("heading", { name: "Funded addresses" }).scrollIntoViewIfNeeded();
  await shot("7-phone-results", { fullPage: false });
  const stats = await mock.stats();
  const summary = Object.entries(stats).filter(([k]) => k !== "eventLoopLagMaxMs").map(([name, s]) => `${name}: ${s.requests} requests, ${s.violations} over the limit`);
  console.log(`mock: ${summary.join("; ")}; event loop lag up to ${stats.eventLoopLagMaxMs} ms`);
} finally {
  await browser.close();
  await server.close();
  await mock.close();
}

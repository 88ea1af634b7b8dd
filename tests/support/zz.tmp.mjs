import { startMockProcess } from "./mock-process.mjs";
import { startStaticServer } from "./static-server.mjs";
import { openBrowser } from "./browser.mjs";
import { chainsSettle, importFiles, openPage, truthFiles } from "./page-actions.mjs";
import { groundTruth } from "../mock/truth.mjs";
const mock = await startMockProcess({ count: 60 });
const server = await startStaticServer("dist", 0, { files: { "config.json": JSON.stringify(mock.config) } });
const browser = await openBrowser({ viewport: { width: 1280, height: 900 } });
try {
  await mock.faults({ "esplora-a": { down: true }, "esplora-b": { down: true } });
  const page = await openPage(browser, server.url);
  await importFiles(page, truthFiles(groundTruth({ count: 60 })));
  await page.getByTestId("scan-all").click();
  await chainsSettle(page, ["completed", "failed"], 180_000);
  for (const w of [1280, 900, 700, 420]) {
    await page.setViewportSize({ width: w, height: 900 });
    await page.waitForTimeout(300);
    const box = await page.locator("table.health").boundingBox();
    const over = await page.evaluate(() => [...document.querySelectorAll(".table-scroll")].map((e) => e.scrollWidth - e.clientWidth));
    console.log(w, JSON.stringify(over));
    await page.screenshot({ path: `/tmp/shots/12-health-${w}.png`, fullPage: true, clip: { x: 0, y: box.y - 40, width: w, height: 600 } });
  }
} finally { await browser.close(); await server.close(); await mock.close(); }

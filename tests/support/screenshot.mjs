// Takes a screenshot of a served page in headless Chromium, to look at the page as
// a user does:  node tests/support/screenshot.mjs <url> <out.png> [width] [height]
import { openBrowser } from "./browser.mjs";
import { storageSettled } from "./served-page.mjs";

const [url, out, width = "1280", height = "900"] = process.argv.slice(2);
if (!url || !out) {
  console.error("usage: node tests/support/screenshot.mjs <url> <out.png> [width] [height]");
  process.exit(2);
}
const browser = await openBrowser({ viewport: { width: Number(width), height: Number(height) } });
try {
  const page = await browser.newPage();
  await page.goto(url);
  await storageSettled(page);
  await page.screenshot({ path: out, fullPage: true });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
}

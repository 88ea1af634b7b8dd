// Screenshots of what issue 13 changed, as a user sees it: the settings with the
// site's providers (keys in their URLs masked), rejected lines that held secrets,
// and the notice for a cached worker of another build.
//   node tests/support/screens-trust.mjs <out-dir>
import { mkdir } from "node:fs/promises";
import { openBrowser } from "./browser.mjs";
import { startMockProcess } from "./mock-process.mjs";
import { startStaticServer } from "./static-server.mjs";
import { storageSettled } from "./served-page.mjs";
import { importFiles, textFile } from "./page-actions.mjs";

const out = process.argv[2] ?? "screens";
await mkdir(out, { recursive: true });
const mock = await startMockProcess({ count: 10 });
const config = structuredClone(mock.config);
for (const provider of config.providers) {
  if (provider.chain === "BSC") provider.url = `${provider.url}v2/f00dfeed1234abcd5678ef90aabbccdd`;
  if (provider.chain === "SOL") provider.api_key = "SITEKEY-abcdef123456";
}
const server = await startStaticServer(process.env.DIST_DIR ?? "dist", 0, { files: { "config.json": JSON.stringify(config) } });
const browser = await openBrowser();
try {
  const page = await browser.newPage();
  const shot = async (name, options = {}) => {
    await page.screenshot({ path: `${out}/${name}.png`, ...options });
    console.log(`wrote ${out}/${name}.png`);
  };
  await page.goto(server.url);
  await storageSettled(page);
  const lines = [
    "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
    "Seed: Legal Winner Thank Year Wave Sausage Worth Useful Legal Winner Thank Yellow",
    "p2wpkh:KwDiBf89QgGbjEhKnhXJuH7LrciVrZi3qYjgd9M7rFU73sVHnoWn",
    "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdx",
    "legal winner thank",
  ];
  await importFiles(page, [textFile("deposits.txt", lines.join("\n"))]);
  await page.locator("section.import").first().scrollIntoViewIfNeeded().catch(() => {});
  await shot("trust-1-rejections", { clip: await page.locator(".import-report, [data-testid=import-report]").first().boundingBox().then((b) => ({ x: 0, y: Math.max(0, b.y - 120), width: 1280, height: Math.min(700, b.height + 260) })) });
  await page.locator("details.settings").evaluate((d) => (d.open = true));
  await page.getByRole("heading", { name: "Settings" }).scrollIntoViewIfNeeded();
  await shot("trust-2-settings", { fullPage: true });
  const fresh = await browser.newPage();
  await fresh.route("**/scan-worker-start.js*", (route) => route.fulfill({ contentType: "text/javascript", body: 'postMessage([JSON.stringify("Ready")]);' }));
  await fresh.goto(server.url);
  await storageSettled(fresh);
  await importFiles(fresh, [textFile("one.txt", `${lines[0]}\n`)], 20_000);
  await fresh.screenshot({ path: `${out}/trust-3-outdated.png` });
  console.log(`wrote ${out}/trust-3-outdated.png`);
} finally {
  await browser.close();
  await server.close();
  await mock.close();
}

// End-to-end: with the built-in defaults Solana has no provider; the page says so,
// and a provider added in Settings (with an API key) scans it. The setting and its
// masked key survive a reload. The PYUSD preset (Token-2022) switched on is
// scanned with the built-in tokens. Tokens removed after the scan leave its
// results as they were.
import { test } from "node:test";
import assert from "node:assert/strict";
import { servedPage } from "../support/served-page.mjs";
import { chainsSettle, exportCsv, importFiles, openPage, truthFiles, waitForChain } from "../support/page-actions.mjs";
import { expectedCsv, groundTruth } from "../mock/truth.mjs";

const COUNT = 30;
const served = servedPage({ mock: { count: COUNT }, serveConfig: false });

test("Solana needs a provider with a key: the page guides the user, and the added one scans", async () => {
  const sol = groundTruth({ count: COUNT }).filter((e) => e.chain === "SOL");
  const page = await openPage(served.browser, served.url);
  await importFiles(page, truthFiles(sol).slice(2));
  await page.getByTestId("scan-all").click();
  const card = page.getByTestId("chain-status-SOL");
  await card.getByText("Solana has no free public provider").waitFor();
  assert.equal(await card.getAttribute("data-state"), "idle");

  // Settings open by themselves while Solana has no provider.
  const mockUrl = served.mock.providers.find((p) => p.name === "solana-a").url;
  await page.locator(".provider-form select").first().selectOption("SOL");
  await page.getByLabel("Name").fill("My Solana node");
  await page.getByLabel("URL").fill(mockUrl);
  await page.getByLabel("Requests per second").fill("10");
  await page.getByLabel("API key").fill("secret-key-1234");
  await page.getByRole("button", { name: "Add provider" }).click();
  await page.getByText("Provider saved.").waitFor();
  const saved = page.locator(".provider-list li", { hasText: "My Solana node" });
  assert.match(await saved.textContent(), /10 rps · batch 100 · key ••••1234/);

  // PYUSD, a Token-2022 mint, is offered but not scanned until switched on; the
  // truth holds PYUSD, so the export below shows it was asked under its program.
  const preset = page.getByTestId("token-preset-PYUSD");
  assert.match(await preset.textContent(), /6 decimals · Token-2022 · not scanned/);
  await preset.getByRole("button", { name: "Scan it too" }).click();
  await page.getByText("Token added.").waitFor();
  await preset.waitFor({ state: "detached" });
  const pyusd = page.locator(".provider-list li", { hasText: "2b1kV6DkPAnxd5ixfnxCpjxmKwqjjaYmCZfHsFu24GXo" });
  assert.match(await pyusd.textContent(), /6 decimals · Token-2022/);

  await page.reload();
  await page.waitForFunction(() => document.querySelector('[data-testid="storage-status"]')?.dataset.state === "ready");
  await page.getByText("My Solana node").first().waitFor();
  assert.ok(!(await page.content()).includes("secret-key-1234"), "the key is never shown");

  await page.getByTestId("scan-all").click();
  await waitForChain(page, "SOL", "(d) => d.state === 'completed'");
  assert.equal(await exportCsv(page), expectedCsv(sol));

  // Changing the tokens after a scan does not rename what it found: the results
  // keep the token list their scan used.
  await page.locator("details.settings summary").click();
  const solanaUsdc = page.locator(".provider-list li", { hasText: "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v" });
  await solanaUsdc.getByRole("button", { name: "Remove" }).click();
  await page.getByText("Token removed.").waitFor();
  await page.reload();
  await page.waitForFunction(() => document.querySelector('[data-testid="storage-status"]')?.dataset.state === "ready");
  assert.equal(await exportCsv(page), expectedCsv(sol));
  assert.deepEqual(page.problems, []);
});

// What the end-to-end tests do on the page, through the contract's data-testid
// hooks only.
import { readFile } from "node:fs/promises";

export const CHAINS = ["BTC", "BSC", "SOL"];

export const textFile = (name, text) => ({ name, mimeType: "text/plain", buffer: Buffer.from(text) });

/** Runs `start` (which begins one import) and resolves to the report's counts once it is done. */
async function oneImport(page, start, timeout) {
  const report = page.getByTestId("import-report");
  const before = Number(await report.getAttribute("data-seq"));
  await start();
  await page.waitForFunction(
    (seq) => {
      const el = document.querySelector('[data-testid="import-report"]');
      return Number(el.dataset.seq) === seq && el.dataset.state === "done";
    },
    before + 1,
    { timeout, polling: 100 },
  );
  const counts = {};
  for (const name of ["imported", "rejected", "duplicates"]) {
    counts[name] = Number(await report.getAttribute(`data-${name}`));
  }
  return counts;
}

/** Imports `files` as one selection; resolves to the report's counts. */
export function importFiles(page, files, timeout = 60_000) {
  return oneImport(page, () => page.getByTestId("import-file").setInputFiles(files), timeout);
}

/**
 * At each width in `widths`, how many pixels of each table are scrolled out of
 * view (a table that fits gives 0 or less): `{ 700: [0, 0, 27] }`.
 */
export async function tablesHiddenAt(page, widths) {
  const hidden = {};
  const before = page.viewportSize();
  for (const width of widths) {
    await page.setViewportSize({ width, height: 900 });
    hidden[width] = await page.evaluate(() =>
      [...document.querySelectorAll(".table-scroll")].map((box) => box.scrollWidth - box.clientWidth),
    );
  }
  if (before) await page.setViewportSize(before);
  return hidden;
}

/** Imports `text` through the "Paste addresses" box; resolves to the report's counts. */
export function importPasted(page, text, timeout = 60_000) {
  return oneImport(
    page,
    async () => {
      await page.locator("details.paste").evaluate((details) => (details.open = true));
      await page.getByLabel("Addresses to import, one per line").fill(text);
      await page.getByRole("button", { name: "Import pasted text" }).click();
    },
    timeout,
  );
}

/**
 * Derives a watch-only wallet's first `count` addresses through the derive-*
 * hooks (`chain` and `script` as a bare xpub needs them), or with `gap`, its
 * used addresses found with that gap limit; resolves to the report's counts. `beforeSubmit` runs just before the click (a benchmark's timer).
 */
export function deriveAddresses(page, { key, chain = "BTC", script = "", count, gap }, { timeout = 60_000, beforeSubmit } = {}) {
  return oneImport(
    page,
    async () => {
      await page.locator("details.derive").evaluate((details) => (details.open = true));
      await page.getByTestId("derive-key").fill(key);
      await page.getByTestId("derive-chain").selectOption(chain);
      if (chain === "BTC") await page.getByTestId("derive-script").selectOption(script);
      // A count from index 0, or discovery with a gap limit.
      await page.getByTestId("derive-mode").selectOption(gap === undefined ? "count" : "gap");
      if (gap === undefined) await page.getByTestId("derive-count").fill(String(count));
      else await page.getByTestId("derive-gap").fill(String(gap));
      await beforeSubmit?.();
      await page.getByTestId("derive-submit").click();
    },
    timeout,
  );
}

/** Every chain card's data-* hooks: { BTC: { state, scanned, total, funded, errors }, … } */
export function chainStatus(page) {
  return page.evaluate((chains) => {
    const out = {};
    for (const chain of chains) {
      const d = document.querySelector(`[data-testid="chain-status-${chain}"]`).dataset;
      out[chain] = { state: d.state, scanned: +d.scanned, total: +d.total, funded: +d.funded, errors: +d.errors };
    }
    return out;
  }, CHAINS);
}

/** Waits until every chain with addresses is in one of `states`. */
export function chainsSettle(page, states = ["completed", "failed"], timeout = 120_000) {
  return page.waitForFunction(
    ({ chains, states }) =>
      chains.every((chain) => {
        const d = document.querySelector(`[data-testid="chain-status-${chain}"]`).dataset;
        return d.total === "0" || states.includes(d.state);
      }),
    { chains: CHAINS, states },
    { timeout, polling: 200 },
  );
}

/** Clicks export-csv and resolves to the downloaded text. */
export async function exportCsv(page) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv").click()]);
  return readFile(await download.path(), "utf8");
}

/** The ground truth as the three import formats (contract, section 2). */
export function truthFiles(entries) {
  const of = (chain) => entries.filter((e) => e.chain === chain);
  const btc = ["# BTC deposit addresses", ...of("BTC").map((e) => e.address)].join("\n");
  const bsc = ["address;index", ...of("BSC").map((e) => `${e.address};${e.index}`)].join("\r\n");
  const sol = JSON.stringify({
    chain: "SOL",
    network: "mainnet",
    derivation_path_template: "m/44'/501'/{index}'/0'",
    generated_at: "2026-11-22T00:00:00Z",
    count: of("SOL").length,
    addresses: of("SOL").map((e) => ({ index: e.index, address: e.address })),
  });
  return [textFile("btc.txt", btc), textFile("bsc.csv", bsc), textFile("sol.json", sol)];
}

/** Opens the page and waits for its storage; page errors are collected in `page.problems`. */
export async function openPage(browser, url) {
  const page = await browser.newPage();
  page.problems = [];
  page.on("pageerror", (error) => page.problems.push(error.message));
  await page.goto(url);
  await page.waitForFunction(() => document.querySelector('[data-testid="storage-status"]')?.dataset.state === "ready");
  return page;
}

/** Waits until `chain`'s card satisfies `predicate(dataset)` (a function source string). */
export function waitForChain(page, chain, predicate, timeout = 60_000) {
  return page.waitForFunction(
    ({ chain, predicate }) => {
      const d = document.querySelector(`[data-testid="chain-status-${chain}"]`).dataset;
      return new Function("d", `return (${predicate})(d)`)(d);
    },
    { chain, predicate },
    { timeout, polling: 100 },
  );
}

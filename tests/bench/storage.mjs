// The engine's work in the browser beside a reference: ATA derivations against
// @solana/spl-token, IndexedDB writes against Dexie, the import of 500,000
// lines, and a scan's store work against the version-2 store.
import { randomBytes } from "node:crypto";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { importFiles, openPage } from "../support/page-actions.mjs";
import { groundTruth } from "../mock/truth.mjs";
import { heapSampler, onDisk, workerMemory } from "./memory.mjs";
import { fmt, row } from "./table.mjs";

// ---------- 2. ATA derivations ----------
export async function ata(browser, url) {
  const bundle = execFileSync(join("node_modules", ".bin", "esbuild"), ["--bundle", "--format=iife", "--global-name=splToken", "--platform=browser", "--define:global=globalThis"], {
    input: 'export { getAssociatedTokenAddressSync } from "@solana/spl-token"; export { PublicKey } from "@solana/web3.js";',
    encoding: "utf8",
  });
  // Both run in the scan worker, where the app derives ATAs.
  const page = await openPage(browser, url);
  const worker = page.workers()[0];
  await worker.evaluate((code) => (0, eval)(code), bundle);
  const pairs = 3000;
  const bytes = randomBytes(pairs * 64);
  const result = await worker.evaluate(async (hex) => {
    const bytes = Uint8Array.from(hex.match(/../g).map((h) => parseInt(h, 16)));
    // `wasm_bindgen` is the glue's top-level `let`: a global binding, not a property of `self`.
    const [wasmMs, wasmCheck] = wasm_bindgen.benchAta(bytes);
    const { PublicKey, getAssociatedTokenAddressSync } = self.splToken;
    const keys = [];
    for (let i = 0; i < bytes.length; i += 64) keys.push([new PublicKey(bytes.slice(i, i + 32)), new PublicKey(bytes.slice(i + 32, i + 64))]);
    const started = performance.now();
    let jsCheck = 0;
    for (const [wallet, mint] of keys) jsCheck ^= getAssociatedTokenAddressSync(mint, wallet, true).toBytes()[0];
    return { wasmMs, jsMs: performance.now() - started, same: wasmCheck === jsCheck };
  }, bytes.toString("hex"));
  const wasmRate = (pairs / result.wasmMs) * 1000;
  const jsRate = (pairs / result.jsMs) * 1000;
  if (!result.same) throw new Error("the wasm and spl-token derivations disagree");
  row("ATA derivations per second (release wasm vs @solana/spl-token)", `${fmt(wasmRate)}/s vs ${fmt(jsRate)}/s: ${fmt(wasmRate / jsRate, 1)}x`, ">= 3x", wasmRate / jsRate >= 3);
  await page.close();
}

// ---------- 3. IndexedDB writes ----------
export async function indexedDb(browser, url) {
  const page = await openPage(browser, url);
  await page.addScriptTag({ path: "node_modules/dexie/dist/dexie.min.js" });
  const count = 20_000;
  // The app's store runs in the scan worker; Dexie on the page's thread.
  const appMs = await page.workers()[0].evaluate((n) => wasm_bindgen.benchStoreWrite("bench-app-store", n), count);
  const dexieMs = await page.evaluate(async (n) => {
    const db = new window.Dexie("bench-dexie");
    db.version(1).stores({ addresses: "[network+chain+address], [network+chain+index]" });
    await db.open();
    // The same input as the app's store gets (results in memory), and the same
    // work: build the records, then write them.
    const results = [];
    for (let i = 0; i < n; i++) {
      results.push({ target: { index: i, address: `bc1qbench${String(i).padStart(20, "0")}` }, native: { Checked: `0x${(i * 1000).toString(16)}` }, tokens: [] });
    }
    const started = performance.now();
    const records = results.map((result) => ({ network: "mainnet", chain: "BTC", address: result.target.address, index: result.target.index, result: JSON.stringify({ scan_id: 1, result }) }));
    await db.addresses.bulkPut(records);
    return performance.now() - started;
  }, count);
  const appRate = (count / appMs) * 1000;
  const dexieRate = (count / dexieMs) * 1000;
  row("IndexedDB balance records written per second (app store vs Dexie bulkPut)", `${fmt(appRate)}/s vs ${fmt(dexieRate)}/s: ${fmt(appRate / dexieRate, 2)}x`, ">= 1x", appRate >= dexieRate);
  await page.close();
}

// ---------- 4. Import of 500,000 lines, and the page opened over them ----------
/** `lines` addresses as the three import formats: plain text, CSV, the JSON export. */
function mixedFiles(lines) {
  const entries = groundTruth({ seed: 5, count: Math.ceil(lines / 3) });
  const of = (chain) => entries.filter((e) => e.chain === chain);
  const btc = of("BTC");
  const bsc = of("BSC");
  const sol = of("SOL").slice(0, lines - btc.length - bsc.length);
  const text = ["# BTC deposit addresses", ...btc.map((e) => e.address)].join("\n");
  const csv = ["address;index", ...bsc.map((e) => `${e.address};${e.index}`)].join("\r\n");
  const json = JSON.stringify({ chain: "SOL", network: "mainnet", count: sol.length, addresses: sol.map((e) => ({ index: e.index, address: e.address })) });
  return {
    count: btc.length + bsc.length + sol.length,
    files: [
      { name: "btc.txt", buffer: Buffer.from(text) },
      { name: "bsc.csv", buffer: Buffer.from(csv) },
      { name: "sol.json", buffer: Buffer.from(json) },
    ],
    records: [...btc, ...bsc, ...sol].map((e) => ({ network: "mainnet", chain: e.chain, address: e.address, index: e.index })),
  };
}

export async function importLarge(browser, url) {
  const linesAt = process.argv.indexOf("--import-lines");
  const lines = linesAt > 0 ? Number(process.argv[linesAt + 1]) : 500_000;
  console.error(`import: generating ${fmt(lines)} addresses in three formats…`);
  const mixed = mixedFiles(lines);
  const file = await onDisk(mixed.files);
  const page = await openPage(browser, url);
  const heap = await heapSampler(page);
  const worker = await workerMemory(browser, page);
  const started = Date.now();
  const counts = await importFiles(page, file.paths, 10 * 60_000);
  const seconds = (Date.now() - started) / 1000;
  const pagePeak = heap.reset();
  const workerPeak = worker.reset();
  const wasm = await worker.wasm();
  heap.stop();
  worker.stop();
  await file.remove();
  if (counts.imported !== mixed.count) throw new Error(`imported ${counts.imported} of ${mixed.count}`);

  // The reference in the same run: Dexie's bulkPut of one record per address
  // (what version 2 stored), on the page's thread, given the records ready-made.
  await page.addScriptTag({ path: "node_modules/dexie/dist/dexie.min.js" });
  const dexieMs = await page.evaluate(async (records) => {
    const db = new window.Dexie("bench-dexie-import");
    db.version(1).stores({ addresses: "[network+chain+address], [network+chain+index]" });
    await db.open();
    const started = performance.now();
    await db.addresses.bulkPut(records);
    const ms = performance.now() - started;
    db.close();
    return ms;
  }, mixed.records);
  row(
    `Import of ${fmt(mixed.count)} lines (text, CSV, JSON export) until imported, vs Dexie bulkPut of one record each`,
    `${fmt(seconds, 1)} s vs ${fmt(dexieMs / 1000, 1)} s: ${fmt(dexieMs / 1000 / seconds, 1)}x`,
    "< 5 s, >= 10x",
    seconds < 5 && dexieMs / 1000 / seconds >= 10,
  );
  // The import runs in the worker: the page's heap, the worker's and its wasm
  // memory together are what the import costs.
  const peak = pagePeak + workerPeak + wasm;
  row(
    `Import of ${fmt(mixed.count)} lines: peak memory (page heap + worker heap + worker wasm)`,
    `${fmt(peak / 1e6)} MB (${fmt(pagePeak / 1e6)} + ${fmt(workerPeak / 1e6)} + ${fmt(wasm / 1e6)})`,
    "< 200 MB",
    peak < 200e6,
  );

  // Opening the page again over what is stored: the cards with their counts.
  const total = await page.evaluate(() =>
    ["BTC", "BSC", "SOL"].reduce((sum, c) => sum + Number(document.querySelector(`[data-testid="chain-status-${c}"]`).dataset.total), 0),
  );
  const opened = [];
  for (let i = 0; i < 5; i++) {
    const started = Date.now();
    await page.reload();
    await page.waitForFunction(
      (total) => ["BTC", "BSC", "SOL"].reduce((sum, c) => sum + Number(document.querySelector(`[data-testid="chain-status-${c}"]`)?.dataset.total ?? 0), 0) === total,
      total,
      { polling: 10, timeout: 60_000 },
    );
    opened.push(Date.now() - started);
  }
  opened.sort((a, b) => a - b);
  row(
    `Opening the page with ${fmt(total)} stored addresses: reload to the cards with their counts (median of 5)`,
    `${fmt(opened[2])} ms`,
    "< 1,000 ms",
    opened[2] < 1000,
  );
  await page.close();
}

// ---------- 5. A scan's store work, version 3 against version 2 ----------
export async function scanStore(browser, url) {
  const countAt = process.argv.indexOf("--store-count");
  const count = countAt > 0 ? Number(process.argv[countAt + 1]) : 100_000;
  const page = await openPage(browser, url);
  const worker = page.workers()[0];
  const measure = (version) => worker.evaluate(([v, n]) => wasm_bindgen.benchScanStore(v, `bench-store-v${v}-${Math.random()}`, n), [version, count]);
  console.error(`store: version 3, ${fmt(count)} addresses per chain…`);
  const [read3, write3, index3, funded3] = await measure(3);
  console.error(`store: version 2, ${fmt(count)} addresses per chain…`);
  const [read2, write2, index2, funded2] = await measure(2);
  if (funded3 !== funded2 || funded3 !== 3 * Math.ceil(count / 10)) throw new Error(`funded ${funded3} vs ${funded2}`);
  const total3 = read3 + write3 + index3;
  const total2 = read2 + write2 + index2;
  const parts = (r, w, i) => `read ${fmt(r / 1000, 1)} + write ${fmt(w / 1000, 1)} + index ${fmt(i / 1000, 1)}`;
  row(
    `A scan's store work, ${fmt(count)} addresses per chain x 3 (v3 vs v2 store)`,
    `${fmt(total3 / 1000, 1)} s (${parts(read3, write3, index3)}) vs ${fmt(total2 / 1000, 1)} s (${parts(read2, write2, index2)}): ${fmt(total2 / total3, 1)}x`,
    ">= 5x",
    total2 / total3 >= 5,
  );
  await page.close();
}

// `--only size,ata,idb,import,scan` runs some of them.

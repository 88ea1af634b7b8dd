// The browser benchmarks of `./dev bench`: measured in headless Chromium against
// the release build with its measurement hooks (dist-bench/, made by `./dev bench`;
// the size row measures the shipped dist/) and the local mock providers, printed as one table
// with each figure next to its target.
//
//   node tests/bench/browser.mjs [--count N] [--import-lines L] [--store-count S]
//                                [--responsive-count R] [--chains BTC,BSC,SOL]
//                                [--only size,render,ata,idb,import,derive,store,scan,groups,responsive]
//   (N addresses per chain for the efficiency scan, default 20,000; L lines to
//   import, default 500,000; S addresses per chain for the store's scan work,
//   default 100,000; R addresses per chain for the responsiveness run, default
//   100,000; --chains: the chains the efficiency scan imports, all by default:
//   `--chains BSC` measures one chain without the others' load beside it; the
//   default run measures BSC and SOL alone after all three, as its reference)
//
// Each section lives in its own module: scan.mjs (efficiency, groups),
// responsive.mjs, storage.mjs (ATA, IndexedDB, import, store work), derive.mjs;
// this file measures the size and the first render and runs the chosen ones.
import { readdir, readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { openBrowser } from "../support/browser.mjs";
import { startStaticServer } from "../support/static-server.mjs";
import { openPage } from "../support/page-actions.mjs";
import { deriveLarge } from "./derive.mjs";
import { DIST, REFERENCE_CHAINS, SCAN_CHAINS, SHIPPED } from "./options.mjs";
import { responsive } from "./responsive.mjs";
import { groups, scan } from "./scan.mjs";
import { ata, importLarge, indexedDb, scanStore } from "./storage.mjs";
import { fmt, printTable, row } from "./table.mjs";

// ---------- 6. Size ----------
// The page's own files (its wasm and JS, which every visit downloads before
// anything renders), the worker's, and everything shipped.
async function shippedSizes(dir) {
  const sizes = { page: { raw: 0, gz: 0 }, worker: { raw: 0, gz: 0 }, all: { raw: 0, gz: 0 } };
  for (const name of await readdir(dir)) {
    if (!/\.(wasm|js|css)$/.test(name)) continue;
    const bytes = await readFile(join(dir, name));
    const gz = gzipSync(bytes, { level: 9 }).length;
    const part = name.startsWith("scan-worker") ? sizes.worker : name.startsWith("balance-scanner") ? sizes.page : null;
    for (const sum of [part, sizes.all].filter(Boolean)) {
      sum.raw += bytes.length;
      sum.gz += gz;
    }
  }
  return sizes;
}

async function size() {
  const { page, worker, all } = await shippedSizes(SHIPPED);
  const kb = (part) => `${fmt(part.raw / 1000, 1)} KB raw, ${fmt(part.gz / 1000, 1)} KB gzip`;
  row("Size: the page's own wasm + JS", kb(page), "<= 175 KB gzip", page.gz <= 175_000);
  row("Size: the scan worker's wasm + JS", kb(worker), "(in the total)", true);
  row("Size: everything shipped (wasm, JS, CSS)", kb(all), "<= 450 KB gzip", all.gz <= 450_000);
}

// ---------- 7. First render ----------
// From navigation to the chain cards on screen, then to the cards showing what
// is stored (the storage opened and read): the median of first visits (a fresh
// browser profile each, so nothing is cached), for the build measured and,
// served the same way and taking turns with it in the same run, the reference
// build (REFERENCE_DIST: the build before the page/worker split, made by
// ./dev bench).
async function firstRender(dir) {
  const server = await startStaticServer(dir, 0);
  try {
    const context = await openBrowser();
    try {
      const page = await context.newPage();
      await page.goto(server.url);
      const cards = await page.evaluate(() => new Promise((resolve) => {
        const seen = () => document.querySelector('[data-testid="chain-status-SOL"]');
        if (seen()) return resolve(performance.now());
        new MutationObserver((_, observer) => {
          if (seen()) {
            observer.disconnect();
            resolve(performance.now());
          }
        }).observe(document.body, { childList: true, subtree: true });
      }));
      await page.waitForFunction(() => document.querySelector('[data-testid="storage-status"]')?.dataset.state === "ready");
      return { cards, ready: await page.evaluate(() => performance.now()) };
    } finally {
      await context.close();
    }
  } finally {
    await server.close();
  }
}

async function firstRenders() {
  const reference = process.env.REFERENCE_DIST;
  const visits = { now: [], before: [] };
  for (let visit = 0; visit < 7; visit++) {
    visits.now.push(await firstRender(SHIPPED));
    if (reference) visits.before.push(await firstRender(reference));
  }
  const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const summary = (list) => ({ cards: median(list.map((v) => v.cards)), ready: median(list.map((v) => v.ready)) });
  const now = summary(visits.now);
  const before = reference ? summary(visits.before) : null;
  const pair = (pick) => `${fmt(pick(now))} ms` + (before ? ` vs ${fmt(pick(before))} ms before the split` : "");
  row("First render: navigation to the chain cards (median of 7 first visits)", pair((r) => r.cards), before ? "not slower than before" : "(no reference build)", !before || now.cards <= before.cards * 1.1);
  row("First render: navigation to the cards with their stored counts", pair((r) => r.ready), before ? "not slower than before" : "(no reference build)", !before || now.ready <= before.ready * 1.1);
}


const onlyAt = process.argv.indexOf("--only");
const only = onlyAt > 0 ? process.argv[onlyAt + 1].split(",") : ["size", "render", "ata", "idb", "import", "derive", "store", "scan", "groups", "responsive"];
const browser = await openBrowser();
const server = await startStaticServer(DIST, 0);
try {
  if (only.includes("size")) await size();
  if (only.includes("render")) await firstRenders();
  if (only.includes("ata")) await ata(browser, server.url);
  if (only.includes("idb")) await indexedDb(browser, server.url);
  if (only.includes("import")) await importLarge(browser, server.url);
  if (only.includes("derive")) await deriveLarge(browser, server.url, row, fmt);
  if (only.includes("store")) await scanStore(browser, server.url);
  if (only.includes("scan")) {
    await scan(browser, SCAN_CHAINS);
    // The short scans again, each alone: beside the run above, what the
    // chain's scan costs by itself, and so what the others' load adds.
    for (const chain of REFERENCE_CHAINS) await scan(browser, [chain], true);
  }
  if (only.includes("groups")) await groups(browser);
  if (only.includes("responsive")) await responsive(browser);
} finally {
  await server.close();
  await browser.close();
}


printTable();

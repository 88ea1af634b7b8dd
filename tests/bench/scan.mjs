// Scan efficiency against the rate bound (issue 16), each chain beside the
// others and alone, and Bitcoin's group summaries.
import { join } from "node:path";
import { startMockProcess } from "../support/mock-process.mjs";
import { startStaticServer } from "../support/static-server.mjs";
import { chainsSettle, importFiles, openPage, truthFiles } from "../support/page-actions.mjs";
import { groundTruth, TOKENS } from "../mock/truth.mjs";
import { busiestTasks, hottestFunctions, sendsByProvider, startTrace } from "./trace.mjs";
import { COUNT, DIST, SCAN_DRIVER } from "./options.mjs";
import { openPlainBrowser } from "./plain-browser.mjs";
import { fmt, row } from "./table.mjs";

// Providers for the efficiency run (issue 16): two per chain. BTC's are faster
// than public Esplora so that one address per request still finishes in minutes.
const PROVIDERS = [
  { name: "esplora-a", chain: "BTC", kind: "esplora", rps: 100 },
  { name: "esplora-b", chain: "BTC", kind: "esplora", rps: 100 },
  { name: "evm-a", chain: "BSC", kind: "evm-rpc", rps: 20, batch: 200 },
  { name: "evm-b", chain: "BSC", kind: "evm-rpc", rps: 20, batch: 200 },
  { name: "solana-a", chain: "SOL", kind: "solana-rpc", rps: 20, batch: 100 },
  { name: "solana-b", chain: "SOL", kind: "solana-rpc", rps: 20, batch: 100 },
];

// ---------- 1 and 5. Scan efficiency and the longest task ----------
const REFERENCE = "reference: the chain without the others' load";
export async function scan(browser, chains, reference = false) {
  console.error(`scan: generating ${fmt(COUNT)} addresses per chain and starting the mock…`);
  const mock = await startMockProcess({ count: COUNT, seed: 99, providers: PROVIDERS });
  const server = await startStaticServer(DIST, 0, { files: { "config.json": JSON.stringify(mock.config) } });
  // A browser of its own that does not report each request to the benchmark
  // (plain-browser.mjs says why), unless BENCH_SCAN_DRIVER=playwright.
  const plain = SCAN_DRIVER === "playwright" ? null : await openPlainBrowser();
  let page;
  try {
    page = await openPage(plain ?? browser, server.url);
    await importFiles(page, truthFiles(groundTruth({ seed: 99, count: COUNT }).filter((e) => chains.includes(e.chain))));
    await page.evaluate((chains) => {
      window.__longest = 0;
      window.__long = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          window.__longest = Math.max(window.__longest, e.duration);
          window.__long.push([Math.round(e.startTime - window.__start), Math.round(e.duration)]);
        }
      }).observe({ type: "longtask" });
      window.__done = {};
      window.__doneUnix = {};
      // From the click itself: Playwright's click spends tens of
      // milliseconds on its own checks before the page sees it.
      document.addEventListener(
        "click",
        (event) => {
          if (!event.target.closest('[data-testid="scan-all"]')) return;
          window.__start = performance.now();
          window.__startUnix = Date.now();
        },
        { capture: true },
      );
      for (const chain of chains) {
        const card = document.querySelector(`[data-testid="chain-status-${chain}"]`);
        new MutationObserver(() => {
          if (card.dataset.state === "completed" && !window.__done[chain]) {
            window.__done[chain] = performance.now() - window.__start;
            window.__doneUnix[chain] = Date.now();
          }
        }).observe(card, { attributes: true });
      }
    }, chains);
    console.error("scan: scanning all chains at once…");
    // BENCH_TRACE=file.json records a trace of the scan and prints how busy the
    // worker's thread was and with what.
    const stopTrace = process.env.BENCH_TRACE ? await startTrace(page, process.env.BENCH_TRACE) : null;
    await page.getByTestId("scan-all").click();
    // "paused" too: a scan the worker dropped (it crashed) must show as a missed
    // row, not hang the benchmark for half an hour.
    await chainsSettle(page, ["completed", "failed", "paused"], 30 * 60_000);
    if (stopTrace) {
      const events = await stopTrace();
      for (const line of busiestTasks(events, /Worker|CrRendererMain|Compositor/)) console.error(`scan: trace: ${line}`);
      for (const line of hottestFunctions(events, /Worker/, 25, Number(process.env.BENCH_PROFILE_MS ?? Infinity))) console.error(`scan: profile: ${line}`);
      for (const line of sendsByProvider(events)) console.error(`scan: sends: ${line}`);
    }
    const { done, longest, long, startUnix, doneUnix } = await page.evaluate(() => ({ done: window.__done, longest: window.__longest, long: window.__long, startUnix: window.__startUnix, doneUnix: window.__doneUnix }));
    // When the long tasks came (ms after scan-all, duration), next to when each chain ended.
    console.error(`scan: chains ended at ${JSON.stringify(done)}; tasks over 50 ms at [start, ms]: ${JSON.stringify(long)}`);
    const stats = await mock.stats();
    const rps = (chain) => PROVIDERS.filter((p) => p.chain === chain).reduce((n, p) => n + p.rps, 0);
    const batch = (chain) => PROVIDERS.find((p) => p.chain === chain).batch;
    // Solana: each wallet and its token accounts (one per mint, of either program)
    // share the 100 keys of a call.
    const solKeys = COUNT * (1 + TOKENS.SOL.length);
    const together = chains.length === 3 ? "all chains at once" : `${chains.join(" and ")} alone`;
    const fewest = { BTC: COUNT, BSC: Math.ceil(COUNT / batch("BSC")), SOL: Math.ceil(solKeys / 100) };
    for (const chain of chains) {
      const names = PROVIDERS.filter((p) => p.chain === chain).map((p) => p.name);
      const violations = names.reduce((n, name) => n + stats[name].violations, 0);
      const requests = names.reduce((n, name) => n + stats[name].requests, 0);
      // Where the time went: each provider's rate between its first and last
      // request, and how long the mock took to answer.
      for (const name of names) {
        const p = stats[name];
        const spanS = (p.lastAt - p.firstAt) / 1000;
        const limit = PROVIDERS.find((q) => q.name === name).rps;
        // The trace: click to first arrival, first to last arrival (beside the
        // shortest the pacing allows, one request per 1/rps s), last arrival to
        // the card's "completed".
        const startMs = p.firstAtUnix - startUnix;
        const tailMs = doneUnix[chain] === undefined ? NaN : doneUnix[chain] - p.lastAtUnix;
        console.error(`scan: ${name}: ${p.requests} requests, ${fmt((p.requests - 1) / spanS, 1)}/s from first to last (limit ${limit}); click to first arrival ${fmt(startMs)} ms, first to last ${fmt(spanS, 2)} s (paced at best ${fmt((p.requests - 1) / limit, 2)} s), last arrival to completed ${fmt(tailMs)} ms; answered in ${fmt(p.serviceMs / p.requests, 1)} ms on average; ${p.readLate} read after the mock stalled`);
      }
      const boundS = fewest[chain] / rps(chain);
      if (done[chain] === undefined) {
        const state = await page.getByTestId(`chain-status-${chain}`).getAttribute("data-state");
        row(`Scan ${chain}: ${fmt(COUNT)} addresses, ${together}`, `ended ${state}, not completed`, reference ? REFERENCE : "efficiency >= 0.95, 0 violations", reference ? null : false);
        continue;
      }
      const measuredS = done[chain] / 1000;
      const efficiency = boundS / measuredS;
      row(
        `Scan ${chain}: ${fmt(COUNT)} addresses, ${together}`,
        `${fmt(measuredS, 1)} s (bound ${fmt(boundS, 1)} s): efficiency ${fmt(efficiency, 3)}; ${fmt(requests)} requests (${fmt(requests / COUNT, 3)} an address, bound ${fmt(fewest[chain] / COUNT, 3)}), ${violations} rate violations`,
        reference ? REFERENCE : "efficiency >= 0.95, 0 violations",
        reference ? null : efficiency >= 0.95 && violations === 0,
      );
    }
    if (reference) return;
    row("Longest main-thread task during the scan", `${fmt(longest)} ms${longest === 0 ? " (none over 50 ms)" : ""}`, "none over 50 ms", longest <= 50);
    console.error(`scan: mock event-loop lag up to ${stats.eventLoopLagMaxMs} ms`);
  } finally {
    // Closed, so its worker is gone before the next run (a reference) opens its own.
    await page?.close();
    await plain?.close();
    await server.close();
    await mock.close();
  }
}

// ---------- Group summaries on Bitcoin (issue 16, part 2) ----------
// A sparse BTC set (as deposit addresses are) through one Esplora with
// mempool.space's group summary: the requests an address and the time, beside
// one address a request at the same rate (its bound: one request an address).
const GROUP_PROVIDERS = [{ name: "mempool", chain: "BTC", kind: "esplora", rps: 20, groupSummary: 300 }];

export async function groups(browser) {
  for (const [fundedPer100k, target] of [[100, 0.02], [1000, 0.1]]) {
    const share = `${fmt(fundedPer100k / 1000, 1)}% funded`;
    console.error(`groups: ${fmt(COUNT)} BTC addresses, ${share}…`);
    const mock = await startMockProcess({ count: COUNT, seed: 99, btcFundedPer100k: fundedPer100k, providers: GROUP_PROVIDERS });
    const server = await startStaticServer(DIST, 0, { files: { "config.json": JSON.stringify(mock.config) } });
    try {
      const page = await openPage(browser, server.url);
      const btc = groundTruth({ seed: 99, count: COUNT, btcFundedPer100k: fundedPer100k }).filter((e) => e.chain === "BTC");
      await importFiles(page, truthFiles(btc));
      const started = Date.now();
      await page.getByTestId("scan-all").click();
      await chainsSettle(page, ["completed", "failed", "paused"], 30 * 60_000);
      const seconds = (Date.now() - started) / 1000;
      const state = await page.getByTestId("chain-status-BTC").getAttribute("data-state");
      const stats = (await mock.stats()).mempool;
      const perAddress = stats.requests / COUNT;
      const oneByOneS = COUNT / GROUP_PROVIDERS[0].rps;
      row(
        `Groups BTC: ${fmt(COUNT)} addresses, ${share}, groups of up to 300 at ${GROUP_PROVIDERS[0].rps} rps`,
        `${state}: ${fmt(stats.requests)} requests (${fmt(perAddress, 4)} an address vs 1 one by one), ${fmt(seconds, 1)} s vs ${fmt(oneByOneS)} s one by one; ${stats.violations} rate violations`,
        `<= ${target} an address, completed, 0 violations`,
        perAddress <= target && state === "completed" && stats.violations === 0,
      );
    } finally {
      await server.close();
      await mock.close();
    }
  }
}


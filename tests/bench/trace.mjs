// A Chromium trace of a page's renderer (its dedicated workers among its
// threads), through a CDP session: `playwright-core`'s Browser has no
// startTracing. Used by the scan benchmark with BENCH_TRACE=file.json to see
// where the scan worker's thread spends its time.
import { writeFile } from "node:fs/promises";

// BENCH_TRACE_LIGHT=1 records only the timeline's own events (each request's
// send and finish among them): it slows the scan far less than the full set,
// for reading when each provider's requests left (sendsByProvider below).
const CATEGORIES = process.env.BENCH_TRACE_LIGHT ? ["devtools.timeline"] : ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "blink", "loading"];
// BENCH_PROFILE=1 adds V8's sampling profiler, whose samples cover the workers
// too (Playwright cannot open a CDP session on a worker to run its Profiler).
const PROFILER = ["disabled-by-default-v8.cpu_profiler"];

/** Starts tracing `page`; the returned function stops it, writes the trace to `path` and returns its events. */
export async function startTrace(page, path) {
  // A page of plain-browser.mjs has its session; Playwright's opens one.
  const client = page.cdp ? page.cdp() : await page.context().newCDPSession(page);
  const events = [];
  client.on("Tracing.dataCollected", ({ value }) => events.push(...value));
  const complete = new Promise((resolve) => client.once("Tracing.tracingComplete", resolve));
  await client.send("Tracing.start", { traceConfig: { includedCategories: process.env.BENCH_PROFILE ? [...CATEGORIES, ...PROFILER] : CATEGORIES }, transferMode: "ReportEvents" });
  return async () => {
    await client.send("Tracing.end");
    await complete;
    await writeFile(path, JSON.stringify({ traceEvents: events }));
    return events;
  };
}

/**
 * Per thread whose name matches `threadPattern`: how much of the traced span its
 * top-level tasks kept it busy, and the task names that took the most of it.
 */
export function busiestTasks(events, threadPattern = /Worker/) {
  const names = new Map();
  for (const e of events) if (e.ph === "M" && e.name === "thread_name") names.set(`${e.pid}:${e.tid}`, e.args.name);
  const lines = [];
  for (const [key, threadName] of names) {
    if (!threadPattern.test(threadName)) continue;
    // Top-level tasks only (RunTask wraps everything a thread does once), so
    // nested events are not counted twice.
    const tasks = events.filter((e) => `${e.pid}:${e.tid}` === key && e.ph === "X" && e.name === "RunTask");
    if (tasks.length === 0) continue;
    // Loops, not Math.min(...spread): a long scan has more tasks than the
    // call stack holds arguments.
    let first = Infinity;
    let last = -Infinity;
    let longest = 0;
    for (const e of tasks) {
      first = Math.min(first, e.ts);
      last = Math.max(last, e.ts + e.dur);
      longest = Math.max(longest, e.dur);
    }
    const busy = tasks.reduce((n, e) => n + e.dur, 0);
    const inner = new Map();
    for (const e of events) {
      if (`${e.pid}:${e.tid}` !== key || e.ph !== "X" || e.name === "RunTask" || !e.dur) continue;
      inner.set(e.name, (inner.get(e.name) ?? 0) + e.dur);
    }
    const top = [...inner].sort((a, b) => b[1] - a[1]).slice(0, 8);
    lines.push(`${threadName}: ${tasks.length} tasks, busy ${(busy / 1e6).toFixed(1)} s of ${((last - first) / 1e6).toFixed(1)} s (${((100 * busy) / (last - first)).toFixed(0)}%); longest task ${(longest / 1e3).toFixed(1)} ms`);
    for (const [name, dur] of top) lines.push(`  ${name}: ${(dur / 1e6).toFixed(2)} s`);
  }
  return lines;
}

/**
 * Per profiled thread whose name matches `threadPattern`: the functions that
 * took the most samples, by self time and by total time (callees included).
 * Wasm functions are named only in a build that keeps its name section.
 */
export function hottestFunctions(events, threadPattern = /Worker/, top = 25, untilMs = Infinity) {
  const names = new Map();
  for (const e of events) if (e.ph === "M" && e.name === "thread_name") names.set(`${e.pid}:${e.tid}`, e.args.name);
  const profiles = new Map();
  for (const e of events) {
    if (e.name !== "Profile" && e.name !== "ProfileChunk") continue;
    const key = `${e.pid}:${e.id}`;
    if (!profiles.has(key)) profiles.set(key, { thread: names.get(`${e.pid}:${e.tid}`) ?? "?", nodes: new Map(), self: new Map(), total: new Map(), us: 0 });
    const profile = profiles.get(key);
    if (e.name === "Profile") profile.thread = names.get(`${e.pid}:${e.tid}`) ?? profile.thread;
    const data = e.args?.data;
    for (const node of data?.cpuProfile?.nodes ?? []) profile.nodes.set(node.id, node);
    const samples = data?.cpuProfile?.samples ?? [];
    const deltas = data?.timeDeltas ?? [];
    for (let i = 0; i < samples.length; i++) {
      const us = Math.max(0, deltas[i + 1] ?? deltas[i] ?? 0);
      // Only the profile's first `untilMs` (BENCH_PROFILE_MS): a scan's start.
      profile.at = (profile.at ?? 0) + Math.max(0, deltas[i] ?? 0);
      if (profile.at > untilMs * 1e3) continue;
      profile.us += us;
      const leaf = profile.nodes.get(samples[i]);
      if (!leaf) continue;
      const label = (n) => n.callFrame.functionName || "(anonymous)";
      profile.self.set(label(leaf), (profile.self.get(label(leaf)) ?? 0) + us);
      const seen = new Set();
      for (let n = leaf; n; n = profile.nodes.get(n.parent)) {
        const name = label(n);
        if (seen.has(name)) continue;
        seen.add(name);
        profile.total.set(name, (profile.total.get(name) ?? 0) + us);
      }
    }
  }
  const lines = [];
  for (const profile of profiles.values()) {
    if (!threadPattern.test(profile.thread) || profile.us === 0) continue;
    const ms = (us) => (us / 1e3).toFixed(0);
    lines.push(`${profile.thread}: ${ms(profile.us)} ms sampled`);
    const idle = new Set(["(idle)", "(program)", "(root)"]);
    for (const [name, us] of [...profile.self].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  self ${ms(us).padStart(6)} ms  ${name}`);
    for (const [name, us] of [...profile.total].filter(([n]) => !idle.has(n)).sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  total ${ms(us).padStart(6)} ms  ${name}`);
  }
  return lines;
}

/**
 * Per provider (port and method): when its requests left the browser, as the
 * gaps between sends beside the pacing's, and how long each took to come back,
 * in the first seconds of the scan and after them.
 */
export function sendsByProvider(events, firstMs = 3000) {
  const sends = events.filter((e) => e.name === "ResourceSendRequest");
  if (sends.length === 0) return [];
  const finished = new Map(events.filter((e) => e.name === "ResourceFinish").map((e) => [e.args.data.requestId, e.ts]));
  const start = sends.reduce((t, e) => Math.min(t, e.ts), Infinity);
  const byProvider = new Map();
  for (const e of sends) {
    const key = `port ${new URL(e.args.data.url).port} ${e.args.data.requestMethod}`;
    if (!byProvider.has(key)) byProvider.set(key, []);
    byProvider.get(key).push({ at: (e.ts - start) / 1e3, roundTrip: ((finished.get(e.args.data.requestId) ?? NaN) - e.ts) / 1e3 });
  }
  const mean = (values) => values.reduce((n, v) => n + v, 0) / Math.max(1, values.length);
  const lines = [];
  for (const [key, list] of byProvider) {
    list.sort((a, b) => a.at - b.at);
    const gaps = list.slice(1).map((s, i) => s.at - list[i].at);
    const early = list.filter((s) => s.at < firstMs).map((s) => s.roundTrip);
    const late = list.filter((s) => s.at >= firstMs).map((s) => s.roundTrip);
    lines.push(`${key}: ${list.length} sends from ${list[0].at.toFixed(0)} to ${list.at(-1).at.toFixed(0)} ms; gap mean ${mean(gaps).toFixed(1)} ms, longest ${gaps.reduce((m, g) => Math.max(m, g), 0).toFixed(0)} ms; round trip ${mean(early).toFixed(0)} ms in the first ${firstMs} ms, ${late.length ? mean(late).toFixed(0) : "-"} ms after`);
  }
  return lines;
}

// A Chromium trace of a page's renderer (its dedicated workers among its
// threads), through a CDP session: `playwright-core`'s Browser has no
// startTracing. Used by the scan benchmark with BENCH_TRACE=file.json to see
// where the scan worker's thread spends its time.
import { writeFile } from "node:fs/promises";

const CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "blink", "loading"];
// BENCH_PROFILE=1 adds V8's sampling profiler, whose samples cover the workers
// too (Playwright cannot open a CDP session on a worker to run its Profiler).
const PROFILER = ["disabled-by-default-v8.cpu_profiler"];

/** Starts tracing `page`; the returned function stops it, writes the trace to `path` and returns its events. */
export async function startTrace(page, path) {
  const client = await page.context().newCDPSession(page);
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
export function hottestFunctions(events, threadPattern = /Worker/, top = 25) {
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

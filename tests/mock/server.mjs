// Mock blockchain providers for tests and the offline demo: each provider is an
// HTTP server of its own on 127.0.0.1 (browsers cap connections per origin, and
// real providers are separate hosts), speaking the real protocol from the ground
// truth, with CORS, a per-provider rate limit it enforces and counts, latency and
// faults set per provider. A control server reports counts and takes faults.
//
//   node tests/mock/server.mjs [--count N] [--seed S] [--btc-funded-per-100k F]
//                              [--control-port P] [--providers JSON] [--wallets JSON]
// prints one JSON line: { control, providers: [{ name, chain, kind, url, rps, batch }] }
import { createServer } from "node:http";
import { setPriority } from "node:os";
import { monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { ArrivalWindow, earliestArrival, tick } from "./arrivals.mjs";
import { buildLedger, esplora, ETHERSCAN_KEY, etherscan, evm, jsonRpc, solana, toJson } from "./protocols.mjs";
import { groundTruth, TOKENS } from "./truth.mjs";

/** The providers the tests and the demo scan with: two per chain. */
export const DEFAULT_PROVIDERS = [
  { name: "esplora-a", chain: "BTC", kind: "esplora", rps: 10 },
  { name: "esplora-b", chain: "BTC", kind: "esplora", rps: 10 },
  { name: "evm-a", chain: "BSC", kind: "evm-rpc", rps: 10, batch: 50 },
  { name: "evm-b", chain: "BSC", kind: "evm-rpc", rps: 10, batch: 50 },
  { name: "solana-a", chain: "SOL", kind: "solana-rpc", rps: 10, batch: 100 },
  { name: "solana-b", chain: "SOL", kind: "solana-rpc", rps: 10, batch: 100 },
];

/** Rate-limit checks allow this much jitter (contract, section 1). */
const JITTER_MS = 50;

const CORS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
  "Access-Control-Allow-Headers": "content-type",
  "Access-Control-Expose-Headers": "Retry-After",
  "Access-Control-Max-Age": "600",
};

function newStats() {
  // firstAt/lastAt: the first and last counted arrival (ms, this process's clock);
  // serviceMs: the time from arrival to the answer sent, summed.
  // summaries: group summary requests (Esplora with `groupSummary`).
  // tokenCalls: `tokenbalance` requests (etherscan).
  // readLate: arrivals read after a stall of this process (see earliestArrival).
  return { readLate: 0, requests: 0, units: 0, summaries: 0, tokenCalls: 0, preflights: 0, violations: 0, retryAfterViolations: 0, served429: 0, errors: 0, firstAt: null, lastAt: null, serviceMs: 0, fetches: new Map() };
}

function readBody(request) {
  return new Promise((resolve) => {
    const chunks = [];
    request.on("data", (c) => chunks.push(c));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });
}

/** Which addresses a request (`url`, a URL) asks about, to count fetches per address. */
function addressesAsked(kind, url, body, parsed) {
  const path = url.pathname;
  try {
    if (kind === "esplora" && path.endsWith("/txs/summary")) return JSON.parse(body);
    if (kind === "esplora") return [decodeURIComponent(path.split("/").pop())];
    if (kind === "etherscan") {
      // Native balances are counted once per address, from balancemulti.
      const params = url.searchParams;
      return params.get("action") === "balancemulti" ? String(params.get("address")).toLowerCase().split(",") : [];
    }
    if (parsed === undefined) return [];
    const calls = [parsed].flat();
    // A deep check asks a wallet's getBalance once beside its token accounts.
    if (kind === "solana-rpc") return calls.flatMap((c) => ({ getMultipleAccounts: c.params?.[0], getBalance: [c.params?.[0]] })[c.method] ?? []);
    return calls.flatMap((c) => {
      // A batch array (no Multicall3) names each holder in its eth_getBalance.
      if (c.method === "eth_getBalance") return [String(c.params?.[0]).toLowerCase()];
      const data = String(c.params?.[0]?.data ?? "");
      // getEthBalance(holder) sub-calls inside aggregate3 name each holder once.
      return [...data.matchAll(/4d2301cc000000000000000000000000([0-9a-f]{40})/g)].map((m) => "0x" + m[1]);
    });
  } catch {
    return [];
  }
}


class MockProvider {
  constructor(spec, ledger) {
    Object.assign(this, spec);
    this.ledger = ledger;
    this.arrivals = new ArrivalWindow(spec.rps, 1000 - JITTER_MS); // every counted unit
    this.blockedUntil = 0; // after a 429 with Retry-After
    this.fault = {};
    this.stats = newStats();
    this.sequence = 0;
  }

  /** Counts `units` arriving now; says whether they broke the limit. */
  arrive(units, now, earliest = now) {
    if (now < this.blockedUntil - JITTER_MS) this.stats.retryAfterViolations += 1;
    if (earliest < now) this.stats.readLate += 1;
    const over = this.arrivals.add(units, now, earliest);
    if (over) {
      this.stats.violations += 1;
      if (process.env.MOCK_DEBUG) console.error(this.name, `over at ${now.toFixed(0)}:`, this.arrivals.times.map((t) => (t - now).toFixed(0)).join(" "));
    }
    return over;
  }

  tooMany(response, seconds) {
    this.stats.served429 += 1;
    if (seconds !== undefined) this.blockedUntil = performance.now() + seconds * 1000;
    const headers = { ...CORS, "Content-Type": "text/plain" };
    if (seconds !== undefined) headers["Retry-After"] = String(seconds);
    response.writeHead(429, headers).end("Too Many Requests");
  }

  async handle(request, response) {
    // Arrival is when the request reached us, before its body was read.
    const arrivedAt = performance.now();
    const earliest = earliestArrival(arrivedAt);
    if (request.method === "OPTIONS") {
      this.stats.preflights += 1;
      response.writeHead(204, CORS).end();
      return;
    }
    const fault = this.fault;
    if (fault.down) {
      request.socket.destroy();
      return;
    }
    const body = await readBody(request);
    const url = new URL(request.url, "http://mock");
    const path = url.pathname;
    // A JSON-RPC body is parsed once, here: it is counted, logged and answered
    // from the same value (a 200-address Multicall3 body is 270 KB).
    let parsed;
    if (this.kind !== "esplora" && this.kind !== "etherscan") {
      try {
        parsed = JSON.parse(body);
      } catch {}
    }
    const units = Array.isArray(parsed) ? parsed.length : 1;
    this.stats.requests += 1;
    this.stats.units += units;
    this.stats.firstAt ??= arrivedAt;
    this.stats.lastAt = arrivedAt;
    response.once("finish", () => (this.stats.serviceMs += performance.now() - arrivedAt));
    this.sequence += 1;
    if (this.arrive(units, arrivedAt, earliest)) {
      // Etherscan-style APIs say so inside a 200, as the real ones do.
      if (this.kind === "etherscan") {
        this.stats.served429 += 1;
        const refusal = { status: "0", message: "NOTOK", result: `Max calls per sec rate limit reached (${this.rps}/sec)` };
        return response.writeHead(200, { ...CORS, "Content-Type": "application/json" }).end(JSON.stringify(refusal));
      }
      return this.tooMany(response, 1);
    }
    for (const address of addressesAsked(this.kind, url, body, parsed)) {
      this.stats.fetches.set(address, (this.stats.fetches.get(address) ?? 0) + 1);
    }
    if (fault.burst429 && this.sequence % fault.burst429.every === 0) {
      return this.tooMany(response, fault.burst429.retryAfter);
    }
    if (fault.hangRate && Math.random() < fault.hangRate) return; // never answers
    if (fault.latencyMs) await new Promise((r) => setTimeout(r, fault.latencyMs));
    if (fault.errorRate && Math.random() < fault.errorRate) {
      this.stats.errors += 1;
      response.writeHead(500, CORS).end("internal error");
      return;
    }
    if (fault.malformedRate && Math.random() < fault.malformedRate) {
      response.writeHead(200, { ...CORS, "Content-Type": "application/json" }).end('{"jsonrpc":"2.0","result":{"val');
      return;
    }
    const short = fault.shortRate && Math.random() < fault.shortRate;
    let answer;
    if (this.kind === "esplora") {
      answer = esplora(this.ledger, request.method, path, body, { groupSummary: this.groupSummary });
      if (path.endsWith("/txs/summary")) this.stats.summaries += 1;
    } else if (this.kind === "etherscan") {
      answer = etherscan(this.ledger, url.searchParams, { apiKey: this.apiKey ?? ETHERSCAN_KEY });
      if (url.searchParams.get("action") === "tokenbalance") this.stats.tokenCalls += 1;
    } else if (request.method !== "POST") {
      answer = { status: 405, body: "JSON-RPC takes POST" };
    } else if (!/^application\/json\b/i.test(request.headers["content-type"] ?? "")) {
      // As geth and Solana's validators answer any other body type.
      answer = { status: 415, body: "invalid content type, only application/json is supported", type: "text/plain" };
    } else {
      const protocol = this.kind === "solana-rpc" ? solana : evm;
      answer = jsonRpc(parsed, (call) => protocol(this.ledger, call, { short, maxCalls: fault.maxCalls }));
    }
    const text = answer.json !== undefined ? toJson(answer.json) : answer.body;
    response.writeHead(answer.status, { ...CORS, "Content-Type": answer.type ?? "application/json" }).end(text);
  }

  /** The counts; with `asked`, also every address (or token account) asked for. */
  report({ asked = false } = {}) {
    const counts = [...this.stats.fetches.values()];
    const { fetches, ...rest } = this.stats;
    // A loop, not Math.max(...counts): 100,000 arguments overflow the stack.
    const maxFetchesPerAddress = counts.reduce((most, n) => Math.max(most, n), 0);
    // The first and last arrivals on the wall clock too, for traces that line
    // them up with the page's own times (Date.now() there).
    const unix = (at) => (at === null ? null : Math.round(performance.timeOrigin + at));
    const wall = { firstAtUnix: unix(rest.firstAt), lastAtUnix: unix(rest.lastAt) };
    return { ...rest, ...wall, addresses: counts.length, maxFetchesPerAddress, ...(asked ? { asked: [...fetches.keys()] } : {}) };
  }
}

/** MOCK_DEBUG: prints each stall of this process's event loop and each long garbage collection, with when it happened. */
function debugStalls() {
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    if (now - last > 60) console.error(`mock stall: ${(now - last - 10).toFixed(0)} ms late at ${now.toFixed(0)}`);
    last = now;
  }, 10).unref();
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.duration > 20) console.error(`mock gc: ${e.duration.toFixed(0)} ms (kind ${e.detail?.kind}) at ${e.startTime.toFixed(0)}`);
  }).observe({ entryTypes: ["gc"] });
}

function listen(server, port = 0) {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server.address().port));
  });
}

/**
 * Starts every provider and the control server. Resolves to
 * `{ control, providers, entries, config(), close() }`.
 */
export async function startMock({ seed = 42, count = 60, btcFundedPer100k, providers = DEFAULT_PROVIDERS, controlPort = 0, wallets = [] } = {}) {
  const entries = groundTruth({ seed, count, btcFundedPer100k });
  const ledger = buildLedger(entries, wallets);
  const mocks = new Map();
  const servers = [];
  for (const spec of providers) {
    const mock = new MockProvider(spec, ledger);
    const server = createServer((req, res) => mock.handle(req, res));
    const port = await listen(server);
    // An etherscan provider's URL carries Etherscan V2's chainid, as the real one does.
    mock.url = { esplora: `http://127.0.0.1:${port}/api`, etherscan: `http://127.0.0.1:${port}/v2/api?chainid=56` }[spec.kind] ?? `http://127.0.0.1:${port}/`;
    mocks.set(spec.name, mock);
    servers.push(server);
  }
  const control = createServer(async (request, response) => {
    const json = (value) => response.writeHead(200, { ...CORS, "Content-Type": "application/json" }).end(JSON.stringify(value));
    const { pathname: path, searchParams } = new URL(request.url, "http://mock");
    if (request.method === "OPTIONS") return response.writeHead(204, CORS).end();
    if (path === "/stats") {
      const asked = searchParams.has("asked");
      const providers = Object.fromEntries([...mocks].map(([name, m]) => [name, m.report({ asked })]));
      // How late this process ran its callbacks: arrival times are only as exact
      // as this, so a check can tell a real violation from a starved mock.
      return json({ ...providers, eventLoopLagMaxMs: Math.round(lag.max / 1e6) });
    }
    if (path === "/faults" && request.method === "POST") {
      // { "<provider name>": { down, errorRate, malformedRate, shortRate, hangRate, latencyMs, burst429: {every, retryAfter}, maxCalls } }
      // The faults now in force: a provider not named has none.
      const faults = JSON.parse(await readBody(request));
      for (const [name, mock] of mocks) mock.fault = faults[name] ?? {};
      return json({ ok: true });
    }
    if (path === "/reset" && request.method === "POST") {
      for (const m of mocks.values()) {
        m.stats = newStats();
        m.fault = {};
      }
      lag.reset();
      return json({ ok: true });
    }
    response.writeHead(404, CORS).end("not found");
  });
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  setInterval(tick, 5).unref();
  if (process.env.MOCK_DEBUG) debugStalls();
  const boundControl = await listen(control, controlPort);
  servers.push(control);

  return {
    control: `http://127.0.0.1:${boundControl}`,
    entries,
    providers: [...mocks.values()].map(({ name, chain, kind, url, rps, batch, groupSummary }) => ({ name, chain, kind, url, rps, batch, groupSummary })),
    /** A config.json pointing the page at these providers. */
    config() {
      return {
        network: "mainnet",
        providers: this.providers.map(({ name, chain, kind, url, rps, batch, groupSummary }) => ({
          chain, kind, name, url, rps, ...(batch ? { batch } : {}), ...(groupSummary ? { group_summary: groupSummary } : {}),
          ...(kind === "etherscan" ? { api_key: ETHERSCAN_KEY } : {}), timeout_ms: 4000,
        })),
        tokens: Object.entries(TOKENS).flatMap(([chain, list]) => list.map((t) => ({ chain, ...t }))),
      };
    },
    close: () => Promise.all(servers.map((s) => new Promise((r) => { s.closeAllConnections?.(); s.close(r); }))),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  // The mock is the measuring instrument for rate limits: it should not be the
  // process the machine starves when the browser keeps both cores busy.
  try {
    setPriority(-10);
  } catch {
    // Not permitted (not root): measure at normal priority.
  }
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const providersAt = process.argv.indexOf("--providers");
  const providers = providersAt > 0 ? JSON.parse(process.argv[providersAt + 1]) : DEFAULT_PROVIDERS;
  const walletsAt = process.argv.indexOf("--wallets");
  const wallets = walletsAt > 0 ? JSON.parse(process.argv[walletsAt + 1]) : [];
  const mock = await startMock({ seed: arg("--seed", 42), count: arg("--count", 60), btcFundedPer100k: arg("--btc-funded-per-100k", undefined), controlPort: arg("--control-port", 0), providers, wallets });
  console.log(JSON.stringify({ control: mock.control, providers: mock.providers, config: mock.config() }));
  process.on("SIGTERM", () => mock.close().then(() => process.exit(0)));
}

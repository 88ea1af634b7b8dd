// Runs the mock providers (tests/mock/server.mjs) as a process of their own, the
// way the demo does, and talks to its control server.
import { spawn } from "node:child_process";
import { setPriority } from "node:os";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const SERVER = fileURLToPath(new URL("../mock/server.mjs", import.meta.url));

/** Starts the mock; resolves once it printed where it listens. */
export async function startMockProcess({ count = 60, seed = 42, btcFundedPer100k, providers: specs, wallets, lowPriority = false } = {}) {
  const args = [SERVER, "--count", String(count), "--seed", String(seed)];
  // Watch-only wallets' addresses with their history (see buildLedger).
  if (wallets) args.push("--wallets", JSON.stringify(wallets));
  if (btcFundedPer100k !== undefined) args.push("--btc-funded-per-100k", String(btcFundedPer100k));
  if (specs) args.push("--providers", JSON.stringify(specs));
  const child = spawn(process.execPath, args, {
    stdio: ["ignore", "pipe", "inherit"],
  });
  // Real providers do not share the browser's CPU: a benchmark of the page's own
  // main-thread work runs the mock at the lowest priority, so that it takes only
  // time the browser leaves over.
  if (lowPriority) setPriority(child.pid, 19);
  const firstLine = await new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the mock exited early (${code})`)));
    createInterface({ input: child.stdout }).once("line", resolve);
  });
  const { control, providers, config } = JSON.parse(firstLine);
  const post = (path, body) =>
    fetch(control + path, { method: "POST", body: JSON.stringify(body ?? {}) }).then((r) => r.json());
  return {
    control,
    providers,
    config,
    /** Counts per provider; `{ asked: true }` adds the addresses each was asked for. */
    stats: ({ asked = false } = {}) => fetch(control + (asked ? "/stats?asked" : "/stats")).then((r) => r.json()),
    /** Sets the faults in force (providers not named have none):
     *  `{ "<provider>": { down, errorRate, malformedRate, shortRate, hangRate, latencyMs, burst429: { every, retryAfter }, maxCalls } }` */
    faults: (faults) => post("/faults", faults),
    reset: () => post("/reset"),
    close: () =>
      new Promise((resolve) => {
        child.once("exit", resolve);
        child.kill("SIGTERM");
      }),
  };
}

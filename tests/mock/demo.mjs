// The offline demo: starts the mock providers, serves the built page with a
// config.json pointing at them, and offers a demo address set the page can load
// with one click. No network beyond 127.0.0.1.
//
//   node tests/mock/demo.mjs [dist-dir] [port]      (what `./dev serve --demo` runs)
import { DEFAULT_PROVIDERS, startMock } from "./server.mjs";
import { startStaticServer } from "../support/static-server.mjs";
import { truthFiles } from "../support/page-actions.mjs";

/** Addresses per chain in the demo set (seed 2026). */
const DEMO_SEED = 2026;
const DEMO_COUNT = 200;

const [dir = "dist", port = "8080"] = process.argv.slice(2);
// One BTC provider speaks mempool.space's group summary, as the built-in one does.
const providers = DEFAULT_PROVIDERS.map((p) => (p.name === "esplora-a" ? { ...p, name: "mempool-mock", groupSummary: 300 } : p));
const mock = await startMock({ seed: DEMO_SEED, count: DEMO_COUNT, providers });
const files = {};
const demoFiles = [];
for (const file of truthFiles(mock.entries)) {
  files[`demo/${file.name}`] = file.buffer;
  demoFiles.push(`demo/${file.name}`);
}
files["config.json"] = JSON.stringify({ ...mock.config(), demo: { files: demoFiles } }, null, 2);
const { url } = await startStaticServer(dir, Number(port), { files });
console.log(`Demo: ${url}`);
console.log(`  Providers are local mocks (${mock.providers.map((p) => p.name).join(", ")}); nothing leaves this machine.`);
console.log(`  Open the page, click "Load the demo addresses", then "Scan all chains", then "Export funded (CSV)".`);
console.log(`  Mock counters: ${mock.control}/stats   (Ctrl-C to stop)`);

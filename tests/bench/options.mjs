// The benchmark's command line (see browser.mjs) and the builds it measures.
// The build with the measurement hooks (`./dev bench` makes it), and the build
// that ships, whose size is measured.
export const DIST = process.env.DIST_DIR ?? "dist-bench";
export const SHIPPED = process.env.SHIPPED_DIR ?? "dist";
const countAt = process.argv.indexOf("--count");
export const COUNT = countAt > 0 ? Number(process.argv[countAt + 1]) : 20_000;
const chainsAt = process.argv.indexOf("--chains");
export const SCAN_CHAINS = chainsAt > 0 ? process.argv[chainsAt + 1].split(",") : ["BTC", "BSC", "SOL"];
// The chains measured again alone after the default all-chains run.
export const REFERENCE_CHAINS = chainsAt > 0 ? [] : ["BSC", "SOL"];
// What drives the page in the scan efficiency runs: "plain" (the default, a
// Chromium that does not report each request; plain-browser.mjs) or
// "playwright" (as every other benchmark and test).
export const SCAN_DRIVER = process.env.BENCH_SCAN_DRIVER ?? "plain";

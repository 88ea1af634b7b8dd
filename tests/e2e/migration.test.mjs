// End-to-end: a browser that holds a version-2 database (one IndexedDB record per
// address), made by the version-2 app itself (tests/fixtures/v2-database.json,
// from tests/support/make-v2-fixture.mjs), opens this version: the chain cards
// show the same counts and states, the CSV export is the same file, and the
// paused chain resumes where it stopped.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { servedPage } from "../support/served-page.mjs";
import { chainStatus, chainsSettle, exportCsv } from "../support/page-actions.mjs";
import { groundTruth, TOKENS } from "../mock/truth.mjs";

const fixture = JSON.parse(await readFile(new URL("../fixtures/v2-database.json", import.meta.url), "utf8"));
const served = servedPage({ mock: { count: fixture.count + fixture.late_solana } });

/**
 * The fixture's records as if the v2 app had written them a minute ago: its
 * checkpoints' times move together (the page asks before resuming a scan
 * interrupted more than 24 hours ago, which the fixture's own times came to be
 * a day after it was made).
 */
function recent(stores) {
  const checkpoints = stores.checkpoints.map((record) => ({ ...record, checkpoint: JSON.parse(record.checkpoint) }));
  const shift = Date.now() - 60_000 - Math.max(...checkpoints.map((r) => r.checkpoint.updated_at_unix_ms));
  for (const { checkpoint } of checkpoints) {
    checkpoint.started_at_unix_ms += shift;
    checkpoint.updated_at_unix_ms += shift;
  }
  return { ...stores, checkpoints: checkpoints.map((r) => ({ ...r, checkpoint: JSON.stringify(r.checkpoint) })) };
}

/** Creates the version-2 database in the page's origin, as the v2 app left it. */
async function createVersion2(page, stores) {
  await page.evaluate(
    (stores) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open("balance-scanner", 2);
        open.onupgradeneeded = () => {
          const db = open.result;
          db.createObjectStore("settings", { keyPath: "key" });
          const addresses = db.createObjectStore("addresses", { keyPath: ["network", "chain", "address"] });
          addresses.createIndex("by_position", ["network", "chain", "index"]);
          db.createObjectStore("checkpoints", { keyPath: ["network", "chain"] });
        };
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(Object.keys(stores), "readwrite");
          for (const [name, records] of Object.entries(stores)) for (const record of records) tx.objectStore(name).put(record);
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    stores,
  );
}

test("a version-2 database opens with the same cards and CSV, and its paused chain resumes", async () => {
  const page = await served.browser.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(error.message));
  // Any page of the origin will do to write its IndexedDB before the app opens it.
  await page.goto(`${served.url}config.example.json`);
  await createVersion2(page, recent(fixture.stores));
  await page.goto(served.url);
  await page.waitForFunction(() => document.querySelector('[data-testid="storage-status"]')?.dataset.state === "ready");
  await page.waitForFunction(
    (total) => document.querySelector('[data-testid="chain-status-SOL"]')?.dataset.total === String(total),
    fixture.status.SOL.total,
  );
  assert.deepEqual(await chainStatus(page), fixture.status, "the cards as the v2 app showed them");
  assert.equal(await exportCsv(page), fixture.csv, "the same CSV, byte for byte");
  const version = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const open = indexedDB.open("balance-scanner");
        open.onsuccess = () => {
          const db = open.result;
          const left = db.objectStoreNames.contains("addresses") ? "addresses" : null;
          const tx = db.transaction(left ? [left] : ["settings"]);
          const count = left ? tx.objectStore(left).count() : null;
          tx.oncomplete = () => {
            db.close();
            resolve({ version: db.version, legacy: count ? count.result : 0 });
          };
        };
      }),
  );
  assert.deepEqual(version, { version: 3, legacy: 0 }, "upgraded, and the old records moved out");

  // The paused chain resumes with the addresses imported after its scan.
  await page.getByTestId("scan-all").click();
  await chainsSettle(page);
  const status = await chainStatus(page);
  assert.equal(status.SOL.state, "completed");
  assert.equal(status.SOL.scanned, fixture.status.SOL.total);
  const csv = await exportCsv(page);
  for (const line of fixture.csv.trim().split("\r\n")) assert.ok(csv.includes(line), `kept: ${line}`);
  // The resumed scan keeps the tokens it started with: USDC and USDT, not the
  // PYUSD the mock's config has since.
  const started = TOKENS.SOL.filter((t) => t.program !== "token-2022").length;
  const late = groundTruth({ count: fixture.count + fixture.late_solana }).filter(
    (e) => e.chain === "SOL" && e.index >= fixture.count && (e.native > 0n || e.tokens.slice(0, started).some((t) => t > 0n)),
  );
  assert.ok(late.length > 0);
  for (const entry of late) assert.ok(csv.includes(entry.address), `the late address ${entry.address} was checked`);
  assert.deepEqual(problems, []);
  await page.close();
});

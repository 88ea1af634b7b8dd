// Builds the version-2 database the migration test starts from: a release build
// of schema version 2 (the store of one IndexedDB record per address, up to
// commit 0979910) imports the ground truth, scans every chain, removes a BSC token
// and rescans BSC (so a checkpoint remembers an earlier token list), and takes in
// more Solana addresses (so Solana is paused with unchecked addresses). Its
// IndexedDB is then dumped, record by record, with the CSV it exported and its
// chain cards, to tests/fixtures/v2-database.json.
//
//   DIST_DIR=<a version-2 build> node tests/support/make-v2-fixture.mjs
import { writeFile, mkdir } from "node:fs/promises";
import { openBrowser } from "./browser.mjs";
import { startMockProcess } from "./mock-process.mjs";
import { startStaticServer } from "./static-server.mjs";
import { chainStatus, chainsSettle, exportCsv, importFiles, openPage, textFile, truthFiles, waitForChain } from "./page-actions.mjs";
import { groundTruth } from "../mock/truth.mjs";

export const FIXTURE_COUNT = 40;
/** Solana addresses imported after the scans (indices FIXTURE_COUNT and up). */
export const LATE_SOLANA = 5;

const dist = process.env.DIST_DIR;
if (!dist) throw new Error("DIST_DIR must name a version-2 build");
const mock = await startMockProcess({ count: FIXTURE_COUNT + LATE_SOLANA });
const server = await startStaticServer(dist, 0, { files: { "config.json": JSON.stringify(mock.config) } });
const browser = await openBrowser();
try {
  const page = await openPage(browser, server.url);
  const truth = groundTruth({ count: FIXTURE_COUNT + LATE_SOLANA });
  const first = truth.filter((e) => e.index < FIXTURE_COUNT);
  await importFiles(page, truthFiles(first));
  await page.getByTestId("scan-all").click();
  await chainsSettle(page);

  // Remove BSC's last token in the settings, then rescan BSC with the shorter list.
  await page.locator("details.settings").evaluate((details) => (details.open = true));
  const bscTokens = page.locator("fieldset", { hasText: "Tokens" }).locator("ul.provider-list").first();
  await bscTokens.locator("li").last().getByRole("button", { name: "Remove" }).click();
  await page.getByText("Token removed.").waitFor();
  await page.getByTestId("chain-status-BSC").getByRole("button", { name: "Scan again" }).click();
  await waitForChain(page, "BSC", "(d) => d.state !== 'completed' || d.scanned === '0'", 5_000).catch(() => {});
  await waitForChain(page, "BSC", "(d) => d.state === 'completed'");

  // Late Solana addresses: a completed chain they are imported into is paused.
  const late = truth.filter((e) => e.chain === "SOL" && e.index >= FIXTURE_COUNT);
  await importFiles(page, [textFile("late-sol.txt", late.map((e) => e.address).join("\n"))]);
  await waitForChain(page, "SOL", "(d) => d.state === 'paused'");

  const csv = await exportCsv(page);
  const status = await chainStatus(page);
  const stores = await page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open("balance-scanner");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const names = [...db.objectStoreNames];
          const tx = db.transaction(names);
          const out = { version: db.version, stores: {} };
          for (const name of names) {
            const request = tx.objectStore(name).getAll();
            request.onsuccess = () => (out.stores[name] = request.result);
          }
          tx.oncomplete = () => {
            db.close();
            resolve(out);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
  if (stores.version !== 2) throw new Error(`DIST_DIR is a build of schema ${stores.version}, not 2`);
  // The mock's addresses change with every run: none is kept (the fixture's
  // settings hold only the token list).
  if (JSON.stringify(stores.stores.settings).includes("127.0.0.1")) throw new Error("a provider URL was saved");
  await mkdir("tests/fixtures", { recursive: true });
  const fixture = { made_by: "tests/support/make-v2-fixture.mjs", count: FIXTURE_COUNT, late_solana: LATE_SOLANA, status, csv, ...stores };
  await writeFile("tests/fixtures/v2-database.json", JSON.stringify(fixture, null, 1) + "\n");
  console.log(`wrote tests/fixtures/v2-database.json: ${Object.entries(stores.stores).map(([n, r]) => `${n} ${r.length}`).join(", ")}; ${JSON.stringify(status)}`);
  if (page.problems.length) throw new Error(page.problems.join("\n"));
} finally {
  await browser.close();
  await server.close();
  await mock.close();
}

// End-to-end: the offline demo (`./dev serve --demo`) works for a newcomer: load
// the demo addresses, scan, export the ground truth (seed 2026, 200 per chain, as
// tests/mock/demo.mjs sets them).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { openBrowser } from "../support/browser.mjs";
import { chainsSettle, exportCsv, openPage, tablesHiddenAt } from "../support/page-actions.mjs";
import { expectedCsv, groundTruth } from "../mock/truth.mjs";

test("demo mode: load the demo addresses, scan all, export equals the demo's truth", async () => {
  const demo = spawn(process.execPath, ["tests/mock/demo.mjs", process.env.DIST_DIR ?? "dist", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  const browser = await openBrowser();
  try {
    const url = await new Promise((resolve) =>
      createInterface({ input: demo.stdout }).on("line", (line) => line.startsWith("Demo: ") && resolve(line.slice(6))),
    );
    const page = await openPage(browser, url);
    const report = page.getByTestId("import-report");
    await page.getByRole("button", { name: "Load the demo addresses" }).click();
    await page.waitForFunction(() => {
      const d = document.querySelector('[data-testid="import-report"]').dataset;
      return d.seq === "1" && d.state === "done";
    });
    assert.equal(await report.getAttribute("data-imported"), String(3 * 200));
    await page.getByTestId("scan-all").click();
    await chainsSettle(page);
    assert.equal(await exportCsv(page), expectedCsv(groundTruth({ seed: 2026, count: 200 })));
    // The results read without scrolling sideways in a window beside another
    // (the share bars give way before the balances do).
    const hidden = await tablesHiddenAt(page, [1280, 900, 700, 420]);
    for (const [width, px] of Object.entries(hidden)) {
      assert.ok(px.length === 3 && px.every((p) => p <= 0), `${width} px wide: ${JSON.stringify(px)} px scrolled out of view`);
    }
    assert.deepEqual(page.problems, []);
  } finally {
    await browser.close();
    demo.kill("SIGTERM");
  }
});

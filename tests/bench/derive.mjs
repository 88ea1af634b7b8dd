// The watch-only derivation benchmark (issue 18): 100,000 addresses derived
// from a zpub and from a tr() descriptor through the page's derive form, timed
// from the click to the end of deriving and to the end of the import, beside
// the reference clients (@scure/bip32 with @scure/btc-signer, the fixtures'
// generators) deriving the same in Node in the same run.
import { readFile } from "node:fs/promises";
import { deriveAddresses, openPage } from "../support/page-actions.mjs";

const COUNT = 100_000;
// The reference clients take about 0.6 ms an address: they derive a tenth, and
// their time is scaled up.
const REFERENCE_COUNT = 10_000;
const FIXTURES = new URL("../fixtures/hd/", import.meta.url);

/** Derives through the page; resolves to [ms deriving, ms until imported]. */
async function derivePage(page, key) {
  // When the summary last said "Deriving", and when the import ended.
  const startTimer = () =>
    page.evaluate(() => {
      const summary = document.querySelector('[data-testid="import-report"] .import-summary');
      window.__derive = { start: performance.now(), derivedAt: 0 };
      new MutationObserver(() => {
        if (summary.textContent.startsWith("Deriving")) window.__derive.derivedAt = performance.now();
      }).observe(summary, { childList: true, characterData: true, subtree: true });
    });
  const counts = await deriveAddresses(page, { key, count: COUNT }, { timeout: 5 * 60_000, beforeSubmit: startTimer });
  if (counts.imported !== COUNT) throw new Error(`imported ${counts.imported} of ${COUNT}`);
  return page.evaluate(() => [window.__derive.derivedAt - window.__derive.start, performance.now() - window.__derive.start]);
}

/** The reference clients in Node, if the fixtures' packages are installed. */
async function deriveReference(key, script) {
  try {
    const { HDKey } = await import(new URL("node_modules/@scure/bip32/index.js", FIXTURES));
    const btc = await import(new URL("node_modules/@scure/btc-signer/index.js", FIXTURES));
    const started = performance.now();
    const branch = HDKey.fromExtendedKey(key, { private: 0, public: script === "tr" ? 0x0488b21e : 0x04b24746 }).deriveChild(0);
    for (let i = 0; i < REFERENCE_COUNT; i++) {
      const pub = branch.deriveChild(i).publicKey;
      if (script === "tr") btc.p2tr(pub.subarray(1)).address;
      else btc.p2wpkh(pub).address;
    }
    return ((performance.now() - started) * COUNT) / REFERENCE_COUNT;
  } catch (error) {
    console.error(`derive: reference clients not installed (cd tests/fixtures/hd && npm ci): ${error.message}`);
    return NaN;
  }
}

/** The reference's figure, or why there is none (its clients not installed). */
function referenceText(referenceMs, fmt) {
  if (Number.isNaN(referenceMs)) return "reference not measured (its clients are not installed: ./dev bench installs them)";
  return `reference ${fmt(referenceMs / 1000, 1)} s (${fmt(REFERENCE_COUNT)} x ${COUNT / REFERENCE_COUNT})`;
}

export async function deriveLarge(browser, url, row, fmt) {
  const fixtures = JSON.parse(await readFile(new URL("watch-only.json", FIXTURES), "utf8"));
  const cases = [
    ["wpkh", fixtures.cases.find((c) => c.name.startsWith("BIP-84 zpub"))],
    ["tr", fixtures.cases.find((c) => c.name.startsWith("BIP-86 tr()"))],
  ];
  const page = await openPage(browser, url);
  for (const [script, fixture] of cases) {
    console.error(`derive: ${fmt(COUNT)} ${script} addresses through the page…`);
    const [derivingMs, totalMs] = await derivePage(page, fixture.input);
    const xpub = fixture.input.match(/[xz]pub[1-9A-HJ-NP-Za-km-z]+/)[0];
    const referenceMs = await deriveReference(xpub, script);
    row(
      `Derive ${fmt(COUNT)} BTC ${script} addresses in the worker (then imported), vs @scure in Node`,
      `${fmt(derivingMs / 1000, 1)} s deriving, ${fmt(totalMs / 1000, 1)} s imported; ${referenceText(referenceMs, fmt)}`,
      "a few seconds (<= 5 s deriving)",
      derivingMs <= 5000,
    );
  }
  await page.close();
}

// End-to-end: watch-only wallets (contract, sections 2 and 4). Addresses derived
// from an extended public key or a descriptor through the derive-* hooks are one
// import, are exactly those the reference clients derive (the fixtures), and
// private keys are refused without being shown.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { servedPage, storageSettled } from "../support/served-page.mjs";
import { deriveAddresses, importFiles, textFile } from "../support/page-actions.mjs";

const served = servedPage();
const fixtures = JSON.parse(await readFile(new URL("../fixtures/hd/watch-only.json", import.meta.url), "utf8"));
const fixture = (name) => fixtures.cases.find((c) => c.name === name);

/** Derives through the page's form; resolves to the report's counts and text. */
async function derive(page, request) {
  const counts = await deriveAddresses(page, request);
  return { counts, text: await page.getByTestId("import-report").textContent() };
}

const total = async (page, chain) => Number(await page.getByTestId(`chain-status-${chain}`).getAttribute("data-total"));

test("a zpub and a tr() descriptor derive the reference clients' addresses, as one import each", async () => {
  const page = await served.browser.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(error.message));
  await page.goto(served.url);
  await storageSettled(page);

  const zpub = fixture("BIP-84 zpub, P2WPKH, receive");
  const first = await derive(page, { key: zpub.input, count: 1000 });
  assert.deepEqual(first.counts, { imported: 1000, rejected: 0, duplicates: 0 });
  assert.match(first.text, /Derived 1,000 BTC addresses: native SegWit P2WPKH \(bc1q…, BIP-84\), receive branch/);
  assert.equal(await total(page, "BTC"), 1000);
  // What was stored is exactly the reference list: importing it adds nothing.
  const list = await importFiles(page, [textFile("reference.txt", zpub.addresses.join("\n"))]);
  assert.deepEqual(list, { imported: 0, rejected: 0, duplicates: 1000 });

  const taproot = fixture("BIP-86 tr() descriptor, receive");
  const tr = await derive(page, { key: taproot.input, count: 1000 });
  assert.deepEqual(tr.counts, { imported: 1000, rejected: 0, duplicates: 0 });
  const trList = await importFiles(page, [textFile("taproot.txt", taproot.addresses.join("\n"))]);
  assert.deepEqual(trList, { imported: 0, rejected: 0, duplicates: 1000 });

  // A bare xpub with a chosen script type, and BSC's account xpub.
  const legacy = fixture("BIP-44 xpub, P2PKH, receive");
  const pkh = await derive(page, { key: legacy.input, script: "pkh", count: 50 });
  assert.deepEqual(pkh.counts, { imported: 50, rejected: 0, duplicates: 0 });
  const bsc = fixture("BSC account xpub (m/44'/60'/0')");
  const evm = await derive(page, { key: bsc.input, chain: "BSC", count: 100 });
  assert.deepEqual(evm.counts, { imported: 100, rejected: 0, duplicates: 0 });
  assert.equal(await total(page, "BSC"), 100);
  const evmList = await importFiles(page, [textFile("bsc.txt", bsc.addresses.slice(0, 100).join("\n"))]);
  assert.deepEqual(evmList, { imported: 0, rejected: 0, duplicates: 100 });

  // The same derivation again stores nothing new; the totals survive a reload.
  const again = await derive(page, { key: zpub.input, count: 1000 });
  assert.deepEqual(again.counts, { imported: 0, rejected: 0, duplicates: 1000 });
  await page.reload();
  await page.waitForFunction(() => document.querySelector('[data-testid="chain-status-BSC"]')?.dataset.total === "100");
  assert.equal(await total(page, "BTC"), 2050);
  assert.deepEqual(problems, []);
  await page.close();
});

test("what cannot be derived is refused with its reason, and secrets are never shown", async () => {
  const page = await served.browser.newPage();
  await page.goto(served.url);
  await storageSettled(page);
  // The browser is the first test's: its addresses are stored already.
  const stored = await total(page, "BTC");
  const legacy = fixture("BIP-44 xpub, P2PKH, receive");

  // A refusal is the import's one rejected entry, with its reason.
  const noScript = await derive(page, { key: legacy.input, script: "", count: 10 });
  assert.deepEqual(noScript.counts, { imported: 0, rejected: 1, duplicates: 0 });
  assert.match(noScript.text, /watch-only key: An xpub does not say its script type: choose/);

  const testnet = fixture("testnet vpub, P2WPKH");
  const wrongNetwork = await derive(page, { key: testnet.input, count: 10 });
  assert.match(wrongNetwork.text, /testnet key and the page scans mainnet/);

  const tooMany = await derive(page, { key: legacy.input, script: "pkh", count: 2_000_000 });
  assert.match(tooMany.text, /from 1 to 1,000,000 addresses/);

  // BIP-32 vector 1's master private key.
  const xprv = "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi";
  const secret = await derive(page, { key: xprv, count: 10 });
  assert.deepEqual(secret.counts, { imported: 0, rejected: 1, duplicates: 0 });
  assert.match(secret.text, /extended private key/);
  assert.match(secret.text, /1 entry looked like a seed phrase or private key/);
  assert.doesNotMatch(await page.content(), /xprv9s21ZrQH143K3QTDL4LXw2F7/);
  assert.equal(await page.getByTestId("derive-key").inputValue(), "", "the key field is cleared");
  assert.equal(await total(page, "BTC"), stored, "nothing was stored");
  await page.close();
});

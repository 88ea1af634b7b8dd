// End-to-end: a catalogue of bad inputs. Each gets a clear reason naming the line,
// and the valid lines beside it are imported all the same.
import { test } from "node:test";
import assert from "node:assert/strict";
import { servedPage } from "../support/served-page.mjs";
import { importFiles, openPage, textFile } from "../support/page-actions.mjs";
import { groundTruth } from "../mock/truth.mjs";

const served = servedPage();
const truth = groundTruth({ seed: 7, count: 40 });
const of = (chain) => truth.filter((e) => e.chain === chain).map((e) => e.address);
const [btc, bsc, sol] = [of("BTC"), of("BSC"), of("SOL")];
const flip = (text, at) => text.slice(0, at) + (text[at] === "a" ? "b" : "a") + text.slice(at + 1);
const mixedCaseWrong = (a) => "0x" + [...a.slice(2)].map((c, i) => (i === 0 && /[a-f]/i.test(c) ? (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()) : c)).join("");
const SEED = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

// [name, file text or bytes, expected { imported, rejected, duplicates }, reason pattern]
// Each valid line is a new address, so it counts as imported, not duplicate.
const used = new Set();
const fresh = (list) => {
  const address = list.find((a) => !used.has(a));
  used.add(address);
  return address;
};
const CATALOGUE = [
  ["base58 checksum", () => `${fresh(btc)}\n${flip(btc[30], 10)}\n`, { imported: 1, rejected: 1 }, /line 2: .*checksum/i],
  ["bech32 checksum", () => `${fresh(btc)}\n${flip(btc[32], 20)}\n`, { imported: 1, rejected: 1 }, /line 2: .*checksum/i],
  ["EIP-55 checksum", () => `${fresh(bsc)}\n${mixedCaseWrong(bsc.find((a) => /[a-f]/i.test(a[2]) && /[A-F]/.test(a) && /[a-f]/.test(a.slice(3))))}\n`, { imported: 1, rejected: 1 }, /line 2: .*(checksum|EIP-55)/i],
  ["BSC too short", () => `${fresh(bsc)}\n${bsc[30].slice(0, 41)}\n`, { imported: 1, rejected: 1 }, /line 2:/],
  ["SOL 31 bytes", () => `${fresh(sol)}\n${sol[30].slice(0, 40)}\n`, { imported: 1, rejected: 1 }, /line 2:/],
  ["base58 alphabet", () => `${fresh(sol)}\n${"0OIl" + sol[31].slice(4)}\n`, { imported: 1, rejected: 1 }, /line 2:/],
  ["testnet on mainnet", () => `${fresh(btc)}\ntb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx\n`, { imported: 1, rejected: 1 }, /line 2: .*testnet/i],
  ["seed phrase on a line", () => `${fresh(btc)}\n${SEED}\n`, { imported: 1, rejected: 1 }, /line 2: looks like a seed phrase/],
  ["seed phrase, one word per line", () => SEED.split(" ").join("\n"), { imported: 0, rejected: 1 }, /file: looks like a seed phrase/],
  ["WIF private key", () => `${fresh(btc)}\n5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ\n`, { imported: 1, rejected: 1 }, /line 2: looks like .*private key/],
  ["64 hex private key", () => `${fresh(bsc)}\n${"ab".repeat(32)}\n`, { imported: 1, rejected: 1 }, /line 2: looks like/],
  ["xprv", () => `${fresh(btc)}\nxprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi\n`, { imported: 1, rejected: 1 }, /line 2: looks like/],
  ["Solana secret key (base58, 64 bytes)", () => `${fresh(sol)}\n${"5".repeat(1)}${sol[33]}${sol[34]}\n`, { imported: 1, rejected: 1 }, /line 2:/],
  ["JSON key array", () => JSON.stringify(Array.from({ length: 64 }, (_, i) => i)), { imported: 0, rejected: 1 }, /looks like|JSON of the wrong shape/],
  ["binary file", () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 0x49, 0x48]), { imported: 0, rejected: 1 }, /file: not a text file/],
  ["empty file", () => "", { imported: 0, rejected: 1 }, /file: the file is empty/],
  ["BOM and CRLF are fine", () => `\ufeff${fresh(btc)}\r\n${fresh(bsc)}\r\n`, { imported: 2, rejected: 0 }, null],
  ["huge line", () => `${fresh(sol)}\n${"x".repeat(100_000)}\n`, { imported: 1, rejected: 1 }, /line 2: 100000 characters long/],
  // bech32 is case-insensitive: the upper-case form is the same address.
  ["duplicates within the import", () => { const a = btc.find((x) => x.startsWith("bc1q") && !used.has(x)); used.add(a); return `${a}\n${a}\n${a.toUpperCase()}\n`; }, { imported: 1, rejected: 0, duplicates: 2 }, null],
  ["duplicates of stored addresses", () => [...used].slice(0, 2).join("\n"), { imported: 0, rejected: 0, duplicates: 2 }, null],
  ["JSON of the wrong shape", () => JSON.stringify({ chain: "BTC", items: [btc[36]] }), { imported: 0, rejected: 1 }, /JSON of the wrong shape/],
  ["invalid JSON", () => `{"chain":"BTC","addresses":[{"index":0,"address":"${btc[37]}"}`, { imported: 0, rejected: 1 }, /not valid JSON/],
  // Without an `address` header it is no CSV: read as plain text, each line rejected.
  ["CSV without an address column", () => `wallet,index\n${btc[38]},0\n`, { imported: 0, rejected: 2 }, /line 1: not a Bitcoin, BNB Smart Chain or Solana address/],
  ["CSV chain column says otherwise", () => `address,chain\n${fresh(sol)},SOL\n${bsc[35]},BTC\n`, { imported: 1, rejected: 1 }, /line 3: the file says BTC but this is a BSC address/],
  ["CSV bad index", () => `address;index\n${fresh(bsc)};4\n${bsc[36]};-1\n`, { imported: 1, rejected: 1 }, /line 3: index "-1"/],
];

test(`a catalogue of ${CATALOGUE.length} bad inputs: clear reasons, valid lines still imported`, async () => {
  assert.ok(CATALOGUE.length >= 20);
  const page = await openPage(served.browser, served.url);
  const failures = [];
  for (const [name, make, expected, reason] of CATALOGUE) {
    const body = make();
    const counts = await importFiles(page, [{ name: `${name}.txt`, mimeType: "text/plain", buffer: Buffer.from(body) }]);
    const want = { imported: 0, rejected: 0, duplicates: 0, ...expected };
    const listed = await page.locator(".rejections li").allTextContents();
    const ok = JSON.stringify(counts) === JSON.stringify(want) && (reason === null || listed.some((line) => reason.test(line)));
    if (!ok) failures.push(`${name}: got ${JSON.stringify(counts)} ${JSON.stringify(listed)}, wanted ${JSON.stringify(want)} ${reason}`);
    // Secrets are never echoed back.
    for (const line of listed) assert.ok(!line.includes("abandon") && !line.includes("xprv9s21") && !line.includes("5HueCGU8"), `${name} echoed a secret: ${line}`);
  }
  assert.deepEqual(failures, []);
  assert.deepEqual(page.problems, []);
});

// The ground truth the mock providers serve: a deterministic address set with
// balances, generated from a seed, covering every address kind and the amounts
// that break careless code (one base unit, more than 2^64, a token without any
// native balance, an existing token account holding zero).
import { createHash } from "node:crypto";
import { bech32, bech32m } from "bech32";
import bs58 from "bs58";
import { keccak_256 } from "@noble/hashes/sha3";
import { PublicKey } from "@solana/web3.js";
import { getAssociatedTokenAddressSync, TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from "@solana/spl-token";

export const TOKENS = {
  BSC: [
    { symbol: "USDC", address: "0x8AC76a51cc950d9822D68b83fE1Ad97B32Cd580d", decimals: 18 },
    { symbol: "USDT", address: "0x55d398326f99059fF775485246999027B3197955", decimals: 18 },
  ],
  SOL: [
    { symbol: "USDC", address: "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v", decimals: 6 },
    { symbol: "USDT", address: "Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB", decimals: 6 },
    // A Token-2022 mint beside the legacy ones: every Solana scan asks for both
    // programs' accounts in the same requests.
    { symbol: "PYUSD", address: "2b1kV6DkPAnxd5ixfnxCpjxmKwqjjaYmCZfHsFu24GXo", decimals: 6, program: "token-2022" },
  ],
};
const NATIVE = { BTC: ["BTC", 8], BSC: ["BNB", 18], SOL: ["SOL", 9] };

/** xorshift128+ on BigInt: the same seed gives the same set on every machine. */
function random(seed) {
  let s0 = BigInt.asUintN(64, BigInt(seed) * 0x9e3779b97f4a7c15n + 1n);
  let s1 = BigInt.asUintN(64, s0 ^ 0xdeadbeefcafebaben);
  const next = () => {
    let x = s0;
    const y = s1;
    s0 = y;
    x = BigInt.asUintN(64, x ^ (x << 23n));
    s1 = x ^ y ^ (x >> 17n) ^ (y >> 26n);
    return BigInt.asUintN(64, s1 + y);
  };
  return {
    u64: next,
    below: (n) => Number(next() % BigInt(n)),
    bytes: (n) => {
      const out = Buffer.alloc(n);
      for (let i = 0; i < n; i += 8) out.writeBigUInt64LE(next(), 0 + Math.min(i, n - 8));
      return out;
    },
  };
}

const sha256 = (data) => createHash("sha256").update(data).digest();

function base58check(version, payload) {
  const body = Buffer.concat([Buffer.from([version]), payload]);
  const checksum = sha256(sha256(body)).subarray(0, 4);
  return bs58.encode(Buffer.concat([body, checksum]));
}

function segwit(version, program) {
  const words = [version, ...bech32.toWords(program)];
  return (version === 0 ? bech32 : bech32m).encode("bc", words);
}

export function eip55(bytes) {
  const hex = Buffer.from(bytes).toString("hex");
  const hash = Buffer.from(keccak_256(hex)).toString("hex");
  return "0x" + [...hex].map((c, i) => (parseInt(hash[i], 16) >= 8 ? c.toUpperCase() : c)).join("");
}

function bitcoinAddress(rng, i) {
  switch (i % 5) {
    case 0: return base58check(0x00, rng.bytes(20));
    case 1: return base58check(0x05, rng.bytes(20));
    case 2: return segwit(0, rng.bytes(20));
    case 3: return segwit(0, rng.bytes(32));
    default: return segwit(1, rng.bytes(32));
  }
}

/** A balance for position `i`: mostly zero, with the edge amounts spread in. */
function amount(rng, i, { max64 }) {
  const roll = rng.below(10);
  if (i % 97 === 3) return 1n;
  if (i % 89 === 5) return max64 ? (1n << 64n) - 1n : (1n << 64n) + 12345n;
  if (roll < 7) return 0n;
  return rng.u64() % 10n ** 12n + 1n;
}

/**
 * `count` addresses per chain. Each entry: { chain, index, address, native, tokens: [..] }
 * with amounts as BigInt in base units; SOL entries also list which token accounts exist.
 */
export function groundTruth({ seed = 42, count = 60, btcFundedPer100k } = {}) {
  const rng = random(seed);
  const token2022 = random(seed + 2022);
  const entries = [];
  for (let i = 0; i < count; i++) {
    const address = bitcoinAddress(rng, i);
    let native = i % 89 === 5 ? 2_100_000_000_000_000n : amount(rng, i, { max64: true });
    // A set as sparse as deposit addresses are, for the group summary benchmark.
    if (btcFundedPer100k !== undefined) native = rng.below(100_000) < btcFundedPer100k ? native || 1n : 0n;
    entries.push({ chain: "BTC", index: i, address, native, tokens: [] });
  }
  for (let i = 0; i < count; i++) {
    const address = eip55(rng.bytes(20));
    // Every seventh address holds tokens but no BNB at all.
    const native = i % 7 === 2 ? 0n : amount(rng, i, { max64: false });
    const tokens = TOKENS.BSC.map(() => amount(rng, i + 1, { max64: false }));
    entries.push({ chain: "BSC", index: i, address, native, tokens });
  }
  for (let i = 0; i < count; i++) {
    const address = bs58.encode(rng.bytes(32));
    const native = i % 7 === 2 ? 0n : amount(rng, i, { max64: true });
    // Token-2022 balances come from a stream of their own: the legacy balances
    // and every address stay as they were before PYUSD joined the set (the
    // version-2 database fixture was made from them).
    const tokens = TOKENS.SOL.map((t) => amount(t.program === "token-2022" ? token2022 : rng, i + 1, { max64: true }));
    // A token account that exists but holds zero; otherwise only funded ones exist.
    const accountExists = tokens.map((t, k) => t > 0n || (i + k) % 5 === 0);
    // Every fourth wallet also holds USDC in an account that is not its ATA
    // (an address of its own, off the random stream).
    const outside = i % 4 === 1
      ? { token: 0, amount: 1_000_000n + BigInt(i), account: bs58.encode(sha256(Buffer.from(`outside ${address}`))) }
      : undefined;
    entries.push({ chain: "SOL", index: i, address, native, tokens, accountExists, ...(outside ? { outside } : {}) });
  }
  return entries;
}

/**
 * Each BTC entry's confirmed transactions, `{ txid, height, value }` with the
 * address's net value in it (BigInt satoshi), summing to its balance: funded,
 * emptied (received and spent it all) or never used; neighbours that pay each
 * other (one transaction in both histories); and a few with more transactions
 * than a group summary lists (positions 11, then one in 9,973).
 */
export function bitcoinHistories(entries) {
  const btc = entries.filter((e) => e.chain === "BTC");
  let next = 0;
  const tx = (height, value) => ({ txid: (++next).toString(16).padStart(64, "0"), height, value });
  const histories = btc.map((e) => {
    const i = e.index;
    const height = 800_000 + 3 * i;
    const history = [];
    if (i % 9973 === 11) {
      for (let k = 0; k < 2600; k++) history.push(tx(height + k, 1000n), tx(height + k, -1000n));
      if (e.native > 0n) history.push(tx(height + 2600, e.native));
      return history;
    }
    // Never used: no balance, and every third one.
    if (e.native === 0n && i % 3 === 0) return history;
    const spent = BigInt(i + 1) * 1_000n;
    history.push(tx(height, e.native + spent), tx(height + 1, -spent));
    return history;
  });
  for (let k = 1; k < btc.length; k++) {
    if (k % 10 !== 4) continue;
    const amount = BigInt(k) * 7n + 1n;
    const height = 900_000 + k;
    const payment = tx(height, -amount);
    histories[k - 1].push(tx(height - 1, amount), payment);
    histories[k].push({ ...payment, value: amount }, tx(height + 1, -amount));
  }
  return new Map(btc.map((e, k) => [e.address, histories[k]]));
}

/** The Associated Token Account of `wallet` for `mint`, both base58, under the
 *  mint's `program` ("token" or "token-2022"). */
export function associatedTokenAccount(wallet, mint, program = "token") {
  const programId = program === "token-2022" ? TOKEN_2022_PROGRAM_ID : TOKEN_PROGRAM_ID;
  return getAssociatedTokenAddressSync(new PublicKey(mint), new PublicKey(wallet), true, programId).toBase58();
}

function decimal(raw, decimals) {
  const text = raw.toString().padStart(decimals + 1, "0");
  const whole = text.slice(0, text.length - decimals);
  const fraction = text.slice(text.length - decimals).replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : whole;
}

/** `entries` as a deep check sees them: tokens held outside the ATAs count. */
export function deepHoldings(entries) {
  return entries.map((e) => {
    if (!e.outside) return e;
    const tokens = [...e.tokens];
    tokens[e.outside.token] += e.outside.amount;
    return { ...e, tokens };
  });
}

/** The contract's CSV (section 3) of the funded balances in `entries`. */
export function expectedCsv(entries) {
  const lines = ["chain,index,address,token,balance_raw,balance"];
  const order = { BTC: 0, BSC: 1, SOL: 2 };
  const sorted = [...entries].sort((a, b) => order[a.chain] - order[b.chain] || a.index - b.index || (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  for (const e of sorted) {
    const [symbol, decimals] = NATIVE[e.chain];
    const assets = [[symbol, decimals, e.native], ...(TOKENS[e.chain] ?? []).map((t, k) => [t.symbol, t.decimals, e.tokens[k]])];
    for (const [token, places, raw] of assets) {
      if (raw > 0n) lines.push([e.chain, e.index, e.address, token, raw.toString(), decimal(raw, places)].join(","));
    }
  }
  return lines.join("\r\n") + "\r\n";
}

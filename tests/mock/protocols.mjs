// The three provider protocols, answered from the ground truth with the real
// response shapes: Esplora REST and Solana JSON-RPC here, EVM JSON-RPC with
// Multicall3 and the Etherscan-style API in evm.mjs, the JSON-RPC envelope in
// jsonrpc.mjs.
import { associatedTokenAccount, bitcoinHistories, TOKENS } from "./truth.mjs";
import bs58 from "bs58";
import { rpcError, rpcResult } from "./jsonrpc.mjs";

export { ETHERSCAN_KEY, etherscan, evm, MULTICALL3 } from "./evm.mjs";
export { jsonRpc, toJson } from "./jsonrpc.mjs";

// The two SPL programs: what a token account's `owner` says, and its size
// (a Token-2022 account carries the account-type byte and its extensions after
// the 165-byte base layout; PYUSD's also hold transfer-hook state).
const TOKEN_PROGRAMS = {
  token: { id: "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA", parsedAs: "spl-token", space: 165 },
  "token-2022": { id: "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb", parsedAs: "spl-token-2022", space: 182 },
};
const SYSTEM_PROGRAM = "11111111111111111111111111111111";
const TOKEN_ACCOUNT_RENT = 2_039_280;
const SLOT = 312_000_000;

/** Indexes the truth for lookups by address (and SOL token account). */
/**
 * The ledger the providers answer from: the ground truth's `entries`, and the
 * addresses of watch-only `wallets` (discovery tests): BTC ones with their
 * transaction history (`history`: each transaction's net satoshis, summing to
 * the balance), BSC ones with `native`, `tokens` and `nonce` (transactions sent).
 */
export function buildLedger(entries, wallets = []) {
  const btc = new Map();
  const bsc = new Map();
  const tokenBalances = new Map(); // "token|holder" (lowercase) → amount
  const solAccounts = new Map(); // base58 → { lamports, token?: { mint, owner, amount, decimals } }
  for (const e of entries) {
    if (e.chain === "BTC") btc.set(e.address, e);
    if (e.chain === "BSC") {
      bsc.set(e.address.toLowerCase(), e.native);
      TOKENS.BSC.forEach((t, k) => tokenBalances.set(`${t.address.toLowerCase()}|${e.address.toLowerCase()}`, e.tokens[k]));
    }
    if (e.chain === "SOL") {
      if (e.native > 0n) solAccounts.set(e.address, { lamports: e.native });
      TOKENS.SOL.forEach((t, k) => {
        if (!e.accountExists[k]) return;
        const program = t.program ?? "token";
        const ata = associatedTokenAccount(e.address, t.address, program);
        solAccounts.set(ata, { lamports: BigInt(TOKEN_ACCOUNT_RENT), token: { mint: t.address, owner: e.address, amount: e.tokens[k], decimals: t.decimals, program } });
      });
      // Tokens held in an account that is not the wallet's ATA: only the deep
      // check (getTokenAccountsByOwner) finds them.
      if (e.outside) {
        const t = TOKENS.SOL[e.outside.token];
        const token = { mint: t.address, owner: e.address, amount: e.outside.amount, decimals: t.decimals, program: t.program ?? "token" };
        solAccounts.set(e.outside.account, { lamports: BigInt(TOKEN_ACCOUNT_RENT), token });
      }
    }
  }
  const btcHistory = bitcoinHistories(entries);
  const bscNonce = new Map();
  let txid = 0;
  for (const w of wallets) {
    if (w.chain === "BTC") {
      btc.set(w.address, w);
      const history = (w.history ?? []).map((value, k) => ({ txid: `f${(++txid).toString(16).padStart(63, "0")}`, height: 850_000 + k, value: BigInt(value) }));
      btcHistory.set(w.address, history);
    }
    if (w.chain === "BSC") {
      const holder = w.address.toLowerCase();
      bsc.set(holder, BigInt(w.native ?? 0));
      TOKENS.BSC.forEach((t, k) => tokenBalances.set(`${t.address.toLowerCase()}|${holder}`, BigInt(w.tokens?.[k] ?? 0)));
      bscNonce.set(holder, w.nonce ?? 0);
    }
  }
  return { btc, btcHistory, bsc, bscNonce, tokenBalances, solAccounts, bscTokens: new Set(TOKENS.BSC.map((t) => t.address.toLowerCase())) };
}

// ---------- Esplora ----------

// mempool.space's electrs limits for `POST /addresses/txs/summary`.
const MULTI_ADDRESS_LIMIT = 300;
const MAX_SUMMARY_BODY = (8 + 64) * MULTI_ADDRESS_LIMIT;
const MAX_SUMMARY_TXS = 5000;

/**
 * The group summary, as mempool/electrs answers it: the group's confirmed
 * transactions, newest first, each with its net value over the whole group; at
 * most 5,000; addresses it does not know dropped silently.
 */
function groupSummary(ledger, body) {
  if (body.length > MAX_SUMMARY_BODY) return { status: 422, body: "body too long", type: "text/plain" };
  let addresses;
  try {
    addresses = JSON.parse(body);
  } catch (error) {
    return { status: 400, body: String(error.message), type: "text/plain" };
  }
  if (!Array.isArray(addresses)) return { status: 400, body: "expected an array", type: "text/plain" };
  if (addresses.length > MULTI_ADDRESS_LIMIT) return { status: 422, body: "body too long", type: "text/plain" };
  const txs = new Map();
  for (const address of addresses) {
    for (const t of ledger.btcHistory.get(address) ?? []) {
      const seen = txs.get(t.txid);
      if (seen) seen.value += t.value;
      else txs.set(t.txid, { ...t });
    }
  }
  const newest = [...txs.values()].sort((a, b) => b.height - a.height || (a.txid < b.txid ? -1 : 1)).slice(0, MAX_SUMMARY_TXS);
  return { status: 200, json: newest.map((t) => ({ txid: t.txid, height: t.height, value: t.value, time: 1_700_000_000 + t.height, tx_position: 0 })) };
}

export function esplora(ledger, method, path, body, { groupSummary: hasGroupSummary } = {}) {
  if (path === "/api/addresses/txs/summary" && method === "POST") {
    return hasGroupSummary ? groupSummary(ledger, body) : { status: 404, body: "Not Found", type: "text/plain" };
  }
  if (method !== "GET") return { status: 405, body: "method not allowed" };
  if (path === "/api/blocks/tip/height") return { status: 200, body: "870000", type: "text/plain" };
  const match = /^\/api\/address\/([^/]+)$/.exec(path);
  if (!match) return { status: 404, body: "not found" };
  const address = decodeURIComponent(match[1]);
  const entry = ledger.btc.get(address);
  if (!entry && !/^(bc1|tb1|[123mn])[a-zA-Z0-9]{20,90}$/.test(address)) {
    return { status: 400, body: "Invalid Bitcoin address", type: "text/plain" };
  }
  // From the address's history: spent outputs make "funded minus spent" matter
  // (the confirmed balance is not the funded sum).
  const history = ledger.btcHistory.get(address) ?? [];
  const funded = history.reduce((sum, t) => (t.value > 0n ? sum + t.value : sum), 0n);
  const spent = history.reduce((sum, t) => (t.value < 0n ? sum - t.value : sum), 0n);
  const stats = (fundedSum, spentSum, txs) =>
    `{"funded_txo_count":${txs},"funded_txo_sum":${fundedSum},"spent_txo_count":${spentSum > 0n ? 1 : 0},"spent_txo_sum":${spentSum},"tx_count":${txs}}`;
  const chainStats = stats(funded, spent, history.length);
  return {
    status: 200,
    body: `{"address":"${address}","chain_stats":${chainStats},"mempool_stats":${stats(0n, 0n, 0)}}`,
  };
}

// ---------- Solana ----------

function solanaAccount(account, encoding, dataSlice) {
  if (!account) return null;
  // Real nodes write u64 values as exact JSON integers (BigInt here).
  const program = account.token && TOKEN_PROGRAMS[account.token.program];
  const base = { executable: false, lamports: account.lamports, rentEpoch: 18446744073709551615n, space: program?.space ?? 0 };
  if (!account.token) {
    return { ...base, owner: SYSTEM_PROGRAM, data: ["", "base64"] };
  }
  const { mint, owner, amount, decimals } = account.token;
  if (encoding === "jsonParsed") {
    const text = amount.toString().padStart(decimals + 1, "0");
    const uiAmountString = `${text.slice(0, -decimals) || "0"}.${text.slice(-decimals)}`.replace(/\.?0+$/, "") || "0";
    return {
      ...base,
      owner: program.id,
      data: {
        program: program.parsedAs,
        parsed: {
          info: { isNative: false, mint, owner, state: "initialized", tokenAmount: { amount: amount.toString(), decimals, uiAmount: Number(uiAmountString), uiAmountString } },
          type: "account",
        },
        space: program.space,
      },
    };
  }
  // The real SPL token account layout: mint, owner, amount (u64 LE), …; for
  // Token-2022, then the account type (2: account) and its extensions.
  const data = Buffer.alloc(program.space);
  bs58.decode(mint).copy(data, 0);
  bs58.decode(owner).copy(data, 32);
  data.writeBigUInt64LE(amount, 64);
  data[108] = 1; // state: initialized
  if (program.space > 165) data[165] = 2;
  const sliced = dataSlice ? data.subarray(dataSlice.offset, dataSlice.offset + dataSlice.length) : data;
  return { ...base, owner: program.id, data: [sliced.toString("base64"), "base64"] };
}

export function solana(ledger, call, fault) {
  const { id, method, params = [] } = call ?? {};
  const context = { apiVersion: "2.0.21", slot: SLOT };
  switch (method) {
    case "getSlot":
      return rpcResult(id, SLOT);
    case "getBalance": {
      const account = ledger.solAccounts.get(params[0]);
      return rpcResult(id, { context, value: account && !account.token ? account.lamports : 0 });
    }
    case "getMultipleAccounts": {
      const [keys, config = {}] = params;
      if (!Array.isArray(keys)) return rpcError(id, -32602, "Invalid params: expected an array of keys");
      if (keys.length > 100) return rpcError(id, -32602, "Too many inputs provided; max 100");
      const encoding = config.encoding ?? "base64";
      if (!["base64", "jsonParsed"].includes(encoding)) return rpcError(id, -32602, `Invalid params: unsupported encoding ${encoding}`);
      let value = keys.map((key) => solanaAccount(ledger.solAccounts.get(key), encoding, config.dataSlice));
      if (fault?.short) value = value.slice(0, -1);
      return rpcResult(id, { context, value });
    }
    case "getTokenAccountsByOwner": {
      const [owner, filter] = params;
      // The filter names a mint or a token program (one of the two, as nodes require).
      const program = Object.entries(TOKEN_PROGRAMS).find(([, p]) => p.id === filter?.programId)?.[0];
      if (!filter?.mint && !program) return rpcError(id, -32602, "Invalid param: expected a mint or a token programId");
      const value = [...ledger.solAccounts.entries()]
        .filter(([, a]) => a.token?.owner === owner && (filter.mint ? a.token.mint === filter.mint : a.token.program === program))
        .map(([pubkey, a]) => ({ pubkey, account: solanaAccount(a, "jsonParsed") }));
      return rpcResult(id, { context, value });
    }
    default:
      return rpcError(id, -32601, "Method not found");
  }
}

// What the JSON-RPC providers (Solana, EVM) share: the envelope of an answer,
// batch arrays, and JSON with exact big integers.
/** JSON with BigInt values written as exact integers, as nodes write u64s. */
export function toJson(value) {
  // Most answers hold no BigInt: plain JSON.stringify (which throws on one) skips
  // the replacer and the pass over the text (0.3 of the 2 ms a 200-address
  // Multicall3 answer took to write), and the mock shares the benchmark
  // machine's two cores.
  try {
    return JSON.stringify(value);
  } catch {
    // a BigInt somewhere: written as an exact integer below
  }
  return JSON.stringify(value, (_, v) => (typeof v === "bigint" ? `__bigint__${v}` : v)).replace(/"__bigint__(-?\d+)"/g, "$1");
}

export const rpcResult = (id, result) => ({ jsonrpc: "2.0", result, id });
export const rpcError = (id, code, message) => ({ jsonrpc: "2.0", error: { code, message }, id: id ?? null });

/**
 * Answers a JSON-RPC body (single call or batch array), already parsed, with
 * `answer(call)`; `undefined` is a body that was not JSON.
 */
export function jsonRpc(parsed, answer) {
  if (parsed === undefined) return { status: 200, json: rpcError(null, -32700, "Parse error") };
  if (Array.isArray(parsed)) return { status: 200, json: parsed.map(answer), calls: parsed.length };
  return { status: 200, json: answer(parsed), calls: 1 };
}

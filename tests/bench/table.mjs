// The benchmark's one table: each section adds its rows, the runner prints them.

const rows = [];

/** A figure, what was measured, its target, and whether it was met (null: no target of its own). */
export const row = (metric, value, target, ok) => rows.push({ metric, value, target, ok });

/** A number with thousands separators and `digits` decimals. */
export const fmt = (n, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function printTable() {
  const width = Math.max(...rows.map((r) => r.metric.length));
  const valueWidth = Math.max(...rows.map((r) => r.value.length));
  console.log(`${"figure".padEnd(width)}  ${"measured".padEnd(valueWidth)}  target`);
  // A reference row (ok: null) has no target of its own.
  for (const r of rows) console.log(`${r.metric.padEnd(width)}  ${r.value.padEnd(valueWidth)}  ${r.target}${r.ok === null ? "" : r.ok ? " (met)" : " (MISSED)"}`);
}

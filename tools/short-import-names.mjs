// Trunk post-build hook: drops the 16-hex-digit hashes from the names of the
// wasm modules' imports, in the wasm and in its JS glue alike.
//
// wasm-bindgen names every import after its Rust binding plus a hash
// (`__wbg_fetch_5fdafa7e77d4ccfe`) so that bindings of different crates never
// clash, and has no switch to leave the hash out (wasm-bindgen issues 3736,
// 3909). The names appear twice, in the wasm's import section and as keys of
// the glue's import object, and a hash does not compress: the page's and the
// worker's 250 imports (194 names) cost 6.1 KB of the 450 KB gzip budget.
// Here each name loses its hash (`__wbg_fetch`), with a number added where
// two would then clash (`__wbg_fetch_2`). Only the import section's names
// change, so the module's code is untouched; index.html's integrity hashes
// are written again for the files that changed. Binaryen's
// `--minify-imports` was tried first: it renamed nothing here (it is made
// for Emscripten's `env` and `wasi` imports).
//
// Usage: node tools/short-import-names.mjs [dir] (default: $TRUNK_STAGING_DIR).
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const HASHED = /_[0-9a-f]{16}$/;

/** Reads an unsigned LEB128 at `at`: [value, next offset]. */
function readUleb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    if (byte === undefined) throw new Error("wasm ends inside a number");
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

function uleb(value) {
  const out = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return Buffer.from(out);
}

function readName(bytes, at) {
  const [length, start] = readUleb(bytes, at);
  return [bytes.subarray(start, start + length).toString("utf8"), start + length];
}

function encodeName(name) {
  const text = Buffer.from(name, "utf8");
  return Buffer.concat([uleb(text.length), text]);
}

/** The end of a value type (a reference type may name its heap type). */
function skipValueType(bytes, at) {
  const type = bytes[at++];
  // (ref null ht) and (ref ht): a signed LEB heap type follows.
  if (type === 0x63 || type === 0x64) return readUleb(bytes, at)[1];
  return at;
}

/** The end of a table's or memory's limits. */
function skipLimits(bytes, at) {
  const flags = bytes[at++];
  at = readUleb(bytes, at)[1];
  if (flags & 0x01) at = readUleb(bytes, at)[1];
  if (flags & 0x08) at = readUleb(bytes, at)[1]; // custom page size
  return at;
}

/** The end of an import's description of kind `kind` starting at `at`. */
function skipImportDescription(bytes, kind, at) {
  switch (kind) {
    case 0x00: // function: its type index
      return readUleb(bytes, at)[1];
    case 0x01: // table: its element type and limits
      return skipLimits(bytes, skipValueType(bytes, at));
    case 0x02: // memory
      return skipLimits(bytes, at);
    case 0x03: // global: its type and mutability
      return skipValueType(bytes, at) + 1;
    case 0x04: // tag: an attribute and a type index
      return readUleb(bytes, at + 1)[1];
    default:
      throw new Error(`an import of unknown kind 0x${kind.toString(16)}`);
  }
}

/** The module's sections as [id, payload] pairs. */
function sections(bytes) {
  if (bytes.readUInt32BE(0) !== 0x0061736d) throw new Error("not a wasm module");
  const out = [];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, start] = readUleb(bytes, at + 1);
    out.push([id, bytes.subarray(start, start + size)]);
    at = start + size;
  }
  return out;
}

const IMPORT_SECTION = 2;

/** The field names of the module's imports, in order. */
export function importNames(bytes) {
  const section = sections(bytes).find(([id]) => id === IMPORT_SECTION);
  if (!section) return [];
  const payload = section[1];
  const names = [];
  let [count, at] = readUleb(payload, 0);
  while (count-- > 0) {
    let name;
    [, at] = readName(payload, at); // the module
    [name, at] = readName(payload, at);
    at = skipImportDescription(payload, payload[at], at + 1);
    names.push(name);
  }
  return names;
}

/** The module with each import renamed by `renames` (a Map, old to new). */
export function renameImports(bytes, renames) {
  const parts = [bytes.subarray(0, 8)];
  for (const [id, payload] of sections(bytes)) {
    let content = payload;
    if (id === IMPORT_SECTION) {
      let [count, at] = readUleb(payload, 0);
      const entries = [uleb(count)];
      while (count-- > 0) {
        const moduleStart = at;
        let name;
        [, at] = readName(payload, at);
        const moduleName = payload.subarray(moduleStart, at);
        [name, at] = readName(payload, at);
        const descriptionStart = at;
        at = skipImportDescription(payload, payload[at], at + 1);
        entries.push(moduleName, encodeName(renames.get(name) ?? name), payload.subarray(descriptionStart, at));
      }
      content = Buffer.concat(entries);
    }
    parts.push(Buffer.from([id]), uleb(content.length), content);
  }
  return Buffer.concat(parts);
}

/**
 * New names for the hashed ones among `names`: the hash dropped, a number
 * added where that name is taken (by an unhashed name or an earlier one).
 */
export function shortNames(names) {
  const unique = [...new Set(names)];
  const taken = new Set(unique.filter((name) => !HASHED.test(name)));
  const renames = new Map();
  for (const name of unique.filter((name) => HASHED.test(name)).sort()) {
    const base = name.replace(HASHED, "");
    let short = base;
    for (let n = 2; taken.has(short); n++) short = `${base}_${n}`;
    taken.add(short);
    renames.set(name, short);
  }
  return renames;
}

/** A pattern matching any of `names` as a whole word of a script. */
const wholeWords = (names, flags) =>
  new RegExp(`(?<![\\w$])(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})(?![\\w$])`, flags);

/** `text` with every whole-word occurrence of a renamed name replaced. */
export function renameInScript(text, renames) {
  if (renames.size === 0) return text;
  const pattern = wholeWords([...renames.keys()], "g");
  return text.replace(pattern, (name) => renames.get(name));
}

const sri = (bytes) => `sha384-${createHash("sha384").update(bytes).digest("base64")}`;

/** Renames the imports of every wasm module in `dir` and in the scripts there. */
export function shortenImportNames(dir) {
  const files = readdirSync(dir);
  const modules = files.filter((f) => f.endsWith(".wasm"));
  const scripts = files.filter((f) => f.endsWith(".js"));
  const wasm = new Map(modules.map((f) => [f, readFileSync(join(dir, f))]));
  const renames = shortNames([...wasm.values()].flatMap(importNames));
  const changed = new Map();
  for (const [file, bytes] of wasm) {
    const renamed = renameImports(bytes, renames);
    // A module that no longer validates must not ship.
    new WebAssembly.Module(renamed);
    changed.set(file, renamed);
  }
  for (const file of scripts) {
    const text = readFileSync(join(dir, file), "utf8");
    const renamed = renameInScript(text, renames);
    if (renamed !== text) changed.set(file, Buffer.from(renamed, "utf8"));
  }
  // Every renamed import must be found under its new name in some script:
  // otherwise the module could not be instantiated.
  const scriptText = scripts.map((f) => (changed.get(f) ?? readFileSync(join(dir, f))).toString("utf8")).join("\n");
  const missing = [...renames.values()].filter((name) => !wholeWords([name]).test(scriptText));
  if (missing.length > 0) throw new Error(`imports renamed but found in no script: ${missing.join(", ")}`);

  for (const [file, bytes] of changed) writeFileSync(join(dir, file), bytes);
  // Integrity attributes (Trunk's SRI) for the files that changed.
  const htmlPath = join(dir, "index.html");
  const html = readFileSync(htmlPath, "utf8");
  const updated = html.replace(/<link\b[^>]*>/g, (tag) => {
    const href = /\bhref=["']?\.?\/?([^"' >]+)/.exec(tag)?.[1];
    if (!href || !changed.has(href) || !/\bintegrity=/.test(tag)) return tag;
    return tag.replace(/\bintegrity=(["']?)sha384-[A-Za-z0-9+/=]+\1/, (_, quote) => `integrity=${quote}${sri(changed.get(href))}${quote}`);
  });
  if (updated !== html) writeFileSync(htmlPath, updated);
  return { renamed: renames.size, files: [...changed.keys()].sort() };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
  if (!dir) {
    console.error("short-import-names: give a directory or run as a Trunk hook (TRUNK_STAGING_DIR)");
    process.exit(2);
  }
  const { renamed, files } = shortenImportNames(dir);
  console.error(`short-import-names: ${renamed} import names without their hashes in ${files.join(", ")}`);
}

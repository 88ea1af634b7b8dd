// The build's post-build hook that drops wasm-bindgen's hashes from import
// names (tools/short-import-names.mjs). The end-to-end suite runs the real
// build through it; these tests pin what it must keep: each import's kind,
// order and identity, the glue's keys, and index.html's integrity hashes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import binaryen from "binaryen";
import { importNames, renameImports, shortenImportNames, shortNames } from "../../tools/short-import-names.mjs";

const A = "0123456789abcdef";
const B = "fedcba9876543210";

// Imports of every kind wasm-bindgen emits (functions, an externref table, a
// memory, a global), two of them named alike but for their hashes.
function module() {
  const m = binaryen.parseText(`(module
    (import "./app_bg.js" "__wbg_get_${A}" (func $first (param i32) (result i32)))
    (import "./app_bg.js" "memory" (memory 1))
    (import "./app_bg.js" "__wbg_table_${A}" (table 1 externref))
    (import "./app_bg.js" "__wbg_offset_${A}" (global i32))
    (import "./app_bg.js" "__wbg_get_${B}" (func $second (param i32) (result i32)))
    (func (export "run") (param i32) (result i32)
      (i32.add (call $first (local.get 0)) (call $second (global.get 0)))))`);
  m.setFeatures(binaryen.Features.ReferenceTypes | binaryen.Features.MutableGlobals);
  assert.ok(m.validate());
  const bytes = Buffer.from(m.emitBinary());
  m.dispose();
  return bytes;
}

test("each hashed name loses its hash; a clash gets a number, unhashed names stay", () => {
  const renames = shortNames([`__wbg_get_${B}`, `__wbg_get_${A}`, "__wbg_get", `__wbg_set_${A}`, `__wbg_set_${A}`, "memory"]);
  assert.deepEqual(
    [...renames],
    [
      [`__wbg_get_${A}`, "__wbg_get_2"],
      [`__wbg_get_${B}`, "__wbg_get_3"],
      [`__wbg_set_${A}`, "__wbg_set"],
    ],
  );
});

test("the renamed module keeps every import's kind and order, and each call reaches its own import", async () => {
  const bytes = module();
  const renames = shortNames(importNames(bytes));
  const renamed = renameImports(bytes, renames);
  const imports = WebAssembly.Module.imports(new WebAssembly.Module(renamed));
  const before = WebAssembly.Module.imports(new WebAssembly.Module(bytes));
  assert.deepEqual(
    imports,
    before.map((i) => ({ ...i, name: renames.get(i.name) ?? i.name })),
  );
  assert.deepEqual(
    imports.map((i) => i.name),
    ["memory", "__wbg_table", "__wbg_offset", "__wbg_get", "__wbg_get_2"],
  );
  const { instance } = await WebAssembly.instantiate(renamed, {
    "./app_bg.js": {
      memory: new WebAssembly.Memory({ initial: 1 }),
      __wbg_table: new WebAssembly.Table({ initial: 1, element: "externref" }),
      __wbg_offset: new WebAssembly.Global({ value: "i32" }, 1000),
      // run(x) = first(x) + second(1000): which one is which shows.
      __wbg_get: (x) => x * 2,
      __wbg_get_2: (x) => x + 7,
    },
  });
  assert.equal(instance.exports.run(5), 10 + 1007);
});

test("a build directory: the glue's keys follow the module, other words stay, integrity is written again", () => {
  const dir = mkdtempSync(join(tmpdir(), "short-import-names-"));
  const sri = (bytes) => `sha384-${createHash("sha384").update(bytes).digest("base64")}`;
  const bytes = module();
  const glue =
    `const imports={"./app_bg.js":{__wbg_get_${A}:function(n){return n},__wbg_get_${B}:function(n){return n},` +
    `__wbg_table_${A}:t,__wbg_offset_${A}:g,memory:m}};const other="x__wbg_get_${A}";`;
  writeFileSync(join(dir, "app-1_bg.wasm"), bytes);
  writeFileSync(join(dir, "app-2.js"), glue);
  writeFileSync(join(dir, "style-3.css"), "body{}");
  writeFileSync(
    join(dir, "index.html"),
    `<link href=./style-3.css integrity=${sri(Buffer.from("body{}"))} rel=stylesheet>` +
      `<link crossorigin href=./app-2.js integrity=${sri(Buffer.from(glue))} rel=modulepreload>` +
      `<link as=fetch href="./app-1_bg.wasm" integrity="${sri(bytes)}" rel=preload>`,
  );

  const { renamed, files } = shortenImportNames(dir);

  assert.equal(renamed, 4);
  assert.deepEqual(files, ["app-1_bg.wasm", "app-2.js"]);
  const js = readFileSync(join(dir, "app-2.js"), "utf8");
  assert.equal(
    js,
    `const imports={"./app_bg.js":{__wbg_get:function(n){return n},__wbg_get_2:function(n){return n},` +
      `__wbg_table:t,__wbg_offset:g,memory:m}};const other="x__wbg_get_${A}";`,
  );
  const html = readFileSync(join(dir, "index.html"), "utf8");
  const wasm = readFileSync(join(dir, "app-1_bg.wasm"));
  assert.ok(html.includes(`href=./app-2.js integrity=${sri(Buffer.from(js))} `), html);
  assert.ok(html.includes(`href="./app-1_bg.wasm" integrity="${sri(wasm)}"`), html);
  assert.ok(html.includes(`integrity=${sri(Buffer.from("body{}"))} rel=stylesheet`), html);
});

test("an import found in no script fails the build and changes nothing", () => {
  const dir = mkdtempSync(join(tmpdir(), "short-import-names-"));
  const bytes = module();
  const glue = `const imports={"./app_bg.js":{__wbg_get_${A}:f}};`;
  writeFileSync(join(dir, "app_bg.wasm"), bytes);
  writeFileSync(join(dir, "app.js"), glue);
  writeFileSync(join(dir, "index.html"), "");
  assert.throws(() => shortenImportNames(dir), /found in no script: .*__wbg_get_2/);
  assert.deepEqual(readFileSync(join(dir, "app_bg.wasm")), bytes);
  assert.equal(readFileSync(join(dir, "app.js"), "utf8"), glue);
});

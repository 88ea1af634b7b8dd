// A small static file server for the built page (dist/), used by `./dev serve` and
// by the end-to-end tests, so both see the page exactly as a static host serves it.
//
//   node tests/support/static-server.mjs <dir> [port]
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const MIME_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

/** Resolves a URL path inside `root`, or null when it would escape it. */
function fileFor(root, urlPath) {
  const decoded = decodeURIComponent(urlPath.split("?")[0]);
  const path = normalize(join(root, decoded));
  return path.startsWith(root) ? path : null;
}

/**
 * Serves `dir` on 127.0.0.1:`port` (0 picks a free port), plus `files`
 * ({ "config.json": text }) served from memory as if they were in `dir`.
 * Resolves to `{ url, close }` once listening.
 */
export function startStaticServer(dir, port = 0, { files = {} } = {}) {
  const root = resolve(dir);
  const server = createServer(async (request, response) => {
    const name = decodeURIComponent((request.url ?? "/").split("?")[0]).replace(/^\//, "");
    if (Object.hasOwn(files, name)) {
      const type = MIME_TYPES[extname(name)] ?? "application/octet-stream";
      response.writeHead(200, { "Content-Type": type, "Cache-Control": "no-store" }).end(files[name]);
      return;
    }
    let path = fileFor(root, request.url ?? "/");
    if (path === null) {
      response.writeHead(403).end("forbidden");
      return;
    }
    try {
      if ((await stat(path)).isDirectory()) path = join(path, "index.html");
      const body = await readFile(path);
      response.writeHead(200, {
        "Content-Type": MIME_TYPES[extname(path)] ?? "application/octet-stream",
        // The page is rebuilt often while developing; never serve a stale wasm.
        "Cache-Control": "no-store",
      });
      response.end(body);
    } catch {
      response.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
    }
  });
  return new Promise((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const { port: boundPort } = server.address();
      resolvePromise({
        url: `http://127.0.0.1:${boundPort}/`,
        close: () => new Promise((done) => { server.closeAllConnections(); server.close(done); }),
      });
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [dir = "dist", port = "8080"] = process.argv.slice(2);
  const { url } = await startStaticServer(dir, Number(port));
  console.log(`Serving ${resolve(dir)} at ${url} (Ctrl-C to stop)`);
}

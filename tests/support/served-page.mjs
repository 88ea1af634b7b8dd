// The setup every end-to-end test file shares: the release build served statically
// and a fresh headless Chromium, both started before the file's tests and closed
// after them; optionally the mock providers, with a config.json pointing at them.
import { before, after } from "node:test";
import { openBrowser } from "./browser.mjs";
import { startMockProcess } from "./mock-process.mjs";
import { startStaticServer } from "./static-server.mjs";

/**
 * Registers the setup; the returned object gets `url` and `browser` (and `mock`
 * when `{ mock: { count } }` is given) before tests run. With `serveConfig: false`
 * the mock runs but no config.json points at it (the built-in defaults apply).
 */
export function servedPage({ mock, serveConfig = true } = {}) {
  const fixture = {};
  let server;
  before(async () => {
    const files = {};
    if (mock) {
      fixture.mock = await startMockProcess(mock);
      if (serveConfig) files["config.json"] = JSON.stringify(fixture.mock.config, null, 2);
    }
    server = await startStaticServer(process.env.DIST_DIR ?? "dist", 0, { files });
    fixture.url = server.url;
    fixture.browser = await openBrowser();
  });
  after(async () => {
    await fixture.browser?.close();
    await server?.close();
    await fixture.mock?.close();
  });
  return fixture;
}

/** Waits until the page has opened (or failed to open) its IndexedDB store. */
export function storageSettled(page) {
  return page.waitForFunction(
    () => document.querySelector('[data-testid="storage-status"]')?.dataset.state !== "opening",
  );
}

// The setup every end-to-end test file shares: the release build served statically
// and a fresh headless Chromium, both started before the file's tests and closed
// after them.
import { before, after } from "node:test";
import { openBrowser } from "./browser.mjs";
import { startStaticServer } from "./static-server.mjs";

/** Registers the setup; the returned object gets `url` and `browser` before tests run. */
export function servedPage() {
  const fixture = {};
  let server;
  before(async () => {
    server = await startStaticServer(process.env.DIST_DIR ?? "dist");
    fixture.url = server.url;
    fixture.browser = await openBrowser();
  });
  after(async () => {
    await fixture.browser?.close();
    await server?.close();
  });
  return fixture;
}

/** Waits until the page has opened (or failed to open) its IndexedDB store. */
export function storageSettled(page) {
  return page.waitForFunction(
    () => document.querySelector('[data-testid="storage-status"]')?.dataset.state !== "opening",
  );
}

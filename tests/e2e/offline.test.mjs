// Offline after the first visit (sw.js, written at build time by scripts/write-sw.mjs),
// a new deployment replacing the cache cleanly, and the web app manifest.
// Run: node --test --test-concurrency=1 tests/e2e/offline.test.mjs (after `trunk build --release`)
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { useBrowser, DIST, startServer, newContext, setValue, waitMatcher } from "./harness.mjs";

const env = useBrowser({ serve: false });

async function waitApp(page) {
  await page.waitForFunction(() => document.querySelector("main.learn, #code-input") && !document.getElementById("loading"), null, { timeout: 20000 });
  await waitMatcher(page);
}

/** Waits until the service worker controls the page and has cached the build. */
async function waitOffline(page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => Boolean(navigator.serviceWorker.controller), null, { timeout: 15000 });
  return page.evaluate(() => caches.keys());
}

/** A copy of the build to serve (and to redeploy in place). */
function copyOfDist() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flasklight-dist-"));
  fs.cpSync(DIST, dir, { recursive: true });
  return dir;
}

test("after one visit the site loads and a lesson is solved with every request blocked", async () => {
  const server = await startServer();
  const context = await newContext(env.browser);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (err) => errors.push(String(err)));
  await page.goto(server.url + "#learn");
  await waitApp(page);
  const caches = await waitOffline(page);
  assert.equal(caches.length, 1);
  assert.match(caches[0], /^flasklight-[0-9a-f]{16}$/);

  // Cut the network: offline, every request aborted, and the server counts what reaches it.
  const seen = server.hits.length;
  await context.setOffline(true);
  const blocked = [];
  await context.route("**/*", (route) => {
    blocked.push(route.request().url());
    return route.abort("internetdisconnected");
  });

  await page.reload();
  await waitApp(page);
  assert.ok(await page.$("main.learn"), "Learn loads from the cache");
  await page.evaluate(() => (location.hash = "#learn/debug-mode"));
  await page.waitForSelector("#exercise-rule");
  await page.click("#show-reference");
  const reference = await page.textContent("#reference-rule");
  await setValue(page, "#exercise-rule", reference, { settle: false });
  await page.waitForFunction(() => /solved/.test(document.getElementById("exercise-score").textContent));
  assert.match(await page.textContent("#lesson-status"), /Done/);

  // A fresh page (a new tab) opens offline too, at a lesson link.
  const second = await context.newPage();
  await second.goto(server.url + "#learn/ssrf");
  await waitApp(second);
  await second.waitForSelector("#exercise-rule");

  assert.equal(server.hits.length, seen, `requests reached the server: ${server.hits.slice(seen)}`);
  assert.deepEqual(blocked, [], "every request was answered by the service worker");
  assert.deepEqual(errors, []);
  await context.close();
  await server.close();
});

test("a new deployment installs beside the old one, a reload switches to it, and the old cache is gone", async () => {
  const dir = copyOfDist();
  const server = await startServer(dir);
  const context = await newContext(env.browser);
  const page = await context.newPage();
  await page.goto(server.url);
  await waitApp(page);
  const [first] = await waitOffline(page);

  // Redeploy: a changed page, and sw.js rewritten for it by the build's own hook.
  const index = path.join(dir, "index.html");
  fs.writeFileSync(index, fs.readFileSync(index, "utf8").replace("</body>", "<p id=\"deployed\" hidden>2</p></body>"));
  execFileSync("node", [path.resolve("scripts/write-sw.mjs"), dir]);

  await page.reload();
  await waitApp(page);
  assert.equal(await page.$("#deployed"), null, "the running version is served until the switch");
  await page.waitForSelector("#update:not([hidden])", { timeout: 15000 });
  await Promise.all([page.waitForEvent("load"), page.click("#update-reload")]);
  await waitApp(page);
  assert.ok(await page.$("#deployed"), "the new deployment is on screen");
  const now = await page.evaluate(() => caches.keys());
  assert.equal(now.length, 1, `one cache: ${now}`);
  assert.notEqual(now[0], first);
  await context.close();
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test("the web app manifest makes the site installable, and the CSP is unchanged", async () => {
  const server = await startServer();
  const context = await newContext(env.browser);
  const page = await context.newPage();
  await page.goto(server.url);
  await waitApp(page);
  await waitOffline(page);
  const cdp = await context.newCDPSession(page);
  const manifest = await cdp.send("Page.getAppManifest");
  assert.deepEqual(manifest.errors, [], JSON.stringify(manifest.errors));
  const parsed = JSON.parse(manifest.data);
  assert.equal(parsed.short_name, "flasklight");
  assert.equal(parsed.display, "standalone");
  const installability = await cdp.send("Page.getInstallabilityErrors");
  // A test browser's profile is incognito-like; that is the browser's reason, not the site's.
  const reasons = installability.installabilityErrors.map((e) => e.errorId).filter((id) => id !== "in-incognito");
  assert.deepEqual(reasons, []);
  const csp = await page.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.content);
  assert.equal(
    csp,
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'",
  );
  await context.close();
  await server.close();
});

// Big input never freezes the page: matching runs in a worker, shows a busy
// state after a moment, can be cancelled, and an edit supersedes a running scan.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launch, newContext, openApp, setValue, settled, resultCount } from "./harness.mjs";

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A Flask file of `lines` lines, with a debug-mode hit every 100 lines. */
function bigFile(lines) {
  const out = ["from flask import Flask, request", "app = Flask(__name__)", ""];
  for (let i = 0; out.length < lines; i++) {
    out.push(`@app.route("/v${i}")`, `def view_${i}():`, `    name = request.args.get("n${i}")`, `    return "hello " + name`);
    if (i % 25 === 0) out.push("app.run(debug=True)");
  }
  return out.slice(0, lines).join("\n") + "\n";
}

/** Milliseconds from a click on `selector` until `done()` holds, measured in the page. */
async function clickLatency(page, selector, done) {
  return page.evaluate(
    ([selector, done]) =>
      new Promise((resolve) => {
        const check = new Function(`return (${done})()`);
        const start = performance.now();
        document.querySelector(selector).click();
        const poll = () => (check() ? resolve(performance.now() - start) : requestAnimationFrame(poll));
        poll();
      }),
    [selector, done.toString()],
  );
}

const scanState = (page) => page.$eval(".pane-results", (el) => el.dataset.scan);

/** A pathological rule: statement sequences whose last statement never comes, so each
 * searches from every statement to the end of the file until its step budget runs out
 * (a few seconds per scan of a long file, whatever the engine's speed otherwise). Sixteen
 * of them: the scan must outlast Chromium's own layout of the 100,000-line paste, and
 * with eight (~3 s natively after the engine got faster) it sometimes ended first. */
const SLOW_RULE =
  "rules:\n  - id: slow\n    languages: [python]\n    severity: INFO\n    message: pathological on purpose\n    pattern-either:\n" +
  ["False", "0", "None", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13"]
    .map((v) => `      - pattern: |\n          $A\n          ...\n          $B\n          ...\n          app.run(debug=${v})\n`)
    .join("");

test("a 100,000-line paste: the page stays responsive, shows it is scanning, and Cancel works", async (t) => {
  const context = await newContext(browser);
  const app = await openApp(context, server.url);
  const { page } = app;
  // A pathological rule on 100,000 lines: a scan of many seconds.
  await setValue(page, "#rule-input", SLOW_RULE);
  const code = bigFile(100000);

  // (The browser itself needs a few seconds to lay out a 100,000-line textarea.)
  const pasted = Date.now();
  await setValue(page, "#code-input", code, { settle: false });
  t.diagnostic(`paste handled in ${Date.now() - pasted} ms`);
  await page.waitForSelector("#scan-status", { timeout: 15000 });
  assert.match(await page.textContent("#scan-status"), /Scanning/);

  // While the worker scans, the page answers at once. (A click that changes the
  // theme, not the text size: re-laying out 100,000 lines is the browser's own cost.)
  assert.equal(await scanState(page), "busy", "scanning before the click");
  const theme = await page.getAttribute("html", "data-theme");
  const latency = await clickLatency(page, "#theme-toggle", `() => document.documentElement.dataset.theme !== ${JSON.stringify(theme)}`);
  t.diagnostic(`click handled in ${latency.toFixed(1)} ms while scanning`);
  assert.ok(latency < 200, `click took ${latency} ms`);
  assert.equal(await scanState(page), "busy", "still scanning after the click");

  // Cancel stops it; the page says the results are old.
  await page.click("#cancel-scan");
  await page.waitForSelector("#scan-status", { state: "detached", timeout: 2000 });
  assert.equal(await scanState(page), "idle");
  assert.match(await page.textContent("#scan-cancelled"), /Scan cancelled/);

  // Scanning resumes on the next edit.
  // (The rule's sequence: two statements, then `app.run(debug=False)`.)
  await setValue(page, "#code-input", "from flask import Flask\napp = Flask(__name__)\napp.run(debug=False)\n");
  assert.equal(await resultCount(page), 1);
  assert.equal(await page.$("#scan-cancelled"), null);
  assert.equal(await page.$eval("#fatal", (e) => e.hidden), true, "no crash panel");
  assert.deepEqual(app.errors, [], "console errors");
  await context.close();
});

test("an edit while a long scan runs supersedes it, and typing stays fast", async (t) => {
  const context = await newContext(browser);
  const app = await openApp(context, server.url);
  const { page } = app;
  await setValue(page, "#rule-input", SLOW_RULE);
  await setValue(page, "#code-input", bigFile(60000), { settle: false });
  await page.waitForSelector("#scan-status", { timeout: 15000 });

  // Type in the rule editor while the code is being scanned: each key is painted at once.
  await page.focus("#rule-input");
  await page.keyboard.press("Control+End");
  const typed = [];
  for (const key of ["#", " ", "x"]) {
    const started = Date.now();
    await page.keyboard.press(key);
    typed.push(Date.now() - started);
  }
  t.diagnostic(`keystrokes while scanning: ${typed.join(", ")} ms`);
  assert.ok(Math.max(...typed) < 500, `keystrokes took ${typed} ms`);

  // The newest edit wins: a small file replaces the big one mid-scan and its results show.
  await setValue(page, "#code-input", "a = 1\nb = 2\napp.run(debug=False)\n");
  assert.equal(await resultCount(page), 1);
  assert.equal(await scanState(page), "idle");
  assert.equal(await page.$("#scan-status"), null);
  assert.deepEqual(app.errors, [], "console errors");
  await context.close();
});

test("results keep up with ordinary typing", async () => {
  const context = await newContext(browser);
  const app = await openApp(context, server.url);
  const { page } = app;
  await setValue(page, "#code-input", "");
  await page.focus("#code-input");
  await page.keyboard.type("app.run(debug=True)\n", { delay: 5 });
  await settled(page);
  assert.equal(await resultCount(page), 1);
  assert.deepEqual(app.errors, [], "console errors");
  assert.deepEqual(app.requests, [], "network requests after load");
  await context.close();
});

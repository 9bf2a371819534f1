// The scan worker dies or never starts: the page says so, a dead worker is
// replaced (src/app/scanner.rs), and the next edit is scanned by the new one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useBrowser, newContext, openApp, setValue, resultCount, waitMatcher, sleep } from "./harness.mjs";

const env = useBrowser();

const failure = (page) => page.$eval(".pane-results", (pane) => pane.querySelector(".callout.error")?.textContent ?? null);

/** The page's current scan worker, as Playwright sees it. */
async function currentWorker(page) {
  await page.waitForFunction(() => document.documentElement.dataset.matcher === "ready");
  const workers = page.workers();
  assert.ok(workers.length >= 1, "a scan worker runs");
  return workers[workers.length - 1];
}

/**
 * Makes the running worker die on its next job the way an engine panic does:
 * the panic hook's `failed` message, then the trap (an uncaught error).
 */
async function panicOnNextJob(worker) {
  await worker.evaluate(() => {
    self.onmessage = (event) => {
      // The typed messages of src/protocol.rs: [ToWorker head, code] in, [FromWorker head] out.
      const { seq } = JSON.parse(event.data[0]);
      self.postMessage([JSON.stringify({ kind: "failed", seq, message: "panicked at simulated.rs:1:1: simulated engine panic" })]);
      throw new Error("simulated trap after the panic");
    };
  });
}

test("a worker that dies on a job is replaced; the job's failure is shown and the next edit is scanned", async () => {
  const context = await newContext(env.browser);
  const app = await openApp(context, env.server.url);
  const { page } = app;
  const first = await currentWorker(page);
  await panicOnNextJob(first);
  // This edit's job kills the worker.
  await setValue(page, "#code-input", "app.run(debug=True)\n", { settle: false });
  await page.waitForFunction(() => document.querySelector(".pane-results .callout.error"));
  assert.match(await failure(page), /The matcher failed on this input \(panicked at simulated\.rs:1:1: simulated engine panic\)/);
  // A new worker starts by itself; the next edit is scanned as usual.
  await waitMatcher(page);
  const second = await currentWorker(page);
  assert.notEqual(second, first, "a new worker replaced the dead one");
  await setValue(page, "#code-input", "app.run(debug=True)\napp.run(debug=False)\nrun(debug=True)\n");
  assert.equal(await resultCount(page), 1);
  assert.equal(await failure(page), null, "the failure is gone with the next results");
  // What the page logged is the worker's failure, nothing else.
  assert.ok(app.errors.every((e) => /simulated/.test(e)), `console errors: ${app.errors}`);
  await context.close();
});

test("a worker that dies between jobs is replaced without a word", async () => {
  const context = await newContext(env.browser);
  const app = await openApp(context, env.server.url);
  const { page } = app;
  const first = await currentWorker(page);
  await first.evaluate(() => setTimeout(() => { throw new Error("simulated idle crash"); }, 0));
  await page.waitForFunction(() => document.documentElement.dataset.matcher !== "ready").catch(() => {});
  await waitMatcher(page);
  await setValue(page, "#code-input", "app.run(debug=True)\n");
  assert.equal(await resultCount(page), 1);
  assert.equal(await failure(page), null);
  await context.close();
});

test("a worker that cannot start is reported, and retried once per edit, not in a loop", async () => {
  const context = await newContext(env.browser);
  let attempts = 0;
  await context.route("**/scan-worker.js", (route) => {
    attempts += 1;
    return route.abort();
  });
  const page = await context.newPage();
  await page.goto(env.server.url);
  await page.waitForSelector("#code-input");
  await page.waitForFunction(() => /could not start/.test(document.querySelector(".pane-results")?.textContent ?? ""), null, { timeout: 15000 });
  assert.match(await failure(page), /The matcher could not start/);
  await sleep(1000);
  const afterLoad = attempts;
  assert.ok(afterLoad >= 1 && afterLoad <= 2, `worker script requested ${afterLoad} times on load`);
  await page.evaluate(() => {
    const el = document.querySelector("#code-input");
    el.value = "app.run(debug=True)\n";
    el.dispatchEvent(new Event("input", { bubbles: true }));
  });
  await sleep(1000);
  assert.equal(attempts, afterLoad + 1, "one new attempt for the edit");
  assert.equal(await page.$eval("#fatal", (e) => e.hidden), true, "the page itself lives on");
  await context.close();
});

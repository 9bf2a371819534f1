// End-to-end tests of Learn mode (#learn, #learn/<id>) on the built site (dist/).
// Run: node --test --test-concurrency=1 tests/e2e/learn.test.mjs (after `trunk build --release`)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { startServer, launch, newContext, setValue, waitMatcher } from "./harness.mjs";

/** The lessons the build embeds: one YAML file each in rules/lessons/. */
const LESSONS = readdirSync(new URL("../../rules/lessons/", import.meta.url)).filter((f) => f.endsWith(".yaml")).length;

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

/** Waits for the app to mount in Learn mode (the playground editor is not on screen there). */
async function waitLearn(page) {
  await page.waitForSelector("main.learn", { timeout: 15000 });
  await page.waitForFunction(() => !document.getElementById("loading"));
  await waitMatcher(page);
}

/** A fresh context (own storage) with the app open at `hash`; collects errors and late requests. */
async function openLearn(hash) {
  const context = await newContext(browser);
  const page = await context.newPage();
  const errors = [];
  const requests = [];
  const state = { ready: false };
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(String(err)));
  page.on("request", (req) => {
    if (state.ready) requests.push(req.url());
  });
  await page.goto(server.url + hash);
  await waitLearn(page);
  state.ready = true;
  const reload = async () => {
    state.ready = false;
    await page.reload();
    await waitLearn(page);
    state.ready = true;
  };
  return { page, errors, requests, reload, context };
}

async function finish(app) {
  assert.deepEqual(app.errors, [], "console errors");
  assert.deepEqual(app.requests, [], "network requests after load");
  await app.context.close();
}

const score = (page) => page.textContent("#exercise-score");

test("#learn lists every lesson; solving the first with its reference rule marks it done, kept across reloads", async () => {
  const app = await openLearn("#learn");
  const { page } = app;
  assert.equal(await page.$$eval(".lessons .lesson-item", (items) => items.length), LESSONS);
  assert.match(await page.textContent("#learn-progress"), new RegExp(`0 of ${LESSONS} lessons done`));
  assert.equal(await page.$$eval(".lesson-item.done", (items) => items.length), 0);

  const firstId = await page.$eval(".lessons .lesson-item", (li) => li.dataset.lesson);
  await page.click(".lessons .lesson-item .lesson-link");
  await page.waitForSelector("#exercise-rule");
  assert.equal(new URL(page.url()).hash, `#learn/${firstId}`);
  assert.match(await page.textContent("#lesson-status"), /Not done yet/);
  assert.doesNotMatch(await score(page), /solved/);
  // Story text, snippets side by side, references open safely.
  assert.ok((await page.$$eval(".lesson-story p", (ps) => ps.length)) >= 1);
  assert.equal(await page.$$eval(".lesson-compare pre", (pres) => pres.length), 2);
  for (const rel of await page.$$eval(".lesson-refs a", (links) => links.map((a) => a.rel))) {
    assert.equal(rel, "noopener noreferrer");
  }

  // Hints come one at a time.
  const hintButton = await page.$("#show-hint");
  if (!(await hintButton.isDisabled())) {
    await hintButton.click();
    assert.equal(await page.$$eval(".hints li", (items) => items.length), 1);
  }

  // Reveal the reference rule and type it in as the learner's rule.
  await page.click("#show-reference");
  const reference = await page.textContent("#reference-rule");
  assert.match(reference, /rules:/);
  await setValue(page, "#exercise-rule", reference);
  await page.waitForFunction(() => /solved/.test(document.getElementById("exercise-score").textContent));
  const [, holding, total] = (await score(page)).match(/(\d+)\/(\d+) annotations hold/);
  assert.equal(holding, total);
  assert.ok(Number(total) >= 5, "the exercise has at least three ruleid and two ok lines");
  assert.equal(await page.$$eval(".exercise-listing .xline.fail", (lines) => lines.length), 0);
  assert.equal(await page.$$eval(".exercise-listing .xline.pass", (lines) => lines.length), Number(total));
  assert.match(await page.textContent("#lesson-status"), /Done/);

  // Progress survives a reload, on the lesson and in the list.
  await app.reload();
  await page.waitForSelector("#exercise-rule");
  assert.match(await page.textContent("#lesson-status"), /Done/);
  await page.click(".learn-crumbs a[href='#learn']");
  await page.waitForSelector(".lessons");
  assert.match(await page.textContent("#learn-progress"), new RegExp(`1 of ${LESSONS} lessons done`));
  assert.equal(await page.$eval(".lesson-item.done", (li) => li.dataset.lesson), firstId);
  await finish(app);
});

test("a teacher's link opens a lesson; 'Open in playground' loads its code and the current rule", async () => {
  const app = await openLearn("#learn/debug-mode");
  const { page } = app;
  await page.waitForSelector("#exercise-rule");
  assert.match(await page.textContent("#lesson-title"), /Debug mode/i);
  const rule = "rules:\n  - id: exercise\n    pattern: $APP.run(..., debug=True, ...)\n    message: debug on\n    languages: [python]\n    severity: WARNING\n";
  await setValue(page, "#exercise-rule", rule);
  await page.waitForFunction(() => /annotations hold/.test(document.getElementById("exercise-score").textContent));
  const exercise = await page.$eval(".exercise-listing", (pre) =>
    [...pre.querySelectorAll(".xtext")].map((s) => s.textContent).join("\n"),
  );
  await page.click("#open-in-playground");
  await page.waitForSelector("#code-input");
  assert.equal(await page.$eval("#rule-input", (el) => el.value), rule);
  assert.equal((await page.$eval("#code-input", (el) => el.value)).trimEnd(), exercise.trimEnd());
  assert.equal(new URL(page.url()).hash, "");
  // And back to Learn from the header.
  await page.click("#learn-link");
  await page.waitForSelector(".lessons");
  await finish(app);
});

test("an unknown lesson id says so and links back to the list", async () => {
  const app = await openLearn("#learn/no-such-lesson");
  const { page } = app;
  assert.match(await page.textContent(".learn-missing"), /no-such-lesson/);
  await page.click(".learn-missing a");
  await page.waitForSelector(".lessons");
  await finish(app);
});

// End-to-end tests of Learn mode (#learn, #learn/<id>) on the built site (dist/).
// Run: node --test --test-concurrency=1 tests/e2e/learn.test.mjs (after `trunk build --release`)
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { useBrowser, newContext, setValue, waitMatcher, sleep } from "./harness.mjs";

/** The lessons the build embeds: one YAML file each in rules/lessons/. */
const LESSONS = readdirSync(new URL("../../rules/lessons/", import.meta.url)).filter((f) => f.endsWith(".yaml")).length;

const env = useBrowser();

/** Waits for the app to mount in Learn mode (the playground editor is not on screen there). */
async function waitLearn(page) {
  await page.waitForSelector("main.learn", { timeout: 15000 });
  await page.waitForFunction(() => !document.getElementById("loading"));
  await waitMatcher(page);
}

/** A fresh context (own storage) with the app open at `hash`; collects errors and late requests. */
async function openLearn(hash, options = {}) {
  const context = options.context || (await env.browser.newContext({ viewport: { width: 1440, height: 900 }, ...options.contextOptions }));
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
  await page.goto(env.server.url + hash);
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
const reasons = (page) => page.$$eval("#exercise-verdict li", (items) => items.map((li) => ({ reason: li.dataset.reason, text: li.textContent })));

/** The debug-mode lesson's reference rule, as a learner would write it. */
const DEBUG_RULE = `rules:
  - id: exercise
    languages: [python]
    severity: WARNING
    message: The Werkzeug debugger is on.
    pattern-either:
      - pattern: $APP.run(..., debug=True, ...)
      - pattern: $APP.run(..., use_debugger=True, ...)
`;

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
  // The story, then detection: the lesson's rule run on the bug, its hits marked, the line highlighted.
  assert.ok((await page.$$eval(".lesson-story p", (ps) => ps.length)) >= 1);
  assert.ok((await page.$$eval(".lesson-detect .cline.bug", (lines) => lines.length)) >= 1, "the bug line is highlighted");
  assert.ok((await page.$$eval(".lesson-detect mark.hit", (marks) => marks.length)) >= 1, "the rule's hit is marked");
  assert.match(await page.textContent("#detect-caption"), /flags line \d+/);
  // Bug vs fix as a line diff.
  assert.ok((await page.$$eval(".lesson-diff .dline.removed", (l) => l.length)) >= 1);
  assert.ok((await page.$$eval(".lesson-diff .dline.added", (l) => l.length)) >= 1);
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
  await setValue(page, "#exercise-rule", reference, { settle: false });
  await page.waitForFunction(() => /solved/.test(document.getElementById("exercise-score").textContent));
  const [, holding, total] = (await score(page)).match(/(\d+)\/(\d+) annotations hold/);
  assert.equal(holding, total);
  assert.ok(Number(total) >= 5, "the exercise has at least three ruleid and two ok lines");
  assert.match(await score(page), /hidden cases: (\d+)\/\1 pass/);
  assert.equal(await page.$$eval(".exercise-listing .xline.fail", (lines) => lines.length), 0);
  assert.equal(await page.$$eval(".exercise-listing .xline.pass", (lines) => lines.length), Number(total));
  assert.deepEqual(await reasons(page), []);
  assert.match(await page.textContent("#lesson-status"), /Done/);
  assert.match(await page.textContent("#lesson-status"), /reference rule seen before solving/);

  // Progress and the rule survive a reload, on the lesson and in the list.
  await app.reload();
  await page.waitForSelector("#exercise-rule");
  assert.match(await page.textContent("#lesson-status"), /Done/);
  assert.equal(await page.$eval("#exercise-rule", (el) => el.value), reference);
  await page.click(".learn-crumbs a[href='#learn']");
  await page.waitForSelector(".lessons");
  assert.match(await page.textContent("#learn-progress"), new RegExp(`1 of ${LESSONS} lessons done`));
  assert.equal(await page.$eval(".lesson-item.done", (li) => li.dataset.lesson), firstId);
  assert.match(await page.textContent(".lesson-item.done"), /reference seen/);
  await finish(app);
});

test("rules that only look right are turned down, each with the reason", async () => {
  const app = await openLearn("#learn/debug-mode");
  const { page } = app;
  await page.waitForSelector("#exercise-rule");
  const tryRule = async (rule) => {
    await setValue(page, "#exercise-rule", rule, { settle: false });
    await page.waitForFunction((rule) => document.getElementById("exercise-rule").value === rule, rule);
    await sleep(50);
    return { score: await score(page), reasons: await reasons(page) };
  };

  // Too broad: the reference rule plus Flask(...) also flags the app objects.
  const broad = await tryRule(DEBUG_RULE.replace("pattern-either:\n", "pattern-either:\n      - pattern: Flask(...)\n"));
  assert.doesNotMatch(broad.score, /solved/);
  assert.match(broad.score, /2 unexpected matches/);
  const overBroad = broad.reasons.find((r) => r.reason === "over-broad");
  assert.ok(overBroad, JSON.stringify(broad.reasons));
  assert.match(overBroad.text, /Too broad: your rule also matches lines 4, 5, which no # ruleid: exercise marks/);
  assert.equal(await page.$$eval(".exercise-listing .xline.fail", (lines) => lines.length), 2);

  // Reading the annotation comments: finds exactly the line after each `# ruleid:`.
  const reader = await tryRule(
    "rules:\n  - id: exercise\n    languages: [python]\n    severity: WARNING\n    message: m\n    pattern-regex: '(?<=# ruleid: exercise\\n)\\S[^\\n]*'\n",
  );
  assert.doesNotMatch(reader.score, /solved/);
  const reads = reader.reasons.find((r) => r.reason === "reads-comments");
  assert.ok(reads, JSON.stringify(reader.reasons));
  assert.match(reads.text, /reads the test comments/);
  const hidden = reader.reasons.find((r) => r.reason === "hidden");
  assert.match(hidden.text, /\d+ of \d+ hidden cases fail/);

  // Another id: the annotations check `exercise`.
  const renamed = await tryRule(DEBUG_RULE.replace("id: exercise", "id: debug-on"));
  assert.doesNotMatch(renamed.score, /solved/);
  assert.deepEqual(renamed.reasons.map((r) => r.reason), ["wrong-id"]);
  assert.match(renamed.reasons[0].text, /Your rule's id is debug-on; this exercise checks the id exercise/);

  // Fitting only the visible lines: the hidden cases say how many fail, not which.
  const literal = await tryRule(
    "rules:\n  - id: exercise\n    languages: [python]\n    severity: WARNING\n    message: m\n    pattern-either:\n      - pattern: app.run(..., debug=True, ...)\n      - pattern: application.run(..., debug=True)\n      - pattern: app.run(use_debugger=True, ...)\n",
  );
  assert.match(literal.score, /\d+\/\d+ annotations hold · hidden cases: \d+\/\d+ pass/);
  assert.deepEqual(literal.reasons.map((r) => r.reason), ["hidden"]);
  assert.doesNotMatch(await page.textContent("main.learn"), /server\.run|create_app/, "hidden cases are never shown");

  assert.match(await page.textContent("#lesson-status"), /Not done yet/);
  await finish(app);
});

test("the rule is saved as typed and restored after a reload; a solution link opens it elsewhere", async () => {
  const app = await openLearn("#learn/ssrf");
  const { page } = app;
  await page.waitForSelector("#exercise-rule");
  const mine = "rules:\n  - id: exercise\n    languages: [python]\n    severity: ERROR\n    message: mine\n    pattern: requests.get(...)\n";
  await setValue(page, "#exercise-rule", mine, { settle: false });
  await sleep(400);
  await app.reload();
  await page.waitForSelector("#exercise-rule");
  assert.equal(await page.$eval("#exercise-rule", (el) => el.value), mine);

  // Start over brings the starter rule back.
  await page.click("#reset-rule");
  assert.notEqual(await page.$eval("#exercise-rule", (el) => el.value), mine);
  await setValue(page, "#exercise-rule", mine, { settle: false });

  // "Copy my solution link" makes a link that opens the lesson with this rule, unsaved there.
  await app.context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.click("#copy-solution");
  const link = await page.$eval("#solution-link", (el) => el.value);
  assert.match(link, /#learn\/ssrf\/s=/);
  const other = await openLearn(link.slice(env.server.url.length));
  await other.page.waitForSelector("#shared-solution");
  assert.equal(await other.page.$eval("#exercise-rule", (el) => el.value), mine);
  assert.equal(new URL(other.page.url()).hash, "#learn/ssrf", "the address becomes the lesson's");
  await other.page.click("#drop-shared");
  assert.notEqual(await other.page.$eval("#exercise-rule", (el) => el.value), mine);
  await finish(other);
  await finish(app);
});

test("a lesson opened from the index starts at its title with the focus on its heading", async () => {
  const app = await openLearn("#learn");
  const { page } = app;
  const last = await page.$(".lessons .lesson-item:last-child .lesson-link");
  await last.scrollIntoViewIfNeeded();
  assert.ok((await page.evaluate(() => window.scrollY)) > 200, "the list is scrolled down to its last lesson");
  await last.click();
  await page.waitForSelector("#lesson-title");
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === "lesson-title");
  const top = await page.$eval("#lesson-title", (h) => h.getBoundingClientRect().top);
  assert.ok(top >= 0 && top < 200, `the title is at the top of the window (${top}px)`);
  await finish(app);
});

test("no literal backtick on the lesson list or any lesson page, hints and reference shown", async () => {
  const app = await openLearn("#learn");
  const { page } = app;
  assert.ok(!(await page.evaluate(() => document.body.innerText.includes("`"))), "lesson cards");
  const ids = await page.$$eval(".lessons .lesson-item", (items) => items.map((li) => li.dataset.lesson));
  for (const id of ids) {
    await page.evaluate((id) => (location.hash = `#learn/${id}`), id);
    await page.waitForFunction((id) => document.querySelector("article.lesson")?.dataset.lesson === id, id);
    while (!(await page.$eval("#show-hint", (b) => b.disabled))) await page.click("#show-hint");
    await page.click("#show-reference");
    const ticks = await page.evaluate(() => document.body.innerText.split("\n").filter((l) => l.includes("`")));
    assert.deepEqual(ticks, [], `lesson ${id}`);
    assert.ok((await page.$$eval(".lesson-story code, .exercise > p code, .hints code", (c) => c.length)) >= 1, `${id}: code spans render as code`);
  }
  await finish(app);
});

test("on a 390 px phone the lesson stacks, the exercise code is at least 300 px wide, the toolbar folds and hints are for touch", async () => {
  const app = await openLearn("#learn/sql-injection-through-variable", {
    contextOptions: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  });
  const { page } = app;
  await page.waitForSelector("#exercise-rule");
  const width = await page.$eval(".exercise-listing", (el) => el.getBoundingClientRect().width);
  assert.ok(width >= 300, `exercise code is ${width}px wide`);
  const editor = await page.$eval(".exercise-rule", (el) => el.getBoundingClientRect().width);
  assert.ok(editor >= 300, `rule editor is ${editor}px wide`);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), "nothing is cut off sideways");
  // Code lines wrap instead of running off the side.
  assert.ok(await page.$eval(".exercise-listing", (el) => el.scrollWidth <= el.clientWidth + 1), "the exercise code wraps");
  assert.ok(await page.$eval("#toolbar-body", (el) => getComputedStyle(el).display === "none"), "toolbar folded");
  await page.click("#toolbar-toggle");
  assert.ok(await page.$eval("#copy-link", (el) => el.getBoundingClientRect().width > 0), "Menu opens the toolbar");
  assert.ok(await page.$eval("#editor-hint .hint-touch", (el) => getComputedStyle(el).display !== "none"));
  assert.ok(await page.$eval("#editor-hint .hint-keys", (el) => getComputedStyle(el).display === "none"));
  // The playground stacks too.
  await page.click("#learn-link");
  await page.waitForSelector("#code-input");
  const panes = await page.$$eval(".panes > section", (s) => s.map((el) => el.getBoundingClientRect()).map((r) => [r.left, r.width]));
  for (const [left, w] of panes) assert.ok(left < 20 && w > 340, `pane at ${left}px, ${w}px wide`);
  assert.ok(await page.$eval("#code-help .hint-touch", (el) => getComputedStyle(el).display !== "none"));
  await finish(app);
});

test("projector: large text is at least 24 px, one column, the bug line highlighted", async () => {
  const app = await openLearn("#learn/debug-mode");
  const { page } = app;
  await page.waitForSelector("#exercise-rule");
  await page.click("#large-text");
  const size = (sel) => page.$eval(sel, (el) => parseFloat(getComputedStyle(el).fontSize));
  assert.ok((await size(".lesson-story p")) >= 24, "story text");
  assert.ok((await size(".lesson-detect pre")) >= 24, "code");
  assert.ok((await size(".exercise-listing")) >= 24, "exercise code");
  const [code, rule] = await Promise.all([".exercise-code", ".exercise-rule"].map((s) => page.$eval(s, (el) => el.getBoundingClientRect())));
  assert.ok(rule.top >= code.bottom - 1, "exercise code and rule are stacked");
  assert.ok(await page.$eval(".exercise-listing", (el) => el.scrollWidth <= el.clientWidth + 1), "code wraps");
  assert.ok((await page.$$eval(".lesson-detect .cline.bug", (l) => l.length)) >= 1);
  await page.click("#large-text");
  await finish(app);
});

test("keyboard only: open the first lesson from the list and solve it", async () => {
  const app = await openLearn("#learn");
  const { page } = app;
  const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.className || "");
  const tabTo = async (test, limit = 80, key = "Tab") => {
    for (let i = 0; i < limit; i++) {
      await page.keyboard.press(key);
      if (await page.evaluate(test)) return;
    }
    throw new Error(`focus never reached the target (last: ${await focused()})`);
  };
  await tabTo(() => document.activeElement?.classList.contains("lesson-link"));
  const id = await page.evaluate(() => document.activeElement.closest("li").dataset.lesson);
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.activeElement?.id === "lesson-title");
  await tabTo(() => document.activeElement?.id === "exercise-rule");
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  const lines = DEBUG_RULE.trimEnd().split("\n");
  for (const [i, line] of lines.entries()) {
    if (i > 0) {
      // Enter indents like the line above; select that and type the line's own indentation.
      await page.keyboard.press("Enter");
      await page.keyboard.press("Shift+Home");
    }
    await page.keyboard.type(line);
  }
  assert.equal(id, "debug-mode");
  await page.waitForFunction(() => /solved/.test(document.getElementById("exercise-score").textContent), null, { timeout: 10000 });
  assert.equal((await page.$eval("#exercise-rule", (el) => el.value)).trimEnd(), DEBUG_RULE.trimEnd());
  assert.match(await page.textContent("#lesson-status"), /Done/);
  // Esc then Tab leaves the editor.
  await page.keyboard.press("Escape");
  await page.keyboard.press("Tab");
  assert.notEqual(await focused(), "exercise-rule");
  await finish(app);
});

test("on a lesson page the toolbar acts on the lesson; Back from the playground returns to it", async () => {
  const app = await openLearn("#learn/debug-mode");
  const { page, context } = app;
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.waitForSelector("#exercise-rule");
  assert.equal(await page.$("#examples"), null, "no examples menu on a lesson");
  const rule = "rules:\n  - id: exercise\n    pattern: $APP.run(..., debug=True, ...)\n    message: debug on\n    languages: [python]\n    severity: WARNING\n";
  await setValue(page, "#exercise-rule", rule, { settle: false });

  await page.click("#copy-link");
  await page.waitForSelector("#share-link");
  assert.equal(await page.$eval("#share-link", (el) => el.value), `${env.server.url}#learn/debug-mode`);
  await page.click("#copy-yaml");
  await page.waitForFunction(() => /Rule YAML copied/.test(document.getElementById("notice")?.textContent || ""));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), rule);
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download-yaml")]);
  assert.equal(download.suggestedFilename(), "exercise.yaml");
  await page.click("#reset");
  assert.notEqual(await page.$eval("#exercise-rule", (el) => el.value), rule, "Reset starts the exercise over");
  await setValue(page, "#exercise-rule", rule, { settle: false });

  // Open in playground, then Back: the lesson again.
  const exercise = await page.$eval(".exercise-listing", (pre) => [...pre.querySelectorAll(".xtext")].map((s) => s.textContent).join("\n"));
  await page.click("#open-in-playground");
  await page.waitForSelector("#code-input");
  assert.equal(await page.$eval("#rule-input", (el) => el.value), rule);
  assert.equal((await page.$eval("#code-input", (el) => el.value)).trimEnd(), exercise.trimEnd());
  assert.equal(new URL(page.url()).hash, "");
  assert.ok(await page.$("#examples"), "the playground's toolbar is back");
  await page.goBack();
  await page.waitForSelector("#exercise-rule");
  assert.equal(new URL(page.url()).hash, "#learn/debug-mode");
  assert.equal(await page.$eval("#exercise-rule", (el) => el.value), rule);
  await finish(app);
});

test("instructor: progress exports to a file, imports back, and a lesson resets", async () => {
  const app = await openLearn("#learn/debug-mode");
  const { page } = app;
  await page.waitForSelector("#exercise-rule");
  await setValue(page, "#exercise-rule", DEBUG_RULE, { settle: false });
  await page.waitForFunction(() => /solved/.test(document.getElementById("exercise-score").textContent));
  await page.click(".learn-crumbs a[href='#learn']");
  await page.waitForSelector("#instructor");
  await page.click("#instructor summary");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-progress")]);
  assert.equal(download.suggestedFilename(), "flasklight-progress.json");
  const saved = JSON.parse(await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c).toString("utf8")));
  assert.equal(saved.version, 2);
  assert.equal(saved.lessons["debug-mode"].done, true);
  assert.equal(saved.lessons["debug-mode"].rule, DEBUG_RULE);

  // Reset the lesson: not done, its rule gone.
  await page.click("tr[data-lesson='debug-mode'] .reset-lesson");
  assert.match(await page.textContent("#learn-progress"), new RegExp(`0 of ${LESSONS} lessons done`));
  // Import the file back.
  const input = await page.$("#import-progress-file");
  await input.setInputFiles({ name: "progress.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(saved)) });
  await page.waitForFunction((n) => document.getElementById("learn-progress").textContent.startsWith("1 of"), LESSONS);
  assert.match(await page.textContent("#notice"), /Imported the progress/);
  // A foreign file is refused and changes nothing.
  await input.setInputFiles({ name: "x.json", mimeType: "application/json", buffer: Buffer.from('{"rules": 1}') });
  await page.waitForFunction(() => /Could not import x\.json/.test(document.getElementById("notice")?.textContent || ""));
  assert.match(await page.textContent("#learn-progress"), /^1 of/);
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

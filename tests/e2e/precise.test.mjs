// The Precise toggle (issue 19): every analysis beyond Semgrep's for every
// rule, remembered across reloads; findings that differ from Semgrep's are
// marked on hover and in the results. And the rule pane's silent-zero
// warnings (issue 21), placed at their YAML line and column, live.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useBrowser, newContext, openApp, setValue, settled } from "./harness.mjs";

const env = useBrowser();

// No `options:`: exactly Semgrep's results until the toggle is on.
const RULE = `rules:
- id: path-from-request
  mode: taint
  languages: [python]
  severity: ERROR
  message: request data reaches a file path
  pattern-sources:
    - pattern: flask.request.args.get(...)
  pattern-sinks:
    - pattern: open(...)
  pattern-sanitizers:
    - pattern: '".." in $X'
`;

const CODE = [
  "from flask import request",
  "",
  "def guarded():",
  '    name = request.args.get("name")',
  '    if ".." in name:',
  '        return "bad name", 400',
  "    return open(name)",
  "",
  "def read(path):",
  "    return open(path)",
  "",
  "def through_a_helper():",
  '    read(request.args.get("name"))',
  "",
].join("\n");

const findings = (page) => page.$$eval(".findings .finding", (l) => l.map((li) => [li.dataset.rule, li.querySelector(".finding-line").textContent, li.querySelector(".versus")?.textContent ?? ""]));
const removed = (page) => page.$$eval(".removed-findings .removed-finding", (l) => l.map((li) => [li.querySelector(".finding-line").textContent, li.querySelector(".versus")?.textContent ?? ""]));

test("the Precise toggle runs every analysis and marks what Semgrep would report", async () => {
  const context = await newContext(env.browser);
  const app = await openApp(context, env.server.url);
  const { page } = app;
  await setValue(page, "#rule-input", RULE);
  await setValue(page, "#code-input", CODE);
  assert.equal(await page.getAttribute("#precise-toggle", "aria-pressed"), "false");
  // Semgrep's results: the guarded open is reported, the helper's sink is not; nothing is marked.
  assert.deepEqual(await findings(page), [["path-from-request", "Line 7", ""]]);
  assert.deepEqual(await removed(page), []);
  assert.equal(await page.$("#versus-summary"), null);

  await page.click("#precise-toggle");
  await settled(page);
  assert.equal(await page.getAttribute("#precise-toggle", "aria-pressed"), "true");
  // The comparison with Semgrep's results comes after them (off the scan the highlights wait for).
  await page.waitForSelector("#versus-summary");
  assert.deepEqual(await findings(page), [
    ["path-from-request", "Line 10", "only with precise analyses (function-summary analysis) — Semgrep would not report this"],
  ]);
  assert.deepEqual(await removed(page), [["Line 7", "removed by guard analysis: Semgrep reports this"]]);
  assert.match(await page.textContent("#versus-summary"), /vs Semgrep: \+1 \/ −1/);

  // The finding's hover says it too.
  const box = await page.$eval(".code-editor .paint .hit", (el) => {
    const r = el.getBoundingClientRect();
    return { x: r.left + 8, y: r.top + r.height / 2 };
  });
  await page.mouse.move(box.x, box.y);
  await page.waitForSelector(".tooltip");
  assert.match(await page.textContent(".tooltip"), /only with precise analyses \(function-summary analysis\) — Semgrep would not report this/);
  await page.mouse.move(5, 5);

  // A code edit: the marks stay (moved over the edit, then the new comparison's).
  await setValue(page, "#code-input", CODE + "\n# an edit\n");
  await page.waitForSelector("#versus-summary");
  assert.deepEqual(await findings(page), [
    ["path-from-request", "Line 10", "only with precise analyses (function-summary analysis) — Semgrep would not report this"],
  ]);
  assert.deepEqual(await removed(page), [["Line 7", "removed by guard analysis: Semgrep reports this"]]);

  // Remembered like the theme; the keyboard reaches it.
  await app.reload();
  assert.equal(await page.getAttribute("#precise-toggle", "aria-pressed"), "true");
  assert.equal((await findings(page)).length, 1);
  await page.waitForSelector("#versus-summary");
  await page.focus("#precise-toggle");
  await page.keyboard.press("Enter");
  await settled(page);
  assert.equal(await page.getAttribute("#precise-toggle", "aria-pressed"), "false");
  // The marks of the precise scan are not carried over to Semgrep's results.
  assert.deepEqual(await findings(page), [["path-from-request", "Line 7", ""]]);
  assert.deepEqual(await removed(page), []);
  await context.close();
});

/** The rule pane's warnings: [place, message]. */
const warnings = (page) => page.$$eval("#rule-status .diag-warning", (l) => l.map((li) => [li.querySelector(".diag-place").textContent, li.querySelector(".diag-msg").textContent]));

/** Waits until the rule pane's warnings satisfy `check`; returns them. */
async function waitWarnings(page, check) {
  let last = [];
  for (let i = 0; i < 50; i++) {
    last = await warnings(page);
    if (check(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`warnings never as expected: ${JSON.stringify(last)}`);
}

test("silent zeros are warnings at their YAML place, live", async () => {
  const context = await newContext(env.browser);
  const app = await openApp(context, env.server.url);
  const { page } = app;
  await setValue(page, "#code-input", 'from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)\nrequests.get(url, verify="no")\n');
  // A focus on a metavariable nothing binds, and a message that prints one.
  const unbound = `rules:
- id: run
  languages: [python]
  severity: WARNING
  message: runs $HOST
  patterns:
  - pattern: $APP.run(...)
  - focus-metavariable: $Z
`;
  await setValue(page, "#rule-input", unbound);
  let found = await waitWarnings(page, (w) => w.length >= 2);
  assert.ok(found.some(([place, msg]) => place === "Line 8, column 5" && /focus-metavariable.*\$Z/.test(msg)), JSON.stringify(found));
  assert.ok(found.some(([place, msg]) => place === "Line 5, column 3" && /message uses \$HOST/.test(msg)), JSON.stringify(found));

  // A metavariable-regex none of the bound values passes: said with the bound text.
  const regex = `rules:
- id: verify
  languages: [python]
  severity: WARNING
  message: m
  patterns:
  - pattern: requests.get(..., verify=$V)
  - metavariable-regex:
      metavariable: $V
      regex: ^False
`;
  await setValue(page, "#rule-input", regex);
  found = await waitWarnings(page, (w) => w.some(([, msg]) => /metavariable-regex/.test(msg)));
  const [place, msg] = found.find(([, m]) => /metavariable-regex/.test(m));
  assert.equal(place, "Line 8, column 5");
  assert.match(msg, /"no"/);

  // The operator that took the first pattern's matches to zero; fixed, the warning goes.
  const zero = `rules:
- id: run
  languages: [python]
  severity: WARNING
  message: m
  patterns:
  - pattern: $APP.run(...)
  - pattern-not-inside: |
      app = Flask(__name__)
      ...
`;
  await setValue(page, "#rule-input", zero);
  found = await waitWarnings(page, (w) => w.some(([, m]) => /removes the last candidates/.test(m)));
  assert.equal(found.find(([, m]) => /removes the last candidates/.test(m))[0], "Line 8, column 5");
  await setValue(page, "#rule-input", zero.replace("pattern-not-inside", "pattern-inside"));
  await waitWarnings(page, (w) => w.length === 0);
  assert.equal(await page.$$eval(".findings .finding", (l) => l.length), 1);
  await context.close();
});

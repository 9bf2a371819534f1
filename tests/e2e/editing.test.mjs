// Writing a rule in the playground (issue 21): the YAML editor's Enter,
// Backspace and key completion, the pattern-syntax cheat sheet, an unclosed
// quote, simple mode's pattern-either and metavariable-regex rows, the
// Examples picker from the keyboard, the first-visit cue and the hit diff.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useBrowser, newContext, openApp, setValue, hitTexts, resultCount, settled } from "./harness.mjs";

const env = useBrowser();

async function fresh() {
  const context = await newContext(env.browser);
  const app = await openApp(context, env.server.url);
  return { ...app, context };
}

async function finish(app) {
  assert.deepEqual(app.errors, [], "console errors");
  assert.deepEqual(app.requests, [], "network requests after load");
  await app.context.close();
}

const value = (page, selector) => page.$eval(selector, (el) => el.value);

/** Puts the caret at the end of a textarea. */
async function caretAtEnd(page, selector) {
  await page.focus(selector);
  await page.$eval(selector, (el) => el.setSelectionRange(el.value.length, el.value.length));
}

const RULE = "rules:\n  - id: t\n    languages: [python]\n    severity: WARNING\n    message: m\n    patterns:\n      - pattern: foo($X)";

test("YAML: Enter after a list item keeps the list's indentation, Backspace removes one level", async () => {
  const app = await fresh();
  const { page } = app;
  await setValue(page, "#rule-input", RULE);
  await caretAtEnd(page, "#rule-input");
  await page.keyboard.press("Enter");
  assert.equal(await value(page, "#rule-input"), RULE + "\n      ", "the new line starts at the dash");
  await page.keyboard.type("- pattern-not: foo(1)");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Backspace");
  assert.equal(await value(page, "#rule-input"), RULE + "\n      - pattern-not: foo(1)\n    ", "one level (two spaces) removed");
  await page.keyboard.press("Backspace");
  assert.ok((await value(page, "#rule-input")).endsWith("foo(1)\n  "));
  // After a key that opens a block inside an item, one level into the item's mapping.
  await setValue(page, "#rule-input", "rules:\n  - id: t\n    pattern-either:\n      - patterns:");
  await caretAtEnd(page, "#rule-input");
  await page.keyboard.press("Enter");
  assert.ok((await value(page, "#rule-input")).endsWith("- patterns:\n          "));
  await finish(app);
});

test("YAML: rule keys complete from the keyboard (arrows choose, Enter takes, Escape closes)", async () => {
  const app = await fresh();
  const { page } = app;
  await setValue(page, "#rule-input", RULE);
  await caretAtEnd(page, "#rule-input");
  await page.keyboard.press("Enter");
  await page.keyboard.type("- pattern-n");
  const options = () => page.$$eval("#rule-input-completions [role=option]", (o) => o.map((e) => e.textContent));
  assert.deepEqual(await options(), ["pattern-not", "pattern-not-inside", "pattern-not-regex"]);
  assert.equal(await page.getAttribute("#rule-input", "aria-activedescendant"), "rule-input-completions-0");
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.getAttribute("#rule-input", "aria-activedescendant"), "rule-input-completions-1");
  await page.keyboard.press("Enter");
  assert.ok((await value(page, "#rule-input")).endsWith("\n      - pattern-not-inside: "));
  assert.deepEqual(await options(), [], "the list closes");
  assert.equal(await page.$eval("#rule-input-completions", (l) => l.hidden), true);
  // Escape closes the list without taking anything; the next Enter is a new line.
  await page.keyboard.type("def f():\n");
  await page.keyboard.type("mess");
  assert.ok((await options()).includes("message"));
  await page.keyboard.press("Escape");
  assert.deepEqual(await options(), []);
  assert.ok((await value(page, "#rule-input")).endsWith("mess"));
  await finish(app);
});

test("the pattern-syntax cheat sheet is one click (or one key) away", async () => {
  const app = await fresh();
  const { page } = app;
  assert.equal(await page.$("#cheat-sheet"), null);
  await page.focus("#cheat-toggle");
  await page.keyboard.press("Enter");
  assert.equal(await page.getAttribute("#cheat-toggle", "aria-expanded"), "true");
  const sheet = await page.textContent("#cheat-sheet");
  for (const syntax of ["$X", "$...ARGS", "<... $X ...>", "pattern-inside:", "metavariable-regex:"]) {
    assert.ok(sheet.includes(syntax), `${syntax} in the sheet`);
  }
  await page.click("#cheat-toggle");
  assert.equal(await page.$("#cheat-sheet"), null);
  await finish(app);
});

test("an unclosed quote is reported at the quote, not at the end of the text", async () => {
  const app = await fresh();
  const { page } = app;
  await setValue(page, "#rule-input", 'rules:\n  - id: t\n    languages: [python]\n    severity: WARNING\n    message: "oops\n    pattern: foo(...)\n');
  assert.equal(await page.textContent(".rule-status .diag-place"), "Line 5, column 14");
  assert.match(await page.textContent(".rule-status"), /double quote is never closed/);
  await finish(app);
});

test("simple mode: pattern-either and metavariable-regex rows, errors in the form's words", async () => {
  const app = await fresh();
  const { page } = app;
  await setValue(page, "#code-input", "foo(1)\nbar(2)\nbaz(3)\nbar(22)\n");
  await page.click("#tab-simple");
  await page.fill("#simple-pattern", "foo($X)");
  await settled(page);
  assert.deepEqual(await hitTexts(page), ["foo(1)"]);
  await page.click("text=+ or pattern");
  await page.fill("#simple-either-0", "bar($X)");
  await settled(page);
  assert.deepEqual(await hitTexts(page), ["foo(1)", "bar(2)", "bar(22)"]);
  await page.click("#add-regex");
  assert.equal(await value(page, "#simple-regex-var-0"), "$X");
  await page.fill("#simple-regex-0", "^2$");
  await settled(page);
  assert.deepEqual(await hitTexts(page), ["bar(2)"]);
  // A broken row is named as the form names it.
  await page.fill("#simple-either-0", "bar(");
  await settled(page);
  assert.equal(await page.textContent(".rule-status .diag-place"), "In or pattern 1:");
  await page.fill("#simple-either-0", "bar($X)");
  await settled(page);
  // A multi-line pattern keeps its indentation on Enter.
  await page.fill("#simple-pattern", "");
  await page.click("#simple-pattern");
  await page.keyboard.type("def $F():");
  await page.keyboard.press("Enter");
  assert.equal(await value(page, "#simple-pattern"), "def $F():\n    ");
  await page.fill("#simple-pattern", "foo($X)");
  await settled(page);
  // The YAML is Semgrep's.
  await page.click("#tab-yaml");
  const yaml = await value(page, "#rule-input");
  assert.match(yaml, /pattern-either:\n\s+- pattern: foo\(\$X\)\n\s+- pattern: bar\(\$X\)/);
  assert.match(yaml, /metavariable-regex:\n\s+metavariable: \$X\n\s+regex: \^2\$/);
  await finish(app);
});

test("a new simple rule starts with an empty message", async () => {
  const app = await fresh();
  const { page } = app;
  await setValue(page, "#rule-input", "rules:\n  - id: t\n    languages: [python]\n    severity: WARNING\n    message: m\n    pattern: foo()\n    fix: bar()\n");
  await page.click("#tab-simple");
  await page.click("#start-simple");
  assert.equal(await value(page, "#simple-message"), "");
  assert.equal(await value(page, "#simple-id"), "my-rule");
  await finish(app);
});

test("the Examples picker loads on Enter, not on the arrow keys", async () => {
  const app = await fresh();
  const { page } = app;
  const before = await value(page, "#rule-input");
  await page.focus("#examples");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await settled(page);
  assert.equal(await value(page, "#rule-input"), before, "browsing loads nothing");
  const chosen = await page.$eval("#examples", (s) => s.value);
  assert.ok(chosen, "an example is chosen");
  await page.keyboard.press("Enter");
  await settled(page);
  assert.match(await value(page, "#rule-input"), new RegExp(`id: ${chosen}\\b`));
  await finish(app);
});

test("a first visit shows where to start, until the rule is first edited", async () => {
  const app = await fresh();
  const { page } = app;
  assert.match(await page.textContent("#first-cue"), /edit the pattern on the left/);
  const rule = await value(page, "#rule-input");
  await setValue(page, "#rule-input", rule.replace("debug=True", "debug=False"));
  assert.equal(await page.$("#first-cue"), null);
  await page.waitForTimeout(400); // autosave
  await app.reload();
  assert.equal(await page.$("#first-cue"), null, "not a first visit any more");
  await finish(app);
});

test("each rule edit shows the hits it gained and lost", async () => {
  const app = await fresh();
  const { page } = app;
  assert.equal(await page.$("#hit-diff"), null, "no diff before an edit");
  const rule = await value(page, "#rule-input");
  await setValue(page, "#rule-input", rule.replace("$APP.run(..., debug=True, ...)", "$APP.run(...)"));
  assert.equal(await resultCount(page), 3);
  assert.match(await page.textContent("#hit-diff"), /\+1 \/ −0 since the last version of the rule/);
  await setValue(page, "#rule-input", rule.replace("$APP.run(..., debug=True, ...)", "$APP.run(debug=True)"));
  assert.equal(await resultCount(page), 1);
  assert.match(await page.textContent("#hit-diff"), /\+0 \/ −2/);
  // An edit of the code is not a rule edit: the diff goes.
  await setValue(page, "#code-input", (await value(page, "#code-input")) + "\n");
  assert.equal(await page.$("#hit-diff"), null);
  await finish(app);
});

// The explain panels (issue 21): Inspect, Why not here, Trees, Pattern from
// code and Cost, by pointer and from the keyboard alone.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useBrowser, newContext, openApp, setValue, settled, resultCount } from "./harness.mjs";

const env = useBrowser();

const RULE = `rules:
  - id: run
    languages: [python]
    severity: WARNING
    message: m
    patterns:
      - pattern: $APP.run(...)
      - pattern-not: $APP.run(debug=False)
`;
const CODE = "app.run(debug=True)\napp.run(debug=False)\napp.run()\n";

/** A fresh page with the rule and code above. */
async function fresh() {
  const context = await newContext(env.browser);
  const app = await openApp(context, env.server.url);
  await setValue(app.page, "#rule-input", RULE);
  await setValue(app.page, "#code-input", CODE);
  return { ...app, context };
}

async function finish(app) {
  assert.deepEqual(app.errors, [], "console errors");
  assert.deepEqual(app.requests, [], "network requests after load");
  await app.context.close();
}

/** Opens a panel from the keyboard: focus its tab, press Enter; waits for the answer. */
async function openPanel(page, tab, ready) {
  await page.focus(`#explain-tab-${tab}`);
  await page.keyboard.press("Enter");
  await page.waitForSelector(ready);
  await settled(page);
}

/** Puts the code's caret (or selection) at the given text, as a click there would. */
async function selectCode(page, text, { caretOnly = false, offset = 0 } = {}) {
  await page.focus("#code-input");
  await page.$eval(
    "#code-input",
    (el, [text, caretOnly, offset]) => {
      const start = el.value.indexOf(text) + offset;
      el.setSelectionRange(start, caretOnly ? start : start + text.length - offset);
      el.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true, key: "ArrowRight" }));
    },
    [text, caretOnly, offset],
  );
  await settled(page);
}

// The painted ranges' text (a range is cut into spans by its colours).
const focusText = (page) => page.$$eval(".code-editor .paint .tr-focus", (spans) => spans.map((s) => s.textContent).join(""));

test("Inspect: the formula as a tree with counts; a node's ranges light up; a switch runs the rule without it", async () => {
  const app = await fresh();
  const { page } = app;
  assert.equal(await page.$("#explain-body"), null, "closed by default: nothing computed");
  await openPanel(page, "inspect", "#inspect-tree");
  assert.match(await page.textContent("#inspect-summary"), /run: 2 results/);
  const nodes = await page.$$eval("#inspect-tree .ex-node", (n) => n.map((e) => e.textContent));
  assert.equal(nodes.length, 3, `${nodes}`);
  assert.match(nodes[0], /^patterns/);
  assert.match(nodes[1], /pattern\s*\$APP\.run\(\.\.\.\)\s*3/);
  assert.match(nodes[2], /pattern-not\s*\$APP\.run\(debug=False\)\s*1/);
  // Focus (keyboard) or hover (pointer) a node: its ranges are painted in the code.
  const notNode = (await page.$$("#inspect-tree .ex-node"))[2];
  await notNode.focus();
  assert.equal(await focusText(page), "app.run(debug=False)");
  await (await page.$$("#inspect-tree .ex-node"))[1].hover();
  assert.equal((await page.$$(".code-editor .paint .line .tr-focus")).length >= 3, true);
  // The pattern-not's switch, from the keyboard: the rule runs without it.
  const switches = await page.$$("#inspect-tree .ex-switch");
  await switches[1].focus();
  await page.keyboard.press("Space");
  await page.waitForFunction(() => /3 results/.test(document.querySelector("#inspect-summary")?.textContent ?? ""));
  assert.match(await page.textContent("#inspect-summary"), /with 1 node off/);
  assert.equal(await page.$eval("#inspect-tree .ex-item.disabled .ex-node", (e) => /pattern-not/.test(e.textContent)), true);
  await page.keyboard.press("Space");
  await page.waitForFunction(() => /2 results/.test(document.querySelector("#inspect-summary")?.textContent ?? ""));
  // Arrow keys move between the panels' tabs; Close closes.
  await page.focus("#explain-tab-inspect");
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.evaluate(() => document.activeElement.id), "explain-tab-whynot");
  await page.click("#explain-close");
  assert.equal(await page.$("#explain-body"), null);
  await finish(app);
});

test("Why not here: the caret on a line the rule does not report gets the reason, tied to the rule's line", async () => {
  const app = await fresh();
  const { page } = app;
  await selectCode(page, "app.run(debug=False)", { caretOnly: true });
  await openPanel(page, "whynot", "#why-not");
  const answer = await page.textContent("#why-not");
  assert.match(answer, /line 2/);
  assert.match(answer, /pattern-not/);
  assert.match(answer, /rule line 8/);
  // Moving the caret asks again: a reported line says so.
  await selectCode(page, "app.run(debug=True)", { caretOnly: true });
  await page.waitForFunction(() => /line 1:/.test(document.querySelector("#why-not")?.textContent ?? ""));
  assert.equal(await page.$$eval("#why-not .reason.reported", (r) => r.length) >= 1, true);
  // "rule line 8" moves the rule editor's caret there, from the keyboard.
  await selectCode(page, "app.run(debug=False)", { caretOnly: true });
  await page.waitForFunction(() => /line 2:/.test(document.querySelector("#why-not")?.textContent ?? ""));
  const toRule = await page.$("#why-not .reason button.link:last-child");
  await toRule.focus();
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement.id), "rule-input");
  await finish(app);
});

test("Trees: the code's tree follows the caret, a node selects its code; the patterns as read", async () => {
  const app = await fresh();
  const { page } = app;
  await selectCode(page, "debug=True", { caretOnly: true });
  await openPanel(page, "trees", "#code-tree");
  await page.waitForSelector("#code-tree .at-caret");
  const here = await page.$eval("#code-tree .at-caret > .ex-node", (e) => e.textContent);
  assert.match(here, /keyword|debug/i, here);
  // Click the statement's call: its code is selected in the editor.
  const call = await page.$$("#code-tree .ex-node");
  await call[1].click();
  const selected = await page.$eval("#code-input", (el) => el.value.slice(el.selectionStart, el.selectionEnd));
  assert.ok(CODE.includes(selected) && selected.length > 0, selected);
  assert.match(await page.textContent(".trees"), /\$APP\.run\(\.\.\.\)/);
  assert.ok((await page.$$eval(".pattern-tree .reading li", (l) => l.length)) >= 1, "how each pattern was read");
  await finish(app);
});

test("Pattern from code: a selection becomes a pattern with holes, opened in simple mode with its hits", async () => {
  const app = await fresh();
  const { page } = app;
  await selectCode(page, "app.run(debug=True)");
  await openPanel(page, "fromcode", "#from-code-pattern");
  assert.equal(await page.textContent("#from-code-pattern"), "app.run(debug=True)");
  await page.click("button[aria-label='Replace app by $X']");
  assert.equal(await page.textContent("#from-code-pattern"), "$X.run(debug=True)");
  await page.focus("#from-code-open");
  await page.keyboard.press("Enter");
  await settled(page);
  assert.equal(await page.getAttribute("#tab-simple", "aria-selected"), "true");
  assert.equal(await page.$eval("#simple-pattern", (el) => el.value), "$X.run(debug=True)");
  assert.equal(await resultCount(page), 1);
  await finish(app);
});

test("Cost: time per rule and per operator", async () => {
  const app = await fresh();
  const { page } = app;
  await openPanel(page, "cost", "#cost-rules");
  assert.match(await page.textContent("#cost-rules"), /run\s*\d+\.\d\d/);
  assert.match(await page.textContent("#cost-operators"), /pattern \$APP\.run\(\.\.\.\)\s*\d+\.\d\d/);
  await finish(app);
});

const TAINT_RULE = `rules:
  - id: cmd
    mode: taint
    languages: [python]
    severity: ERROR
    message: m
    options:
      precise_constant_conditions: true
    pattern-sources:
      - pattern: request.args
    pattern-sinks:
      - pattern: os.system(...)
    pattern-sanitizers:
      - pattern: shlex.quote(...)
`;
const TAINT_CODE = [
  "def quoted():",
  "    x = request.args",
  "    y = shlex.quote(x)",
  "    os.system(y)",
  "",
  "def dead():",
  "    x = request.args",
  "    if False:",
  "        os.system(x)",
  "",
  "def reported():",
  "    x = request.args",
  "    os.system(x)",
  "",
].join("\n");

/** The code's selection as text, and whether the code editor has the focus. */
const codeSelection = (page) =>
  page.$eval("#code-input", (el) => [el.value.slice(el.selectionStart, el.selectionEnd), document.activeElement === el]);

/** Moves the code's caret to the start of 1-based `line` with keys alone (Ctrl+Home, then Down). */
async function caretToLine(page, line) {
  await page.focus("#code-input");
  await page.keyboard.press("Control+Home");
  for (let i = 1; i < line; i++) await page.keyboard.press("ArrowDown");
  await settled(page);
}

/** Presses Tab until `selector` has the focus (at most `max` times); in an editor, Escape first lets Tab leave it. */
async function tabTo(page, selector, max = 80) {
  for (let i = 0; i < max; i++) {
    const [here, inEditor] = await page.evaluate((s) => [document.activeElement?.matches(s) ?? false, document.activeElement?.tagName === "TEXTAREA"], selector);
    if (here) return;
    if (inEditor) await page.keyboard.press("Escape");
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${selector}`);
}

test("Why not here, taint: where the flow stopped (a sanitizer, an arm that never runs), from the keyboard alone", async () => {
  const context = await newContext(env.browser);
  const app = await openApp(context, env.server.url);
  const { page } = app;
  await setValue(page, "#rule-input", TAINT_RULE);
  await setValue(page, "#code-input", TAINT_CODE);
  assert.equal(await resultCount(page), 1, "only the unsanitized, live sink is reported");
  await openPanel(page, "whynot", "#why-not");

  // The caret on the sink whose value went through the sanitizer.
  await caretToLine(page, 4);
  await page.waitForFunction(() => /cmd at line 4:/.test(document.querySelector("#why-not")?.textContent ?? ""));
  const sanitized = await page.textContent("#why-not .reason");
  assert.match(sanitized, /the taint from the source at line 2 stops at line 3: `shlex\.quote\(x\)` is matched by a sanitizer \(`pattern-sanitizers` at rule line 14\)/);
  assert.equal(await page.$$eval("#why-not .reason.reported", (r) => r.length), 0);
  // Tab to the reason's "rule line 14": Enter puts the rule editor's caret on the sanitizer.
  await tabTo(page, "#why-not .reason button.link:last-child");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "rule line 14");
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement.id), "rule-input");
  const ruleLine = await page.$eval("#rule-input", (el) => el.value.slice(0, el.selectionStart).split("\n").length);
  assert.equal(ruleLine, 14);
  // On to its "show the code": Enter selects the sanitizer's call in the code.
  await tabTo(page, "#why-not .reason button.link");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "show the code");
  await page.keyboard.press("Enter");
  assert.deepEqual(await codeSelection(page), ["shlex.quote(x)", true]);
  await settled(page);

  // The caret on the sink in an arm that never runs: the condition is named.
  await caretToLine(page, 9);
  await page.waitForFunction(() => /cmd at line 9:/.test(document.querySelector("#why-not")?.textContent ?? ""));
  assert.match(
    await page.textContent("#why-not .reason"),
    /the `if` at line 8 never runs its first arm \(line 9\): its condition `False` is always false \(precise_constant_conditions\), and the sink is there/,
  );
  // And the reported sink says so.
  await caretToLine(page, 13);
  await page.waitForFunction(() => /cmd at line 13:/.test(document.querySelector("#why-not")?.textContent ?? ""));
  assert.equal(await page.$$eval("#why-not .reason.reported", (r) => r.length) >= 1, true);
  await finish({ ...app, context });
});

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

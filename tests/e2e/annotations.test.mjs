// The playground's annotation summary uses the same verdict as `flasklight test`
// and Learn (semgrep --test's): a match on a line without `# ruleid:` fails,
// and a rule id the annotations do not name is a rule id mismatch.
// Run: node --test --test-concurrency=1 tests/e2e/annotations.test.mjs (after `trunk build --release`)
import { test } from "node:test";
import assert from "node:assert/strict";
import { useBrowser, newContext, openApp, setValue } from "./harness.mjs";

const env = useBrowser();

const CODE = `from flask import Flask

app = Flask(__name__)

# ruleid: debug-on
app.run(debug=True)

# ok: debug-on
app.run(debug=False)
`;

const rule = (id, pattern) => `rules:\n  - id: ${id}\n    pattern: ${pattern}\n    message: m\n    languages: [python]\n    severity: WARNING\n`;

test("the annotation summary fails a match on an unannotated line and names a rule id mismatch", async () => {
  const context = await newContext(env.browser);
  const app = await openApp(context, env.server.url);
  const { page } = app;
  await setValue(page, "#code-input", CODE);
  await setValue(page, "#rule-input", rule("debug-on", "$APP.run(..., debug=True, ...)"));
  assert.match(await page.textContent(".annotation-score"), /^2\/2 annotations hold$/);
  assert.ok(await page.$(".annotation-score.pass"));

  // Too broad: Flask(...) also matches line 3, which no annotation marks.
  await setValue(page, "#rule-input", rule("debug-on", "$F(...)"));
  assert.match(await page.textContent(".annotation-score"), /1\/2 annotations hold · 1 unexpected match/);
  assert.ok(await page.$(".annotation-score.fail"));
  const unexpected = await page.$$eval(".annotation.unexpected", (items) => items.map((li) => li.textContent));
  assert.deepEqual(unexpected, ["Line 3 debug-on matches here, but no # ruleid: debug-on marks this line (fails)"]);

  // Another id: the annotations name debug-on, the rule finds as my-rule.
  await setValue(page, "#rule-input", rule("my-rule", "$APP.run(..., debug=True, ...)"));
  assert.match(await page.textContent("#id-mismatch"), /Rule id mismatch: the annotations name debug-on .*my-rule finds matches but no annotation names it/);
  assert.ok(await page.$(".annotation-score.fail"));
  assert.deepEqual(app.errors, []);
  await context.close();
});

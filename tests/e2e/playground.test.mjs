// End-to-end tests of the built site (dist/) in headless system Chromium.
// Run: node --test tests/e2e   (after `trunk build --release`; scripts/e2e.sh does both)
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  useBrowser,
  newContext,
  openApp,
  setValue,
  hitTexts,
  resultCount,
  shareFragment,
  sleep,
  settled,
  nativeFindings,
  pageFindings,
} from "./harness.mjs";

const env = useBrowser();

/** A fresh context (own storage) with the app open. */
async function fresh(options) {
  const context = await newContext(env.browser);
  const app = await openApp(context, env.server.url, options);
  return { ...app, context };
}

/** Every test ends here: no console errors, nothing fetched after load. */
async function finish(app) {
  assert.deepEqual(app.errors, [], "console errors");
  assert.deepEqual(app.requests, [], "network requests after load");
  await app.context.close();
}

const value = (page, selector) => page.$eval(selector, (el) => el.value);

test("opens on the Flask example with the debug-mode rule already hitting", async () => {
  const app = await fresh();
  const { page } = app;
  assert.deepEqual(await hitTexts(page), ['app.run(host="127.0.0.1", port=5000, debug=True)', "app.run(debug=True)"]);
  assert.equal(await resultCount(page), 2);
  assert.match(await page.textContent("#results-summary"), /2 matches · 3\/3 annotations hold/);
  assert.equal(await page.$$eval(".code-editor .gl-hit", (l) => l.length), 2, "gutter markers on hit lines");
  assert.equal(await page.$$eval(".code-editor .gl-pass", (l) => l.length), 3, "pass marks on annotated lines");
  assert.match(await page.textContent(".rule-status"), /The rule compiles/);
  await finish(app);
});

test("typing code and a pattern shows the expected highlights and result count", async () => {
  const app = await fresh();
  const { page } = app;
  // Type the code for real, key by key.
  await page.click("#code-input");
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await page.keyboard.type("import os\nimport subprocess\n\nsubprocess.call(cmd, shell=True)\nos.system(user_input)\nos.system('ls')\n");
  assert.equal(await value(page, "#code-input"), "import os\nimport subprocess\n\nsubprocess.call(cmd, shell=True)\nos.system(user_input)\nos.system('ls')\n");
  await settled(page);
  assert.equal(await resultCount(page), 0, "the debug rule finds nothing here");

  // Write the rule in simple mode, also key by key.
  await page.click("#tab-simple");
  await page.fill("#simple-pattern", "");
  await page.click("#simple-pattern");
  await page.keyboard.type("os.system($CMD)");
  await settled(page); // matching runs in a worker: results follow the last key
  assert.deepEqual(await hitTexts(page), ["os.system(user_input)", "os.system('ls')"]);
  assert.equal(await resultCount(page), 2);
  assert.match(await page.textContent(".findings"), /\$CMD\s*user_input/);

  // A pattern-not row narrows it down.
  await page.click("text=+ pattern-not");
  await page.click("#simple-not-0");
  await page.keyboard.type("os.system('ls')");
  await settled(page);
  assert.deepEqual(await hitTexts(page), ["os.system(user_input)"]);
  assert.equal(await resultCount(page), 1);
  assert.match(await page.textContent("#results-summary"), /^1 match/);

  // The YAML tab shows the same rule, written for us.
  await page.click("#tab-yaml");
  const yaml = await value(page, "#rule-input");
  assert.match(yaml, /pattern: os\.system\(\$CMD\)/);
  assert.match(yaml, /pattern-not: os\.system\('ls'\)/);
  await finish(app);
});

test("a broken rule shows the error at its line and keeps the last hits, dimmed", async () => {
  const app = await fresh();
  const { page } = app;
  const good = await value(page, "#rule-input");
  await setValue(page, "#rule-input", good.replace("    pattern:", "    patern:"));
  const place = await page.textContent(".rule-status .diag-place");
  assert.equal(place, "Line 3, column 5");
  assert.match(await page.textContent(".rule-status"), /unknown key `patern`/);
  assert.equal(await page.getAttribute("#rule-input", "aria-invalid"), "true");
  // Line 3 of the YAML carries the gutter mark and the underline.
  assert.deepEqual(await page.$$eval(".rule-editor .gl-err", (l) => l.map((e) => e.dataset.line)), ["3"]);
  assert.equal(await page.$eval(".rule-editor .paint .line:nth-child(3) .err", (e) => e.textContent), "patern");
  // The last good hits stay, dimmed.
  assert.equal((await hitTexts(page)).length, 2);
  assert.ok(await page.$(".code-editor .paint.dim"), "hits dimmed");
  assert.match(await page.textContent(".pane-results"), /last version that compiled/);

  // An invalid pattern points into the pattern's line.
  await setValue(page, "#rule-input", good.replace("debug=True, ...)", "debug=True, ..."));
  assert.match(await page.textContent(".rule-status .diag-place"), /^Line 3, column \d+$/);
  assert.match(await page.textContent(".rule-status"), /invalid pattern/);

  // Clicking the error moves the YAML caret there.
  await page.click(".rule-status .diag-place");
  const caret = await page.$eval("#rule-input", (el) => [document.activeElement === el, el.value.slice(0, el.selectionStart).split("\n").length]);
  assert.deepEqual(caret, [true, 3]);

  // Fixing it brings back live, undimmed hits.
  await setValue(page, "#rule-input", good);
  assert.equal(await page.$(".code-editor .paint.dim"), null);
  assert.match(await page.textContent(".rule-status"), /The rule compiles/);
  await finish(app);
});

test("a share link restores rule and code exactly", async () => {
  const app = await fresh();
  const { page } = app;
  const code = 'from flask import Flask\napp = Flask(__name__)\n\tx = "é 名 🦀"\napp.run(debug=True)\n';
  const rule = (await value(page, "#rule-input")).replace("severity: WARNING", "severity: ERROR");
  await setValue(page, "#code-input", code);
  await setValue(page, "#rule-input", rule);
  await page.click("#copy-link");
  const link = await page.inputValue("#share-link");
  assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/#s=[A-Za-z0-9_-]+$/);
  await finish(app);

  // A different visitor (fresh storage) follows the link.
  const other = await fresh({ hash: link.slice(link.indexOf("#")) });
  assert.equal(await value(other.page, "#code-input"), code);
  assert.equal(await value(other.page, "#rule-input"), rule);
  assert.deepEqual(await hitTexts(other.page), ["app.run(debug=True)"]);
  assert.equal(await other.page.evaluate(() => location.hash), "", "the fragment is cleared so a reload restores autosave");
  assert.equal(await other.page.$("#restore-backup"), null, "nothing of theirs was replaced");
  await finish(other);
});

test("opening a share link keeps autosaved work recoverable", async () => {
  const app = await fresh();
  const { page } = app;
  await setValue(page, "#code-input", "my_own_work = 1\n");
  await sleep(400); // autosave
  await app.navigate(env.server.url + shareFragment("rules: []\n", "shared = 2\n"));
  assert.equal(await value(page, "#code-input"), "shared = 2\n");
  assert.match(await page.textContent(".banner"), /You opened a share link/);
  await page.click("#restore-backup");
  assert.equal(await value(page, "#code-input"), "my_own_work = 1\n");
  await finish(app);
});

test("reload keeps the work, including simple mode", async () => {
  const app = await fresh();
  const { page } = app;
  await setValue(page, "#code-input", "import os\nos.system(cmd)\n");
  await page.click("#tab-simple");
  await page.fill("#simple-pattern", "os.system(...)");
  await page.fill("#simple-message", "No shell commands");
  await sleep(400);
  await app.reload();
  assert.equal(await value(page, "#code-input"), "import os\nos.system(cmd)\n");
  assert.equal(await page.getAttribute("#tab-simple", "aria-selected"), "true");
  assert.equal(await value(page, "#simple-pattern"), "os.system(...)");
  assert.equal(await value(page, "#simple-message"), "No shell commands");
  assert.deepEqual(await hitTexts(page), ["os.system(cmd)"]);
  await finish(app);
});

test("a link carrying <script> shows it as text", async () => {
  const evil = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';
  const rule = `rules:\n  - id: x\n    pattern: print(...)\n    message: "${evil.replaceAll('"', "'")}"\n    languages: [python]\n    severity: WARNING\n`;
  const code = `print("${evil.replaceAll('"', "'")}")\n# ${evil}\n`;
  const app = await fresh({ hash: shareFragment(rule, code) });
  const { page } = app;
  await sleep(200);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.$$eval("#app script, #app img", (l) => l.length), 0, "no elements made from the link");
  assert.equal(await value(page, "#code-input"), code);
  assert.match(await page.textContent(".code-editor .paint"), /<script>window\.__pwned = 1<\/script>/);
  assert.match(await page.textContent(".findings"), /<script>window\.__pwned = 1<\/script>/);
  await finish(app);
});

test("a damaged or hostile share link is an error message, not a crash", async () => {
  const app = await fresh({ hash: "#s=eJzLSM3JyQcABiwCFQ" + "AAAA" });
  const { page } = app;
  assert.match(await page.textContent("#notice"), /could not be opened/);
  assert.equal(await page.getAttribute("#notice", "role"), "alert");
  assert.match(await value(page, "#code-input"), /app\.run\(debug=True\)/, "the default work is untouched");
  // A zip bomb: 64 MB of zeros.
  await app.navigate(env.server.url + "#s=" + (await import("node:zlib")).deflateSync(Buffer.alloc(64 * 1024 * 1024)).toString("base64url"));
  assert.match(await page.textContent("#notice"), /too large/);
  await finish(app);
});

test("clicking a result moves the editor caret to the hit", async () => {
  const app = await fresh();
  const { page } = app;
  await page.click(".findings .finding:nth-child(2) .finding-head");
  const selection = await page.$eval("#code-input", (el) => [document.activeElement === el, el.value.slice(el.selectionStart, el.selectionEnd)]);
  assert.deepEqual(selection, [true, "app.run(debug=True)"]);
  // The caret on a hit explains it under the editor.
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowLeft");
  assert.match(await page.textContent("#caret-info"), /Line 26.*flask-debug-mode/);
  await finish(app);
});

test("Tab indents; Escape then Tab leaves the editor", async () => {
  const app = await fresh();
  const { page } = app;
  await setValue(page, "#code-input", "x = 1\n");
  await page.focus("#code-input");
  await page.$eval("#code-input", (el) => el.setSelectionRange(0, 0));
  await page.keyboard.press("Tab");
  assert.equal(await value(page, "#code-input"), "    x = 1\n");
  await page.keyboard.press("Control+Z");
  assert.equal(await value(page, "#code-input"), "x = 1\n", "undo works after Tab");
  await page.keyboard.press("Escape");
  await page.keyboard.press("Tab");
  assert.notEqual(await page.evaluate(() => document.activeElement.id), "code-input");
  await finish(app);
});

test("a Python syntax error is underlined and listed; matching goes on elsewhere", async () => {
  const app = await fresh();
  const { page } = app;
  await setValue(page, "#code-input", "app.run(debug=True)\n\ndef broken(:\n    pass\n\n\ndef later():\n    app.run(debug=True)\n");
  assert.ok(await page.$(".code-editor .paint .err"), "underline");
  assert.match(await page.textContent(".pane-results"), /Python syntax errors\s*Line 3/);
  assert.equal(await resultCount(page), 2);
  await finish(app);
});

test("every bundled example opens with its own test code, finds what the native engine finds and passes its annotations", async (t) => {
  const app = await fresh();
  const { page } = app;
  const ids = await page.$$eval("#examples optgroup:first-of-type option", (o) => o.map((x) => x.value));
  assert.ok(ids.length >= 37, `found ${ids.length} examples`);
  for (const id of ids) {
    await page.selectOption("#examples", id);
    await settled(page);
    const rule = await value(page, "#rule-input");
    const code = await value(page, "#code-input");
    assert.match(rule, new RegExp(`id: ${id}\\b`));
    assert.match(code, new RegExp(`ruleid: ${id}`));
    // The page's engine (WebAssembly, in the worker) and the CLI's, on the same text.
    const found = await pageFindings(page);
    assert.ok(found.length > 0, `${id}: no findings`);
    assert.deepEqual(found, nativeFindings(rule, code, id), `${id}: the page and the CLI disagree`);
    const score = (await page.textContent("#results-summary")).replace(/\s+/g, " ");
    const [, held, annotated] = score.match(/(\d+)\/(\d+) annotations hold/) || [];
    assert.ok(annotated && held === annotated, `${id}: ${score}`);
    t.diagnostic(`${id}: ${score}`);
  }
  // Reset returns to the default example and offers the last example back.
  await page.click("#reset");
  assert.match(await value(page, "#rule-input"), /id: flask-debug-mode/);
  assert.ok(await page.$("#restore-backup"));
  await finish(app);
});

test("light and dark themes, and large text", async () => {
  const app = await fresh();
  const { page } = app;
  const before = await page.getAttribute("html", "data-theme");
  await page.click("#theme-toggle");
  const afterToggle = await page.getAttribute("html", "data-theme");
  assert.notEqual(before, afterToggle);
  assert.equal(await page.getAttribute("#theme-toggle", "aria-pressed"), String(afterToggle === "dark"));
  await page.click("#large-text");
  assert.equal(await page.getAttribute("html", "data-size"), "large");
  await finish(app);
});

test("import a rule by file, open a .py file, download the YAML", async () => {
  const app = await fresh();
  const { page } = app;
  const rule = "rules:\n  - id: no-eval\n    pattern: eval(...)\n    message: eval runs arbitrary code\n    languages: [python]\n    severity: ERROR\n";
  await page.setInputFiles('input[type="file"]', { name: "no-eval.yaml", mimeType: "text/yaml", buffer: Buffer.from(rule) });
  await page.waitForFunction(() => document.querySelector("#rule-input").value.includes("no-eval"));
  assert.equal(await value(page, "#rule-input"), rule);
  assert.match(await page.textContent("#notice"), /Imported the rule from no-eval\.yaml/);

  await page.setInputFiles('input[type="file"]', { name: "app.py", mimeType: "text/x-python", buffer: Buffer.from("x = eval(request.args['q'])\n") });
  await page.waitForFunction(() => document.querySelector("#code-input").value.startsWith("x = eval"));
  // The highlights are the scan's, a moment after the code.
  await settled(page);
  assert.deepEqual(await hitTexts(page), ["eval(request.args['q'])"]);

  // Dropping a file anywhere on the page imports it too.
  await page.evaluate(() => {
    const data = new DataTransfer();
    const yaml = "rules:\n  - id: dropped\n    pattern: exec(...)\n    message: m\n    languages: [python]\n    severity: INFO\n";
    data.items.add(new File([yaml], "dropped.yaml", { type: "text/yaml" }));
    const app = document.querySelector(".app");
    app.dispatchEvent(new DragEvent("dragover", { dataTransfer: data, bubbles: true, cancelable: true }));
    app.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
  });
  await page.waitForFunction(() => document.querySelector("#rule-input").value.includes("id: dropped"));
  assert.ok(await page.$("#restore-backup"), "the imported no-eval rule is kept as the backup");
  await page.click("#restore-backup");
  assert.equal(await value(page, "#rule-input"), rule);

  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download-yaml")]);
  assert.equal(download.suggestedFilename(), "no-eval.yaml");
  const saved = await download.path();
  assert.equal((await import("node:fs")).readFileSync(saved, "utf8"), rule);
  await finish(app);
});

test("hovering a hit shows its message and bindings", async () => {
  const app = await fresh();
  const { page } = app;
  const box = await page.$eval(".code-editor .paint .hit", (el) => {
    const r = el.getBoundingClientRect();
    return { x: r.left + 8, y: r.top + r.height / 2 };
  });
  await page.mouse.move(box.x, box.y);
  await page.waitForSelector(".tooltip");
  const tip = await page.textContent(".tooltip");
  assert.match(tip, /Line 16/);
  assert.match(tip, /flask-debug-mode/);
  assert.match(tip, /\$APP\s*=\s*app/);
  await page.mouse.move(5, 5);
  await page.waitForSelector(".tooltip", { state: "detached" });
  await finish(app);
});

test("every control is reachable with the keyboard", async () => {
  const app = await fresh();
  const { page } = app;
  const seen = [];
  await page.focus("body");
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press("Tab");
    const id = await page.evaluate(() => document.activeElement.id || document.activeElement.className);
    seen.push(id);
    if (id === "rule-input" || id === "code-input") {
      await page.keyboard.press("Escape"); // the next Tab leaves the editor
    }
  }
  for (const id of ["examples", "copy-link", "copy-yaml", "download-yaml", "import-yaml", "reset", "theme-toggle", "tab-yaml", "rule-input", "code-input", "finding-head"]) {
    assert.ok(seen.includes(id), `${id} reachable by Tab (saw ${seen.join(", ")})`);
  }
  // Arrow keys switch the rule tabs.
  await page.focus("#tab-yaml");
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.evaluate(() => document.activeElement.id), "tab-simple");
  assert.equal(await page.getAttribute("#tab-simple", "aria-selected"), "true");
  await finish(app);
});

test("pathological code and rules end as results or errors, never a dead page", async (t) => {
  const app = await fresh();
  const { page } = app;
  const cases = {
    "3,000 nested parentheses": "x = " + "(".repeat(3000) + "1" + ")".repeat(3000) + "\n",
    "a 300 kB line": "x = '" + "a".repeat(300000) + "'\n",
    "10,000 lines": "app.run(debug=True)\n".repeat(10000),
    "200 nested blocks": Array.from({ length: 200 }, (_, i) => " ".repeat(i) + "if x:\n").join("") + " ".repeat(200) + "app.run(debug=True)\n",
    "an unclosed bracket over 5,000 lines": "x = (\n" + "a,\n".repeat(5000),
  };
  for (const [name, code] of Object.entries(cases)) {
    const started = Date.now();
    await setValue(page, "#code-input", code);
    t.diagnostic(`${name}: ${(await page.textContent("#results-summary")).replace(/\s+/g, " ")} (${Date.now() - started} ms)`);
  }
  const rules = {
    "a YAML alias bomb": "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\nrules: *f\n",
    "5,000 nested YAML lists": "rules:\n" + "[".repeat(5000) + "]".repeat(5000) + "\n",
    "a pattern nested 3,000 deep": "rules:\n  - id: x\n    pattern: f(" + "(".repeat(3000) + "$X" + ")".repeat(3000) + ")\n    message: m\n    languages: [python]\n    severity: WARNING\n",
    "a pattern matching every expression": "rules:\n  - id: x\n    pattern: $X\n    message: m\n    languages: [python]\n    severity: WARNING\n",
  };
  await setValue(page, "#code-input", "app.run(debug=True)\n".repeat(500));
  for (const [name, yaml] of Object.entries(rules)) {
    await setValue(page, "#rule-input", yaml);
    t.diagnostic(`${name}: ${(await page.textContent(".rule-status p")).trim()} / ${(await page.textContent("#results-summary")).replace(/\s+/g, " ")}`);
  }
  // Still alive: a normal edit still updates the results.
  await page.click("#reset");
  assert.equal(await resultCount(page), 2);
  assert.equal(await page.$eval("#fatal", (e) => e.hidden), true, "no crash panel");
  await finish(app);
});

test("a 20,000-term expression does not crash the matcher", async () => {
  const app = await fresh();
  const { page } = app;
  await setValue(page, "#code-input", "x = " + Array.from({ length: 20000 }, () => "a").join(" + ") + "\napp.run(debug=True)\n");
  await sleep(200);
  assert.equal(await page.$eval("#fatal", (e) => e.hidden), true, "no crash panel");
  assert.equal(await resultCount(page), 1);
  await finish(app);
});

test("simple mode and YAML keep the same rule when switching back and forth", async () => {
  const app = await fresh();
  const { page } = app;
  await setValue(page, "#code-input", 'import os\n\ndef handler(cmd):\n    os.system(cmd)\n    os.system("ls")\n\nos.system(top)\n');
  await page.click("#tab-simple");
  await page.fill("#simple-pattern", "os.system($CMD)");
  await page.click("text=+ pattern-inside");
  await page.fill("#simple-inside-0", "def $F(...):\n    ...");
  await page.click("text=+ pattern-not");
  await page.fill("#simple-not-0", 'os.system("ls")');
  await page.fill("#simple-message", 'Shell command from "$CMD": use subprocess.run([...]) # no shell');
  await page.fill("#simple-id", "os-system-in-function");
  await page.selectOption("#simple-severity", "ERROR");
  await settled(page);
  assert.deepEqual(await hitTexts(page), ["os.system(cmd)"]);

  await page.click("#tab-yaml");
  const yaml = await value(page, "#rule-input");
  assert.match(yaml, /id: os-system-in-function/);
  assert.match(yaml, /severity: ERROR/);
  assert.match(yaml, /pattern-inside: \|-?\n\s+def \$F\(\.\.\.\):\n\s+\.\.\./);
  assert.deepEqual(await hitTexts(page), ["os.system(cmd)"]);

  // Back to simple mode: every field as it was.
  await page.click("#tab-simple");
  assert.equal(await value(page, "#simple-pattern"), "os.system($CMD)");
  assert.equal(await value(page, "#simple-inside-0"), "def $F(...):\n    ...");
  assert.equal(await value(page, "#simple-not-0"), 'os.system("ls")');
  assert.equal(await value(page, "#simple-message"), 'Shell command from "$CMD": use subprocess.run([...]) # no shell');
  assert.equal(await value(page, "#simple-id"), "os-system-in-function");
  assert.equal(await page.$eval("#simple-severity", (el) => el.value), "ERROR");

  // Removing the pattern-not row brings its hit back.
  await page.click('button[aria-label="Remove pattern-not 1"]');
  await settled(page);
  assert.deepEqual(await hitTexts(page), ["os.system(cmd)", 'os.system("ls")']);
  await finish(app);
});

test("a rule simple mode cannot show says so, and starting a simple rule keeps the old one", async () => {
  const app = await fresh();
  const { page } = app;
  await page.selectOption("#examples", "flask-debug-mode");
  const complex = await value(page, "#rule-input");
  await page.click("#tab-simple");
  assert.match(await page.textContent(".simple-unavailable"), /more than simple mode can show/);
  await page.click("#start-simple");
  assert.ok(await page.$("#simple-pattern"));
  await page.click("#restore-backup");
  await page.click("#tab-yaml");
  assert.equal(await value(page, "#rule-input"), complex);
  await finish(app);
});

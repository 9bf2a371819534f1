// Taint findings drawn as a path in the code editor: source, steps and sink
// marked in the gutter (numbered, joined by a rail) and on the code, clickable.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useBrowser, newContext, openApp, setValue, settled } from "./harness.mjs";

const env = useBrowser();

const CODE = [
  "import sqlite3",
  "from flask import request",
  "",
  "def search():",
  '    name = request.args.get("name")',
  "    query = \"SELECT * FROM items WHERE name = '\" + name + \"'\"",
  '    db = sqlite3.connect("app.db")',
  "    return db.execute(query).fetchall()",
  "",
].join("\n");

/** [line, role, label] of every path mark in the gutter. */
const marks = (page) =>
  page.$$eval(".code-editor .gl-mark", (list) =>
    list.map((m) => [Number(m.closest(".gl").dataset.line), m.classList[1], m.textContent]),
  );

/** 1-based line of the caret, and whether the editor has focus. */
const caret = (page) =>
  page.$eval("#code-input", (el) => [el.value.slice(0, el.selectionStart).split("\n").length, document.activeElement === el]);

test("a taint finding's path is drawn in the code pane and each mark moves the caret", async () => {
  const context = await newContext(env.browser);
  const app = await openApp(context, env.server.url);
  const { page } = app;
  await page.selectOption("#examples", "flask-sql-string-building");
  await settled(page);
  await setValue(page, "#code-input", CODE);
  assert.equal(await page.$$eval(".findings .finding", (l) => l.length), 1);
  // The results pane lists the same path the editor will draw.
  const listed = await page.$$eval(".findings .trace-step .link", (l) => l.map((b) => b.textContent));
  assert.deepEqual(listed, ["source · line 5", "through · line 5", "through · line 6", "sink · line 8"]);
  assert.equal((await marks(page)).length, 0, "no path until a taint finding is selected");

  // Selecting the finding (here from the results pane) draws its path.
  await page.click(".findings .finding .finding-head");
  assert.deepEqual(await marks(page), [
    [5, "source", "1+"], // the source and the assignment that takes it share a line
    [6, "step", "3"],
    [8, "sink", "4"],
  ]);
  const rails = await page.$$eval(".code-editor .gl-path[class*=rail]", (l) => l.map((p) => [Number(p.closest(".gl").dataset.line), p.classList[1]]));
  assert.deepEqual(rails, [
    [5, "rail-start"],
    [6, "rail-mid"],
    [7, "rail-mid"],
    [8, "rail-end"],
  ]);
  // The steps' text is painted, and every mark says what it is.
  const painted = (role) => page.$$eval(`.code-editor .paint .tr-${role}`, (l) => l.map((s) => s.textContent).join(""));
  assert.match(await painted("source"), /^request\.args/);
  assert.match(await painted("sink"), /query/);
  assert.match(await page.getAttribute(".code-editor .gl-mark.source", "title"), /^Step 1 of 4, source, line 5: .*request\.args.*\nStep 2 of 4, through, line 5: /);
  assert.match(await page.getAttribute(".code-editor .gl-mark.sink", "title"), /^Step 4 of 4, sink, line 8: /);
  const buttons = await page.$$eval("#caret-info .path-list button", (l) => l.map((b) => b.getAttribute("aria-label")));
  assert.equal(buttons.length, 4);
  assert.match(buttons[0], /^Step 1 of 4, source, line 5: .*Move the caret there/);

  // Clicking a gutter mark moves the caret to that step; the path stays.
  await page.click(".code-editor .gl-mark.source");
  assert.deepEqual(await caret(page), [5, true]);
  assert.match(await page.$eval("#code-input", (el) => el.value.slice(el.selectionStart, el.selectionEnd)), /request\.args/);
  assert.equal((await marks(page)).length, 3, "walking along the path keeps it");
  await page.click(".code-editor .gl-mark.step");
  assert.deepEqual(await caret(page), [6, true]);
  // And from the keyboard: the list under the editor.
  await page.focus("#caret-info .path-list li:last-child button");
  await page.keyboard.press("Enter");
  assert.deepEqual(await caret(page), [8, true]);

  // Legible in the dark theme and with large text: the marks keep a size and contrast.
  for (const control of ["#theme-toggle", "#large-text"]) {
    await page.click(control);
    await page.click(".findings .finding .finding-head");
    const look = await page.$eval(".code-editor .gl-mark.source", (m) => {
      const s = getComputedStyle(m);
      const r = m.getBoundingClientRect();
      return { w: r.width, h: r.height, fg: s.color, bg: s.backgroundColor };
    });
    assert.ok(look.w > 8 && look.h > 8, `${control}: mark has a size ${JSON.stringify(look)}`);
    assert.notEqual(look.fg, look.bg, `${control}: number differs from its badge`);
  }

  // Moving the caret off the path hides it.
  await page.evaluate(() => {
    const el = document.querySelector("#code-input");
    el.setSelectionRange(0, 0);
  });
  await page.keyboard.press("ArrowRight");
  assert.equal((await marks(page)).length, 0);

  assert.deepEqual(app.errors, [], "console errors");
  assert.deepEqual(app.requests, [], "network requests after load");
  await context.close();
});

// Where the time goes from a keystroke to the Inspect tree (the bench's
// "keystroke→Inspect tree"): the pack on the 1,000-line file, the panel open;
// per keystroke, times from the keydown: the job handed to the worker ("out"),
// each message back ("in": its head; the scan's and the explanation's own
// milliseconds are in them), how long the page's handler took ("handled"),
// the paint's repaints and the tree's answer on screen ("answer").
//
//   node tests/e2e/probe-inspect.mjs [KEYSTROKES]   (on a built dist/)
import { flaskFile } from "./flaskfile.mjs";
import { startServer, launch, newContext, openApp, setValue } from "./harness.mjs";
const rounds = Number(process.argv[2] || 15);
const server = await startServer();
const browser = await launch();
const context = await newContext(browser);
await context.addInitScript(() => {
  window.__log = [];
  const W = window.Worker;
  window.Worker = function (...a) {
    const w = new W(...a);
    const post = w.postMessage.bind(w);
    w.postMessage = (m, ...r) => { try { if (Array.isArray(m)) window.__log.push({ t: performance.now(), dir: "out", head: m[0].slice(0, 200) }); } catch {} return post(m, ...r); };
    Object.defineProperty(w, "onmessage", { set(fn) { w.addEventListener("message", (e) => { const t = performance.now(); fn(e); window.__log.push({ t: performance.now(), dir: "handled", head: (performance.now() - t).toFixed(1) + " ms in handler" }); }); } });
    w.addEventListener("message", (e) => {
      const d = e.data;
      if (Array.isArray(d)) {
        let extra = "";
        try { if (d[0].includes("explained")) { const x = JSON.parse(d[1]); extra = " explain.millis=" + x.millis.toFixed(1) + " len=" + d[1].length; } } catch {}
        window.__log.push({ t: performance.now(), dir: "in", head: d[0].slice(0, 120) + extra });
      }
    });
    return w;
  };
});
const { page } = await openApp(context, server.url);
await setValue(page, "#code-input", flaskFile(1000));
await page.selectOption("#examples", "__pack");
await page.waitForFunction(() => /\d+ match/.test(document.querySelector("#results-summary").textContent));
await page.click("#explain-tab-inspect");
await page.waitForSelector("#inspect-tree");
await page.evaluate(() => {
  const textarea = document.querySelector("#code-input");
  textarea.addEventListener("keydown", () => window.__log.push({ t: performance.now(), dir: "key" }), { capture: true });
  new MutationObserver(() => window.__log.push({ t: performance.now(), dir: "answer" })).observe(document.querySelector("#explain-body"), { attributes: true, attributeFilter: ["data-answer"] });
  new MutationObserver(() => window.__log.push({ t: performance.now(), dir: "paint" })).observe(document.querySelector(".code-editor .paint"), { subtree: true, childList: true, characterData: true });
  const lines = textarea.value.split("\n");
  const upto = lines.slice(0, 500).join("\n").length;
  textarea.setSelectionRange(upto, upto);
});
await page.focus("#code-input");
for (let i = 0; i < rounds + 4; i++) {
  // The first keystrokes warm up.
  if (i === 4) await page.evaluate(() => (window.__log.length = 0));
  const before = await page.evaluate(() => window.__log.filter((e) => e.dir === "answer").length);
  await page.keyboard.press(i % 2 === 0 ? "x" : "Backspace");
  if (i >= 4) await page.waitForFunction((c) => window.__log.filter((e) => e.dir === "answer").length > c, before);
  await page.waitForTimeout(150);
}
const log = await page.evaluate(() => window.__log);
let t0 = 0;
for (const e of log) {
  if (e.dir === "key") { t0 = e.t; console.log("---"); }
  if (e.dir === "paint" && log[log.indexOf(e) - 1]?.dir === "paint") continue;
  console.log((e.t - t0).toFixed(1).padStart(7), e.dir, e.head ?? "");
}
await browser.close();
await server.close();

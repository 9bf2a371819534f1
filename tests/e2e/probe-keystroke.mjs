// Where the time goes from a keystroke to the scan's highlights (the bench's
// "keystroke→scan hits in DOM, 1 rule"): the default rule on the 1,000-line
// file, the Inspect panel closed; per keystroke, times from the keydown: the
// paint's first change ("recolour"), the job handed to the worker ("out"), each
// message back ("in", with the worker's own scan milliseconds), the worker's
// own clock ("worker took" the job, "worker posted" each answer: a served
// scan-worker.js wraps its messages), the page's handler ("handled"), the
// frames ("frame (rAF)", "after frame": the browser's style, layout and paint
// in between) and the paint showing the keystroke's scan ("scan").
//
//   node tests/e2e/probe-keystroke.mjs [KEYSTROKES]   (on a built dist/)
import { flaskFile } from "./flaskfile.mjs";
import { startServer, launch, newContext, openApp, setValue, DIST } from "./harness.mjs";
const rounds = Number(process.argv[2] || 15);
const server = await startServer();
const browser = await launch();
const context = await newContext(browser);
// The worker's own clock: when it took each job and posted each answer
// (absolute times, appended to its messages; the page reads only parts 0 and 1).
const workerScript = (await import("node:fs")).readFileSync(DIST + "/scan-worker.js", "utf8");
await context.route(/scan-worker\.js$/, (route) => route.fulfill({ contentType: "text/javascript", body: `
let current = null, took = 0;
self.addEventListener("message", (e) => { took = performance.timeOrigin + performance.now(); if (current) current(e); });
Object.defineProperty(self, "onmessage", { set(fn) { current = fn; }, get() { return current; } });
const post = self.postMessage.bind(self);
self.postMessage = (m, ...r) => { if (Array.isArray(m) && m.length === 2) m.push(String(took), String(performance.timeOrigin + performance.now())); return post(m, ...r); };
` + workerScript }));
await context.addInitScript(() => {
  window.__log = [];
  const W = window.Worker;
  window.Worker = function (...a) {
    const w = new W(...a);
    const post = w.postMessage.bind(w);
    w.postMessage = (m, ...r) => { try { if (Array.isArray(m)) window.__log.push({ t: performance.now(), dir: "out", head: m[0].slice(0, 80) }); } catch {} return post(m, ...r); };
    Object.defineProperty(w, "onmessage", { set(fn) { w.addEventListener("message", (e) => { const t = performance.now(); fn(e); window.__log.push({ t: performance.now(), dir: "handled", head: (performance.now() - t).toFixed(1) + " ms in handler" }); }); } });
    w.addEventListener("message", (e) => {
      const d = e.data;
      if (!Array.isArray(d)) return;
      if (d.length === 4) { window.__log.push({ t: Number(d[2]) - performance.timeOrigin, dir: "worker took", head: "" }); window.__log.push({ t: Number(d[3]) - performance.timeOrigin, dir: "worker posted", head: "" }); }
      window.__log.push({ t: performance.now(), dir: "in", head: d[0].slice(0, 100) + " len=" + (d[1] || "").length });
    });
    return w;
  };
});
const { page } = await openApp(context, server.url);
await setValue(page, "#code-input", flaskFile(1000));
await page.evaluate(() => {
  const textarea = document.querySelector("#code-input");
  const paint = document.querySelector(".code-editor .paint");
  textarea.addEventListener("keydown", () => {
    window.__log.push({ t: performance.now(), dir: "key" });
    // The frames after the keystroke: rAF callbacks, and a task right after each frame.
    const frame = (n) => requestAnimationFrame(() => {
      window.__log.push({ t: performance.now(), dir: "frame (rAF)" });
      setTimeout(() => window.__log.push({ t: performance.now(), dir: "after frame" }), 0);
      if (n > 1) frame(n - 1);
    });
    frame(3);
  }, { capture: true });
  window.addEventListener("input", () => window.__log.push({ t: performance.now(), dir: "input" }), { capture: true });
  window.addEventListener("keydown", () => window.__log.push({ t: performance.now(), dir: "keydown (window)" }), { capture: true });
  new MutationObserver((records) => {
    const attr = records.some((r) => r.type === "attributes" && r.target === paint);
    window.__log.push({ t: performance.now(), dir: attr ? "scan" : "paint", head: attr ? paint.getAttribute("data-scan") : "" });
  }).observe(paint, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["data-scan"] });
  const lines = textarea.value.split("\n");
  const upto = lines.slice(0, 500).join("\n").length;
  textarea.setSelectionRange(upto, upto);
});
await page.focus("#code-input");
for (let i = 0; i < rounds + 4; i++) {
  if (i === 4) await page.evaluate(() => (window.__log.length = 0));
  const before = await page.evaluate(() => window.__log.filter((e) => e.dir === "scan").length);
  await page.keyboard.press(i % 2 === 0 ? "x" : "Backspace");
  await page.waitForFunction((c) => window.__log.filter((e) => e.dir === "scan").length > c, before);
  await page.waitForTimeout(150);
}
const log = await page.evaluate(() => window.__log.sort((a, b) => a.t - b.t));
let t0 = 0;
const scans = [];
for (const e of log) {
  if (e.dir === "key") { t0 = e.t; console.log("---"); }
  if (e.dir === "paint" && log[log.indexOf(e) - 1]?.dir === "paint") continue;
  if (e.dir === "scan") scans.push(e.t - t0);
  console.log((e.t - t0).toFixed(1).padStart(7), e.dir, e.head ?? "");
}
scans.sort((a, b) => a - b);
console.log("median key→scan", scans[Math.floor(scans.length / 2)]?.toFixed(1));
await browser.close();
await server.close();

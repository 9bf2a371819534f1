// Where the time goes from a keystroke to what the benchmark waits for: the
// scan's highlights ("keystroke→scan hits in DOM, 1 rule": the default rule,
// Inspect closed) or, with --inspect, the Inspect tree ("keystroke→Inspect
// tree": the pack, the panel open). On the 1,000-line file, per keystroke,
// times from the keydown: the paint's changes ("paint"; "scan" when it shows
// the keystroke's scan, with its data-scan), the job handed to the worker
// ("out"), each message back ("in": its head, length, and an explanation's own
// milliseconds), the worker's own clock ("worker took" the job, "worker posted"
// each answer: a served scan-worker.js wraps its messages), the page's handler
// ("handled"), the frames ("frame (rAF)", "after frame": the browser's style,
// layout and paint in between) and the tree's answer on screen ("answer").
//
//   node tests/e2e/probe-latency.mjs [--inspect] [KEYSTROKES]   (on a built dist/)
import { readFileSync } from "node:fs";
import { flaskFile } from "./flaskfile.mjs";
import { startServer, launch, newContext, openApp, setValue, DIST } from "./harness.mjs";
const args = process.argv.slice(2);
const inspect = args.includes("--inspect");
const rounds = Number(args.find((a) => /^\d+$/.test(a)) || 15);
const awaited = inspect ? "answer" : "scan";
const server = await startServer();
const browser = await launch();
const context = await newContext(browser);
// The worker's own clock: when it took each job and posted each answer
// (absolute times, appended to its messages; the page reads only parts 0 and 1).
const workerScript = readFileSync(DIST + "/scan-worker.js", "utf8");
await context.route(/scan-worker\.js$/, (route) => route.fulfill({ contentType: "text/javascript", body: `
let current = null, took = 0;
self.addEventListener("message", (e) => { took = performance.timeOrigin + performance.now(); if (current) current(e); });
Object.defineProperty(self, "onmessage", { set(fn) { current = fn; }, get() { return current; } });
const post = self.postMessage.bind(self);
self.postMessage = (m, ...r) => { if (Array.isArray(m) && m.length === 2) m.push(String(took), String(performance.timeOrigin + performance.now())); return post(m, ...r); };
` + workerScript }));
await context.addInitScript(() => {
  window.__log = [];
  const log = (dir, head = "", t = performance.now()) => window.__log.push({ t, dir, head });
  const W = window.Worker;
  window.Worker = function (...a) {
    const w = new W(...a);
    const post = w.postMessage.bind(w);
    w.postMessage = (m, ...r) => { try { if (Array.isArray(m)) log("out", m[0].slice(0, 120)); } catch {} return post(m, ...r); };
    Object.defineProperty(w, "onmessage", { set(fn) { w.addEventListener("message", (e) => { const t = performance.now(); fn(e); log("handled", (performance.now() - t).toFixed(1) + " ms in handler"); }); } });
    w.addEventListener("message", (e) => {
      const d = e.data;
      if (!Array.isArray(d)) return;
      if (d.length === 4) {
        log("worker took", "", Number(d[2]) - performance.timeOrigin);
        log("worker posted", "", Number(d[3]) - performance.timeOrigin);
      }
      let extra = "";
      try { if (d[0].includes("explained")) extra = " explain.millis=" + JSON.parse(d[1]).millis.toFixed(1); } catch {}
      log("in", d[0].slice(0, 120) + " len=" + (d[1] || "").length + extra);
    });
    return w;
  };
});
const { page } = await openApp(context, server.url);
await setValue(page, "#code-input", flaskFile(1000));
if (inspect) {
  await page.selectOption("#examples", "__pack");
  await page.waitForFunction(() => /\d+ match/.test(document.querySelector("#results-summary").textContent));
  await page.click("#explain-tab-inspect");
  await page.waitForSelector("#inspect-tree");
}
await page.evaluate((inspect) => {
  const log = (dir, head = "") => window.__log.push({ t: performance.now(), dir, head });
  const textarea = document.querySelector("#code-input");
  const paint = document.querySelector(".code-editor .paint");
  textarea.addEventListener("keydown", () => {
    log("key");
    // The frames after the keystroke: rAF callbacks, and a task right after each frame.
    const frame = (n) => requestAnimationFrame(() => {
      log("frame (rAF)");
      setTimeout(() => log("after frame"), 0);
      if (n > 1) frame(n - 1);
    });
    frame(3);
  }, { capture: true });
  window.addEventListener("input", () => log("input"), { capture: true });
  new MutationObserver((records) => {
    const scan = records.some((r) => r.type === "attributes" && r.target === paint);
    log(scan ? "scan" : "paint", scan ? paint.getAttribute("data-scan") : "");
  }).observe(paint, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["data-scan"] });
  if (inspect) {
    new MutationObserver(() => log("answer")).observe(document.querySelector("#explain-body"), { attributes: true, attributeFilter: ["data-answer"] });
  }
  const lines = textarea.value.split("\n");
  const upto = lines.slice(0, 500).join("\n").length;
  textarea.setSelectionRange(upto, upto);
}, inspect);
await page.focus("#code-input");
for (let i = 0; i < rounds + 4; i++) {
  // The first keystrokes warm up.
  if (i === 4) await page.evaluate(() => (window.__log.length = 0));
  const before = await page.evaluate((dir) => window.__log.filter((e) => e.dir === dir).length, awaited);
  await page.keyboard.press(i % 2 === 0 ? "x" : "Backspace");
  await page.waitForFunction(([dir, c]) => window.__log.filter((e) => e.dir === dir).length > c, [awaited, before]);
  await page.waitForTimeout(150);
}
const log = await page.evaluate(() => window.__log.sort((a, b) => a.t - b.t));
let t0 = 0;
let seen = false;
const times = [];
for (const [i, e] of log.entries()) {
  if (e.dir === "key") { t0 = e.t; seen = false; console.log("---"); }
  if (e.dir === "paint" && log[i - 1]?.dir === "paint") continue;
  if (e.dir === awaited && !seen) { times.push(e.t - t0); seen = true; }
  console.log((e.t - t0).toFixed(1).padStart(7), e.dir, e.head ?? "");
}
times.sort((a, b) => a - b);
console.log(`median key→${awaited}`, times[Math.floor(times.length / 2)]?.toFixed(1), "ms");
await browser.close();
await server.close();

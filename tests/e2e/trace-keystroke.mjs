// The browser's own time per keystroke (1,000-line file, 1 rule, panel closed),
// from a Chromium trace (devtools.timeline): typing into the textarea, event
// handlers, posted messages, style, layout, paint.
//
//   node tests/e2e/trace-keystroke.mjs [KEYSTROKES]
//     the top 25 trace events by time, per keystroke (default 6 keystrokes);
//   node tests/e2e/trace-keystroke.mjs --timeline [KEYSTROKES]
//     each keystroke's main-thread (M) and worker (W) tasks from its keydown on,
//     with their largest children, in order (default 3 keystrokes).
// On a built dist/ (FLASKLIGHT_DIST=... for another). CSS=... rules (separated
// by @@) are added to the page's style sheet first, to try a change without a build.
import { flaskFile } from "./flaskfile.mjs";
import { startServer, launch, newContext, openApp, setValue } from "./harness.mjs";
const timeline = process.argv.includes("--timeline");
const count = process.argv.slice(2).find((a) => /^\d+$/.test(a));
const n = Number(count || (timeline ? 3 : 6));
const server = await startServer();
const browser = await launch();
const context = await newContext(browser);
const { page } = await openApp(context, server.url);
await setValue(page, "#code-input", flaskFile(1000));
if (process.env.CSS) await page.evaluate((css) => { const sheet = [...document.styleSheets].find((s) => { try { return s.cssRules; } catch { return false; } }); for (const r of css.split("@@")) sheet.insertRule(r, sheet.cssRules.length); }, process.env.CSS);
await page.evaluate(() => { const t = document.querySelector("#code-input"); const u = t.value.split("\n").slice(0, 500).join("\n").length; t.setSelectionRange(u, u); });
await page.focus("#code-input");
for (let i = 0; i < 4; i++) { await page.keyboard.press(i % 2 ? "Backspace" : "x"); await page.waitForTimeout(200); }
const cdp = await context.newCDPSession(page);
const events = [];
cdp.on("Tracing.dataCollected", (e) => events.push(...e.value));
const done = new Promise((r) => cdp.on("Tracing.tracingComplete", r));
const categories = "devtools.timeline,blink" + (timeline ? ",disabled-by-default-devtools.timeline" : "");
await cdp.send("Tracing.start", { categories, transferMode: "ReportEvents" });
for (let i = 0; i < n; i++) { await page.keyboard.press(i % 2 ? "Backspace" : "x"); await page.waitForTimeout(timeline ? 250 : 200); }
await cdp.send("Tracing.end");
await done;
if (timeline) printTimeline(); else printSums();
await browser.close(); await server.close();

function printSums() {
  const sums = {};
  for (const e of events) if (e.ph === "X" && e.dur) sums[e.name] = (sums[e.name] || 0) + e.dur / 1000;
  console.log(Object.entries(sums).sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${(v / n).toFixed(2)} ms/keystroke ${k}`).join("\n"));
}

function printTimeline() {
  const threads = {};
  for (const e of events) if (e.ph === "M" && e.name === "thread_name") threads[`${e.pid}:${e.tid}`] = e.args.name;
  const keys = events.filter((e) => e.ph === "X" && e.name === "EventDispatch" && e.args?.data?.type === "keydown").map((e) => e.ts).sort((a, b) => a - b);
  const interesting = events.filter((e) => e.ph === "X" && e.dur > 300 && /CrRendererMain|DedicatedWorker/.test(threads[`${e.pid}:${e.tid}`] || ""));
  for (const [k, t0] of keys.entries()) {
    const t1 = keys[k + 1] ?? Infinity;
    console.log("--- keystroke", k);
    const mine = interesting.filter((e) => e.ts >= t0 - 1000 && e.ts < Math.min(t1, t0 + 120000)).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    // Nesting by containment.
    const stack = [];
    for (const e of mine) {
      while (stack.length && (stack.at(-1).ts + stack.at(-1).dur <= e.ts || stack.at(-1).tid !== e.tid)) stack.pop();
      const depth = stack.length;
      if (depth <= 3) {
        const th = (threads[`${e.pid}:${e.tid}`] || "").startsWith("Dedicated") ? "W" : "M";
        const extra = e.args?.data?.type ? ` (${e.args.data.type})` : "";
        console.log(`${th} ${((e.ts - t0) / 1000).toFixed(1).padStart(6)} +${(e.dur / 1000).toFixed(1).padStart(5)} ${"  ".repeat(depth)}${e.name}${extra}`);
      }
      stack.push(e);
    }
  }
}

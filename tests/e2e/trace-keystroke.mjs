// The browser's own time per keystroke (1,000-line file, 1 rule, panel closed),
// from a Chromium trace (devtools.timeline): typing into the textarea, event
// handlers, posted messages, style, layout, paint; the top 25, per keystroke.
//
//   node tests/e2e/trace-keystroke.mjs   (on a built dist/; FLASKLIGHT_DIST=... for another)
import { flaskFile } from "./flaskfile.mjs";
import { startServer, launch, newContext, openApp, setValue } from "./harness.mjs";
const server = await startServer();
const browser = await launch();
const context = await newContext(browser);
const { page } = await openApp(context, server.url);
await setValue(page, "#code-input", flaskFile(1000));
await page.evaluate(() => { const t = document.querySelector("#code-input"); const u = t.value.split("\n").slice(0, 500).join("\n").length; t.setSelectionRange(u, u); });
await page.focus("#code-input");
for (let i = 0; i < 4; i++) { await page.keyboard.press(i % 2 ? "Backspace" : "x"); await page.waitForTimeout(200); }
const cdp = await context.newCDPSession(page);
const events = [];
cdp.on("Tracing.dataCollected", (e) => events.push(...e.value));
const done = new Promise((r) => cdp.on("Tracing.tracingComplete", r));
await cdp.send("Tracing.start", { categories: "devtools.timeline,blink", transferMode: "ReportEvents" });
for (let i = 0; i < 6; i++) { await page.keyboard.press(i % 2 ? "Backspace" : "x"); await page.waitForTimeout(200); }
await cdp.send("Tracing.end");
await done;
const sums = {};
for (const e of events) if (e.ph === "X" && e.dur) { const k = e.name; sums[k] = (sums[k] || 0) + e.dur / 1000; }
console.log(Object.entries(sums).sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${(v / 6).toFixed(2)} ms/keystroke ${k}`).join("\n"));
await browser.close(); await server.close();

// The app's engine in WebAssembly, without the page: Node loads a built dist/
// and calls the scan worker's message handler (src/app/worker.rs) directly, so
// the numbers are the worker's own, with no page, paint or browser scheduling.
//
//   node scripts/engine-bench.mjs [--lines N] [--iter N] [--precise] DIST [DIST_B]
//
// Each round scans a whole new N-line Flask file (tests/e2e/flaskfile.mjs)
// with the bundled pack, as a pasted file would be. With two builds, the
// rounds alternate between them and the paired ratio B/A is printed: on a
// shared VM the CPU's speed drifts by up to 2x over seconds, which swamps a
// difference between two builds measured one after the other.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const value = Number(args[i + 1]);
  args.splice(i, 2);
  return value;
};
const lines = option("--lines", 1000);
const rounds = option("--iter", 60);
const dists = args.length ? args : [path.join(root, "dist")];

// The worker answers through the global postMessage; it answers synchronously.
// Its messages are arrays of strings, `[head, report?]` (src/protocol.rs).
let inbox = null;
const head = (message) => JSON.parse(message[0]);
const precise = args.includes("--precise");
if (precise) args.splice(args.indexOf("--precise"), 1);
globalThis.postMessage = (message) => inbox?.(message);
const handlers = [];
for (const dist of dists) {
  // A module instance per build: import each from its own path.
  const glue = await import(path.resolve(dist, "flasklight-app.js"));
  let ready;
  const started = new Promise((resolve) => (ready = resolve));
  inbox = (message) => head(message).kind === "ready" && ready();
  const wasm = new WebAssembly.Module(fs.readFileSync(path.resolve(dist, "flasklight-app_bg.wasm")));
  await glue.default({ module_or_path: wasm });
  await started;
  handlers.push(globalThis.onmessage);
}

// The pack as the app's "Run every bundled rule" sends it (bundled::pack_yaml).
let rules = "rules:\n";
for (const file of fs.readdirSync(path.join(root, "rules/flask")).filter((f) => f.endsWith(".yaml")).sort()) {
  const text = fs.readFileSync(path.join(root, "rules/flask", file), "utf8").split("\n");
  rules += text.slice(text.findIndex((l) => l.trimStart().startsWith("rules:")) + 1).join("\n") + "\n";
}
const { flaskFile } = await import(path.join(root, "tests/e2e/flaskfile.mjs"));

const WARMUP = 6;
const wall = handlers.map(() => []);
const engine = handlers.map(() => []);
const ratios = [];
const findings = [];
for (let round = 0; round < rounds + WARMUP; round++) {
  const code = flaskFile(lines).replaceAll("item", `thing${round}`);
  const order = round % 2 ? [...handlers.keys()].reverse() : [...handlers.keys()];
  const took = [];
  for (const k of order) {
    let answer = null;
    inbox = (message) => (answer = message);
    const start = performance.now();
    // A job as the page sends it (`ToWorker::Scan`); the rules only when they change.
    const job = JSON.stringify({ kind: "scan", seq: round, rules: round < 2 ? rules : null, precise });
    handlers[k]({ data: [job, code] });
    took[k] = performance.now() - start;
    const done = answer && head(answer);
    if (done?.kind !== "done") throw new Error(`build ${k}: ${done?.message ?? "no answer"}`);
    if (round === 0) findings[k] = JSON.parse(answer[1]).findings.length;
    if (round >= WARMUP) engine[k].push(done.millis);
  }
  if (round < WARMUP) continue;
  took.forEach((t, k) => wall[k].push(t));
  if (handlers.length === 2) ratios.push(took[1] / took[0]);
}

const sorted = (a) => [...a].sort((x, y) => x - y);
const median = (a) => sorted(a)[a.length >> 1];
const p90 = (a) => sorted(a)[Math.floor(a.length * 0.9)];
console.log(`${lines} lines, the pack, ${rounds} rounds (+${WARMUP} warm-up), new file each round`);
dists.forEach((dist, k) => {
  const ms = (x) => `${x.toFixed(1)} ms`;
  console.log(
    `${dist}: handler median ${ms(median(wall[k]))} (min ${ms(Math.min(...wall[k]))}, p90 ${ms(p90(wall[k]))}); ` +
      `engine as the page shows it median ${ms(median(engine[k]))}; ${findings[k]} findings`,
  );
});
if (ratios.length) console.log(`paired B/A median ${median(ratios).toFixed(3)} (below 1: B is faster)`);

// Shared plumbing for the browser tests and the benchmark: a static server for
// dist/, the system Chromium (never a downloaded one), and page helpers.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";
import { before, after } from "node:test";
import { chromium } from "playwright-core";
import { serve } from "../../scripts/static-server.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
export const DIST = process.env.FLASKLIGHT_DIST || path.resolve(here, "../../dist");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

/** Serves DIST on 127.0.0.1 (random port). Resolves to { url, close, hits }. */
export function startServer(root = DIST) {
  if (!fs.existsSync(path.join(root, "index.html"))) {
    throw new Error(`${root}/index.html not found: build the site first (trunk build --release)`);
  }
  return serve(root, 0);
}

/**
 * The hooks every test file shares: before its tests, a static server for
 * DIST (unless `serve` is false: the file starts its own) and the browser;
 * after them, both closed. Returns `{ browser, server }`, filled in by then.
 */
export function useBrowser({ serve = true } = {}) {
  const env = { browser: null, server: null };
  before(async () => {
    if (serve) env.server = await startServer();
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

/** Headless system Chromium; no background network, no browser download. */
export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-dev-shm-usage",
    ],
  });
}

/** A fresh browser context: its own profile, storage and clipboard. */
export async function newContext(browser) {
  return browser.newContext({ viewport: { width: 1440, height: 900 } });
}

/**
 * Opens the app in a new page of `context` and waits until the editor is live.
 * Returns { page, errors, requests }: `errors` collects console errors and page
 * errors, `requests` every request made after the app was ready.
 */
export async function openApp(context, url, { hash = "" } = {}) {
  const page = await context.newPage();
  const errors = [];
  const requests = [];
  const state = { ready: false };
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(String(err)));
  page.on("request", (req) => {
    if (state.ready) requests.push(req.url());
  });
  await page.goto(url + hash);
  await waitReady(page);
  state.ready = true;
  /** Reloads (requests during the reload itself are expected). */
  const reload = async () => {
    state.ready = false;
    await page.reload();
    await waitReady(page);
    state.ready = true;
  };
  /** Navigates to another URL of the app (a share link). */
  const navigate = async (target) => {
    state.ready = false;
    await page.goto(target);
    await waitReady(page);
    state.ready = true;
  };
  return { page, errors, requests, reload, navigate };
}

export async function waitReady(page) {
  await page.waitForSelector("#code-input", { timeout: 15000 });
  await page.waitForFunction(() => !document.getElementById("loading"));
  await waitMatcher(page);
  await settled(page);
}

/**
 * Waits until the scan worker has started: only then has the page fetched all
 * it ever will (the worker loads the app's module itself, a moment after the page).
 */
export async function waitMatcher(page) {
  await page.waitForFunction(() => document.documentElement.dataset.matcher === "ready", null, { timeout: 15000 });
}

/**
 * Waits until the results on screen are those of the current rule and code:
 * matching runs in a worker, so results arrive a moment after an edit.
 */
export async function settled(page, { timeout = 15000 } = {}) {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
  await page.waitForFunction(() => document.querySelector(".pane-results")?.dataset.scan !== "pending" && document.querySelector(".pane-results")?.dataset.scan !== "busy", null, { timeout });
}

/** Sets a textarea's whole value and fires `input`, as a paste would; then waits for the results. */
export async function setValue(page, selector, value, { settle = true } = {}) {
  await page.evaluate(
    ([selector, value]) => {
      const el = document.querySelector(selector);
      el.value = value;
      el.dispatchEvent(new Event("input", { bubbles: true }));
    },
    [selector, value],
  );
  if (settle) await settled(page);
}

/**
 * Pastes `text` into the element at `selector` as the clipboard would (a
 * `paste` event carrying the text): how a large file's read-only view is replaced.
 */
export async function pasteInto(page, selector, text, { settle = true } = {}) {
  await page.evaluate(
    ([selector, text]) => {
      const data = new DataTransfer();
      data.setData("text/plain", text);
      const event = new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true });
      document.querySelector(selector).dispatchEvent(event);
    },
    [selector, text],
  );
  if (settle) await settled(page);
}

/** Text of every highlighted hit in the code editor, in order. */
export async function hitTexts(page) {
  return page.$$eval(".code-editor .paint .hit", (spans) => {
    // Adjacent spans of one hit are split by colour; join runs that touch.
    const out = [];
    let last = null;
    for (const span of spans) {
      if (last && last.nextSibling === span) out[out.length - 1] += span.textContent;
      else out.push(span.textContent);
      last = span;
    }
    return out;
  });
}

export async function resultCount(page) {
  return page.$$eval(".findings .finding", (items) => items.length);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Builds a share fragment the way src/share.rs does (zlib + base64url of
 * "FL", version 1, u32 LE rule length, rule, code): a second, independent
 * implementation of the format.
 */
export function shareFragment(rule, code) {
  const r = Buffer.from(rule, "utf8");
  const c = Buffer.from(code, "utf8");
  const header = Buffer.alloc(7);
  header.write("FL", 0, "latin1");
  header[2] = 1;
  header.writeUInt32LE(r.length, 3);
  return "#s=" + zlib.deflateSync(Buffer.concat([header, r, c]), { level: 9 }).toString("base64url");
}

/** The native CLI (scripts/e2e.sh builds it): FLASKLIGHT_BIN, or target/debug/flasklight. */
export const FLASKLIGHT_BIN = process.env.FLASKLIGHT_BIN || path.resolve(here, "../../target/debug/flasklight");

/**
 * What the native engine finds for `rule` on `code` (`flasklight scan --json` on
 * the same text, as `<name>.py`): "<rule> <start>-<end>" per finding, byte
 * offsets, sorted; the page's findings carry the same in `data-rule`/`data-span`.
 */
export function nativeFindings(rule, code, name) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flasklight-e2e-"));
  try {
    fs.writeFileSync(path.join(dir, "rule.yaml"), rule);
    fs.writeFileSync(path.join(dir, `${name}.py`), code);
    const out = execFileSync(FLASKLIGHT_BIN, ["scan", "--json", "--config", "rule.yaml", `${name}.py`], { cwd: dir, encoding: "utf8" });
    return JSON.parse(out).results.map((r) => `${r.check_id} ${r.start.offset}-${r.end.offset}`).sort();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The page's findings as nativeFindings gives them. */
export async function pageFindings(page) {
  const found = await page.$$eval(".findings .finding", (items) => items.map((li) => `${li.dataset.rule} ${li.dataset.span}`));
  return found.sort();
}

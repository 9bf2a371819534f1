// Takes screenshots of the built app (for the README and for reviewing the UI).
//   node tests/e2e/screenshot.mjs [out-dir]   -> playground.png, playground-dark.png, ...
import path from "node:path";
import fs from "node:fs";
import { startServer, launch, openApp, setValue } from "./harness.mjs";

const out = path.resolve(process.argv[2] || "screenshots");
fs.mkdirSync(out, { recursive: true });
const server = await startServer();
const browser = await launch();
const shot = async (name, { width = 1440, height = 900, dark = false, prepare } = {}) => {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme: dark ? "dark" : "light", deviceScaleFactor: 1 });
  const { page } = await openApp(context, server.url);
  if (prepare) await prepare(page);
  await page.waitForTimeout(150);
  await page.screenshot({ path: path.join(out, `${name}.png`) });
  await context.close();
  console.log(path.join(out, `${name}.png`));
};
try {
  await shot("playground");
  await shot("playground-dark", { dark: true });
  await shot("simple-mode", { prepare: (page) => page.click("#tab-simple") });
  await shot("rule-error", {
    prepare: async (page) => {
      const rule = await page.$eval("#rule-input", (el) => el.value);
      await setValue(page, "#rule-input", rule.replace("debug=True, ...)", "debug=True, ..."));
    },
  });
  await shot("example-fix", { prepare: (page) => page.selectOption("#examples", "flask-debug-mode") });
  await shot("projector", { width: 1280, height: 720, prepare: (page) => page.click("#large-text") });
  await shot("narrow", { width: 760, height: 1400 });
  // The README's explain screenshots (assets/): a rule with a pattern-not, its
  // formula tree with counts (one node's ranges lit in the code), and a why-not answer.
  const explainRule = "rules:\n  - id: flask-debug-mode\n    languages: [python]\n    severity: WARNING\n    message: The Werkzeug debugger is on.\n    patterns:\n      - pattern: $APP.run(...)\n      - pattern-not: $APP.run(..., debug=False, ...)\n      - pattern-not-inside: |\n          if __name__ == \"__main__\":\n              ...\n";
  const explainSetup = async (page, tab) => {
    await setValue(page, "#rule-input", explainRule);
    if (tab === "whynot") {
      await page.focus("#code-input");
      await page.$eval("#code-input", (el) => {
        const at = el.value.lastIndexOf("app.run(debug=True)");
        el.setSelectionRange(at, at);
      });
    }
    await page.click(`#explain-tab-${tab}`);
    await page.waitForSelector(tab === "whynot" ? "#why-not" : "#inspect-tree");
    if (tab === "inspect") await (await page.$$("#inspect-tree .ex-node"))[1].hover();
  };
  await shot("explain-inspect", { prepare: (page) => explainSetup(page, "inspect") });
  await shot("explain-why-not", { prepare: (page) => explainSetup(page, "whynot") });
} finally {
  await browser.close();
  await server.close();
}

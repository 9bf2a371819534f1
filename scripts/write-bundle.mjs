// Trunk's pre_build hook (Trunk.toml): writes bundled.json into the build, the
// rule pack and the workshop lessons the app fetches at start (the wasm does
// not embed them: a tenth of its size). The same files, in the same order, as
// build.rs embeds in the native CLI: every `rules/**/<id>.yaml` with a sibling
// `<id>.py` outside rules/lessons/, by path; then rules/lessons/*.yaml by name.
// src/bundled.rs's tests check both agree.
//   node scripts/write-bundle.mjs <folder>   (or TRUNK_STAGING_DIR=<folder>)
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "rules");
const out = process.env.TRUNK_STAGING_DIR || process.argv[2];
if (!out) {
  console.error("write-bundle: set TRUNK_STAGING_DIR (or pass the build folder)");
  process.exit(2);
}

/** Rust's `Path` order (build.rs sorts `PathBuf`s): component by component, bytewise. */
function byPath(a, b) {
  const x = a.split(path.sep);
  const y = b.split(path.sep);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return Buffer.compare(Buffer.from(x[i]), Buffer.from(y[i]));
  }
  return x.length - y.length;
}

function collect(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return collect(file);
    const yaml = /\.ya?ml$/.test(entry.name);
    return yaml && fs.existsSync(file.replace(/\.ya?ml$/, ".py")) ? [file] : [];
  });
}

const lessonsDir = path.join(root, "lessons");
const rules = collect(root)
  .filter((file) => !file.startsWith(lessonsDir + path.sep))
  .sort(byPath)
  .map((file) => ({
    id: path.basename(file).replace(/\.ya?ml$/, ""),
    category: path.basename(path.dirname(file)),
    yaml: fs.readFileSync(file, "utf8"),
    code: fs.readFileSync(file.replace(/\.ya?ml$/, ".py"), "utf8"),
  }));
const lessons = (fs.existsSync(lessonsDir) ? fs.readdirSync(lessonsDir) : [])
  .filter((name) => name.endsWith(".yaml"))
  .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
  .map((name) => fs.readFileSync(path.join(lessonsDir, name), "utf8"));
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, "bundled.json"), JSON.stringify({ rules, lessons }));
console.log(`write-bundle: bundled.json holds ${rules.length} rules and ${lessons.length} lessons`);

// Trunk's post_build hook (Trunk.toml): writes sw.js into the build from
// scripts/sw.js, with the list of the build's files and a version that is a
// hash of their names and contents, so every deployment gets its own cache.
//   TRUNK_STAGING_DIR=dist node scripts/write-sw.mjs
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const staging = process.env.TRUNK_STAGING_DIR || process.argv[2];
if (!staging) {
  console.error("write-sw: set TRUNK_STAGING_DIR (or pass the build folder)");
  process.exit(2);
}

function list(dir, prefix = "") {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const name = prefix + entry.name;
    if (entry.isDirectory()) return list(path.join(dir, entry.name), name + "/");
    return name === "sw.js" || entry.name.startsWith(".") ? [] : [name];
  });
}

const files = list(staging).sort();
const hash = crypto.createHash("sha256");
for (const file of files) {
  hash.update(file + "\0");
  hash.update(fs.readFileSync(path.join(staging, file)));
}
const version = hash.digest("hex").slice(0, 16);
const template = fs.readFileSync(path.join(here, "sw.js"), "utf8");
const worker = template.replace("__VERSION__", version).replace("__FILES__", JSON.stringify(["./", ...files]));
fs.writeFileSync(path.join(staging, "sw.js"), worker);
console.log(`write-sw: sw.js caches ${files.length} files as flasklight-${version}`);

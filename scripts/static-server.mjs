// A tiny static file server for dist/ (no dependencies), used by scripts/serve.sh
// and by the browser tests. Binds 127.0.0.1 only.
//   node scripts/static-server.mjs [dir] [port]
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".yaml": "text/plain; charset=utf-8",
  ".webmanifest": "application/manifest+json",
};

/** Serves `root`; resolves to { url, port, hits, close }. `hits` lists every requested path. */
export function serve(root, port = 0) {
  root = path.resolve(root);
  const hits = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    hits.push(url.pathname);
    let file;
    try {
      file = path.normalize(path.join(root, decodeURIComponent(url.pathname)));
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    if (url.pathname.endsWith("/")) file = path.join(file, "index.html");
    fs.readFile(file, (err, body) => {
      if (err) {
        res.writeHead(404, { "content-type": "text/plain" }).end("not found");
        return;
      }
      res.writeHead(200, {
        "content-type": TYPES[path.extname(file)] || "application/octet-stream",
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      });
      res.end(body);
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const actual = server.address().port;
      resolve({ url: `http://127.0.0.1:${actual}/`, port: actual, hits, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] || "dist";
  const port = Number(process.argv[3] || 8080);
  const { url } = await serve(root, port);
  console.log(`flasklight: serving ${root} at ${url} (Ctrl+C to stop)`);
}

// The service worker: after one visit, flasklight loads and works with no
// network (workshop rooms have bad wifi). scripts/write-sw.mjs writes this file
// into the build with VERSION (a hash of every file of the build) and FILES
// (their names), so each deployment has its own cache, "flasklight-<VERSION>".
//
// A new deployment installs beside the old one and waits; the page offers a
// reload (scripts/boot.js), which activates it; activation deletes every older
// flasklight cache, so a page never mixes files of two builds.
const VERSION = "__VERSION__";
const FILES = __FILES__;
const CACHE = `flasklight-${VERSION}`;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(FILES.map((file) => new Request(file, { cache: "reload" })))),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("flasklight-") && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.kind === "activate") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      // Every page of the app is index.html (routes live in the fragment).
      const hit = request.mode === "navigate" ? await cache.match("./") : await cache.match(request, { ignoreSearch: true });
      return hit || fetch(request);
    })(),
  );
});

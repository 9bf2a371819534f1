// Loads the wasm-bindgen module. A file, not an inline script, so the
// Content-Security-Policy in index.html can forbid inline scripts entirely.
import init from "./flasklight-app.js";

// A trap inside WebAssembly (stack overflow, out-of-bounds access) is not a Rust
// panic, so the app's panic hook never sees it, and the module is unusable after
// it. Show the error panel, and let the next page load start with matching
// paused (src/app/storage.rs reads the same sessionStorage key).
function fatal(message) {
  const panel = document.getElementById("fatal");
  const text = document.getElementById("fatal-message");
  const loading = document.getElementById("loading");
  if (loading) loading.remove();
  if (text && !text.textContent) text.textContent = message;
  if (panel) panel.hidden = false;
  try {
    sessionStorage.setItem("flasklight.crashed", message);
  } catch {
    // Storage may be disabled; the panel is enough.
  }
}

window.addEventListener("error", (event) => {
  if (event.error instanceof WebAssembly.RuntimeError) {
    fatal("The matcher crashed: " + event.error.message);
  }
});
window.addEventListener("unhandledrejection", (event) => {
  if (event.reason instanceof WebAssembly.RuntimeError) {
    fatal("The matcher crashed: " + event.reason.message);
  }
});

// Offline after the first visit: sw.js (written at build time by
// scripts/write-sw.mjs) caches the build's files. A newer deployment installs
// beside the running one and waits; offer a reload, which activates it.
function offerUpdate(waiting) {
  const banner = document.getElementById("update");
  const button = document.getElementById("update-reload");
  if (!banner || !button) return;
  banner.hidden = false;
  button.onclick = () => {
    button.disabled = true;
    waiting.postMessage({ kind: "activate" });
  };
}

if ("serviceWorker" in navigator) {
  const hadController = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    // Only a replaced deployment reloads; the first install just takes over.
    if (hadController) location.reload();
  });
  navigator.serviceWorker
    .register("./sw.js")
    .then((registration) => {
      if (registration.waiting && navigator.serviceWorker.controller) offerUpdate(registration.waiting);
      registration.addEventListener("updatefound", () => {
        const installing = registration.installing;
        installing?.addEventListener("statechange", () => {
          if (installing.state === "installed" && navigator.serviceWorker.controller) offerUpdate(installing);
        });
      });
    })
    .catch(() => {
      // No service worker (a private window, a file: URL): the app works online as before.
    });
}

init().catch((error) => {
  fatal("The matcher could not start: " + (error && error.message ? error.message : String(error)));
});

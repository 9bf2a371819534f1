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

init().catch((error) => {
  fatal("The matcher could not start: " + (error && error.message ? error.message : String(error)));
});

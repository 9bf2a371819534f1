// Loads the wasm-bindgen module. A file, not an inline script, so the
// Content-Security-Policy in index.html can forbid inline scripts entirely.
import init from "./flasklight-app.js";

init().catch((error) => {
  const panel = document.getElementById("fatal");
  const message = document.getElementById("fatal-message");
  const loading = document.getElementById("loading");
  if (loading) loading.remove();
  if (message) message.textContent = "The matcher could not start: " + (error && error.message ? error.message : String(error));
  if (panel) panel.hidden = false;
});

// The scan worker: runs the matcher off the page's main thread, so a slow
// rule or a huge file never freezes typing. It loads the same wasm-bindgen
// module as the page; the page sends the compiled WebAssembly.Module as the
// first message (nothing is fetched twice), and the module's start function
// sees there is no window and answers scan jobs (src/app/worker.rs).
import init from "./flasklight-app.js";

self.onmessage = (event) => {
  self.onmessage = null;
  init({ module_or_path: event.data }).catch((error) => {
    // A FromWorker::Failed head (src/protocol.rs), as the module would send it.
    const message = "The matcher could not start: " + (error && error.message ? error.message : String(error));
    self.postMessage([JSON.stringify({ kind: "failed", seq: null, message })]);
  });
};

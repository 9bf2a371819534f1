//! The browser entry point (built by Trunk, see `index.html`); natively an empty binary.

#[cfg(target_arch = "wasm32")]
fn main() {
    flasklight::app::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}

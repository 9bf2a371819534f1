//! The `flasklight` command line (native only).

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(flasklight::cli::main_with_args(&args));
}

#[cfg(target_arch = "wasm32")]
fn main() {}

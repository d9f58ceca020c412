//! Browser entry point of the solver's web worker (Trunk `data-bin="worker"`).

#[cfg(target_arch = "wasm32")]
fn main() {
    circle_composer::web::start_worker();
}

/// Natively there is no worker; `cargo test` still builds every bin.
#[cfg(not(target_arch = "wasm32"))]
fn main() {}

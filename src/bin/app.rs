//! Browser entry point of the page and of its workers (Trunk `data-bin="app"`).

#[cfg(target_arch = "wasm32")]
fn main() {
    circle_composer::web::start();
}

/// Natively there is no page; `cargo test` still builds every bin.
#[cfg(not(target_arch = "wasm32"))]
fn main() {}

//! Browser entry point of the page (Trunk `data-bin="app"`).

#[cfg(target_arch = "wasm32")]
fn main() {
    circle_composer::web::start_app();
}

/// Natively there is no page; `cargo test` still builds every bin.
#[cfg(not(target_arch = "wasm32"))]
fn main() {}

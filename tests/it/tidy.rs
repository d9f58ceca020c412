//! Architecture checks by reading the source: every file documents itself, browser crates stay in
//! the shell, and the core neither reads clocks nor makes network calls.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        // Build output and installed packages are not the project's source.
        let generated = path
            .file_name()
            .is_some_and(|name| ["target", "node_modules", "corpus", "artifacts"].iter().any(|g| name == *g));
        if path.is_dir() && !generated {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn sources() -> Vec<(String, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    rust_files(&root.join("tests"), &mut files);
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            (path.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/"), text)
        })
        .collect()
}

#[test]
fn every_file_starts_with_a_module_doc() {
    let undocumented: Vec<String> =
        sources().into_iter().filter(|(_, text)| !text.trim_start().starts_with("//!")).map(|(path, _)| path).collect();
    assert!(undocumented.is_empty(), "files without a //! doc at the top: {undocumented:?}");
}

fn is_shell(path: &str) -> bool {
    path == "src/web.rs" || path.starts_with("src/web/") || path.starts_with("src/bin/") || path == "tests/web.rs"
}

#[test]
fn browser_crates_stay_in_the_shell() {
    let words = ["yew", "web_sys", "js_sys", "gloo", "wasm_bindgen"];
    let mut offenders = Vec::new();
    for (path, text) in sources() {
        if is_shell(&path) || path == "tests/it/tidy.rs" {
            continue;
        }
        for (number, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if words.iter().any(|w| code.contains(&format!("{w}::")) || code.contains(&format!("use {w}"))) {
                offenders.push(format!("{path}:{}: {}", number + 1, line.trim()));
            }
        }
    }
    assert!(offenders.is_empty(), "browser crates outside src/web and src/bin:\n{}", offenders.join("\n"));
}

#[test]
fn the_core_reads_no_clock_and_opens_no_connection() {
    // Float functions from the platform's libm (`.exp()`, `.powf()`…) differ in the last bit between
    // native and wasm32 builds; the core uses the libm crate so a seed gives the same circles everywhere.
    let forbidden = [
        "Instant::now",
        "SystemTime",
        "std::net",
        "TcpStream",
        "thread_rng",
        "getrandom",
        "from_entropy",
        ".exp()",
        ".powf(",
        ".powi(",
        ".ln()",
        ".sin()",
        ".cos()",
    ];
    let mut offenders = Vec::new();
    for (path, text) in sources() {
        if !path.starts_with("src/") || is_shell(&path) {
            continue;
        }
        for (number, line) in text.lines().enumerate() {
            if forbidden.iter().any(|f| line.contains(f)) {
                offenders.push(format!("{path}:{}: {}", number + 1, line.trim()));
            }
        }
    }
    assert!(offenders.is_empty(), "clocks, entropy or network in the core:\n{}", offenders.join("\n"));
}

#[test]
fn the_repository_stands_alone() {
    // CI clones the repository with nothing beside it: no source, test or script may reach outside.
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<(String, String)> = sources();
    for script in [
        "check",
        "serve",
        "build-gazetteer",
        ".ci/run",
        ".ci/setup",
        "tests/e2e/e2e.mjs",
        "tests/e2e/harness.mjs",
        "tests/e2e/bench.mjs",
    ] {
        if let Ok(text) = std::fs::read_to_string(root.join(script)) {
            files.push((script.to_owned(), text));
        }
    }
    // Spelled in parts, so that this file does not name the folder it looks for.
    let outside = [["..", "shared"].join("/")];
    let offenders: Vec<String> = files
        .iter()
        .flat_map(|(path, text)| {
            text.lines()
                .enumerate()
                .filter(|(_, line)| outside.iter().any(|o| line.contains(o.as_str())))
                .map(move |(number, line)| format!("{path}:{}: {}", number + 1, line.trim()))
        })
        .collect();
    assert!(offenders.is_empty(), "files reading outside the repository:\n{}", offenders.join("\n"));
}

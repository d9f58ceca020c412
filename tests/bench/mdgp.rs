//! MDGP benchmark (not a test): every instance of the MDGPLIB copy in `tests/data/mdgplib` with
//! n ≥ 120 at its literature time budget (3 / 20 / 120 s for n = 120 / 240 / 480, single thread),
//! for SEEDS seeds (default 10), through the `circle-composer mdgp` command. Prints a Markdown table
//! of the mean and best gap to the best-known value. Run with `cargo bench --bench mdgp`;
//! INSTANCES=RanReal_n120 limits the run to names containing that text.

use std::path::PathBuf;
use std::process::Command;

fn main() {
    let bench = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/mdgplib");
    let seeds: u64 = std::env::var("SEEDS").ok().and_then(|s| s.parse().ok()).unwrap_or(10);
    let only = std::env::var("INSTANCES").unwrap_or_default();
    let binary = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/release/circle-composer");
    assert!(binary.exists(), "build the command first: cargo build --release --bin circle-composer");
    let table = std::fs::read_to_string(bench.join("bkv.csv")).expect("bkv.csv beside the instances");
    let header: Vec<&str> = table.lines().next().unwrap().split(',').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (name_at, best_at, budget_at) = (column("instance"), column("best_known"), column("budget_s"));
    println!("| instance | budget | seeds | mean gap | best gap |");
    println!("|---|---:|---:|---:|---:|");
    for row in table.lines().skip(1).map(|l| l.split(',').collect::<Vec<_>>()) {
        let (name, best) = (row[name_at], row[best_at].parse::<f64>().unwrap());
        let Ok(budget) = row[budget_at].parse::<f64>() else { continue };
        if !name.contains(only.as_str()) || !bench.join(format!("{name}.txt")).exists() {
            continue;
        }
        let gaps: Vec<f64> = (1..=seeds)
            .map(|seed| {
                let output = Command::new(&binary)
                    .args([
                        "mdgp",
                        bench.join(format!("{name}.txt")).to_str().unwrap(),
                        "--seconds",
                        &budget.to_string(),
                    ])
                    .args(["--seed", &seed.to_string(), "--json"])
                    .output()
                    .expect("run circle-composer");
                let json: serde_json::Value =
                    serde_json::from_slice(&output.stdout).expect("JSON from circle-composer mdgp");
                (best - json["objective"].as_f64().unwrap()) / best * 100.0
            })
            .collect();
        let mean = gaps.iter().sum::<f64>() / gaps.len() as f64;
        let low = gaps.iter().copied().fold(f64::INFINITY, f64::min);
        println!("| {name} | {budget} s | {seeds} | {mean:.3} % | {low:.3} % |");
    }
}

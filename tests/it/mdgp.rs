//! The benchmark instance format, the optimum on the small instances of the MDGPLIB copy in
//! `tests/data/mdgplib`, and the groupings found above a best-known value (`found/`).

use std::path::PathBuf;

use circle_composer::mdgp::parse;
use circle_composer::solver::{Search, SearchConfig};

fn bench_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/mdgplib")
}

/// Best known values from the benchmark's own table, by instance name.
fn best_known(name: &str) -> Option<f64> {
    let table = std::fs::read_to_string(bench_dir().join("bkv.csv")).ok()?;
    let header: Vec<&str> = table.lines().next()?.split(',').collect();
    let value_column = header.iter().position(|h| *h == "best_known")?;
    table.lines().skip(1).map(|l| l.split(',').collect::<Vec<_>>()).find(|row| row[0] == name)?[value_column]
        .parse()
        .ok()
}

#[test]
fn small_instances_reach_their_optimum() {
    let mut checked = 0;
    let names = ["Geo", "RanInt", "RanReal"].iter().flat_map(|family| {
        ["n010_ss_01", "n010_ds_01", "n012_ss_01", "n012_ds_01"].map(|size| format!("{family}_{size}"))
    });
    for name in names {
        let Ok(text) = std::fs::read_to_string(bench_dir().join(format!("{name}.txt"))) else { continue };
        let optimum = best_known(&name).unwrap_or_else(|| panic!("{name} has no best-known value"));
        let problem = parse(&text).unwrap();
        let mut search = Search::new(problem, SearchConfig { max_moves: 50_000 }, 1);
        search.step(u64::MAX);
        let found = search.best().1;
        assert!((found - optimum).abs() <= 1e-6 * optimum.abs().max(1.0), "{name}: {found} vs optimum {optimum}");
        checked += 1;
    }
    // The instances are part of the repository, so a missing one is a failure, not a skip.
    assert_eq!(checked, 12, "the small MDGPLIB instances were not found in {}", bench_dir().display());
}

/// Each grouping in `found/` beats its instance's best-known value: its objective, recomputed here
/// from the instance file's lines (not by the solver's scoring), is the one recorded and above the
/// value in `bkv.csv`, and every group's size is within its bounds.
#[test]
fn groupings_found_above_the_best_known_value_hold() {
    let mut checked = 0;
    for entry in std::fs::read_dir(bench_dir().join("found")).unwrap() {
        let found: serde_json::Value = serde_json::from_slice(&std::fs::read(entry.unwrap().path()).unwrap()).unwrap();
        let name = found["instance"].as_str().unwrap();
        let assignment: Vec<usize> =
            found["assignment"].as_array().unwrap().iter().map(|g| g.as_u64().unwrap() as usize).collect();
        let text = std::fs::read_to_string(bench_dir().join(format!("{name}.txt"))).unwrap();
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
        let (n, m): (usize, usize) = (header[0].parse().unwrap(), header[1].parse().unwrap());
        assert_eq!(assignment.len(), n, "{name}: one group per element");
        for group in 0..m {
            let size = assignment.iter().filter(|&&g| g == group).count();
            let (min, max): (usize, usize) =
                (header[3 + 2 * group].parse().unwrap(), header[4 + 2 * group].parse().unwrap());
            assert!((min..=max).contains(&size), "{name}: group {group} has {size}, bounds {min}–{max}");
        }
        let mut objective = 0.0;
        for line in lines.filter(|line| !line.trim().is_empty()) {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let (i, j): (usize, usize) = (fields[0].parse().unwrap(), fields[1].parse().unwrap());
            if assignment[i] == assignment[j] {
                objective += fields[2].parse::<f64>().unwrap();
            }
        }
        let recorded = found["objective"].as_f64().unwrap();
        assert!((objective - recorded).abs() < 1e-6 * recorded, "{name}: {objective} recomputed, {recorded} recorded");
        let best_known = best_known(name).unwrap();
        assert!(objective > best_known, "{name}: {objective} is not above the best known {best_known}");
        checked += 1;
    }
    assert!(checked > 0, "no grouping in found/");
}

#[test]
fn errors_name_the_line() {
    let error = parse("3 1 ss 3 3\n0 1 2.5\n0 x 1\n").unwrap_err();
    assert_eq!(error.to_string(), "line 3: \"x\" is not an element index below 3");
    let error = parse("3 1 ss 1 2\n").unwrap_err();
    assert_eq!(error.to_string(), "line 1: 3 elements cannot fill groups that hold between 1 and 2 in total");
}

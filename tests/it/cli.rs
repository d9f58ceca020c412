//! The command line as scripts use it: JSON on stdout, errors on stderr with a non-zero exit.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

fn sample_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/sample-applicants.csv")
}

fn run(args: &[&str]) -> (bool, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_circle-composer")).args(args).output().unwrap();
    (output.status.success(), String::from_utf8(output.stdout).unwrap(), String::from_utf8(output.stderr).unwrap())
}

#[test]
fn import_json_has_the_documented_shape() {
    let (ok, stdout, _) = run(&["import", sample_path().to_str().unwrap(), "--json"]);
    assert!(ok);
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["dialect"]["delimiter"], ",");
    assert_eq!(json["dialect"]["encoding"], "UTF-8");
    assert_eq!(json["dialect"]["bom"], false);
    // The documented fields, and a separator that is null for a single-answer column.
    assert_eq!(
        json["columns"][1],
        serde_json::json!({"index": 1, "header": "Full name", "role": "name", "separator": null})
    );
    assert_eq!(json["columns"][8]["separator"], ", ", "the availability column is multi-select");
    assert_eq!(json["records"].as_array().unwrap().len(), 86);
    assert_eq!(json["records"][0]["record"], 1);
    assert_eq!(json["records"][0]["line"], 2);
    let problems = json["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0]["kind"], "whitespace");
    assert!(problems[0]["record"].is_u64() && problems[0]["line"].is_u64() && problems[0]["message"].is_string());
}

#[test]
fn compose_json_accounts_for_every_record_once() {
    let (ok, stdout, stderr) =
        run(&["compose", sample_path().to_str().unwrap(), "--size", "6-9", "--seed", "1", "--json"]);
    assert!(ok, "{stderr}");
    let json: Value = serde_json::from_str(&stdout).unwrap();
    let mut records: Vec<u64> = json["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["members"].as_array().unwrap().iter().map(|m| m.as_u64().unwrap()))
        .chain(json["waitlist"].as_array().unwrap().iter().map(|w| w["record"].as_u64().unwrap()))
        .collect();
    records.sort();
    assert_eq!(records, (1..=86).collect::<Vec<u64>>());
    let group = &json["groups"][0];
    assert_eq!(group["id"], 1);
    assert!(group["mode"] == "video" || group["mode"] == "in-person");
    let check = &json["checks"][0];
    assert!(
        check["group"].is_u64() && check["rule"].is_string() && check["ok"].is_boolean() && check["detail"].is_string()
    );
}

#[test]
fn errors_go_to_stderr_with_a_failing_exit() {
    let (ok, stdout, stderr) = run(&["compose", "no/such/file.csv"]);
    assert!(!ok);
    assert!(stdout.is_empty());
    assert!(stderr.starts_with("circle-composer: cannot read no/such/file.csv"), "{stderr}");

    let (ok, _, stderr) = run(&["compose", sample_path().to_str().unwrap(), "--size", "9-6"]);
    assert!(!ok);
    assert!(stderr.contains("--size needs 1 ≤ MIN ≤ MAX"), "{stderr}");

    let (ok, _, stderr) = run(&["shuffle", "x"]);
    assert!(!ok);
    assert!(stderr.contains("unknown command \"shuffle\""), "{stderr}");
}

#[test]
fn places_json_has_the_documented_shape() {
    let (ok, stdout, stderr) = run(&["places", sample_path().to_str().unwrap(), "--json"]);
    assert!(ok, "{stderr}");
    let json: Value = serde_json::from_str(&stdout).unwrap();
    let places = json["places"].as_array().unwrap();
    let unresolved = json["unresolved"].as_array().unwrap();
    let people: u64 = places.iter().chain(unresolved).map(|p| p["count"].as_u64().unwrap()).sum();
    assert_eq!(people, 86, "every answer is counted once");
    let sf = places.iter().find(|p| p["raw"] == "SF").unwrap();
    assert_eq!(sf["name"], "San Francisco");
    assert_eq!(sf["metro"], "San Francisco Bay Area");
    assert_eq!(sf["country"], "US");
    assert_eq!((sf["lat"].as_f64().unwrap(), sf["lon"].as_f64().unwrap()), (37.77, -122.42));
    assert_eq!(sf["utc_offset_minutes"], -480);
    let vague: Vec<&str> = unresolved.iter().map(|u| u["raw"].as_str().unwrap()).collect();
    assert_eq!(vague, ["between cities right now", "remote"]);

    let (ok, _, stderr) = run(&["places", sample_path().to_str().unwrap(), "--column", "Nope"]);
    assert!(!ok);
    assert!(stderr.contains("--column: no column \"Nope\"; the columns are: Timestamp, Full name"), "{stderr}");
}

#[test]
fn mdgp_with_a_time_budget_solves_a_small_instance_exactly() {
    let instance = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/mdgplib/RanReal_n010_ds_01.txt");
    let (ok, stdout, stderr) = run(&["mdgp", instance.to_str().unwrap(), "--seconds", "0.2", "--seed", "3", "--json"]);
    assert!(ok, "{stderr}");
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["assignment"].as_array().unwrap().len(), 10);
    assert!(json["seconds"].as_f64().unwrap() > 0.0);
    let table = std::fs::read_to_string(instance.with_file_name("bkv.csv")).unwrap();
    let optimum: f64 = table
        .lines()
        .find(|l| l.starts_with("RanReal_n010_ds_01,"))
        .unwrap()
        .split(',')
        .nth(3)
        .unwrap()
        .parse()
        .unwrap();
    assert!((json["objective"].as_f64().unwrap() - optimum).abs() < 1e-3, "{} vs {optimum}", json["objective"]);

    let (ok, _, stderr) = run(&["mdgp", instance.to_str().unwrap(), "--seconds", "-1"]);
    assert!(!ok);
    assert!(stderr.contains("--seconds must be a positive number"), "{stderr}");
}

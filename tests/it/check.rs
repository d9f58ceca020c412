//! `circle-composer check` as an organizer uses it: a roster composed by this tool passes, and
//! faults planted by hand in it are reported exactly, with a failing exit.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::cli::run;

/// A scratch directory of this test, empty.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cc-check-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// 30 applicants of 10 companies (three each), every third a woman, no locations.
fn applicants(dir: &Path) -> PathBuf {
    let mut csv = String::from("Name,Email,Company,Gender,Role\n");
    for i in 1..=30 {
        let gender = if i % 3 == 0 { "Woman" } else { "Man" };
        let role = ["CTO", "VP Engineering", "Staff Engineer", "Engineering Manager"][i % 4];
        csv += &format!("Person {i},p{i}@example.com,Company {},{gender},{role}\n", i % 10);
    }
    let path = dir.join("applicants.csv");
    std::fs::write(&path, csv).unwrap();
    path
}

const RULES: [&str; 6] = ["--size", "4-6", "--no-isolate", "Gender=Woman", "--distinct", "Company"];

/// The roster's rows (header first), as the csv crate reads them.
fn rows(path: &Path) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_path(path).unwrap();
    reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect()
}

fn write_rows(path: &Path, rows: &[Vec<String>]) {
    let mut writer = csv::Writer::from_path(path).unwrap();
    for row in rows {
        writer.write_record(row).unwrap();
    }
    writer.flush().unwrap();
}

/// The hard checks that fail, as (circle, rule), and the problems, as (kind, email).
type Faults = (Vec<(u64, String)>, Vec<(String, String)>);

fn faults(json: &Value) -> Faults {
    let checks = json["checks"].as_array().unwrap();
    let mut broken: Vec<(u64, String)> = checks
        .iter()
        .filter(|c| c["hard"] == true && c["ok"] == false)
        .map(|c| (c["group"].as_u64().unwrap(), c["rule"].as_str().unwrap().to_owned()))
        .collect();
    broken.sort();
    let problems = json["problems"].as_array().unwrap();
    let listed =
        problems.iter().map(|p| (p["kind"].as_str().unwrap().to_owned(), p["email"].as_str().unwrap().to_owned()));
    (broken, listed.collect())
}

fn check(applicants: &Path, roster: &Path) -> (bool, Value) {
    let mut args = vec!["check", applicants.to_str().unwrap(), roster.to_str().unwrap()];
    args.extend(RULES);
    args.push("--json");
    let (ok, stdout, stderr) = run(&args);
    assert!(stderr.is_empty(), "{stderr}");
    (ok, serde_json::from_str(&stdout).unwrap())
}

/// A composed roster's rows, with the column positions of circle, email, company and gender.
struct Roster {
    rows: Vec<Vec<String>>,
    circle: usize,
    email: usize,
    company: usize,
}

impl Roster {
    fn compose(applicants: &Path, dir: &Path) -> Roster {
        let mut args = vec!["compose", applicants.to_str().unwrap(), "--out", dir.to_str().unwrap(), "--seed", "2"];
        args.extend(RULES);
        let (ok, _, stderr) = run(&args);
        assert!(ok, "{stderr}");
        let rows = rows(&dir.join("roster.csv"));
        let at = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
        Roster { circle: at("Circle"), email: at("Email"), company: at("Company"), rows }
    }

    fn woman(&self, row: usize) -> bool {
        let number: usize =
            self.rows[row][self.email].trim_start_matches('p').split('@').next().unwrap().parse().unwrap();
        number.is_multiple_of(3)
    }

    /// Rows (from 1) in circle `circle`.
    fn members(&self, circle: &str) -> Vec<usize> {
        (1..self.rows.len()).filter(|&r| self.rows[r][self.circle] == circle).collect()
    }

    fn circles(&self) -> Vec<String> {
        let mut circles: Vec<String> =
            self.rows[1..].iter().map(|r| r[self.circle].clone()).filter(|c| c.parse::<u32>().is_ok()).collect();
        circles.dedup();
        circles
    }

    fn swap(&mut self, a: usize, b: usize) {
        let circle = self.rows[a][self.circle].clone();
        self.rows[a][self.circle] = self.rows[b][self.circle].clone();
        self.rows[b][self.circle] = circle;
    }
}

#[test]
fn a_composed_roster_passes_with_the_checks_compose_reported() {
    let dir = scratch("valid");
    let file = applicants(&dir);
    let mut args = vec!["compose", file.to_str().unwrap(), "--out", dir.to_str().unwrap(), "--seed", "2", "--json"];
    args.extend(RULES);
    let (ok, composed, stderr) = run(&args);
    assert!(ok, "{stderr}");
    let composed: Value = serde_json::from_str(&composed).unwrap();
    let (ok, checked) = check(&file, &dir.join("roster.csv"));
    assert!(ok, "{checked:#}");
    assert_eq!(checked["problems"], serde_json::json!([]));
    assert_eq!(checked["checks"], composed["checks"], "check judges a roster as compose judged its circles");
    // The text output says so too, with a success exit.
    let mut args = vec!["check", file.to_str().unwrap(), dir.join("roster.csv").to_str().unwrap().to_owned().leak()];
    args.extend(RULES);
    let (ok, text, _) = run(&args);
    assert!(ok && text.ends_with("every rule that must hold holds, and everyone is listed once.\n"), "{text}");
}

#[test]
fn planted_faults_are_reported_exactly() {
    let dir = scratch("faults");
    let file = applicants(&dir);
    let roster = Roster::compose(&file, &dir);
    let planted = dir.join("planted.csv");

    // An isolated woman: swap a woman for a man of another circle so that exactly one of the two
    // circles is left with one woman (a circle of two women, or one of none that gets her).
    // Companies stay distinct, so only never-isolate breaks.
    let circles = roster.circles();
    let women = |r: &Roster, circle: &str| r.members(circle).into_iter().filter(|&m| r.woman(m)).count();
    let company = |r: usize| roster.rows[r][roster.company].clone();
    let mut found = None;
    'search: for a in &circles {
        for b in circles.iter().filter(|b| *b != a && women(&roster, a) > 0) {
            let (after_a, after_b) = (women(&roster, a) - 1, women(&roster, b) + 1);
            let isolated = match (after_a == 1, after_b == 1) {
                (true, false) => a.clone(),
                (false, true) => b.clone(),
                _ => continue,
            };
            for woman in roster.members(a).into_iter().filter(|&m| roster.woman(m)) {
                for man in roster.members(b).into_iter().filter(|&m| !roster.woman(m)) {
                    let clash_b = roster.members(b).iter().any(|&m| m != man && company(m) == company(woman));
                    let clash_a = roster.members(a).iter().any(|&m| m != woman && company(m) == company(man));
                    if !clash_a && !clash_b {
                        found = Some((woman, man, isolated));
                        break 'search;
                    }
                }
            }
        }
    }
    let (woman, man, circle_b) = found.expect("the composed circles allow an isolating swap");
    let mut isolated = Roster { rows: roster.rows.clone(), ..roster };
    isolated.swap(woman, man);
    write_rows(&planted, &isolated.rows);
    let (ok, json) = check(&file, &planted);
    assert!(!ok);
    assert_eq!(faults(&json), (vec![(circle_b.parse().unwrap(), "never-isolate".to_owned())], vec![]));
    let roster = Roster { rows: rows(&dir.join("roster.csv")), ..isolated };

    // Two people from one company: swap someone into the circle of a colleague, for someone of
    // the same gender whose company is new to the other circle.
    let company = |r: usize| roster.rows[r][roster.company].clone();
    let circle = |r: usize| roster.rows[r][roster.circle].clone();
    let placed: Vec<usize> = (1..roster.rows.len()).filter(|&r| circle(r).parse::<u32>().is_ok()).collect();
    let swap = placed.iter().flat_map(|&x| placed.iter().map(move |&y| (x, y))).find(|&(x, y)| {
        let (a, b) = (circle(x), circle(y));
        a != b
            && roster.woman(x) == roster.woman(y)
            && roster.members(&b).iter().any(|&m| m != y && company(m) == company(x))
            && !roster.members(&a).iter().any(|&m| m != x && company(m) == company(y))
            && roster.members(&b).iter().filter(|&&m| m != y && company(m) == company(x)).count() == 1
    });
    let (x, y) = swap.expect("some swap puts two colleagues together");
    let mut colleagues = Roster { rows: roster.rows.clone(), ..roster };
    colleagues.swap(x, y);
    write_rows(&planted, &colleagues.rows);
    let (ok, json) = check(&file, &planted);
    assert!(!ok);
    let circle_of_y: u64 = colleagues.rows[x][colleagues.circle].parse().unwrap();
    assert_eq!(faults(&json), (vec![(circle_of_y, "distinct Company".to_owned())], vec![]));
    let roster = Roster { rows: rows(&dir.join("roster.csv")), ..colleagues };

    // A person missing (their row deleted) and a person listed twice (a row copied).
    let mut edited = roster.rows.clone();
    let gone = edited.remove(5);
    let again = edited[7].clone();
    edited.push(again.clone());
    write_rows(&planted, &edited);
    let (ok, json) = check(&file, &planted);
    assert!(!ok);
    let (broken, mut problems) = faults(&json);
    problems.sort();
    let email = |row: &Vec<String>| row[roster.email].clone();
    let mut expected = vec![("missing".to_owned(), email(&gone)), ("twice".to_owned(), email(&again))];
    expected.sort();
    assert_eq!(problems, expected);
    // Sizes may now break (a circle lost a member); nothing else does.
    assert!(broken.iter().all(|(_, rule)| rule == "size" || rule == "never-isolate"), "{broken:?}");

    // Someone the applicants' file does not have.
    let mut unknown = roster.rows.clone();
    let mut stranger = unknown[1].clone();
    stranger[roster.email] = "stranger@example.org".to_owned();
    stranger[roster.circle] = "Waitlist".to_owned();
    unknown.push(stranger);
    write_rows(&planted, &unknown);
    let (ok, json) = check(&file, &planted);
    assert!(!ok);
    assert_eq!(faults(&json), (vec![], vec![("unknown".to_owned(), "stranger@example.org".to_owned())]));
    let problem = &json["problems"][0];
    assert!(
        problem["line"].as_u64().is_some() && problem["message"].as_str().unwrap().contains("stranger@example.org")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_roster_of_circle_and_email_columns_alone_is_enough() {
    let dir = scratch("minimal");
    let file = applicants(&dir);
    // Everyone in six circles of five by email (in any case): circle c takes people c, c + 6,
    // c + 12, …, whose companies (i % 10) all differ.
    let mut roster = String::from("circle,Email\n");
    for i in 1..=30 {
        roster += &format!("{},P{i}@EXAMPLE.com\n", (i - 1) % 6 + 1);
    }
    let path = dir.join("minimal.csv");
    std::fs::write(&path, roster).unwrap();
    let args =
        ["check", file.to_str().unwrap(), path.to_str().unwrap(), "--size", "4-6", "--distinct", "Company", "--json"];
    let (ok, stdout, stderr) = run(&args);
    let json: Value = serde_json::from_str(&stdout).unwrap_or_else(|_| panic!("{stderr}"));
    assert!(ok, "{json:#}");
    assert_eq!(json["checks"].as_array().unwrap().iter().filter(|c| c["rule"] == "size").count(), 6);
    // Without an email or Record column, nobody can be told apart.
    std::fs::write(&path, "Circle,Name\n1,Person 1\n").unwrap();
    let (ok, _, stderr) = run(&["check", file.to_str().unwrap(), path.to_str().unwrap()]);
    assert!(!ok && stderr.contains("the roster needs an email column or a Record column"), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}

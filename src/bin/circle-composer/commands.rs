//! The subcommands: each reads its files, drives the same core as the page (a `Workflow` for the
//! organizer's steps), and writes text or JSON to stdout. Output errors (a closed pipe, a full
//! disk) are errors with a message, never a panic.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use circle_composer::check::{RosterCheck, check_roster, kept_circles};
use circle_composer::compose::{
    ColumnMatch, ComposeJob, Composer, Composition, DEFAULT_NEVER_ISOLATE_K, NeverIsolateRule, RuleEdit, RuleKind,
    ShareRule, Strength,
};
use circle_composer::export::circles_of_roster;
use circle_composer::import::import_with;
use circle_composer::model::ColumnRole;
use circle_composer::places::{GAZETTEER_TEXT, Gazetteer, SharedGazetteer, survey};
use circle_composer::project::open as open_project;
use circle_composer::settings::Settings;
use circle_composer::solver::{Search, SearchConfig, moves_for_seconds, moves_to_fill, search_seed};
use circle_composer::workflow::{Action, Workflow};

use crate::args::{Budget, CheckArgs, Command, ComposeArgs, MdgpArgs, PlacesArgs, ReadArgs, RuleArgs};
use crate::outputs::write_outputs;

/// Runs one subcommand; the exit code says whether a check passed.
pub(crate) fn run(command: Command) -> Result<ExitCode, String> {
    match command {
        Command::Import(args) => import_command(&args),
        Command::Places(args) => places_command(&args),
        Command::Compose(args) => compose_command(&args),
        Command::Check(args) => return check_command(&args),
        Command::Mdgp(args) => mdgp_command(&args),
    }?;
    Ok(ExitCode::SUCCESS)
}

/// Where the project's passphrase comes from: never a flag, which other users could see in the
/// process list.
const PASSPHRASE_VARIABLE: &str = "CIRCLE_COMPOSER_PASSPHRASE";

/// The passphrase from the environment, or else asked for on stderr and read from stdin.
fn project_passphrase() -> Result<String, String> {
    if let Ok(passphrase) = std::env::var(PASSPHRASE_VARIABLE) {
        return Ok(passphrase);
    }
    let _ = std::io::Write::write_all(&mut std::io::stderr(), b"Passphrase of the project: ");
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| format!("cannot read the passphrase: {e}; or set {PASSPHRASE_VARIABLE}"))?;
    let passphrase = line.trim_end_matches(['\n', '\r']).to_owned();
    if passphrase.is_empty() {
        return Err(format!("no passphrase given: type it when asked, or set {PASSPHRASE_VARIABLE}"));
    }
    Ok(passphrase)
}

pub(crate) fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Exit code when the reader of stdout has gone (`| head`): what a shell reports for a process
/// stopped by SIGPIPE, 128 + 13, so that `set -o pipefail` scripts see it as they would for any
/// other tool.
pub(crate) const CLOSED_PIPE_EXIT: u8 = 141;

/// Writes to stdout, turning a write error into a message. A closed pipe ends the command
/// quietly: the reader has all it wanted.
pub(crate) fn print(text: &str) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(i32::from(CLOSED_PIPE_EXIT)),
        result => result.map_err(|e| format!("cannot write the output: {e}")),
    }
}

fn print_json(value: &impl serde::Serialize) -> Result<(), String> {
    print(&(serde_json::to_string_pretty(value).map_err(|e| e.to_string())? + "\n"))
}

fn import_command(args: &ReadArgs) -> Result<(), String> {
    let report = import_with(&read(&args.file)?, &args.options);
    if args.json {
        return print_json(&report);
    }
    let d = &report.dialect;
    let mut text = format!(
        "{} records{}; delimiter {:?}, {}{}, header on row {}\n",
        report.records.len(),
        match report.empty_rows {
            0 => String::new(),
            n => format!(" ({n} empty row{} left out)", if n == 1 { "" } else { "s" }),
        },
        d.delimiter,
        d.encoding.name(),
        if d.bom { " with BOM" } else { "" },
        d.header_row + 1
    );
    for column in &report.columns {
        text += &format!("  column {:>2} {:<14} {}\n", column.index + 1, column.role.label(), column.header);
    }
    for problem in &report.problems {
        text += &format!("  problem ({:?}): {}\n", problem.kind, problem.message);
    }
    if let Some(quote) = &report.runaway_quote {
        text += &format!("  to read that quote as a character: --literal-quote {}\n", quote.line);
    }
    print(&text)
}

fn places_command(args: &PlacesArgs) -> Result<(), String> {
    let report = import_with(&read(&args.read.file)?, &args.read.options);
    let column = match &args.column {
        Some(name) => &report.columns[column_named(&report.columns, name, "--column")?],
        None => {
            report.column_with(ColumnRole::Location).ok_or("no column looks like a location; name it with --column")?
        }
    };
    let gazetteer = Gazetteer::parse(GAZETTEER_TEXT).map_err(|e| e.to_string())?;
    let places = survey(&gazetteer, report.records.iter().map(|r| r.fields[column.index].as_str()));
    if args.read.json {
        return print_json(&places_json(&places));
    }
    let mut text = String::new();
    for place in &places.places {
        text += &format!(
            "{:>4}  {:<32} → {}, {} ({}; {})\n",
            place.count, place.raw, place.name, place.country, place.metro, place.reason
        );
    }
    for zone in &places.zones {
        let named = zone.time_zone.as_deref().map_or(String::new(), |z| format!("{z}, "));
        text += &format!(
            "{:>4}  {:<32} → {named}{} ({})\n",
            zone.count,
            zone.raw,
            circle_composer::model::UtcOffset(zone.utc_offset_minutes),
            zone.reason
        );
    }
    for spelling in &places.unresolved {
        text += &format!("{:>4}  {:<32} → unresolved: {}\n", spelling.count, spelling.raw, spelling.reason);
    }
    print(&text)
}

/// The places report as JSON: a spelling that names only a time zone is an entry of `places`
/// whose name, metro, country, region and coordinates are null.
fn places_json(places: &circle_composer::places::PlacesReport) -> serde_json::Value {
    let mut json = serde_json::to_value(places).expect("a places report is plain data");
    let zones = places.zones.iter().map(|zone| {
        serde_json::json!({
            "raw": zone.raw, "count": zone.count, "name": null, "metro": null, "country": null, "region": null,
            "lat": null, "lon": null, "time_zone": zone.time_zone, "utc_offset_minutes": zone.utc_offset_minutes,
            "summer_offset_minutes": zone.summer_offset_minutes, "confidence": zone.confidence,
            "reason": zone.reason, "alternatives": zone.alternatives,
        })
    });
    if let Some(list) = json.get_mut("places").and_then(serde_json::Value::as_array_mut) {
        list.extend(zones);
    }
    if let Some(object) = json.as_object_mut() {
        object.remove("zones");
    }
    json
}

/// The position of the column named `name` (without case), or an error listing the columns.
pub(crate) fn column_named(
    columns: &[circle_composer::import::Column],
    name: &str,
    flag: &str,
) -> Result<usize, String> {
    columns.iter().position(|c| c.header.trim().eq_ignore_ascii_case(name.trim())).ok_or_else(|| {
        let headers: Vec<&str> = columns.iter().map(|c| c.header.as_str()).collect();
        format!("{flag}: no column {name:?}; the columns are: {}", headers.join(", "))
    })
}

/// The session the page would reach by the organizer's steps: the file read, the location column
/// chosen, duplicates merged, the place list loaded, the settings file applied, then each rule
/// flag as the rule edit the page would send.
fn session(read_args: &ReadArgs, flags: &RuleArgs) -> Result<Workflow, String> {
    let bytes = read(&read_args.file)?;
    let mut workflow = match &flags.project {
        Some(path) => {
            let project =
                open_project(&bytes, &project_passphrase()?).map_err(|e| format!("{}: {e}", path.display()))?;
            Workflow::default().apply(Action::OpenProject(Box::new(project)))
        }
        None => {
            let name = read_args.file.display().to_string();
            let options = &read_args.options;
            Workflow::default()
                .apply(Action::LoadCsv { name, bytes })
                .apply(Action::SetEncoding(options.encoding))
                .apply(Action::SetDelimiter(options.delimiter))
                .apply(Action::SetHeaderRow(options.header_row))
        }
    };
    let columns = workflow.source.as_ref().map(|s| s.import.columns.clone()).unwrap_or_default();
    if workflow.applicant_count() == 0 {
        let problems = workflow.source.as_ref().map(|s| s.import.problems.clone()).unwrap_or_default();
        let why = problems.first().map_or("no records", |p| p.message.as_str());
        return Err(format!("{}: {why}", read_args.file.display()));
    }
    if let Some(name) = &flags.location_column {
        let column = column_named(&columns, name, "--location-column")?;
        workflow = workflow.apply(Action::SetColumnRole { column, role: ColumnRole::Location });
    }
    if flags.merge_duplicates {
        workflow = workflow.apply(Action::MergeAllDuplicates);
    }
    let gazetteer = Gazetteer::parse(GAZETTEER_TEXT).map_err(|e| e.to_string())?;
    workflow = workflow.apply(Action::GazetteerLoaded(SharedGazetteer(std::rc::Rc::new(gazetteer))));
    if let Some(path) = &flags.settings {
        let text = String::from_utf8(read(path)?).map_err(|_| format!("{} is not UTF-8 text", path.display()))?;
        let settings = Settings::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        workflow = workflow.apply(Action::ApplySettings(Box::new(settings)));
    }
    if let Some(size) = flags.size {
        workflow = workflow.apply(Action::SetMinSize(size.min)).apply(Action::SetMaxSize(size.max));
    }
    if let Some(seed) = flags.seed {
        workflow = workflow.apply(Action::SetSeed(seed));
    }
    for edit in rule_edits(flags, &columns)? {
        workflow = workflow.apply(Action::EditRules(edit));
    }
    if let Some((header, rule)) = workflow.rules().missing_columns(&columns).first() {
        let headers: Vec<&str> = columns.iter().map(|c| c.header.as_str()).collect();
        return Err(format!("{rule}: no column {header:?}; the columns are: {}", headers.join(", ")));
    }
    Ok(workflow)
}

/// The rule flags as rule edits: a flag of a kind replaces the suggested (or loaded) rules of
/// that kind, `--no-isolate` and `--share` add rules.
fn rule_edits(flags: &RuleArgs, columns: &[circle_composer::import::Column]) -> Result<Vec<RuleEdit>, String> {
    let header = |name: &str, flag: &str| Ok::<_, String>(columns[column_named(columns, name, flag)?].header.clone());
    let resolve = |matches: &[ColumnMatch], flag: &str| -> Result<Vec<ColumnMatch>, String> {
        matches.iter().map(|m| Ok(ColumnMatch { column: header(&m.column, flag)?, values: m.values.clone() })).collect()
    };
    let mut edits = Vec::new();
    if !flags.spread.is_empty() {
        edits.push(RuleEdit::Clear(RuleKind::Spread));
        for name in &flags.spread {
            edits.push(RuleEdit::Spread { column: header(name, "--spread")?, on: true });
        }
    }
    if !flags.distinct.is_empty() {
        edits.push(RuleEdit::Clear(RuleKind::Distinct));
        for name in &flags.distinct {
            edits.push(RuleEdit::Distinct { column: header(name, "--distinct")?, strength: Some(Strength::Hard) });
        }
    }
    for matches in &flags.no_isolate {
        let matches = resolve(matches, "--no-isolate")?;
        edits.push(RuleEdit::AddNeverIsolate(NeverIsolateRule {
            matches,
            k: DEFAULT_NEVER_ISOLATE_K,
            strength: Strength::Hard,
        }));
    }
    edits.extend(flags.no_isolate_k.map(RuleEdit::NeverIsolateK));
    for (matches, at_least) in &flags.share {
        let matches = resolve(matches, "--share")?;
        edits.push(RuleEdit::AddShare(ShareRule { matches, at_least: *at_least, strength: Strength::preferred() }));
    }
    if let Some(name) = &flags.availability {
        edits.push(RuleEdit::Availability(Some(header(name, "--availability")?)));
    }
    if !flags.together.is_empty() {
        edits.push(RuleEdit::Together(flags.together.clone()));
    }
    if !flags.apart.is_empty() {
        edits.push(RuleEdit::Apart(flags.apart.clone()));
    }
    for path in &flags.previous {
        let circles = circles_of_roster(&read(path)?).map_err(|e| format!("{}: {e}", path.display()))?;
        edits.push(RuleEdit::AddEarlierRound(circles));
    }
    edits.extend(flags.max_tz_spread.map(|hours| RuleEdit::MaxTzSpread(Some(hours))));
    edits.extend(flags.unresolved.map(RuleEdit::Unresolved));
    if flags.no_in_person {
        edits.push(RuleEdit::InPerson(false));
    }
    if !flags.in_person_metros.is_empty() {
        edits.push(RuleEdit::HostOnly(flags.in_person_metros.clone()));
    }
    if let Some(min) = flags.in_person_min {
        edits.extend([RuleEdit::InPerson(true), RuleEdit::InPersonMin(Some(min))]);
    }
    Ok(edits)
}

fn compose_command(args: &ComposeArgs) -> Result<(), String> {
    let workflow = session(&args.read, &args.rules)?;
    let mut job = workflow.compose_job().ok_or("there is nobody to compose")?;
    if let Some(path) = &args.keep {
        job.keep = kept_circles(&job, &read(path)?).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    job.max_moves = match args.budget {
        Budget::Default => job.max_moves,
        Budget::Moves(moves) => moves,
        Budget::Seconds(seconds) => {
            #[allow(clippy::disallowed_methods)] // Native only: the command line is the shell here.
            let started = Instant::now();
            let pilot = |budget| Composer::new(ComposeJob { max_moves: budget, ..job.clone() });
            moves_to_fill(pilot, seconds, || started.elapsed().as_secs_f64())
        }
    };
    // With --threads N, N searches from the seeds `search_seed` spreads from the seed at once; the
    // one that places the most people wins, then the best score, then the first: the same seed and
    // thread count give the same circles, as in the page's workers.
    let compositions = in_threads(args.threads, |index| {
        let mut composer = Composer::new(job.search(index));
        composer.run();
        composer.composition()
    });
    let composition = Composition::best_of(compositions).expect("at least one thread");
    if let Some(dir) = &args.out {
        write_outputs(workflow, composition.clone(), &args.send, dir)?;
    }
    if args.read.json {
        return print_json(&composition);
    }
    print(&composition_text(&composition))
}

/// Runs `work(0)`, …, `work(threads - 1)` on their own threads, results in index order.
fn in_threads<T: Send>(threads: usize, work: impl Fn(usize) -> T + Sync) -> Vec<T> {
    if threads <= 1 {
        return vec![work(0)];
    }
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads).map(|index| scope.spawn(move || work(index))).collect();
        handles.into_iter().map(|handle| handle.join().expect("a search thread panicked")).collect()
    })
}

fn composition_text(composition: &Composition) -> String {
    let mut text = String::new();
    for finding in &composition.feasibility {
        text += &format!("{} ({}): {}\n", finding.level.label(), finding.rule, finding.message);
    }
    text += &composition.to_string();
    for check in composition.checks.iter().filter(|c| !c.ok) {
        let kind = if check.hard { "hard" } else { "soft" };
        text += &format!("circle {} misses {kind} rule {}: {}\n", check.group, check.rule, check.detail);
    }
    text
}

fn check_command(args: &CheckArgs) -> Result<ExitCode, String> {
    let workflow = session(&args.read, &args.rules)?;
    let job = workflow.compose_job().ok_or("there is nobody to check")?;
    let roster = read(&args.roster)?;
    let checked = check_roster(&job, &roster).map_err(|e| format!("{}: {e}", args.roster.display()))?;
    if args.read.json {
        print_json(&checked)?;
    } else {
        print(&check_text(&checked))?;
    }
    Ok(if checked.passes() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

fn check_text(checked: &RosterCheck) -> String {
    let mut text = String::new();
    for check in checks_missed(checked) {
        let kind = if check.hard { "breaks the rule" } else { "misses the preferred rule" };
        text += &format!("circle {} {kind} {}: {}\n", check.group, check.rule, check.detail);
    }
    for problem in &checked.problems {
        text += &format!("{}\n", problem.message);
    }
    let mut circles: Vec<u32> = checked.checks.iter().map(|c| c.group.0).collect();
    circles.dedup();
    let broken = checked.checks.iter().filter(|c| c.hard && !c.ok).count();
    text += &match (broken, checked.problems.len()) {
        (0, 0) => format!("{} circles: every rule that must hold holds, and everyone is listed once.\n", circles.len()),
        (broken, problems) => {
            format!("{} circles: {broken} broken rules that must hold, {problems} listing problems.\n", circles.len())
        }
    };
    text
}

fn checks_missed(checked: &RosterCheck) -> impl Iterator<Item = &circle_composer::compose::Check> {
    checked.checks.iter().filter(|c| !c.ok)
}

/// Seconds this process has spent on a CPU since some fixed instant, from the system's CPU-time
/// clock; `None` where there is none. (Linux's /proc/self/schedstat, read before, moves only once
/// per scheduler tick, 4 ms here: over the 30 ms pilot of a 3 s budget that misjudged the rate by
/// up to a quarter, and runs at n = 120 stopped after 2.5 of their 3 s.)
fn cpu_seconds() -> Option<f64> {
    cpu_time::ProcessTime::try_now().ok().map(|time| time.as_duration().as_secs_f64())
}

fn mdgp_command(args: &MdgpArgs) -> Result<(), String> {
    let text =
        String::from_utf8(read(&args.file)?).map_err(|_| format!("{} is not UTF-8 text", args.file.display()))?;
    let problem = circle_composer::mdgp::parse(&text).map_err(|e| format!("{}: {e}", args.file.display()))?;
    // The shell measures time; the search itself only counts moves (see `moves_for_seconds`).
    // Time is CPU time where the system reports it, as in the benchmark's literature: on a
    // shared machine, wall time would also count the time other jobs held the core.
    #[allow(clippy::disallowed_methods)] // Native only: the command line is the shell here.
    let wall_started = Instant::now();
    let cpu_started = cpu_seconds();
    let elapsed = || match (cpu_started, cpu_seconds()) {
        (Some(start), Some(now)) => now - start,
        _ => wall_started.elapsed().as_secs_f64(),
    };
    let max_moves = match args.budget {
        Budget::Moves(moves) => moves,
        Budget::Seconds(seconds) => moves_for_seconds(&problem, args.seed, seconds, elapsed),
        Budget::Default => problem.n() as u64 * 20_000,
    };
    // With --threads N, N searches from the seeds `search_seed` spreads at once; the best objective wins
    // (the first on a tie), so the same seed and thread count give the same answer.
    let results = in_threads(args.threads, |index| {
        let mut search = Search::new(problem.clone(), SearchConfig { max_moves }, search_seed(args.seed, index));
        search.step(u64::MAX);
        let (assignment, objective) = search.best();
        (assignment.to_vec(), objective, search.steps_taken())
    });
    // The main thread's CPU time says nothing of the others': with threads, wall time.
    let seconds = if args.threads > 1 { wall_started.elapsed().as_secs_f64() } else { elapsed() };
    // Steps of every thread's tabu search: over the seconds, how fast a step finds its change.
    let steps: u64 = results.iter().map(|result| result.2).sum();
    let (assignment, objective, _) = results
        .into_iter()
        .reduce(|best, next| if next.1 > best.1 { next } else { best })
        .expect("at least one thread");
    if args.json {
        return print_json(
            &serde_json::json!({ "objective": objective, "seconds": seconds, "moves": max_moves, "steps": steps, "assignment": assignment }),
        );
    }
    print(&format!(
        "objective {objective:.3} in {seconds:.2} s ({max_moves} moves, {steps} tabu steps, seed {})\n",
        args.seed
    ))
}

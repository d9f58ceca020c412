//! The native command line over the same core as the page: import, compose, and solve benchmark
//! instances. Reads files, writes to stdout, errors to stderr; never opens a network connection.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    match cli::run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("circle-composer: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::path::PathBuf;
    use std::time::Instant;

    use circle_composer::compose::{ComposeJob, Composer, Rules, default_max_moves};
    use circle_composer::import::{ImportOptions, TextEncoding, applicants, import_with};
    use circle_composer::model::ColumnRole;
    use circle_composer::places::{GAZETTEER_TEXT, Gazetteer, survey};
    use circle_composer::solver::{Search, SearchConfig, SizeBounds};
    use lexopt::prelude::*;

    const USAGE: &str = "\
usage:
  circle-composer import FILE [--encoding NAME] [--delimiter CHAR] [--header-row N] [--json]
  circle-composer places FILE [--column NAME] [--json]
  circle-composer compose FILE [--size MIN-MAX] [--seed N] [--moves N] [--json]
  circle-composer mdgp INSTANCE [--seconds S | --moves N] [--seed N] [--json]

Records are numbered from 1 in file order, the header excluded.";

    struct Options {
        command: String,
        file: PathBuf,
        json: bool,
        size: SizeBounds,
        seed: u64,
        moves: Option<u64>,
        seconds: Option<f64>,
        read: ImportOptions,
        column: Option<String>,
    }

    fn parse_args() -> Result<Options, String> {
        parse_args_from(lexopt::Parser::from_env()).map_err(|e| format!("{e}\n{USAGE}"))
    }

    fn parse_args_from(mut parser: lexopt::Parser) -> Result<Options, lexopt::Error> {
        let (mut command, mut file) = (None, None);
        let mut options = Options {
            command: String::new(),
            file: PathBuf::new(),
            json: false,
            size: SizeBounds { min: 6, max: 9 },
            seed: 1,
            moves: None,
            seconds: None,
            read: ImportOptions::default(),
            column: None,
        };
        while let Some(arg) = parser.next()? {
            match arg {
                Long("json") => options.json = true,
                Long("column") => options.column = Some(parser.value()?.string()?),
                Long("size") => options.size = parse_size(&parser.value()?.string()?)?,
                Long("seed") => options.seed = parser.value()?.parse()?,
                Long("moves") => options.moves = Some(parser.value()?.parse()?),
                Long("seconds") => {
                    let seconds: f64 = parser.value()?.parse()?;
                    if !(seconds > 0.0 && seconds.is_finite()) {
                        return Err("--seconds must be a positive number".into());
                    }
                    options.seconds = Some(seconds);
                }
                Long("encoding") => options.read.encoding = Some(parse_encoding(&parser.value()?.string()?)?),
                Long("delimiter") => options.read.delimiter = Some(parse_delimiter(&parser.value()?.string()?)?),
                Long("header-row") => {
                    let row: usize = parser.value()?.parse()?;
                    options.read.header_row = Some(row.checked_sub(1).ok_or("--header-row counts from 1")?);
                }
                Short('h') | Long("help") => return Err("".into()),
                Value(value) if command.is_none() => command = Some(value.string()?),
                Value(value) if file.is_none() => file = Some(PathBuf::from(value)),
                other => return Err(other.unexpected()),
            }
        }
        options.command = command.ok_or("missing a command")?;
        options.file = file.ok_or_else(|| format!("{}: missing a FILE", options.command))?;
        Ok(options)
    }

    /// "6-9" or "6..9" or "8" (exactly 8).
    fn parse_size(text: &str) -> Result<SizeBounds, String> {
        let bad = || format!("--size expects MIN-MAX such as 6-9, found {text:?}");
        let (min, max) = match text.split_once(['-', '–']).or_else(|| text.split_once("..")) {
            Some((min, max)) => (min.trim_end_matches('.'), max.trim_start_matches('.')),
            None => (text, text),
        };
        let min: u32 = min.trim().parse().map_err(|_| bad())?;
        let max: u32 = max.trim().parse().map_err(|_| bad())?;
        if min == 0 || min > max {
            return Err(format!("--size needs 1 ≤ MIN ≤ MAX, found {text:?}"));
        }
        Ok(SizeBounds { min, max })
    }

    /// "UTF-8", "utf-16le", "windows-1252", "latin1"…
    fn parse_encoding(name: &str) -> Result<TextEncoding, String> {
        let wanted = name.to_lowercase().replace('_', "-");
        let wanted = if matches!(wanted.as_str(), "latin1" | "latin-1" | "iso-8859-1" | "cp1252") {
            "windows-1252"
        } else {
            &wanted
        };
        TextEncoding::ALL.into_iter().find(|e| e.name().to_lowercase() == wanted).ok_or_else(|| {
            let names: Vec<&str> = TextEncoding::ALL.iter().map(|e| e.name()).collect();
            format!("--encoding: unknown encoding {name:?}; use one of {}", names.join(", "))
        })
    }

    /// "," ";" "tab" "|" or any single ASCII character.
    fn parse_delimiter(text: &str) -> Result<u8, String> {
        match text {
            "tab" | "\\t" => Ok(b'\t'),
            "comma" => Ok(b','),
            "semicolon" => Ok(b';'),
            "pipe" => Ok(b'|'),
            _ if text.len() == 1 && text.is_ascii() => Ok(text.as_bytes()[0]),
            _ => Err(format!("--delimiter expects one character or tab, found {text:?}")),
        }
    }

    fn read(path: &PathBuf) -> Result<Vec<u8>, String> {
        std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
    }

    fn print_json(value: &impl serde::Serialize) -> Result<(), String> {
        println!("{}", serde_json::to_string_pretty(value).map_err(|e| e.to_string())?);
        Ok(())
    }

    pub(crate) fn run() -> Result<(), String> {
        let options = parse_args()?;
        match options.command.as_str() {
            "import" => import_command(&options),
            "compose" => compose_command(&options),
            "mdgp" => mdgp_command(&options),
            "places" => places_command(&options),
            other => Err(format!("unknown command {other:?}\n{USAGE}")),
        }
    }

    fn import_command(options: &Options) -> Result<(), String> {
        let report = import_with(&read(&options.file)?, &options.read);
        if options.json {
            return print_json(&report);
        }
        let d = &report.dialect;
        println!(
            "{} records; delimiter {:?}, {}{}, header on row {}",
            report.records.len(),
            d.delimiter,
            d.encoding.name(),
            if d.bom { " with BOM" } else { "" },
            d.header_row + 1
        );
        for column in &report.columns {
            println!("  column {:>2} {:<14} {}", column.index + 1, column.role.label(), column.header);
        }
        for problem in &report.problems {
            println!("  problem ({:?}): {}", problem.kind, problem.message);
        }
        Ok(())
    }

    fn places_command(options: &Options) -> Result<(), String> {
        let report = import_with(&read(&options.file)?, &options.read);
        let column = match &options.column {
            Some(name) => {
                report.columns.iter().find(|c| c.header.eq_ignore_ascii_case(name.trim())).ok_or_else(|| {
                    let headers: Vec<&str> = report.columns.iter().map(|c| c.header.as_str()).collect();
                    format!("--column: no column {name:?}; the columns are: {}", headers.join(", "))
                })?
            }
            None => report
                .column_with(ColumnRole::Location)
                .ok_or("no column looks like a location; name it with --column")?,
        };
        let gazetteer = Gazetteer::parse(GAZETTEER_TEXT).map_err(|e| e.to_string())?;
        let places = survey(&gazetteer, report.records.iter().map(|r| r.fields[column.index].as_str()));
        if options.json {
            return print_json(&places);
        }
        for place in &places.places {
            println!(
                "{:>4}  {:<32} → {}, {} ({}; {})",
                place.count, place.raw, place.name, place.country, place.metro, place.reason
            );
        }
        for spelling in &places.unresolved {
            println!("{:>4}  {:<32} → unresolved: {}", spelling.count, spelling.raw, spelling.reason);
        }
        Ok(())
    }

    fn compose_command(options: &Options) -> Result<(), String> {
        let report = import_with(&read(&options.file)?, &options.read);
        if report.records.is_empty() {
            let why = report.problems.first().map_or("no records", |p| p.message.as_str());
            return Err(format!("{}: {why}", options.file.display()));
        }
        let people = applicants(&report);
        let max_moves = options.moves.unwrap_or_else(|| default_max_moves(people.len()));
        let job = ComposeJob { applicants: people, rules: Rules { size: options.size }, seed: options.seed, max_moves };
        let mut composer = Composer::new(job);
        composer.run();
        let composition = composer.composition();
        if options.json {
            return print_json(&composition);
        }
        print!("{composition}");
        for check in composition.checks.iter().filter(|c| !c.ok) {
            println!("circle {} breaks {}: {}", check.group, check.rule, check.detail);
        }
        Ok(())
    }

    /// Seconds this process has spent on a CPU, from Linux's scheduler statistics; `None` where
    /// those are not available.
    fn cpu_seconds() -> Option<f64> {
        let text = std::fs::read_to_string("/proc/self/schedstat").ok()?;
        let nanoseconds: u64 = text.split_whitespace().next()?.parse().ok()?;
        Some(nanoseconds as f64 * 1e-9)
    }

    fn mdgp_command(options: &Options) -> Result<(), String> {
        let text = String::from_utf8(read(&options.file)?)
            .map_err(|_| format!("{} is not UTF-8 text", options.file.display()))?;
        let problem = circle_composer::mdgp::parse(&text).map_err(|e| format!("{}: {e}", options.file.display()))?;
        // The shell measures time; the search itself only counts moves. A time budget becomes a
        // move budget from a short timed pilot, since the annealing schedule needs it up front.
        // Time is CPU time where the system reports it, as in the benchmark's literature: on a
        // shared machine, wall time would also count the time other jobs held the core.
        #[allow(clippy::disallowed_methods)] // Native only: the command line is the shell here.
        let wall_started = Instant::now();
        let cpu_started = cpu_seconds();
        let elapsed = || match (cpu_started, cpu_seconds()) {
            (Some(start), Some(now)) => now - start,
            _ => wall_started.elapsed().as_secs_f64(),
        };
        let max_moves = match (options.moves, options.seconds) {
            (Some(moves), _) => moves,
            (None, Some(seconds)) => {
                const PILOT_CHUNK: u64 = 1_000_000;
                // The budget picks the engine (tabu search or annealing), and the two run at
                // different rates, so the pilot gets a budget of the right order of magnitude
                // (about ten million moves a second) and runs only the first part of it.
                let rough_budget = ((seconds * 1e7) as u64).max(100 * PILOT_CHUNK);
                let mut pilot = Search::new(problem.clone(), SearchConfig { max_moves: rough_budget }, options.seed);
                // Untimed warm-up: cold caches would make the rate look lower than it is.
                pilot.step(PILOT_CHUNK);
                let pilot_started = elapsed();
                let mut piloted = 0;
                // Long enough (1 % of the budget) that the timer's resolution does not matter.
                while piloted == 0 || elapsed() - pilot_started < seconds * 0.01 {
                    pilot.step(PILOT_CHUNK);
                    piloted += PILOT_CHUNK;
                }
                let rate = piloted as f64 / (elapsed() - pilot_started).max(1e-6);
                let left = (seconds - elapsed()).max(0.0);
                // The final descent takes a little time of its own; leave it 5 %. However short
                // the budget, the search gets at least the pilot's own amount of work.
                ((rate * left * 0.95) as u64).max(PILOT_CHUNK)
            }
            (None, None) => problem.n() as u64 * 20_000,
        };
        let mut search = Search::new(problem, SearchConfig { max_moves }, options.seed);
        search.step(u64::MAX);
        let seconds = elapsed();
        let (assignment, objective) = search.best();
        if options.json {
            return print_json(
                &serde_json::json!({ "objective": objective, "seconds": seconds, "assignment": assignment }),
            );
        }
        println!("objective {objective:.3} in {seconds:.2} s ({max_moves} moves, seed {})", options.seed);
        Ok(())
    }
}

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

    use circle_composer::compose::{
        AvailabilityRule, ColumnMatch, ComposeJob, Composer, DistinctRule, Locale, NeverIsolateRule, PersonPair, Rules,
        ShareRule, SpreadRule, Strength,
    };
    use circle_composer::export::circles_of_roster;
    use circle_composer::import::{ImportOptions, ImportReport, TextEncoding, import_with};
    use circle_composer::model::ColumnRole;
    use circle_composer::places::{GAZETTEER_TEXT, Gazetteer, survey};
    use circle_composer::settings::Settings;
    use circle_composer::solver::{Search, SearchConfig, SizeBounds, moves_for_seconds};
    use lexopt::prelude::*;

    const USAGE: &str = "\
usage:
  circle-composer import FILE [--encoding NAME] [--delimiter CHAR] [--header-row N] [--json]
  circle-composer places FILE [--column NAME] [--json]
  circle-composer compose FILE [--size MIN-MAX] [--spread COLUMN]... [--distinct COLUMN]...
        [--no-isolate 'COLUMN=VALUE|VALUE']... [--no-isolate-k K] [--share 'COLUMN=VALUE|VALUE:P']...
        [--availability COLUMN] [--together EMAIL,EMAIL]... [--apart EMAIL,EMAIL]...
        [--previous ROSTER.csv]... [--max-tz-spread HOURS] [--no-in-person] [--in-person-min N]
        [--in-person-metro METRO]... [--location-column NAME] [--settings FILE] [--seed N]
        [--seconds S | --moves N] [--json]
  circle-composer mdgp INSTANCE [--seconds S | --moves N] [--seed N] [--json]

Records are numbered from 1 in file order, the header excluded. Without rule flags, compose
uses the rules suggested by the columns: companies distinct, roles and seniority spread, in
person where a metro fills a circle, else video within 3 hours. A rule flag replaces the
suggested rules of its kind; --settings loads sizes, rules, seed and place decisions first.";

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
        rules: RuleFlags,
        settings: Option<PathBuf>,
    }

    /// Rule flags as given; `None` or empty: keep the suggested (or loaded) rules of that kind.
    #[derive(Default)]
    struct RuleFlags {
        size: bool,
        seed: bool,
        spread: Vec<String>,
        distinct: Vec<String>,
        no_isolate: Vec<Vec<ColumnMatch>>,
        no_isolate_k: Option<u32>,
        share: Vec<(Vec<ColumnMatch>, f64)>,
        availability: Option<String>,
        together: Vec<PersonPair>,
        apart: Vec<PersonPair>,
        previous: Vec<PathBuf>,
        max_tz_spread: Option<f64>,
        no_in_person: bool,
        in_person_min: Option<u32>,
        in_person_metros: Vec<String>,
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
            rules: RuleFlags::default(),
            settings: None,
        };
        while let Some(arg) = parser.next()? {
            match arg {
                Long("json") => options.json = true,
                Long("column") => options.column = Some(parser.value()?.string()?),
                Long("size") => {
                    options.size = parse_size(&parser.value()?.string()?)?;
                    options.rules.size = true;
                }
                Long("seed") => {
                    options.seed = parser.value()?.parse()?;
                    options.rules.seed = true;
                }
                Long("spread") => options.rules.spread.push(parser.value()?.string()?),
                Long("distinct") => options.rules.distinct.push(parser.value()?.string()?),
                Long("no-isolate") => options.rules.no_isolate.push(parse_matches(&parser.value()?.string()?)?),
                Long("no-isolate-k") => {
                    let k: u32 = parser.value()?.parse()?;
                    if k < 2 {
                        return Err("--no-isolate-k must be at least 2".into());
                    }
                    options.rules.no_isolate_k = Some(k);
                }
                Long("share") => options.rules.share.push(parse_share(&parser.value()?.string()?)?),
                Long("availability") => options.rules.availability = Some(parser.value()?.string()?),
                Long("together") => options.rules.together.push(PersonPair::parse(&parser.value()?.string()?)?),
                Long("apart") => options.rules.apart.push(PersonPair::parse(&parser.value()?.string()?)?),
                Long("previous") => options.rules.previous.push(PathBuf::from(parser.value()?)),
                Long("max-tz-spread") => {
                    let hours: f64 = parser.value()?.parse()?;
                    if !(0.0..=26.0).contains(&hours) {
                        return Err("--max-tz-spread takes hours between 0 and 26".into());
                    }
                    options.rules.max_tz_spread = Some(hours);
                }
                Long("no-in-person") => options.rules.no_in_person = true,
                Long("in-person-min") => options.rules.in_person_min = Some(parser.value()?.parse()?),
                Long("in-person-metro") => options.rules.in_person_metros.push(parser.value()?.string()?),
                Long("location-column") => options.column = Some(parser.value()?.string()?),
                Long("settings") => options.settings = Some(PathBuf::from(parser.value()?)),
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

    /// "Gender=Woman|Non-binary", several joined by ";" (a person matching any of them matches).
    fn parse_matches(text: &str) -> Result<Vec<ColumnMatch>, String> {
        text.split(';')
            .filter(|part| !part.trim().is_empty())
            .map(|part| ColumnMatch::parse(part).map_err(|e| format!("--no-isolate / --share: {e}")))
            .collect()
    }

    /// "Gender=Woman|Non-binary:2/3" or "…:0.5".
    fn parse_share(text: &str) -> Result<(Vec<ColumnMatch>, f64), String> {
        let bad = || format!("--share expects COLUMN=VALUE|VALUE:SHARE such as 'Gender=Woman:1/3', found {text:?}");
        let (matches, share) = text.rsplit_once(':').ok_or_else(bad)?;
        let share = match share.split_once('/') {
            Some((a, b)) => {
                let (a, b): (f64, f64) = (a.trim().parse().map_err(|_| bad())?, b.trim().parse().map_err(|_| bad())?);
                if b == 0.0 {
                    return Err(bad());
                }
                a / b
            }
            None => share.trim().parse().map_err(|_| bad())?,
        };
        if !(share > 0.0 && share <= 1.0) {
            return Err(bad());
        }
        Ok((parse_matches(matches)?, share))
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
        let mut report = import_with(&read(&options.file)?, &options.read);
        if report.records.is_empty() {
            let why = report.problems.first().map_or("no records", |p| p.message.as_str());
            return Err(format!("{}: {why}", options.file.display()));
        }
        if let Some(name) = &options.column {
            let index = find_column(&report, name, "--location-column")?;
            for column in report.columns.iter_mut().filter(|c| c.role == ColumnRole::Location) {
                column.role = ColumnRole::Ignore;
            }
            report.columns[index].role = ColumnRole::Location;
        }
        let settings = match &options.settings {
            Some(path) => {
                let text =
                    String::from_utf8(read(path)?).map_err(|_| format!("{} is not UTF-8 text", path.display()))?;
                Some(Settings::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))?)
            }
            None => None,
        };
        let size = match &settings {
            Some(s) if !options.rules.size => s.size,
            _ => options.size,
        };
        let seed = match &settings {
            Some(s) if !options.rules.seed => s.seed,
            _ => options.seed,
        };
        let mut rules = match settings.as_ref().and_then(|s| s.rules.clone()) {
            Some(rules) => Rules { size, ..rules },
            None => Rules::suggested(&report.columns, size),
        };
        apply_rule_flags(&mut rules, &options.rules, &report)?;
        let missing = rules.missing_columns(&report.columns);
        if let Some((header, rule)) = missing.first() {
            let headers: Vec<&str> = report.columns.iter().map(|c| c.header.as_str()).collect();
            return Err(format!("{rule}: no column {header:?}; the columns are: {}", headers.join(", ")));
        }

        let gazetteer = Gazetteer::parse(GAZETTEER_TEXT).map_err(|e| e.to_string())?;
        let decisions = settings.as_ref().map(|s| s.places.clone()).unwrap_or_default();
        let locales = Locale::of_import(&report, &gazetteer, &decisions);
        let mut job = ComposeJob::from_import(&report, |_| false, |raw| locales.get(raw).cloned(), rules, seed);
        #[allow(clippy::disallowed_methods)] // Native only: the command line is the shell here.
        let started = Instant::now();
        job.max_moves = match (options.moves, options.seconds) {
            (Some(moves), _) => moves,
            (None, Some(seconds)) => {
                const PILOT_MOVES: u64 = 100_000;
                let mut pilot = Composer::new(ComposeJob { max_moves: PILOT_MOVES, ..job.clone() });
                #[allow(clippy::disallowed_methods)] // As above.
                let pilot_started = Instant::now();
                pilot.step(PILOT_MOVES - 1);
                let rate = PILOT_MOVES as f64 / pilot_started.elapsed().as_secs_f64().max(1e-6);
                let left = (seconds - started.elapsed().as_secs_f64()).max(0.0);
                ((rate * left * 0.9) as u64).max(PILOT_MOVES)
            }
            (None, None) => job.max_moves,
        };
        let mut composer = Composer::new(job);
        composer.run();
        let composition = composer.composition();
        if options.json {
            return print_json(&composition);
        }
        for finding in &composition.feasibility {
            println!("{:?} ({}): {}", finding.level, finding.rule, finding.message);
        }
        print!("{composition}");
        for check in composition.checks.iter().filter(|c| !c.ok) {
            let kind = if check.hard { "hard" } else { "soft" };
            println!("circle {} misses {kind} rule {}: {}", check.group, check.rule, check.detail);
        }
        Ok(())
    }

    /// The position of the column named `name` (without case), or an error listing the columns.
    fn find_column(report: &ImportReport, name: &str, flag: &str) -> Result<usize, String> {
        report.columns.iter().position(|c| c.header.eq_ignore_ascii_case(name.trim())).ok_or_else(|| {
            let headers: Vec<&str> = report.columns.iter().map(|c| c.header.as_str()).collect();
            format!("{flag}: no column {name:?}; the columns are: {}", headers.join(", "))
        })
    }

    /// The header of the column named `name` as the file spells it.
    fn header(report: &ImportReport, name: &str, flag: &str) -> Result<String, String> {
        Ok(report.columns[find_column(report, name, flag)?].header.clone())
    }

    fn apply_rule_flags(rules: &mut Rules, flags: &RuleFlags, report: &ImportReport) -> Result<(), String> {
        if !flags.spread.is_empty() {
            rules.spread = flags
                .spread
                .iter()
                .map(|name| Ok(SpreadRule { column: header(report, name, "--spread")?, weight: 1.0 }))
                .collect::<Result<_, String>>()?;
        }
        if !flags.distinct.is_empty() {
            rules.distinct = flags
                .distinct
                .iter()
                .map(|name| Ok(DistinctRule { column: header(report, name, "--distinct")?, strength: Strength::Hard }))
                .collect::<Result<_, String>>()?;
        }
        let resolve = |matches: &[ColumnMatch], flag: &str| -> Result<Vec<ColumnMatch>, String> {
            matches
                .iter()
                .map(|m| Ok(ColumnMatch { column: header(report, &m.column, flag)?, values: m.values.clone() }))
                .collect()
        };
        for matches in &flags.no_isolate {
            rules.never_isolate.push(NeverIsolateRule {
                matches: resolve(matches, "--no-isolate")?,
                k: 2,
                strength: Strength::Hard,
            });
        }
        if let Some(k) = flags.no_isolate_k {
            rules.never_isolate.iter_mut().for_each(|rule| rule.k = k);
        }
        for (matches, share) in &flags.share {
            rules.share.push(ShareRule {
                matches: resolve(matches, "--share")?,
                at_least: *share,
                strength: Strength::Soft(1.0),
            });
        }
        if let Some(name) = &flags.availability {
            rules.availability = Some(AvailabilityRule {
                column: header(report, name, "--availability")?,
                strength: Strength::Soft(2.0),
            });
        }
        rules.together.extend(flags.together.iter().cloned());
        rules.apart.extend(flags.apart.iter().cloned());
        for path in &flags.previous {
            rules.not_again.extend(circles_of_roster(&read(path)?).map_err(|e| format!("{}: {e}", path.display()))?);
        }
        if let Some(hours) = flags.max_tz_spread {
            rules.place.max_tz_spread_hours = Some(hours);
        }
        if flags.no_in_person {
            rules.place.in_person = false;
        }
        if !flags.in_person_metros.is_empty() {
            rules.place.in_person = true;
            rules.place.in_person_metros = flags.in_person_metros.clone();
        }
        if let Some(min) = flags.in_person_min {
            rules.place.in_person = true;
            rules.place.in_person_min = Some(min);
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
        let max_moves = match (options.moves, options.seconds) {
            (Some(moves), _) => moves,
            (None, Some(seconds)) => moves_for_seconds(&problem, options.seed, seconds, elapsed),
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

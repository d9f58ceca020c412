//! From raw arguments to validated options, one struct per subcommand: each flag is known with
//! the subcommands it belongs to, so a flag of another subcommand is an error that says where it
//! belongs, and every value is checked here before any file is read.

use std::path::PathBuf;

use circle_composer::compose::{ColumnMatch, PersonPair, UnresolvedPlaces};
use circle_composer::import::{ImportOptions, TextEncoding};
use circle_composer::solver::SizeBounds;
use circle_composer::workflow::{MAX_CIRCLE_SIZE, MIN_CIRCLE_SIZE};
use lexopt::prelude::*;

pub(crate) const USAGE: &str = "\
usage:
  circle-composer import FILE [--encoding NAME] [--delimiter CHAR] [--header-row N]
        [--literal-quote LINE] [--json]
  circle-composer places FILE [--column NAME] [--json]
  circle-composer compose (FILE | --project FILE.ccproj) [--size MIN-MAX] [--spread COLUMN]... [--distinct COLUMN]...
        [--no-isolate 'COLUMN=VALUE|VALUE']... [--no-isolate-k K] [--share 'COLUMN=VALUE|VALUE:P']...
        [--availability COLUMN] [--together EMAIL,EMAIL]... [--apart EMAIL,EMAIL]...
        [--previous ROSTER.csv]... [--max-tz-spread HOURS] [--unresolved wait|video]
        [--no-in-person] [--in-person-min N] [--in-person-metro METRO]... [--location-column NAME]
        [--merge-duplicates] [--settings FILE] [--keep ROSTER.csv] [--seed N]
        [--seconds S | --moves N] [--json]
        [--out DIR [--details DETAILS.csv] [--template FILE] [--from 'Name <address>'] [--allow FIELD]...]
  circle-composer check FILE ROSTER.csv [the rule flags of compose] [--json]
  circle-composer mdgp INSTANCE [--seconds S | --moves N] [--seed N] [--threads N] [--json]

Records are numbered from 1 in file order, the header excluded. Without rule flags, compose
uses the rules suggested by the columns: companies distinct, roles and seniority spread, in
person where a metro fills a circle, else video within 3 hours. A rule flag replaces the
suggested rules of its kind; --settings loads sizes, rules, seed and place decisions first.
Applicants whose place is unknown wait, with the reason; --unresolved video lets them join
video circles anyway. --keep keeps the circles a roster locks (its Locked column) and composes
everyone else around them. --out DIR writes roster.csv, mail-merge.csv, emails.zip (one draft
per placed person) and circles.ics into DIR: --details gives each circle's name and meetings
(columns Circle,Name,Starts,Minutes,Repeat,Where), --template the email (a first line
'Subject: …' sets the subject), --from the organizer, --allow each column circle-mates see
(default: name, company, role, pronouns). SOURCE_DATE_EPOCH, when set, dates the drafts.
check judges a roster (this tool's roster CSV, or any CSV with Circle and email or Record
columns) and exits 1 when a hard rule breaks or someone is missing, listed twice or unknown.
";

/// A subcommand with its options.
pub(crate) enum Command {
    Import(ReadArgs),
    Places(PlacesArgs),
    Compose(ComposeArgs),
    Check(CheckArgs),
    Mdgp(MdgpArgs),
}

/// How to read an applicants' file, and whether to print JSON.
pub(crate) struct ReadArgs {
    pub(crate) file: PathBuf,
    pub(crate) options: ImportOptions,
    pub(crate) json: bool,
}

pub(crate) struct PlacesArgs {
    pub(crate) read: ReadArgs,
    pub(crate) column: Option<String>,
}

/// The rules as the flags give them; empty or `None`: keep the suggested (or loaded) rules.
#[derive(Default)]
pub(crate) struct RuleArgs {
    pub(crate) size: Option<SizeBounds>,
    pub(crate) spread: Vec<String>,
    pub(crate) distinct: Vec<String>,
    pub(crate) no_isolate: Vec<Vec<ColumnMatch>>,
    pub(crate) no_isolate_k: Option<u32>,
    pub(crate) share: Vec<(Vec<ColumnMatch>, f64)>,
    pub(crate) availability: Option<String>,
    pub(crate) together: Vec<PersonPair>,
    pub(crate) apart: Vec<PersonPair>,
    pub(crate) previous: Vec<PathBuf>,
    pub(crate) max_tz_spread: Option<f64>,
    pub(crate) unresolved: Option<UnresolvedPlaces>,
    pub(crate) no_in_person: bool,
    pub(crate) in_person_min: Option<u32>,
    pub(crate) in_person_metros: Vec<String>,
    pub(crate) location_column: Option<String>,
    pub(crate) merge_duplicates: bool,
    pub(crate) settings: Option<PathBuf>,
    /// A project file to resume (its passphrase from CIRCLE_COMPOSER_PASSPHRASE or a prompt).
    pub(crate) project: Option<PathBuf>,
    pub(crate) seed: Option<u64>,
}

/// How long to search.
#[derive(Clone, Copy)]
pub(crate) enum Budget {
    /// The default for the problem's size.
    Default,
    Moves(u64),
    Seconds(f64),
}

pub(crate) struct ComposeArgs {
    pub(crate) read: ReadArgs,
    pub(crate) rules: RuleArgs,
    pub(crate) budget: Budget,
    /// Where to write the roster, the drafts and the calendar.
    pub(crate) out: Option<PathBuf>,
    /// What the drafts and the calendar say.
    pub(crate) send: SendArgs,
    /// A roster whose locked circles stay.
    pub(crate) keep: Option<PathBuf>,
    /// Independent searches run at once, from `seed` and seeds spread from it; the best result wins.
    pub(crate) threads: usize,
}

/// The options of the files `--out` writes besides the roster.
#[derive(Default)]
pub(crate) struct SendArgs {
    /// A details table (Circle,Name,Starts,Minutes,Repeat,Where).
    pub(crate) details: Option<PathBuf>,
    /// The email template.
    pub(crate) template: Option<PathBuf>,
    /// The organizer: name and address.
    pub(crate) from: Option<(String, String)>,
    /// The columns circle-mates see; empty: the suggested ones.
    pub(crate) allow: Vec<String>,
}

pub(crate) struct CheckArgs {
    pub(crate) read: ReadArgs,
    pub(crate) roster: PathBuf,
    pub(crate) rules: RuleArgs,
}

pub(crate) struct MdgpArgs {
    pub(crate) file: PathBuf,
    pub(crate) seed: u64,
    pub(crate) budget: Budget,
    pub(crate) json: bool,
    /// Independent searches run at once; the best result wins.
    pub(crate) threads: usize,
}

const READING: &[&str] = &["import", "places", "compose", "check"];
/// Most independent searches `--threads` runs at once.
const MAX_THREADS: usize = 64;
const RULES: &[&str] = &["compose", "check"];
const SEARCHING: &[&str] = &["compose", "mdgp"];

/// Every flag with the subcommands it belongs to.
const FLAGS: &[(&str, &[&str])] = &[
    ("json", &["import", "places", "compose", "check", "mdgp"]),
    ("encoding", READING),
    ("delimiter", READING),
    ("header-row", READING),
    ("literal-quote", READING),
    ("column", &["places"]),
    ("size", RULES),
    ("spread", RULES),
    ("distinct", RULES),
    ("no-isolate", RULES),
    ("no-isolate-k", RULES),
    ("share", RULES),
    ("availability", RULES),
    ("together", RULES),
    ("apart", RULES),
    ("previous", RULES),
    ("max-tz-spread", RULES),
    ("unresolved", RULES),
    ("no-in-person", RULES),
    ("in-person-min", RULES),
    ("in-person-metro", RULES),
    ("location-column", RULES),
    ("merge-duplicates", RULES),
    ("settings", RULES),
    ("project", &["compose"]),
    ("seed", SEARCHING),
    ("moves", SEARCHING),
    ("threads", SEARCHING),
    ("seconds", SEARCHING),
    ("out", &["compose"]),
    ("details", &["compose"]),
    ("template", &["compose"]),
    ("from", &["compose"]),
    ("allow", &["compose"]),
    ("keep", &["compose"]),
];

/// "compose", "compose and check", "import, places and compose".
fn listed(commands: &[&str]) -> String {
    match commands.split_last() {
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// What the arguments ask for: a subcommand, or the usage text.
pub(crate) enum Request {
    Run(Box<Command>),
    Help,
}

/// Parses the process's arguments.
pub(crate) fn parse_args() -> Result<Request, String> {
    match parse(lexopt::Parser::from_env()) {
        Ok(command) => Ok(Request::Run(Box::new(command))),
        Err(message) if message.is_empty() => Ok(Request::Help),
        Err(message) => Err(format!("{message}\n(circle-composer --help lists the commands and their options)")),
    }
}

/// Parses arguments (without the program's name); an empty error asks for the usage text.
fn parse(mut parser: lexopt::Parser) -> Result<Command, String> {
    let command = match parser.next().map_err(|e| e.to_string())? {
        Some(Value(value)) => value.string().map_err(|e| e.to_string())?,
        Some(Short('h') | Long("help")) | None => return Err(String::new()),
        Some(other) => return Err(other.unexpected().to_string()),
    };
    if !["import", "places", "compose", "check", "mdgp"].contains(&command.as_str()) {
        return Err(format!("unknown command {command:?}"));
    }
    let mut state = Parsed::default();
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long(flag) => {
                let flag = flag.to_owned();
                let Some((_, commands)) = FLAGS.iter().find(|(name, _)| *name == flag) else {
                    return Err(format!("unknown option --{flag}"));
                };
                if !commands.contains(&command.as_str()) {
                    return Err(format!("--{flag} is an option of {}, not of {command}", listed(commands)));
                }
                state.flag(&flag, &mut parser).map_err(|e| format!("--{flag}: {e}"))?;
            }
            Short('h') => return Err(String::new()),
            Value(value) => state.files.push(PathBuf::from(value)),
            other @ Short(_) => return Err(other.unexpected().to_string()),
        }
    }
    state.into_command(&command)
}

/// "Ana Organizer <ana@example.org>" or a bare address, as (name, address).
fn parse_from(text: &str) -> Result<(String, String), String> {
    let text = text.trim();
    let (name, address) = match text.rsplit_once('<') {
        Some((name, rest)) => {
            let address = rest.strip_suffix('>').ok_or("write the organizer as 'Name <address>'")?;
            (name.trim().trim_matches('"').trim(), address.trim())
        }
        None => ("", text),
    };
    if !circle_composer::import::is_plausible_email(address) {
        return Err(format!("“{address}” is not an email address; write the organizer as 'Name <address>'"));
    }
    Ok((name.to_owned(), address.to_owned()))
}

/// Everything given, before it is sorted into the subcommand's options.
#[derive(Default)]
struct Parsed {
    files: Vec<PathBuf>,
    json: bool,
    read: ImportOptions,
    column: Option<String>,
    rules: RuleArgs,
    moves: Option<u64>,
    seconds: Option<f64>,
    threads: Option<usize>,
    out: Option<PathBuf>,
    send: SendArgs,
    keep: Option<PathBuf>,
}

impl Parsed {
    fn flag(&mut self, flag: &str, parser: &mut lexopt::Parser) -> Result<(), String> {
        let mut value = || -> Result<String, String> {
            parser.value().map_err(|e| e.to_string())?.string().map_err(|e| format!("{e:?} is not text"))
        };
        let rules = &mut self.rules;
        match flag {
            "json" => self.json = true,
            "encoding" => self.read.encoding = Some(parse_encoding(&value()?)?),
            "delimiter" => self.read.delimiter = Some(parse_delimiter(&value()?)?),
            "header-row" => {
                let row: usize = number(&value()?)?;
                self.read.header_row = Some(row.checked_sub(1).ok_or("rows count from 1")?);
            }
            "literal-quote" => {
                let line: u64 = number(&value()?)?;
                self.read.literal_quote_line = Some(line.max(1));
            }
            "column" => self.column = Some(value()?),
            "size" => rules.size = Some(parse_size(&value()?)?),
            "spread" => rules.spread.push(value()?),
            "distinct" => rules.distinct.push(value()?),
            "no-isolate" => rules.no_isolate.push(parse_matches(&value()?)?),
            "no-isolate-k" => {
                let k: u32 = number(&value()?)?;
                if k < 2 {
                    return Err("k must be at least 2".to_owned());
                }
                rules.no_isolate_k = Some(k);
            }
            "share" => rules.share.push(parse_share(&value()?)?),
            "availability" => rules.availability = Some(value()?),
            "together" => rules.together.push(PersonPair::parse(&value()?)?),
            "apart" => rules.apart.push(PersonPair::parse(&value()?)?),
            "previous" => rules.previous.push(PathBuf::from(value()?)),
            "max-tz-spread" => {
                let hours: f64 = number(&value()?)?;
                if !(0.0..=26.0).contains(&hours) {
                    return Err("takes hours between 0 and 26".to_owned());
                }
                rules.max_tz_spread = Some(hours);
            }
            "unresolved" => {
                let word = value()?;
                rules.unresolved =
                    Some(UnresolvedPlaces::named(&word).ok_or_else(|| format!("takes wait or video, not {word:?}"))?);
            }
            "no-in-person" => rules.no_in_person = true,
            "in-person-min" => rules.in_person_min = Some(number(&value()?)?),
            "in-person-metro" => rules.in_person_metros.push(value()?),
            "location-column" => rules.location_column = Some(value()?),
            "merge-duplicates" => rules.merge_duplicates = true,
            "settings" => rules.settings = Some(PathBuf::from(value()?)),
            "project" => rules.project = Some(PathBuf::from(value()?)),
            "seed" => rules.seed = Some(number(&value()?)?),
            "moves" => self.moves = Some(number(&value()?)?),
            "threads" => {
                let threads: usize = number(&value()?)?;
                if !(1..=MAX_THREADS).contains(&threads) {
                    return Err(format!("--threads takes 1 to {MAX_THREADS}"));
                }
                self.threads = Some(threads);
            }
            "out" => self.out = Some(PathBuf::from(value()?)),
            "details" => self.send.details = Some(PathBuf::from(value()?)),
            "template" => self.send.template = Some(PathBuf::from(value()?)),
            "from" => self.send.from = Some(parse_from(&value()?)?),
            "allow" => self.send.allow.push(value()?),
            "keep" => self.keep = Some(PathBuf::from(value()?)),
            "seconds" => {
                let seconds: f64 = number(&value()?)?;
                if !(seconds > 0.0 && seconds.is_finite()) {
                    return Err("must be a positive number".to_owned());
                }
                self.seconds = Some(seconds);
            }
            _ => unreachable!("every flag of FLAGS is handled"),
        }
        Ok(())
    }

    fn into_command(self, command: &str) -> Result<Command, String> {
        let mut files = self.files.into_iter();
        let mut file = |what: &str| files.next().ok_or_else(|| format!("{command}: missing {what}"));
        let budget = match (self.moves, self.seconds) {
            (Some(_), Some(_)) => return Err("give --seconds or --moves, not both".to_owned()),
            (Some(moves), None) => Budget::Moves(moves),
            (None, Some(seconds)) => Budget::Seconds(seconds),
            (None, None) => Budget::Default,
        };
        let (json, options) = (self.json, self.read);
        let parsed = match command {
            "import" => Command::Import(ReadArgs { file: file("a FILE")?, options, json }),
            "places" => Command::Places(PlacesArgs {
                read: ReadArgs { file: file("a FILE")?, options, json },
                column: self.column,
            }),
            "compose" => Command::Compose(ComposeArgs {
                // A project holds the applicants' file, so FILE is the project then.
                read: match &self.rules.project {
                    Some(project) => ReadArgs { file: project.clone(), options, json },
                    None => ReadArgs { file: file("a FILE")?, options, json },
                },
                rules: self.rules,
                budget,
                send: match (&self.out, &self.send) {
                    (None, SendArgs { details: Some(_), .. }) => return Err("--details needs --out DIR".to_owned()),
                    (None, SendArgs { template: Some(_), .. }) => return Err("--template needs --out DIR".to_owned()),
                    (None, SendArgs { from: Some(_), .. }) => return Err("--from needs --out DIR".to_owned()),
                    (None, send) if !send.allow.is_empty() => return Err("--allow needs --out DIR".to_owned()),
                    _ => self.send,
                },
                out: self.out,
                keep: self.keep,
                threads: self.threads.unwrap_or(1),
            }),
            "check" => {
                let read = ReadArgs { file: file("a FILE")?, options, json };
                Command::Check(CheckArgs { read, roster: file("a ROSTER.csv")?, rules: self.rules })
            }
            _ => Command::Mdgp(MdgpArgs {
                file: file("an INSTANCE")?,
                seed: self.rules.seed.unwrap_or(1),
                budget,
                json,
                threads: self.threads.unwrap_or(1),
            }),
        };
        if let Some(extra) = files.next() {
            return Err(format!("{command}: unexpected argument {:?}", extra.display().to_string()));
        }
        Ok(parsed)
    }
}

fn number<T: std::str::FromStr>(text: &str) -> Result<T, String> {
    text.trim().parse().map_err(|_| format!("{text:?} is not a number here"))
}

/// "6-9" or "6..9" or "8" (exactly 8), within the sizes the page allows.
fn parse_size(text: &str) -> Result<SizeBounds, String> {
    let bad = || format!("expects MIN-MAX such as 6-9, found {text:?}");
    let (min, max) = match text.split_once(['-', '–']).or_else(|| text.split_once("..")) {
        Some((min, max)) => (min.trim_end_matches('.'), max.trim_start_matches('.')),
        None => (text, text),
    };
    let min: u32 = min.trim().parse().map_err(|_| bad())?;
    let max: u32 = max.trim().parse().map_err(|_| bad())?;
    if min < MIN_CIRCLE_SIZE || min > max || max > MAX_CIRCLE_SIZE {
        return Err(format!("needs {MIN_CIRCLE_SIZE} ≤ MIN ≤ MAX ≤ {MAX_CIRCLE_SIZE}, found {text:?}"));
    }
    Ok(SizeBounds { min, max })
}

/// "Gender=Woman|Non-binary", several joined by ";" (a person matching any of them matches).
fn parse_matches(text: &str) -> Result<Vec<ColumnMatch>, String> {
    text.split(';').filter(|part| !part.trim().is_empty()).map(ColumnMatch::parse).collect()
}

/// "Gender=Woman|Non-binary:2/3" or "…:0.5".
fn parse_share(text: &str) -> Result<(Vec<ColumnMatch>, f64), String> {
    let bad = || format!("expects COLUMN=VALUE|VALUE:SHARE such as 'Gender=Woman:1/3', found {text:?}");
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

/// Any label the Encoding Standard knows: "UTF-8", "utf-16le", "latin1", "sjis", "gb18030"…
fn parse_encoding(name: &str) -> Result<TextEncoding, String> {
    TextEncoding::for_label(name).ok_or_else(|| {
        let names: Vec<&str> = TextEncoding::OFFERED.iter().map(|e| e.name()).collect();
        format!("unknown encoding {name:?}; use a standard label such as {}", names.join(", "))
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
        _ => Err(format!("expects one character or tab, found {text:?}")),
    }
}

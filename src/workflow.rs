//! The organizer's session as a pure state machine: `Workflow::apply(action) -> Workflow`.
//!
//! The shell turns clicks and worker messages into [`Action`]s and renders the result; nothing here
//! touches the browser, a clock or randomness (elapsed times and seeds arrive inside actions). The
//! command line drives the same actions, so both get the same defaults and the same rules.

mod history;
mod place_rows;
mod sending;

use std::collections::BTreeMap;
use std::rc::Rc;

pub use history::History;
use place_rows::PlaceRowsMemo;

use crate::board::{Board, BoardCircle, BoardEdit};
use crate::compose::{ComposeJob, Composition, Locale, RuleBook, RuleEdit, Rules, answer_counts, default_max_moves};
use crate::export::roster_csv;
use crate::import::{ImportOptions, ImportReport, TextEncoding, import_with};
use crate::model::{ColumnRole, GroupId, RecordId};
use crate::places::{
    CityId, CustomPlace, PlaceChoice, PlaceDecisions, PlaceRow, PlacesReport, SharedGazetteer, survey,
};
use crate::project::{PROJECT_FORMAT, Project};
use crate::send::SendSettings;
use crate::settings::{SETTINGS_VERSION, Settings};
use crate::solver::{Progress, SizeBounds};

/// Smallest circle the page allows: a circle of one is not a circle.
pub const MIN_CIRCLE_SIZE: u32 = 2;
/// Largest circle the page allows.
pub const MAX_CIRCLE_SIZE: u32 = 40;

/// A loaded file, how it is read, and what the import made of it.
///
/// The bytes and the import are shared (`Rc`): the page's reducer copies the workflow on every
/// action, and a copy must not copy a 10 MB file. Changes go through `Rc::make_mut`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// The file name, or a description such as "pasted text".
    pub name: String,
    /// The file's bytes, kept only so that it can be read again with other options (encoding,
    /// delimiter, header row); nothing saves them.
    pub bytes: Rc<[u8]>,
    /// The organizer's corrections to detection.
    pub options: ImportOptions,
    /// The import.
    pub import: Rc<ImportReport>,
    /// Duplicates folded into another record with the same email: dropped → kept.
    pub merged: BTreeMap<RecordId, RecordId>,
}

impl Source {
    /// Folds every other record with `keep`'s email into it, or (`merge: false`) keeps them all.
    fn merge(&mut self, keep: RecordId, merge: bool) {
        let same = if merge { self.import.same_email_as(keep) } else { Vec::new() };
        self.fold_into(keep, merge, same);
    }

    fn fold_into(&mut self, keep: RecordId, merge: bool, same: impl IntoIterator<Item = RecordId>) {
        self.merged.retain(|_, kept| *kept != keep);
        if merge {
            self.merged.remove(&keep);
            for dropped in same {
                self.merged.insert(dropped, keep);
            }
        }
    }

    /// Folds each group of records with one email into its last record, except records the
    /// organizer already folded elsewhere. The groups are read once: asking for each record's
    /// group in turn read every address once per record, 8.6 s at 4,000 applicants.
    fn merge_all(&mut self) {
        let import = Rc::clone(&self.import);
        for group in import.email_groups() {
            // Latest first, as a later record is the more recent answer.
            for (position, &record) in group.iter().enumerate().rev() {
                if position > 0 && !self.merged.contains_key(&record) {
                    self.fold_into(record, true, group.iter().copied().filter(|&other| other != record));
                }
            }
        }
    }

    fn read(name: String, bytes: Vec<u8>, options: ImportOptions) -> Source {
        let import = Rc::new(import_with(&bytes, &options));
        Source::with_import(name, bytes, options, import)
    }

    /// A file read already: `import` is `import_with(&bytes, &options)`.
    fn with_import(name: String, bytes: Vec<u8>, options: ImportOptions, import: Rc<ImportReport>) -> Source {
        Source { name, bytes: bytes.into(), options, import, merged: BTreeMap::new() }
    }
}

/// Where composing stands.
#[derive(Clone, Debug, PartialEq)]
pub enum SolveState {
    /// Nothing composed yet for the current data and mapping.
    Idle,
    /// The worker is composing.
    Running {
        /// The latest progress report, once one has arrived.
        progress: Option<Progress>,
        /// Milliseconds since the run started, as measured by the shell.
        elapsed_ms: f64,
    },
    /// Circles are ready.
    Done {
        /// The result.
        composition: Composition,
        /// Milliseconds the run took.
        elapsed_ms: f64,
    },
    /// The run failed; the message says why.
    Failed(String),
}

/// The whole session. Saved only through [`Workflow::settings`], an allowlist.
#[derive(Clone, Debug, PartialEq)]
pub struct Workflow {
    /// The loaded data, if any.
    pub source: Option<Source>,
    /// The circle size range.
    pub size: SizeBounds,
    /// The organizer's rules once edited; until then the rules suggested by the column roles
    /// apply (see [`Workflow::rules`]), so a new file or mapping gets sensible ones.
    pub rules_edited: Option<Rules>,
    /// Seed of the next run.
    pub seed: u64,
    /// Composing.
    pub solve: SolveState,
    /// A message about something that went wrong outside composing (a file that could not be
    /// read, a refused download), shown until dismissed or replaced.
    pub notice: Option<String>,
    /// The file the shell is reading elsewhere (the page: a large one, in its worker), until the
    /// reading arrives ([`Action::CsvRead`], [`Action::Reread`]) or another load replaces it.
    pub reading: Option<String>,
    /// The gazetteer, once the shell has loaded it (the page fetches it when places are needed).
    pub gazetteer: Option<SharedGazetteer>,
    /// The survey of the location column: derived from the data and the gazetteer, cached here
    /// because resolving thousands of spellings on every render would be slow. While a new
    /// survey is under way elsewhere, the last one stays (see [`Workflow::waiting_for_places`]).
    pub places: Option<Rc<PlacesReport>>,
    /// Whether the shell surveys places itself (the page: in a worker, as resolving thousands of
    /// spellings takes the better part of a second) and gives the report back with
    /// [`Action::PlacesSurveyed`]; otherwise `apply` surveys once the gazetteer is in.
    surveys_elsewhere: bool,
    /// The location answers (merged duplicates left out) that `places` is, or is to be, the
    /// survey of: a change elsewhere (a role, a rule) leaves them equal, and nothing is surveyed.
    survey_answers: Option<Rc<[String]>>,
    /// Whether the survey of `survey_answers` is still to come from the shell.
    survey_pending: bool,
    /// The organizer's choices about locations.
    pub place_decisions: PlaceDecisions,
    /// The place rows last read (see [`Workflow::place_rows`]).
    place_rows: PlaceRowsMemo,
    /// Undo and redo of place decisions.
    pub place_history: History<PlaceDecisions>,
    /// Undo and redo of the rules (`None`: the suggested ones).
    pub rules_history: History<Option<Rules>>,
    /// The circles as the organizer reviews and edits them, once composed.
    /// Shared: the page's reducer copies the workflow on every action, and the history keeps a
    /// board per change, so copies share them rather than copy thousands of seats each time.
    pub board: Option<Rc<Board>>,
    /// Undo and redo of board edits and re-composing.
    pub board_history: History<Rc<Board>>,
    /// While re-composing: the circles kept, in the order given to the composer.
    recomposing: Option<Vec<GroupId>>,
    /// How many compositions have arrived: a new number means a new composition, judged by the
    /// rules in force when it arrived.
    pub compositions: u32,
    /// How many times everything was forgotten: the page keys its steps on it, so that what
    /// lives only in a component (pasted text, a half-filled rule form) goes with the data.
    pub session: u32,
    /// Who sends the intro drafts, their templates, and what circle-mates see of each other.
    pub send: SendSettings,
}

/// What the organizer did, or what came back from the worker.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Read a CSV (file, paste, drop or sample), detecting everything.
    LoadCsv {
        /// The file name or a description.
        name: String,
        /// Its bytes.
        bytes: Vec<u8>,
    },
    /// A CSV the shell has read already, detecting everything, as `LoadCsv` would (the page reads
    /// large files in its worker).
    CsvRead {
        /// The file name or a description.
        name: String,
        /// Its bytes.
        bytes: Rc<[u8]>,
        /// `import_with(&bytes, &ImportOptions::default())`.
        import: Rc<ImportReport>,
    },
    /// The shell began reading this file elsewhere.
    ReadingStarted(String),
    /// The file read again with other options by the shell, as a `SetEncoding`, `SetDelimiter`,
    /// `SetHeaderRow` or `SetLiteralQuote` asks (see [`Workflow::reread_request`]).
    Reread {
        /// The bytes read: the reading applies only while they are still the file's.
        bytes: Rc<[u8]>,
        /// The options read with.
        options: ImportOptions,
        /// `import_with(&bytes, &options)`.
        import: Rc<ImportReport>,
    },
    /// Resume a saved project: its file, reading, roles, rules, places, circles and sending.
    OpenProject(Box<Project>),
    /// A project whose file the shell has read already, as `OpenProject` would (the page reads
    /// large ones in its worker).
    ProjectRead {
        /// The project.
        project: Box<Project>,
        /// `import_with(&project.file, &project.options)`.
        import: Rc<ImportReport>,
    },
    /// Read the file again in this encoding (`None`: detect).
    SetEncoding(Option<TextEncoding>),
    /// Read the file again with this delimiter (`None`: detect).
    SetDelimiter(Option<u8>),
    /// Read the file again with this row as the header (`None`: detect).
    SetHeaderRow(Option<usize>),
    /// Read the file again with the quote that opens a field on this line taken as an ordinary
    /// character (`None`: as a quote), the answer to a runaway quote.
    SetLiteralQuote(Option<u64>),
    /// Give a column a role (a single-valued role moves from the column that had it).
    SetColumnRole {
        /// The column, from 0.
        column: usize,
        /// Its new role.
        role: ColumnRole,
    },
    /// Change what separates the answers of a multi-select column (`None`: whole cells).
    SetSeparator {
        /// The column, from 0.
        column: usize,
        /// The separator.
        separator: Option<String>,
    },
    /// Keep this record and fold every other record with its email into it, or (`merge: false`)
    /// undo that and keep them all.
    MergeDuplicates {
        /// The record whose answers are kept.
        keep: RecordId,
        /// Merge or keep all.
        merge: bool,
    },
    /// For every email given more than once, keep the latest record's answers and fold the
    /// earlier ones into it (people who sent the form again usually meant to correct it).
    MergeAllDuplicates,
    /// Change the smallest circle size (clamped; raises the largest if needed).
    SetMinSize(u32),
    /// Change the largest circle size (clamped; lowers the smallest if needed).
    SetMaxSize(u32),
    /// Change the seed of the next run.
    SetSeed(u64),
    /// Use these rules (their size becomes the circle size range).
    SetRules(Rules),
    /// Change one rule (see [`RuleEdit`]); undoable.
    EditRules(RuleEdit),
    /// Go back to the rules suggested by the column roles.
    ResetRules,
    /// Take back the last change of the rules.
    UndoRules,
    /// Make the last undone change of the rules again.
    RedoRules,
    /// The shell started a run in the worker.
    ComposeStarted,
    /// The shell started re-composing everyone but what the board keeps, with the job of
    /// [`Workflow::recompose_job`]; the next seed is taken, so each re-compose is an alternative.
    RecomposeStarted,
    /// Change the board (undoable); an edit that cannot be done becomes the notice.
    EditBoard(BoardEdit),
    /// Make several changes to the board as one step to undo (a details table read in).
    EditBoardAll(Vec<BoardEdit>),
    /// Use these sending settings: organizer, subject, template, allowlist.
    EditSend(Box<SendSettings>),
    /// Take back the last change of the board (an edit or a re-compose).
    UndoBoard,
    /// Make the last undone change of the board again.
    RedoBoard,
    /// The worker reported progress.
    SolveProgressed {
        /// Where the search stands.
        progress: Progress,
        /// Milliseconds since the run started.
        elapsed_ms: f64,
    },
    /// The worker finished (or was stopped) with this result.
    SolveFinished {
        /// The circles.
        composition: Composition,
        /// Milliseconds the run took.
        elapsed_ms: f64,
    },
    /// The worker failed.
    SolveFailed(String),
    /// Something outside composing went wrong; tell the organizer without losing any state.
    ReportProblem(String),
    /// Hide the current notice.
    DismissNotice,
    /// The shell loaded the gazetteer.
    GazetteerLoaded(SharedGazetteer),
    /// The shell surveyed these location answers (see [`Workflow::survey_wanted`]). A survey of
    /// answers that are no longer the data's is dropped.
    PlacesSurveyed {
        /// The answers surveyed, as asked for.
        answers: Rc<[String]>,
        /// What the survey found.
        report: PlacesReport,
    },
    /// Give one spelling a city, a custom place, or set it aside as unresolved.
    ChoosePlace {
        /// The trimmed spelling.
        spelling: String,
        /// The choice.
        choice: PlaceChoice,
    },
    /// Give every spelling of a cluster the place of its most common resolved spelling.
    AcceptCluster(Vec<String>),
    /// Add a place the gazetteer lacks and give it to these spellings.
    AddCustomPlace {
        /// The place.
        place: CustomPlace,
        /// The spellings that mean it.
        spellings: Vec<String>,
    },
    /// Use these sizes, rules, seed and place decisions (a loaded settings file); undoable for
    /// places and rules.
    ApplySettings(Box<Settings>),
    /// Take back the last place decision.
    UndoPlaces,
    /// Make the last undone place decision again.
    RedoPlaces,
    /// Forget the loaded data and any result.
    ForgetAll,
}

impl Default for Workflow {
    /// An empty session with circles of 6 to 9 and seed 1.
    fn default() -> Self {
        Workflow {
            source: None,
            size: SizeBounds { min: 6, max: 9 },
            rules_edited: None,
            seed: 1,
            solve: SolveState::Idle,
            notice: None,
            reading: None,
            gazetteer: None,
            places: None,
            surveys_elsewhere: false,
            survey_answers: None,
            survey_pending: false,
            place_decisions: PlaceDecisions::default(),
            place_rows: PlaceRowsMemo::default(),
            place_history: History::default(),
            rules_history: History::default(),
            board: None,
            board_history: History::default(),
            recomposing: None,
            compositions: 0,
            session: 0,
            send: SendSettings::default(),
        }
    }
}

impl Workflow {
    /// An empty session whose places the shell surveys itself, away from its main thread: it
    /// asks [`Workflow::survey_wanted`] and answers with [`Action::PlacesSurveyed`].
    pub fn surveying_elsewhere() -> Workflow {
        Workflow { surveys_elsewhere: true, ..Workflow::default() }
    }

    /// The state after `action`.
    pub fn apply(mut self, action: Action) -> Workflow {
        match action {
            Action::LoadCsv { .. }
            | Action::ReadingStarted(_)
            | Action::CsvRead { .. }
            | Action::SetEncoding(_)
            | Action::SetDelimiter(_)
            | Action::SetHeaderRow(_)
            | Action::SetLiteralQuote(_)
            | Action::Reread { .. } => self.read(action),
            Action::OpenProject(project) => self.open_project(*project, None),
            Action::ProjectRead { project, import } => self.open_project(*project, Some(import)),
            Action::SetColumnRole { column, role } => {
                self.change_source(|s| Rc::make_mut(&mut s.import).set_role(column, role));
            }
            Action::SetSeparator { column, separator } => {
                self.change_source(|s| Rc::make_mut(&mut s.import).set_separator(column, separator));
            }
            Action::MergeDuplicates { keep, merge } => self.change_source(|source| source.merge(keep, merge)),
            Action::MergeAllDuplicates => self.change_source(Source::merge_all),
            Action::SetMinSize(min) => {
                self.size.min = min.clamp(MIN_CIRCLE_SIZE, MAX_CIRCLE_SIZE);
                self.size.max = self.size.max.max(self.size.min);
            }
            Action::SetMaxSize(max) => {
                self.size.max = max.clamp(MIN_CIRCLE_SIZE, MAX_CIRCLE_SIZE);
                self.size.min = self.size.min.min(self.size.max);
            }
            Action::SetSeed(seed) => self.seed = seed,
            Action::ComposeStarted
            | Action::RecomposeStarted
            | Action::SolveProgressed { .. }
            | Action::SolveFinished { .. } => self.run_event(action),
            Action::EditBoard(_) | Action::EditBoardAll(_) | Action::UndoBoard | Action::RedoBoard => {
                self.board_event(action);
            }
            Action::EditSend(send) => self.send = *send,
            Action::SolveFailed(message) => self.solve = SolveState::Failed(message),
            Action::ReportProblem(message) => self.notice = Some(message),
            Action::DismissNotice => self.notice = None,
            Action::GazetteerLoaded(gazetteer) => {
                self.gazetteer = Some(gazetteer);
                self.refresh_places();
            }
            Action::PlacesSurveyed { answers, report } => {
                if self.survey_answers.as_deref() == Some(&answers[..]) {
                    self.places = Some(Rc::new(report));
                    self.survey_pending = false;
                }
            }
            Action::ChoosePlace { spelling, choice } => self.decide_places(|decisions| {
                decisions.choices.insert(spelling, choice);
            }),
            Action::AcceptCluster(spellings) => {
                let (Some(report), Some(gazetteer)) = (&self.places, &self.gazetteer) else { return self };
                let city = spellings
                    .iter()
                    .filter_map(|s| report.places.iter().find(|p| &p.raw == s))
                    .max_by_key(|p| p.count)
                    .map(|p| gazetteer.0.reference(CityId(p.city)));
                if let Some(city) = city {
                    self.decide_places(|decisions| {
                        for spelling in spellings {
                            decisions.choices.insert(spelling, PlaceChoice::City(city.clone()));
                        }
                    });
                }
            }
            Action::AddCustomPlace { place, spellings } => self.decide_places(|decisions| {
                decisions.custom.push(place);
                let index = decisions.custom.len() - 1;
                for spelling in spellings {
                    decisions.choices.insert(spelling, PlaceChoice::Custom(index));
                }
            }),
            Action::SetRules(rules) => {
                let min = rules.size.min.clamp(MIN_CIRCLE_SIZE, MAX_CIRCLE_SIZE);
                self.size = SizeBounds { min, max: rules.size.max.clamp(min, MAX_CIRCLE_SIZE) };
                self.change_rules(Some(Rules { size: self.size, ..rules }));
            }
            Action::EditRules(edit) => {
                let mut rules = self.rules();
                rules.apply(edit, &self.eligible_metros());
                self.change_rules(Some(rules));
            }
            Action::ResetRules => self.change_rules(None),
            Action::UndoRules => {
                self.rules_history.undo(&mut self.rules_edited);
            }
            Action::RedoRules => {
                self.rules_history.redo(&mut self.rules_edited);
            }
            Action::ApplySettings(settings) => {
                let settings = *settings;
                self.size = settings.size;
                if let Some(rules) = settings.rules {
                    // The file names no people: pairs and earlier rosters already given stay.
                    let people = self.rules();
                    self.change_rules(Some(Rules {
                        size: settings.size,
                        together: people.together,
                        apart: people.apart,
                        not_again: people.not_again,
                        ..rules
                    }));
                }
                self.seed = settings.seed;
                if let Some(send) = settings.send {
                    self.send = send;
                }
                self.decide_places(|decisions| *decisions = settings.places);
            }
            Action::UndoPlaces => {
                self.place_history.undo(&mut self.place_decisions);
            }
            Action::RedoPlaces => {
                self.place_history.redo(&mut self.place_decisions);
            }
            Action::ForgetAll => {
                // The gazetteer is public data and stays; everything about the applicants goes,
                // with the undo histories that could bring it back.
                self = Workflow {
                    size: self.size,
                    // Rules about columns stay; those naming applicants go with the data.
                    rules_edited: self.rules_edited.take().map(|rules| rules.without_people()),
                    gazetteer: self.gazetteer.take(),
                    surveys_elsewhere: self.surveys_elsewhere,
                    session: self.session.wrapping_add(1),
                    // The organizer's own words and the column headers they allowed stay.
                    send: std::mem::take(&mut self.send),
                    ..Workflow::default()
                };
            }
        }
        self
    }

    /// A run of the composer started, progressed or finished.
    fn run_event(&mut self, action: Action) {
        match action {
            Action::ComposeStarted if self.can_compose() => {
                self.solve = SolveState::Running { progress: None, elapsed_ms: 0.0 };
                self.recomposing = None;
            }
            Action::RecomposeStarted => {
                if let (true, Some(board)) = (self.can_compose(), &self.board) {
                    self.recomposing = Some(board.kept().into_iter().map(|(id, _)| id).collect());
                    self.seed = self.seed.wrapping_add(1);
                    self.solve = SolveState::Running { progress: None, elapsed_ms: 0.0 };
                }
            }
            // A late report from a run that already ended must not bring the progress bar back.
            Action::SolveProgressed { progress, elapsed_ms } if self.is_composing() => {
                self.solve = SolveState::Running { progress: Some(progress), elapsed_ms };
            }
            Action::SolveFinished { composition, elapsed_ms } if self.is_composing() => {
                match (self.recomposing.take(), self.board.take()) {
                    (Some(kept), Some(before)) => {
                        self.board = Some(Rc::new(before.recomposed(&composition, &kept)));
                        self.board_history.record(before);
                    }
                    _ => {
                        self.board = Some(Rc::new(Board::from_composition(&composition)));
                        self.board_history = History::default();
                    }
                }
                self.solve = SolveState::Done { composition, elapsed_ms };
                self.compositions = self.compositions.wrapping_add(1);
            }
            _ => {}
        }
    }

    /// The board changed, or its history was walked.
    fn board_event(&mut self, action: Action) {
        match action {
            Action::EditBoard(edit) => self.edit_board(vec![edit]),
            Action::EditBoardAll(edits) => self.edit_board(edits),
            Action::UndoBoard => {
                if let Some(board) = &mut self.board {
                    self.board_history.undo(board);
                }
            }
            Action::RedoBoard => {
                if let Some(board) = &mut self.board {
                    self.board_history.redo(board);
                }
            }
            _ => {}
        }
    }

    /// Makes `edits` as one undoable step; if one cannot be done, none is, and it becomes the notice.
    fn edit_board(&mut self, edits: Vec<BoardEdit>) {
        let Some(board) = &mut self.board else { return };
        let mut after = Board::clone(board);
        match edits.into_iter().try_for_each(|edit| after.apply(edit)) {
            Ok(()) if after != **board => {
                let before = std::mem::replace(board, Rc::new(after));
                self.board_history.record(before);
            }
            Ok(()) => {}
            Err(message) => self.notice = Some(message),
        }
    }

    /// Replaces the edited rules, remembering the old ones for undo.
    fn change_rules(&mut self, rules: Option<Rules>) {
        if rules != self.rules_edited {
            self.rules_history.record(std::mem::replace(&mut self.rules_edited, rules));
        }
    }

    fn change_source(&mut self, change: impl FnOnce(&mut Source)) {
        if let Some(source) = self.source.as_mut() {
            change(source);
            self.data_changed();
        }
    }

    /// The session as a project file holds it, once a file is read.
    pub fn project(&self) -> Option<Project> {
        let source = self.source.as_ref()?;
        Some(Project {
            format: PROJECT_FORMAT,
            file_name: source.name.clone(),
            file: source.bytes.to_vec(),
            options: source.options.clone(),
            columns: source.import.columns.iter().map(|c| (c.role, c.separator.clone())).collect(),
            merged: source.merged.iter().map(|(&dropped, &kept)| (dropped, kept)).collect(),
            size: self.size,
            rules: self.rules_edited.clone(),
            seed: self.seed,
            places: self.place_decisions.clone(),
            send: self.send.clone(),
            board: self.board.as_deref().cloned(),
            records: source.import.records.len(),
        })
    }

    /// Replaces the session with a saved project's (the gazetteer and the page session stay).
    /// What the file holds is checked, not trusted: sizes come within the page's limits, and
    /// merges and circles that name records this file does not have are not restored.
    fn open_project(&mut self, project: Project, read: Option<Rc<ImportReport>>) {
        let mut source = match read {
            Some(import) => Source::with_import(project.file_name, project.file, project.options, import),
            None => Source::read(project.file_name, project.file, project.options),
        };
        Rc::make_mut(&mut source.import).restore_roles(&project.columns);
        let records = source.import.records.len();
        let exists = |record: RecordId| (1..=records).contains(&(record.0 as usize));
        let same_reading = project.records == 0 || project.records == records;
        let board = project.board.filter(|board| same_reading && board.records().into_iter().all(exists));
        source.merged = project
            .merged
            .into_iter()
            .filter(|&(dropped, kept)| same_reading && dropped != kept && exists(dropped) && exists(kept))
            .collect();
        let (low, high) = (project.size.min.min(project.size.max), project.size.min.max(project.size.max));
        let size = SizeBounds {
            min: low.clamp(MIN_CIRCLE_SIZE, MAX_CIRCLE_SIZE),
            max: high.clamp(MIN_CIRCLE_SIZE, MAX_CIRCLE_SIZE),
        };
        let notice = (!same_reading).then(|| {
            "This project's file reads differently in this version of Circle Composer, so its circles and merged \
             duplicates were not restored: compose again."
                .to_owned()
        });
        *self = Workflow {
            source: Some(source),
            size,
            notice,
            rules_edited: project.rules.map(|rules| Rules { size, ..rules }),
            seed: project.seed,
            place_decisions: project.places,
            send: project.send,
            gazetteer: self.gazetteer.take(),
            surveys_elsewhere: self.surveys_elsewhere,
            session: self.session.wrapping_add(1),
            ..Workflow::default()
        };
        self.refresh_places();
        self.board = board.map(Rc::new);
    }

    /// Circles composed from other data or another mapping no longer apply, and the places survey
    /// follows the location column.
    fn data_changed(&mut self) {
        self.solve = SolveState::Idle;
        self.board = None;
        self.board_history = History::default();
        self.recomposing = None;
        self.notice = None;
        self.refresh_places();
    }

    /// Records a change of place decisions so that it can be undone.
    fn decide_places(&mut self, change: impl FnOnce(&mut PlaceDecisions)) {
        self.place_history.record(self.place_decisions.clone());
        change(&mut self.place_decisions);
    }

    /// A file read, or read again with other options.
    fn read(&mut self, action: Action) {
        match action {
            Action::LoadCsv { name, bytes } => {
                let source = Source::read(name, bytes, ImportOptions::default());
                self.read(Action::CsvRead { name: source.name, bytes: source.bytes, import: source.import });
            }
            Action::ReadingStarted(name) => self.reading = Some(name),
            Action::CsvRead { name, bytes, import } => {
                self.reading = None;
                let options = ImportOptions::default();
                self.source = Some(Source { name, bytes, options, import, merged: BTreeMap::new() });
                // Another file's places are not worth showing while this one's are surveyed.
                self.places = None;
                self.data_changed();
            }
            Action::Reread { bytes, options, import } => {
                self.reading = None;
                // A reading of another file (one chosen since) does not apply.
                if self.source.as_ref().is_some_and(|source| Rc::ptr_eq(&source.bytes, &bytes)) {
                    self.change_source(|source| {
                        (source.options, source.import) = (options, import);
                        source.merged.clear();
                    });
                }
            }
            re_reading => {
                if let Some((bytes, options)) = self.reread_request(&re_reading) {
                    let import = Rc::new(import_with(&bytes, &options));
                    self.read(Action::Reread { bytes, options, import });
                }
            }
        }
    }

    /// The bytes and options that a re-reading action (`SetEncoding`, `SetDelimiter`,
    /// `SetHeaderRow`, `SetLiteralQuote`) asks to read, so that the shell can read them elsewhere
    /// and give back an [`Action::Reread`]; `None` for other actions or without a file.
    pub fn reread_request(&self, action: &Action) -> Option<(Rc<[u8]>, ImportOptions)> {
        let source = self.source.as_ref()?;
        let mut options = source.options.clone();
        match action {
            Action::SetEncoding(encoding) => options.encoding = *encoding,
            Action::SetDelimiter(delimiter) => options.delimiter = *delimiter,
            Action::SetHeaderRow(row) => options.header_row = *row,
            Action::SetLiteralQuote(line) => options.literal_quote_line = *line,
            _ => return None,
        }
        Some((Rc::clone(&source.bytes), options))
    }

    /// Surveys the location answers again if they changed (or asks the shell to), and only then.
    fn refresh_places(&mut self) {
        let answers = self.source.as_ref().and_then(|source| {
            let column = source.import.column_with(ColumnRole::Location)?.index;
            let kept = source.import.records.iter().filter(|r| !source.merged.contains_key(&r.record));
            Some(kept.map(move |r| r.fields[column].as_str()))
        });
        let Some(answers) = answers else {
            (self.places, self.survey_answers, self.survey_pending) = (None, None, false);
            return;
        };
        // Compared before anything is copied: most changes (a role, a rule) leave them equal.
        let unchanged =
            self.survey_answers.as_deref().is_some_and(|old| old.iter().map(String::as_str).eq(answers.clone()));
        if unchanged && (self.places.is_some() || self.survey_pending) {
            return;
        }
        let answers: Rc<[String]> = answers.map(str::to_owned).collect();
        if self.surveys_elsewhere {
            self.survey_pending = true;
        } else {
            self.places = self.gazetteer.as_ref().map(|g| Rc::new(survey(&g.0, answers.iter().map(String::as_str))));
        }
        self.survey_answers = Some(answers);
    }

    /// The location answers the shell should survey and give back with
    /// [`Action::PlacesSurveyed`], when it surveys elsewhere and a survey is due.
    pub fn survey_wanted(&self) -> Option<Rc<[String]>> {
        self.survey_answers.clone().filter(|_| self.survey_pending)
    }

    /// The location spellings with the organizer's choices applied, once places are surveyed.
    pub fn place_rows(&self) -> Option<Rc<[PlaceRow]>> {
        Some(self.place_rows.rows(self.places.as_ref()?, self.gazetteer.as_ref()?, &self.place_decisions))
    }

    /// Applicants per metro (largest first) and how many locations are unresolved.
    pub fn applicants_per_metro(&self) -> Option<(Vec<(String, usize)>, usize)> {
        let rows = self.place_rows()?;
        let mut per_metro: BTreeMap<String, usize> = BTreeMap::new();
        let mut unresolved = 0;
        for row in rows.iter() {
            match (&row.metro, row.utc_offset_minutes) {
                (Some(metro), _) => *per_metro.entry(metro.clone()).or_default() += row.count,
                // A time zone alone is not a metro, but not unresolved either.
                (None, Some(_)) => {}
                (None, None) => unresolved += row.count,
            }
        }
        let mut metros: Vec<(String, usize)> = per_metro.into_iter().collect();
        metros.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Some((metros, unresolved))
    }

    /// The metros with enough applicants to host in-person circles under the rules in force,
    /// largest first (empty until places are surveyed).
    pub fn eligible_metros(&self) -> Vec<String> {
        let rules = self.rules();
        let threshold = rules.place.hosting_threshold(rules.size);
        let metros = self.applicants_per_metro().map(|(metros, _)| metros).unwrap_or_default();
        metros.into_iter().filter(|(_, count)| *count >= threshold).map(|(metro, _)| metro).collect()
    }

    /// Each answer of a column with how many applicants gave it, compared as the rules compare
    /// them (merged duplicates left out), most common first.
    pub fn answers_of(&self, header: &str) -> Vec<(String, usize)> {
        let Some(source) = &self.source else { return Vec::new() };
        let Some(column) = source.import.columns.iter().find(|c| c.header == header) else { return Vec::new() };
        let cells = source
            .import
            .records
            .iter()
            .filter(|r| !source.merged.contains_key(&r.record))
            .map(|r| r.fields[column.index].as_str());
        answer_counts(column, cells)
    }

    /// What a settings file of this session holds: sizes, rules without the people they name,
    /// seed and place decisions.
    pub fn settings(&self) -> Settings {
        Settings {
            version: SETTINGS_VERSION,
            size: self.size,
            // Pairs and earlier rosters name applicants by email: they stay in the page.
            rules: self.rules_edited.as_ref().map(Rules::without_people),
            seed: self.seed,
            places: self.place_decisions.clone(),
            // Only what the organizer changed, so settings files stay short.
            send: (self.send != SendSettings::default()).then(|| self.send.clone()),
        }
    }

    /// The rules in force: the organizer's once edited, else those the column roles suggest.
    pub fn rules(&self) -> Rules {
        match &self.rules_edited {
            Some(rules) => Rules { size: self.size, ..rules.clone() },
            None => {
                let columns = self.source.as_ref().map_or(&[][..], |s| s.import.columns.as_slice());
                Rules::suggested(columns, self.size)
            }
        }
    }

    /// The job for the worker, if there is anyone to compose. Merged duplicates are left out;
    /// locations take the organizer's place decisions once the gazetteer is loaded.
    pub fn compose_job(&self) -> Option<ComposeJob> {
        if !self.can_compose() {
            return None;
        }
        let source = self.source.as_ref()?;
        let locales = Locale::by_spelling(self.place_rows().unwrap_or_default().iter().cloned());
        let job = ComposeJob::from_import(
            &source.import,
            |record| source.merged.contains_key(&record),
            |location| locales.get(location).cloned(),
            self.rules(),
            self.seed,
        );
        (!job.people.is_empty()).then_some(job)
    }

    /// How many applicants a run would compose (records less merged duplicates; builds nothing).
    pub fn applicant_count(&self) -> usize {
        self.source.as_ref().map_or(0, |s| s.import.records.len() - s.merged.len())
    }

    /// Why composing is not possible now, if it is not: one sentence for the page.
    pub fn cannot_compose(&self) -> Option<String> {
        (self.applicant_count() == 0).then(|| "There is nobody to compose yet: load the applicants first.".to_owned())
    }

    /// Whether the place list is still to come for a file with a location column: composing now
    /// would find nobody's place, and everyone would wait with "place unknown".
    pub fn waiting_for_places(&self) -> bool {
        let has_location = self.source.as_ref().is_some_and(|s| s.import.column_with(ColumnRole::Location).is_some());
        has_location && (self.places.is_none() || self.survey_pending || self.gazetteer.is_none())
    }

    /// Whether a run can start (cheap: builds nothing).
    pub fn can_compose(&self) -> bool {
        self.cannot_compose().is_none()
    }

    /// The composed circles, if any.
    pub fn composition(&self) -> Option<&Composition> {
        match &self.solve {
            SolveState::Done { composition, .. } => Some(composition),
            _ => None,
        }
    }

    /// The job for re-composing everyone but what the board keeps (locked circles, pinned
    /// people), with the seed [`Action::RecomposeStarted`] takes.
    pub fn recompose_job(&self) -> Option<ComposeJob> {
        let board = self.board.as_ref()?;
        let mut job = self.compose_job()?;
        job.keep = board.kept().into_iter().map(|(_, kept)| kept).collect();
        job.seed = self.seed.wrapping_add(1);
        // The search moves only who is not kept: its budget follows them.
        let kept: usize = job.keep.iter().map(|k| k.staying.len()).sum();
        job.max_moves = default_max_moves(job.people.len().saturating_sub(kept));
        Some(job)
    }

    /// The rules as they apply to the applicants now, for judging the board's circles.
    pub fn rule_book(&self) -> Option<RuleBook> {
        Some(RuleBook::new(&self.compose_job()?))
    }

    /// The roster CSV of the board.
    pub fn roster_csv(&self) -> Option<String> {
        let source = self.source.as_ref()?;
        let board = self.board.as_ref()?;
        let book = self.rule_book();
        let band_of = |circle: &BoardCircle| book.as_ref().and_then(|book| book.band(&circle.members));
        Some(roster_csv(&source.import, board, &source.merged, band_of))
    }

    /// Whether the worker is re-composing around the board (which stays shown meanwhile).
    pub fn is_recomposing(&self) -> bool {
        self.is_composing() && self.recomposing.is_some()
    }

    /// Whether the worker is running.
    pub fn is_composing(&self) -> bool {
        matches!(self.solve, SolveState::Running { .. })
    }
}

//! The organizer's session as a pure state machine: `Workflow::apply(action) -> Workflow`.
//!
//! The shell turns clicks and worker messages into [`Action`]s and renders the result; nothing here
//! touches the browser, a clock or randomness (elapsed times and seeds arrive inside actions).

use serde::{Deserialize, Serialize};

use crate::compose::{ComposeJob, Composition, Rules};
use crate::export::roster_csv;
use crate::import::{ImportReport, applicants, import};
use crate::solver::{Progress, SizeBounds};

/// Smallest circle the page allows: a circle of one is not a circle.
pub const MIN_CIRCLE_SIZE: u32 = 2;
/// Largest circle the page allows.
pub const MAX_CIRCLE_SIZE: u32 = 40;

/// A loaded file and what the import made of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The file name, or a description such as "pasted text".
    pub name: String,
    /// The import.
    pub import: ImportReport,
}

/// Where composing stands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum SolveState {
    /// Nothing composed yet for the current data.
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

/// The whole session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Workflow {
    /// The loaded data, if any.
    pub source: Option<Source>,
    /// The circle size range.
    pub size: SizeBounds,
    /// Seed of the next run.
    pub seed: u64,
    /// Composing.
    pub solve: SolveState,
}

/// What the organizer did, or what came back from the worker.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Read a CSV (file, paste, drop or sample).
    LoadCsv {
        /// The file name or a description.
        name: String,
        /// Its bytes.
        bytes: Vec<u8>,
    },
    /// Change the smallest circle size (clamped; raises the largest if needed).
    SetMinSize(u32),
    /// Change the largest circle size (clamped; lowers the smallest if needed).
    SetMaxSize(u32),
    /// Change the seed of the next run.
    SetSeed(u64),
    /// The shell started a run in the worker.
    ComposeStarted,
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
    /// Forget the loaded data and any result.
    ForgetAll,
}

impl Default for Workflow {
    /// An empty session with circles of 6 to 9 and seed 1.
    fn default() -> Self {
        Workflow { source: None, size: SizeBounds { min: 6, max: 9 }, seed: 1, solve: SolveState::Idle }
    }
}

impl Workflow {
    /// The state after `action`.
    pub fn apply(mut self, action: Action) -> Workflow {
        match action {
            Action::LoadCsv { name, bytes } => {
                self.source = Some(Source { name, import: import(&bytes) });
                self.solve = SolveState::Idle;
            }
            Action::SetMinSize(min) => {
                self.size.min = min.clamp(MIN_CIRCLE_SIZE, MAX_CIRCLE_SIZE);
                self.size.max = self.size.max.max(self.size.min);
            }
            Action::SetMaxSize(max) => {
                self.size.max = max.clamp(MIN_CIRCLE_SIZE, MAX_CIRCLE_SIZE);
                self.size.min = self.size.min.min(self.size.max);
            }
            Action::SetSeed(seed) => self.seed = seed,
            Action::ComposeStarted => {
                if self.compose_job().is_some() {
                    self.solve = SolveState::Running { progress: None, elapsed_ms: 0.0 };
                }
            }
            Action::SolveProgressed { progress, elapsed_ms } => {
                // A late report from a run that already ended must not bring the spinner back.
                if matches!(self.solve, SolveState::Running { .. }) {
                    self.solve = SolveState::Running { progress: Some(progress), elapsed_ms };
                }
            }
            Action::SolveFinished { composition, elapsed_ms } => {
                if matches!(self.solve, SolveState::Running { .. }) {
                    self.solve = SolveState::Done { composition, elapsed_ms };
                }
            }
            Action::SolveFailed(message) => self.solve = SolveState::Failed(message),
            Action::ForgetAll => {
                self = Workflow { size: self.size, ..Workflow::default() };
            }
        }
        self
    }

    /// The job for the worker, if there is anyone to compose.
    pub fn compose_job(&self) -> Option<ComposeJob> {
        let source = self.source.as_ref()?;
        if source.import.records.is_empty() {
            return None;
        }
        Some(ComposeJob::new(applicants(&source.import), Rules { size: self.size }, self.seed))
    }

    /// The composed circles, if any.
    pub fn composition(&self) -> Option<&Composition> {
        match &self.solve {
            SolveState::Done { composition, .. } => Some(composition),
            _ => None,
        }
    }

    /// The roster CSV of the current result.
    pub fn roster_csv(&self) -> Option<String> {
        Some(roster_csv(&self.source.as_ref()?.import, self.composition()?))
    }

    /// Whether the worker is running.
    pub fn is_composing(&self) -> bool {
        matches!(self.solve, SolveState::Running { .. })
    }
}

//! The page's web worker, which does the core's long work away from the page: composing, reading
//! a large file, the places survey, the feasibility notes, and the key derivation of the project
//! file (PBKDF2, about two seconds). The page's handles on it.
//!
//! Composing is a stream: `Start` a job, receive `Progressed` after every chunk of moves and one
//! `Finished`; `Stop` between chunks ends the run early with the best circles so far. Dropping the
//! handle drops the bridges, which ends the workers (the hard cancel). A run uses one worker per
//! spare core ([`worker_count`]), each searching from its own seed; progress adds up and the best
//! result wins, as with the command line's `--threads`. Once a run ends, spare workers are started
//! for the next. A project file is sealed or opened by one request and one answer
//! ([`seal_project`], [`open_project_json`]) in a worker of its own. Reading, surveys and notes
//! go, one at a time, to one standing worker ([`read_in_worker`], [`survey_places`],
//! [`findings_of`]), which keeps the gazetteer it read for the next survey.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use futures::stream::SplitSink;
use futures::{FutureExt, SinkExt, StreamExt};
use gloo_worker::Spawnable;
use gloo_worker::reactor::{ReactorBridge, ReactorScope, reactor};
use serde::{Deserialize, Serialize};
use yew::Callback;

use crate::compose::{ComposeJob, Composer, Composition, Finding, feasibility};
use crate::import::{ImportInTransit, ImportOptions, ImportReport, import_with};
use crate::places::{PlacesReport, SharedGazetteer, SurveyInTransit, survey};
use crate::project::{PBKDF2_ITERATIONS, ProjectError, open_json, seal_json};
use crate::solver::Progress;
use crate::workflow::Action;

/// The worker's script, which starts the page's own script and WebAssembly in the worker, named
/// by the page's `<script data-app-js data-app-wasm>` (see boot.js). Relative to the page, so
/// that the app works from any sub-path.
fn worker_script() -> String {
    let names = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.query_selector("script[data-app-js]").ok().flatten())
        .and_then(|tag| Some((tag.get_attribute("data-app-js")?, tag.get_attribute("data-app-wasm")?)));
    match names {
        Some((js, wasm)) => {
            let encode = |name: &str| js_sys::encode_uri_component(name).as_string().unwrap_or_default();
            format!("./core-worker.js?js={}&wasm={}", encode(&js), encode(&wasm))
        }
        // Without the page's script tag the worker cannot start; the watchdog says so.
        None => "./core-worker.js".to_owned(),
    }
}

/// How long one chunk of moves should take: short enough for a smooth bar and a prompt Stop,
/// long enough that yielding between chunks (a few milliseconds each) costs nothing.
const CHUNK_MS: f64 = 100.0;
/// The first chunk, before the worker has measured how fast moves go on this machine.
const FIRST_CHUNK: u64 = 20_000;

/// A worker silent for this long has died (out of memory, or a crash that aborts it): the longest
/// chunk takes well under a second, and starting the worker about one.
const SILENCE_LIMIT_MS: f64 = 15_000.0;
/// How often the page checks for silence.
const WATCH_EVERY_MS: u32 = 1_000;

/// From the page to the worker.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) enum WorkerRequest {
    /// Compose this job.
    Start(Box<ComposeJob>),
    /// End the current run now, keeping the best circles so far.
    Stop,
    /// Seal a project's JSON into a project file with this passphrase, salt and nonce.
    SealProject {
        #[serde(with = "serde_bytes")]
        json: Vec<u8>,
        passphrase: String,
        salt: [u8; 16],
        nonce: [u8; 12],
    },
    /// Open a project file with this passphrase, giving its JSON.
    OpenProject {
        #[serde(with = "serde_bytes")]
        bytes: Vec<u8>,
        passphrase: String,
    },
    /// Read this file with these options. (Bytes cross as one block, not byte by byte: a 1.6 MB
    /// file took 28 ms to encode as a sequence.)
    Import {
        #[serde(with = "serde_bytes")]
        bytes: Vec<u8>,
        options: ImportOptions,
    },
    /// Survey these location answers (the worker reads the gazetteer the first time).
    Survey(Vec<String>),
    /// Give the feasibility notes of this job.
    Findings(Box<ComposeJob>),
}

/// From the worker to the page.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) enum WorkerEvent {
    /// A chunk of moves is done.
    Progressed { progress: Progress, elapsed_ms: f64 },
    /// The run ended (budget spent or stopped).
    Finished { composition: Composition, elapsed_ms: f64 },
    /// The project file's bytes.
    ProjectSealed(Vec<u8>),
    /// The project's JSON, or why the file does not open.
    ProjectOpened(Result<Vec<u8>, ProjectError>),
    /// The file as read.
    Imported(ImportInTransit),
    /// The survey, or why the gazetteer could not be read.
    Surveyed(Result<SurveyInTransit, String>),
    /// The feasibility notes.
    Found(Vec<Finding>),
}

/// Answers the page's requests one at a time. Sending to the page cannot fail (the scope's error
/// is `Infallible`): a page that goes away drops its bridge, which ends the worker.
#[reactor]
pub(crate) async fn CoreReactor(mut scope: ReactorScope<WorkerRequest, WorkerEvent>) {
    let mut gazetteer: Option<SharedGazetteer> = None;
    while let Some(request) = scope.next().await {
        let answer = match request {
            WorkerRequest::Start(job) => compose(&mut scope, *job).await,
            WorkerRequest::Stop => continue,
            WorkerRequest::SealProject { json, passphrase, salt, nonce } => {
                WorkerEvent::ProjectSealed(seal_json(&json, &passphrase, salt, nonce, PBKDF2_ITERATIONS))
            }
            WorkerRequest::OpenProject { bytes, passphrase } => {
                WorkerEvent::ProjectOpened(open_json(&bytes, &passphrase))
            }
            WorkerRequest::Import { bytes, options } => WorkerEvent::Imported(import_with(&bytes, &options).into()),
            WorkerRequest::Survey(answers) => {
                if gazetteer.is_none() {
                    gazetteer = super::places_data::load_gazetteer().await.ok();
                }
                WorkerEvent::Surveyed(match &gazetteer {
                    Some(gazetteer) => Ok(survey(&gazetteer.0, answers.iter().map(String::as_str)).into()),
                    None => Err("The place list could not be loaded in the page's worker.".to_owned()),
                })
            }
            WorkerRequest::Findings(job) => WorkerEvent::Found(feasibility(&job)),
        };
        let _ = scope.send(answer).await;
    }
}

/// Runs a job in chunks, reporting progress after each and yielding to the worker's event loop
/// between chunks so that a `Stop` can arrive; gives the `Finished` event.
async fn compose(scope: &mut ReactorScope<WorkerRequest, WorkerEvent>, job: ComposeJob) -> WorkerEvent {
    let started = js_sys::Date::now();
    let mut chunk = FIRST_CHUNK;
    let mut composer = Composer::new(job);
    loop {
        let chunk_started = js_sys::Date::now();
        let progress = composer.step(chunk);
        let now = js_sys::Date::now();
        let elapsed_ms = now - started;
        // The next chunk aims at CHUNK_MS from the pace of this one, growing at most fourfold.
        let pace = chunk as f64 / (now - chunk_started).max(1.0);
        chunk = ((pace * CHUNK_MS) as u64).clamp(1_000, chunk.saturating_mul(4));
        let _ = scope.send(WorkerEvent::Progressed { progress, elapsed_ms }).await;
        if progress.finished {
            break;
        }
        gloo_timers::future::TimeoutFuture::new(0).await;
        if let Some(Some(WorkerRequest::Stop) | None) = scope.next().now_or_never() {
            break;
        }
    }
    WorkerEvent::Finished { composition: composer.composition(), elapsed_ms: js_sys::Date::now() - started }
}

/// What the page says when a worker answers a request with another request's answer.
const UNEXPECTED_ANSWER: &str = "The page's worker gave an unexpected answer; reload the page and try again.";
/// What the page says when a worker stays silent past its limit.
const NO_ANSWER: &str = "The page's worker did not answer; reload the page and try again.";

/// A worker that does not answer a one-off request in this long has failed (its WebAssembly
/// could not load, or it ran out of memory); the key derivation takes about two seconds.
const ANSWER_LIMIT_MS: u32 = 60_000;

/// Sends one request to a worker of its own and waits for the one answer.
async fn ask(request: WorkerRequest) -> Result<WorkerEvent, String> {
    let (mut sink, mut events) = worker().split();
    let answer = async move {
        sink.send(request).await.ok()?;
        events.next().await
    };
    let limit = gloo_timers::future::TimeoutFuture::new(ANSWER_LIMIT_MS);
    match futures::future::select(Box::pin(answer), limit).await {
        futures::future::Either::Left((Some(event), _)) => Ok(event),
        _ => Err(NO_ANSWER.to_owned()),
    }
}

/// Seals a project's JSON into a project file's bytes, in a worker, so the page stays responsive
/// during the key derivation.
pub(crate) async fn seal_project(
    json: Vec<u8>,
    passphrase: String,
    salt: [u8; 16],
    nonce: [u8; 12],
) -> Result<Vec<u8>, String> {
    match ask(WorkerRequest::SealProject { json, passphrase, salt, nonce }).await? {
        WorkerEvent::ProjectSealed(bytes) => Ok(bytes),
        _ => Err(UNEXPECTED_ANSWER.to_owned()),
    }
}

/// Opens a project file in a worker, giving the project's JSON ([`crate::project::Project::from_json`]
/// reads it) or why it does not open.
pub(crate) async fn open_project_json(bytes: Vec<u8>, passphrase: String) -> Result<Vec<u8>, String> {
    match ask(WorkerRequest::OpenProject { bytes, passphrase }).await? {
        WorkerEvent::ProjectOpened(opened) => opened.map_err(|error| error.to_string()),
        _ => Err(UNEXPECTED_ANSWER.to_owned()),
    }
}

/// A request for the standing worker and where its answer goes.
type Errand = (WorkerRequest, futures::channel::oneshot::Sender<WorkerEvent>);

thread_local! {
    /// The standing worker's queue, once it is started.
    static STANDING: RefCell<Option<futures::channel::mpsc::UnboundedSender<Errand>>> = const { RefCell::new(None) };
}

/// Starts the standing worker: a task sends it one request at a time and hands each answer to
/// its asker. A worker that stops answering ends the task; later requests then start another.
fn start_standing() -> futures::channel::mpsc::UnboundedSender<Errand> {
    let (queue, mut errands) = futures::channel::mpsc::unbounded::<Errand>();
    let (mut sink, mut events) = CoreReactor::spawner().spawn_with_loader(&worker_script()).split();
    wasm_bindgen_futures::spawn_local(async move {
        while let Some((request, answer)) = errands.next().await {
            let Ok(()) = sink.send(request).await else { break };
            let Some(event) = events.next().await else { break };
            let _ = answer.send(event);
        }
        // Forgotten, unless a newer worker has taken its place already.
        STANDING.with(|standing| {
            let mut standing = standing.borrow_mut();
            if standing.as_ref().is_some_and(|queue| queue.is_connected_to(&errands)) {
                *standing = None;
            }
        });
    });
    queue
}

/// How long the standing worker may take to answer, its start included: a survey of 10,000
/// distinct answers takes about a second and starting the worker about one. Past it the page
/// does the work itself (a worker whose script cannot load never says so).
const STANDING_LIMIT_MS: u32 = 10_000;

/// Starts the standing worker ahead of the first survey, which then waits only for the
/// gazetteer, not also for the worker's WebAssembly to load.
pub(crate) fn warm_standing() {
    STANDING.with(|standing| {
        standing.borrow_mut().get_or_insert_with(start_standing);
    });
}

/// Sends one request to the standing worker and waits for its answer. A worker silent past
/// [`STANDING_LIMIT_MS`] is given up: the next request starts another.
async fn ask_standing(request: WorkerRequest) -> Result<WorkerEvent, String> {
    let (answer, answered) = futures::channel::oneshot::channel();
    STANDING.with(|standing| {
        let mut standing = standing.borrow_mut();
        let errand = match standing.get_or_insert_with(start_standing).unbounded_send((request, answer)) {
            Ok(()) => return,
            Err(closed) => closed.into_inner(),
        };
        // The worker's task has ended: another takes this request and the later ones.
        let _ = standing.insert(start_standing()).unbounded_send(errand);
    });
    let limit = gloo_timers::future::TimeoutFuture::new(STANDING_LIMIT_MS);
    match futures::future::select(answered, limit).await {
        futures::future::Either::Left((Ok(event), _)) => Ok(event),
        futures::future::Either::Left((Err(_), _)) => {
            Err("The page's worker stopped; reload the page and try again.".to_owned())
        }
        futures::future::Either::Right(_) => {
            STANDING.with(|standing| standing.borrow_mut().take());
            Err(NO_ANSWER.to_owned())
        }
    }
}

/// Surveys location answers in the standing worker: ten thousand distinct answers take the
/// better part of a second.
pub(crate) async fn survey_places(answers: Vec<String>) -> Result<PlacesReport, String> {
    match ask_standing(WorkerRequest::Survey(answers)).await? {
        WorkerEvent::Surveyed(surveyed) => surveyed.map(SurveyInTransit::into_report),
        _ => Err(UNEXPECTED_ANSWER.to_owned()),
    }
}

/// Reads a file in the standing worker, as [`import_with`] does.
pub(crate) async fn read_in_worker(bytes: Vec<u8>, options: ImportOptions) -> Result<ImportReport, String> {
    match ask_standing(WorkerRequest::Import { bytes, options }).await? {
        WorkerEvent::Imported(read) => Ok(read.into_report()),
        _ => Err(UNEXPECTED_ANSWER.to_owned()),
    }
}

/// The feasibility notes of a job, from the standing worker.
pub(crate) async fn findings_of(job: ComposeJob) -> Result<Vec<Finding>, String> {
    match ask_standing(WorkerRequest::Findings(Box::new(job))).await? {
        WorkerEvent::Found(findings) => Ok(findings),
        _ => Err(UNEXPECTED_ANSWER.to_owned()),
    }
}

type RequestSink = SplitSink<ReactorBridge<CoreReactor>, WorkerRequest>;

/// Most workers a run uses, however many cores the machine has: past that, memory (each holds the
/// whole job) grows faster than the results improve.
const MAX_WORKERS: usize = 8;

thread_local! {
    /// Workers started ahead of need once a run ends, so that the next run (a re-compose, most
    /// often) does not wait for workers to load. They hold no data until they are given a job.
    static SPARES: RefCell<Vec<ReactorBridge<CoreReactor>>> = const { RefCell::new(Vec::new()) };
}

/// How many workers a run uses: one per core but the page's own
/// (`navigator.hardwareConcurrency − 1`), from 1 to 8. `?workers=N` in the page's address sets it,
/// for benchmarks and tests on machines with few cores.
pub(crate) fn worker_count() -> usize {
    let Some(window) = web_sys::window() else { return 1 };
    let asked = window.location().search().ok().and_then(|query| {
        query.trim_start_matches('?').split('&').find_map(|pair| pair.strip_prefix("workers=")?.parse::<usize>().ok())
    });
    let cores = window.navigator().hardware_concurrency() as usize;
    asked.unwrap_or(cores.saturating_sub(1)).clamp(1, MAX_WORKERS)
}

/// A worker for the next run: a spare one if there is one, else a new one.
fn worker() -> ReactorBridge<CoreReactor> {
    SPARES
        .with(|spares| spares.borrow_mut().pop())
        .unwrap_or_else(|| CoreReactor::spawner().spawn_with_loader(&worker_script()))
}

/// Starts spare workers until `count` are waiting.
fn keep_spares(count: usize) {
    SPARES.with(|spares| {
        let mut spares = spares.borrow_mut();
        while spares.len() < count {
            spares.push(CoreReactor::spawner().spawn_with_loader(&worker_script()));
        }
    });
}

/// What the workers of one run have reported, one entry per worker.
struct Reports {
    progress: Vec<Progress>,
    results: Vec<Option<Composition>>,
    /// When each worker last spoke.
    last_heard: Vec<f64>,
    elapsed_ms: f64,
}

impl Reports {
    fn new(job: &ComposeJob, workers: usize) -> Self {
        let waiting =
            Progress { moves_done: 0, max_moves: job.max_moves, best_score: 0.0, finished: false, searches: 1 };
        Reports {
            progress: vec![waiting; workers],
            results: vec![None; workers],
            last_heard: vec![js_sys::Date::now(); workers],
            elapsed_ms: 0.0,
        }
    }

    /// Whether a worker that has not finished has been silent too long.
    fn one_went_silent(&self, now: f64) -> bool {
        self.results
            .iter()
            .zip(&self.last_heard)
            .any(|(result, &heard)| result.is_none() && now - heard > SILENCE_LIMIT_MS)
    }

    /// The best circles once every worker has finished.
    fn best_when_all_finished(&mut self) -> Option<Composition> {
        if self.results.iter().any(Option::is_none) {
            return None;
        }
        Composition::best_of(self.results.iter_mut().filter_map(Option::take))
    }
}

/// The page's handle on one run, over all its workers. Dropping it abandons the run.
pub(crate) struct SolverRun {
    sinks: Rc<RefCell<Vec<RequestSink>>>,
    alive: Rc<Cell<bool>>,
    /// Whether Stop was pressed: a worker still being given its job is stopped once it has it.
    stopping: Rc<Cell<bool>>,
    /// Checks that every worker keeps reporting; dropped (and so stopped) with the run.
    _watchdog: gloo_timers::callback::Interval,
}

impl SolverRun {
    /// Starts `job` on `workers` workers (spare ones first), search `i` from
    /// [`ComposeJob::search`]`(i)`, and forwards their events to `dispatch` as actions: progress
    /// added up over the workers, and the best of their circles once all have finished.
    pub(crate) fn start(job: ComposeJob, workers: usize, dispatch: Callback<Action>) -> SolverRun {
        let workers = workers.clamp(1, MAX_WORKERS);
        let alive = Rc::new(Cell::new(true));
        let stopping = Rc::new(Cell::new(false));
        let sinks = Rc::new(RefCell::new(Vec::with_capacity(workers)));
        let reports = Rc::new(RefCell::new(Reports::new(&job, workers)));
        let fail = {
            let (alive, sinks, dispatch) = (alive.clone(), sinks.clone(), dispatch.clone());
            move |message: &str| {
                if alive.replace(false) {
                    sinks.borrow_mut().clear();
                    dispatch.emit(Action::SolveFailed(message.to_owned()));
                }
            }
        };
        let watchdog = {
            let (alive, reports, fail) = (alive.clone(), reports.clone(), fail.clone());
            gloo_timers::callback::Interval::new(WATCH_EVERY_MS, move || {
                if alive.get() && reports.borrow().one_went_silent(js_sys::Date::now()) {
                    fail(
                        "The composer stopped responding (it may have run out of memory). Try again; if it happens \
                         again, compose fewer applicants at once.",
                    );
                }
            })
        };
        for index in 0..workers {
            let (mut sink, mut events) = worker().split();
            let search = job.search(index);
            let (alive, stopping, sinks, reports, dispatch, fail) =
                (alive.clone(), stopping.clone(), sinks.clone(), reports.clone(), dispatch.clone(), fail.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if sink.send(WorkerRequest::Start(Box::new(search))).await.is_err() {
                    fail("The composer could not start its worker.");
                    return;
                }
                if !alive.get() {
                    return;
                }
                if stopping.get() {
                    let _ = sink.send(WorkerRequest::Stop).await;
                }
                sinks.borrow_mut().push(sink);
                while let Some(event) = events.next().await {
                    if !alive.get() {
                        return;
                    }
                    let mut reports = reports.borrow_mut();
                    reports.last_heard[index] = js_sys::Date::now();
                    match event {
                        WorkerEvent::Progressed { progress, elapsed_ms } => {
                            reports.progress[index] = progress;
                            reports.elapsed_ms = reports.elapsed_ms.max(elapsed_ms);
                            let progress = Progress::together(&reports.progress);
                            let elapsed_ms = reports.elapsed_ms;
                            drop(reports);
                            dispatch.emit(Action::SolveProgressed { progress, elapsed_ms });
                        }
                        WorkerEvent::Finished { composition, elapsed_ms } => {
                            reports.results[index] = Some(composition);
                            reports.elapsed_ms = reports.elapsed_ms.max(elapsed_ms);
                            if let Some(composition) = reports.best_when_all_finished() {
                                let elapsed_ms = reports.elapsed_ms;
                                drop(reports);
                                alive.set(false);
                                sinks.borrow_mut().clear();
                                dispatch.emit(Action::SolveFinished { composition, elapsed_ms });
                                keep_spares(workers);
                            }
                            break;
                        }
                        // Answers to one-off requests go to their own workers, never to a run's.
                        WorkerEvent::ProjectSealed(_)
                        | WorkerEvent::ProjectOpened(_)
                        | WorkerEvent::Imported(_)
                        | WorkerEvent::Surveyed(_)
                        | WorkerEvent::Found(_) => {}
                    }
                }
                // Dropping both halves of a bridge ends its worker; each worker's task ends here.
            });
        }
        SolverRun { sinks, alive, stopping, _watchdog: watchdog }
    }

    /// Asks every worker to finish now with the best circles so far.
    pub(crate) fn stop(&self) {
        self.stopping.set(true);
        for mut sink in self.sinks.borrow_mut().drain(..) {
            wasm_bindgen_futures::spawn_local(async move {
                // The worker may have finished already; then there is nothing to stop.
                let _ = sink.send(WorkerRequest::Stop).await;
            });
        }
    }
}

impl Drop for SolverRun {
    fn drop(&mut self) {
        self.alive.set(false);
        self.sinks.borrow_mut().clear();
    }
}

//! The solver's web worker and the page's handle on it.
//!
//! The protocol is a stream: `Start` a job, receive `Progressed` after every chunk of moves and one
//! `Finished`; `Stop` between chunks ends the run early with the best circles so far. Dropping the
//! handle drops the bridge, which ends the worker (the hard cancel). Each run has its own worker;
//! once a run ends, a spare one is started for the next.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use futures::stream::SplitSink;
use futures::{FutureExt, SinkExt, StreamExt};
use gloo_worker::Spawnable;
use gloo_worker::reactor::{ReactorBridge, ReactorScope, reactor};
use serde::{Deserialize, Serialize};
use yew::Callback;

use crate::compose::{ComposeJob, Composer, Composition};
use crate::solver::Progress;
use crate::workflow::Action;

/// Where Trunk puts the worker's loader (`data-loader-shim`), relative to the page so that the
/// app works from any sub-path.
const WORKER_LOADER: &str = "./worker_loader.js";

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
pub(crate) enum SolverRequest {
    /// Compose this job.
    Start(Box<ComposeJob>),
    /// End the current run now, keeping the best circles so far.
    Stop,
}

/// From the worker to the page.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) enum SolverEvent {
    /// A chunk of moves is done.
    Progressed { progress: Progress, elapsed_ms: f64 },
    /// The run ended (budget spent or stopped).
    Finished { composition: Composition, elapsed_ms: f64 },
}

/// Runs jobs in chunks, yielding to the worker's event loop between chunks so a `Stop` can arrive.
#[reactor]
pub(crate) async fn SolverReactor(mut scope: ReactorScope<SolverRequest, SolverEvent>) {
    while let Some(request) = scope.next().await {
        let SolverRequest::Start(job) = request else { continue };
        let job = *job;
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
            if scope.send(SolverEvent::Progressed { progress, elapsed_ms }).await.is_err() {
                return;
            }
            if progress.finished {
                break;
            }
            gloo_timers::future::TimeoutFuture::new(0).await;
            match scope.next().now_or_never() {
                Some(Some(SolverRequest::Stop)) => break,
                Some(None) => return,
                _ => {}
            }
        }
        let finished =
            SolverEvent::Finished { composition: composer.composition(), elapsed_ms: js_sys::Date::now() - started };
        if scope.send(finished).await.is_err() {
            return;
        }
    }
}

type RequestSink = SplitSink<ReactorBridge<SolverReactor>, SolverRequest>;

thread_local! {
    /// A worker started ahead of need once a run ends, so that the next run (a re-compose, most
    /// often) does not wait for a worker to load. It holds no data until it is given a job.
    static SPARE: RefCell<Option<ReactorBridge<SolverReactor>>> = const { RefCell::new(None) };
}

/// A worker for the next run: the spare one if there is one, else a new one.
fn worker() -> ReactorBridge<SolverReactor> {
    SPARE
        .with(|spare| spare.borrow_mut().take())
        .unwrap_or_else(|| SolverReactor::spawner().spawn_with_loader(WORKER_LOADER))
}

/// Starts a spare worker if none is waiting.
fn keep_a_spare() {
    SPARE.with(|spare| {
        if spare.borrow().is_none() {
            *spare.borrow_mut() = Some(SolverReactor::spawner().spawn_with_loader(WORKER_LOADER));
        }
    });
}

/// The page's handle on one run. Dropping it abandons the run.
pub(crate) struct SolverRun {
    sink: Rc<RefCell<Option<RequestSink>>>,
    alive: Rc<Cell<bool>>,
    /// Checks that the worker keeps reporting; dropped (and so stopped) with the run.
    _watchdog: gloo_timers::callback::Interval,
}

impl SolverRun {
    /// Takes a worker (the spare one, else a new one), starts `job`, and forwards its events to
    /// `dispatch` as actions.
    pub(crate) fn start(job: ComposeJob, dispatch: Callback<Action>) -> SolverRun {
        let bridge = worker();
        let (mut sink, mut events) = bridge.split();
        let alive = Rc::new(Cell::new(true));
        let sink_slot = Rc::new(RefCell::new(None));
        let last_heard = Rc::new(Cell::new(js_sys::Date::now()));
        let watchdog = {
            let (alive, sink_slot, last_heard, dispatch) =
                (alive.clone(), sink_slot.clone(), last_heard.clone(), dispatch.clone());
            gloo_timers::callback::Interval::new(WATCH_EVERY_MS, move || {
                if alive.get() && js_sys::Date::now() - last_heard.get() > SILENCE_LIMIT_MS {
                    alive.set(false);
                    sink_slot.borrow_mut().take();
                    dispatch.emit(Action::SolveFailed(
                        "The composer stopped responding (it may have run out of memory). Try again; if it happens \
                         again, compose fewer applicants at once."
                            .to_owned(),
                    ));
                }
            })
        };
        {
            let (alive, sink_slot) = (alive.clone(), sink_slot.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if sink.send(SolverRequest::Start(Box::new(job))).await.is_err() {
                    dispatch.emit(Action::SolveFailed("The composer could not start its worker.".to_owned()));
                    return;
                }
                *sink_slot.borrow_mut() = Some(sink);
                while let Some(event) = events.next().await {
                    if !alive.get() {
                        return;
                    }
                    last_heard.set(js_sys::Date::now());
                    match event {
                        SolverEvent::Progressed { progress, elapsed_ms } => {
                            dispatch.emit(Action::SolveProgressed { progress, elapsed_ms });
                        }
                        SolverEvent::Finished { composition, elapsed_ms } => {
                            dispatch.emit(Action::SolveFinished { composition, elapsed_ms });
                            keep_a_spare();
                            break;
                        }
                    }
                }
                // Dropping both halves drops the bridge, which ends the worker; the watchdog rests.
                alive.set(false);
                sink_slot.borrow_mut().take();
            });
        }
        SolverRun { sink: sink_slot, alive, _watchdog: watchdog }
    }

    /// Asks the worker to finish now with the best circles so far.
    pub(crate) fn stop(&self) {
        if let Some(mut sink) = self.sink.borrow_mut().take() {
            wasm_bindgen_futures::spawn_local(async move {
                // The run may have ended already; then there is nothing to stop.
                let _ = sink.send(SolverRequest::Stop).await;
            });
        }
    }
}

impl Drop for SolverRun {
    fn drop(&mut self) {
        self.alive.set(false);
        self.sink.borrow_mut().take();
    }
}

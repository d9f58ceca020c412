//! A composing run: the circles planned, the searches that fill them, and the composition of the
//! best one, repaired and explained. The same `Composer` runs natively and in the web worker, in
//! chunks of moves, so the worker can report progress and stop early.

use super::feasibility::Planning;
use super::job::ComposeJob;
use super::judge::RuleBook;
use super::objective::{Weights, terms};
use super::outcome::{Circle, Composition, Mode, Waitlisted};
use super::pairs::PairScores;
use super::plan::PlannedCircle;
use super::reasons::reason;
use super::repair::{Seating, repaired};
use super::roster::Venue;
use super::start::{seats_of, solver_assignment, starting_seats, top_up};
use crate::model::{GroupId, RecordId};
use crate::solver::{Problem, Progress, Search, SearchConfig, Stepping};

/// A composing run: the circles planned, and the searches that fill them.
///
/// The plan's count of circles is a guess: when its best grouping still leaves people waiting,
/// a run of up to 2,000 people tries again with one more circle (at most [`EXTRA_CIRCLE_TRIES`]
/// times), with the same move budget each, and keeps whichever leaves fewest waiting.
#[derive(Clone, Debug)]
pub struct Composer {
    planning: Planning,
    pairs: PairScores,
    weights: Weights,
    seed: u64,
    max_moves: u64,
    attempts: Vec<Attempt>,
    /// The finished attempt that leaves fewest waiting, with that count.
    best: Option<(usize, usize)>,
    /// Whether no attempt is left to run.
    done: bool,
}

/// How many times a run adds a circle when people still wait.
pub const EXTRA_CIRCLE_TRIES: usize = 2;
/// Above this many people a run does not add circles: each try costs a whole search, the plan's
/// count is rarely off by one circle there, and one more circle places at most a handful more
/// (10,000 applicants half from one company took 23 s with tries that placed one person each).
const EXTRA_CIRCLE_MAX_PEOPLE: usize = 2_000;

/// One search over one plan of circles.
#[derive(Clone, Debug)]
struct Attempt {
    circles: Vec<PlannedCircle>,
    search: Search<PairScores>,
}

impl Composer {
    /// Plans the circles and starts the search. People whom contradictory rules keep waiting
    /// wait from the start, so the search does not build circles around them.
    pub fn new(job: ComposeJob) -> Self {
        let planning = Planning::new(&job);
        let weights = Weights::of(&planning.book.rules);
        let pairs = PairScores::new(&planning.book.roster, &planning.book.rules, weights.hard);
        let circles = planning.plan.circles.clone();
        let mut composer = Composer {
            planning,
            pairs,
            weights,
            seed: job.seed,
            max_moves: job.max_moves,
            attempts: Vec::new(),
            best: None,
            done: false,
        };
        if circles.is_empty() {
            composer.done = true;
        } else {
            let start = starting_seats(&composer.planning.book, &composer.planning.plan, &composer.planning.fixed);
            composer.start_attempt(circles, start);
        }
        composer
    }

    fn start_attempt(&mut self, circles: Vec<PlannedCircle>, seats: Vec<Option<usize>>) {
        let book = &self.planning.book;
        let terms = terms(book, &circles, &self.planning.plan.routed, &self.weights);
        let bounds = circles.iter().map(|c| c.bounds).collect();
        let fixed = self.planning.fixed.iter().map(Option::is_some).collect();
        let problem = Problem::with_terms(self.pairs.clone(), bounds, terms)
            .expect("the plan opens only circles that its people can fill, and anyone may wait")
            .with_fixed(fixed);
        let waitlist = problem.waitlist_group().expect("composing always has a waitlist");
        let start = solver_assignment(&seats, waitlist);
        // Each attempt draws from its own stream of the seed.
        let seed = self.seed.wrapping_add(self.attempts.len() as u64);
        let search = Search::starting_from(problem, SearchConfig { max_moves: self.max_moves }, seed, start);
        self.attempts.push(Attempt { circles, search });
    }

    /// Tries up to `chunk` more moves.
    pub fn step(&mut self, chunk: u64) -> Progress {
        let mut left = chunk;
        while !self.done && left > 0 {
            let Some(current) = self.attempts.last_mut() else {
                self.done = true;
                break;
            };
            let before = current.search.progress().moves_done;
            let progress = current.search.step(left);
            left = left.saturating_sub(progress.moves_done.saturating_sub(before));
            if !progress.finished {
                break;
            }
            self.finish_attempt();
        }
        self.progress()
    }

    /// The last attempt is over: keep it if it leaves fewer waiting, and try one more circle while
    /// that helped and there are people to fill it.
    fn finish_attempt(&mut self) {
        let index = self.attempts.len() - 1;
        let seating = self.seating(index);
        let waiting = seating.waiting.len();
        let improved = self.best.is_none_or(|(_, fewest)| waiting < fewest);
        if improved {
            self.best = Some((index, waiting));
        }
        let n = self.planning.book.roster.n;
        let size = self.planning.book.rules.size;
        let circles = &self.attempts[index].circles;
        let room = (circles.len() + 1) * size.min as usize <= n && n <= EXTRA_CIRCLE_MAX_PEOPLE;
        if waiting == 0 || !improved || index >= EXTRA_CIRCLE_TRIES || !room {
            self.done = true;
            return;
        }
        let mut circles = circles.clone();
        circles.push(PlannedCircle::new(Venue::Video, size.min, None, size));
        // The new circle starts from who waited, topped up with whoever fits them best; everyone
        // else keeps the circle the last attempt gave them.
        let mut seats = vec![None; n];
        for (circle, people) in seating.members.iter().enumerate() {
            for &person in people {
                seats[person] = Some(circle);
            }
        }
        top_up(&self.planning.book, &circles, &mut seats, &self.planning.fixed);
        self.start_attempt(circles, seats);
    }

    /// Where the run stands, over all its attempts.
    pub fn progress(&self) -> Progress {
        let done: u64 = self.attempts.iter().map(|a| a.search.progress().moves_done).sum();
        // While tries with one more circle may follow, the budget counts them, so that the bar
        // never goes back; once the run is over, the work done is the whole.
        let n = self.planning.book.roster.n;
        let tries = if n <= EXTRA_CIRCLE_MAX_PEOPLE { 1 + EXTRA_CIRCLE_TRIES as u64 } else { 1 };
        let budget = if self.done { done } else { self.max_moves.saturating_mul(tries).max(done) };
        let best_score = self.attempts.iter().map(|a| a.search.progress().best_score).fold(f64::NEG_INFINITY, f64::max);
        Progress {
            moves_done: done,
            max_moves: budget,
            best_score: if best_score.is_finite() { best_score } else { 0.0 },
            finished: self.done,
            searches: 1,
        }
    }

    /// Runs the search to the end of its budget.
    pub fn run(&mut self) -> Progress {
        self.step(u64::MAX)
    }

    /// The best grouping of an attempt, repaired: circles that hold every hard rule, and who waits.
    fn seating(&self, attempt: usize) -> Seating {
        let Attempt { circles, search } = &self.attempts[attempt];
        let seats = seats_of(search.best().0, circles.len());
        repaired(&self.planning.book, &self.pairs, circles, &seats, &self.planning.fixed)
    }

    /// The circles of the best grouping so far, mended so that no hard rule is broken, with
    /// checks and the reason of everyone waiting.
    pub fn composition(&self) -> Composition {
        let attempt = match (self.best, self.attempts.len()) {
            (_, 0) => None,
            (Some((attempt, _)), _) => Some(attempt),
            (None, attempts) => Some(attempts - 1),
        };
        let (circles, seating) = match attempt {
            Some(attempt) => (&self.attempts[attempt].circles[..], self.seating(attempt)),
            None => (&[][..], Seating { members: Vec::new(), waiting: (0..self.planning.book.roster.n).collect() }),
        };
        let composition = self.composition_of(circles, &seating);
        Composition { feasibility: self.planning.findings_after(circles, &composition), ..composition }
    }

    fn composition_of(&self, circles: &[PlannedCircle], seating: &Seating) -> Composition {
        let book = &self.planning.book;
        let mut composition = Composition {
            groups: Vec::new(),
            waitlist: Vec::new(),
            checks: Vec::new(),
            score: 0.0,
            feasibility: Vec::new(),
        };
        // Locked circles first, exactly as they were, judged and scored among everyone.
        if !self.planning.locked.is_empty() {
            let everyone = &self.planning.everyone;
            let pairs = PairScores::new(&everyone.roster, &everyone.rules, self.weights.hard);
            for circle in &self.planning.locked {
                self.add_circle(&mut composition, everyone, &pairs, circle.venue, &circle.members);
            }
        }
        for (circle, people) in seating.members.iter().enumerate().filter(|(_, m)| !m.is_empty()) {
            self.add_circle(&mut composition, book, &self.pairs, circles[circle].venue, people);
        }
        let contradicted = &self.planning.contradictions.waiting;
        let mut waitlist: Vec<Waitlisted> = seating
            .waiting
            .iter()
            .map(|&p| Waitlisted { record: book.records[p], reason: reason(book, p, circles, &seating.members) })
            .chain(contradicted.iter().map(|(&person, reason)| Waitlisted {
                record: self.planning.everyone.records[person],
                reason: reason.clone(),
            }))
            .collect();
        waitlist.sort_by_key(|w| w.record);
        Composition { waitlist, ..composition }
    }

    /// Adds a circle of `people` (positions in `book`) with its checks, score and diversity.
    fn add_circle(
        &self,
        composition: &mut Composition,
        book: &RuleBook,
        pairs: &PairScores,
        venue: Venue,
        people: &[usize],
    ) {
        let id = GroupId(composition.groups.len() as u32 + 1);
        composition.checks.extend(book.checks(id, venue, people));
        let mut circle_score = 0.0;
        for (index, &a) in people.iter().enumerate() {
            circle_score += people[index + 1..].iter().map(|&b| pairs.reported(a, b)).sum::<f64>();
        }
        composition.score += circle_score;
        let pair_count = (people.len() * people.len().saturating_sub(1) / 2).max(1) as f64;
        let mut records: Vec<RecordId> = people.iter().map(|&p| book.records[p]).collect();
        records.sort_unstable();
        let (mode, place, band) = match venue {
            Venue::InPerson(metro) => (Mode::InPerson, Some(book.roster.metro_name(metro).to_owned()), None),
            Venue::Video => (Mode::Video, None, book.band(&records)),
        };
        composition.groups.push(Circle {
            id,
            mode,
            place,
            band,
            members: records,
            diversity: circle_score / pair_count,
        });
    }
}

impl Stepping for Composer {
    fn step_moves(&mut self, moves: u64) -> u64 {
        let before = self.progress().moves_done;
        self.step(moves).moves_done.saturating_sub(before)
    }
}

/// Composes in one go: plan, search to the end of the budget, report.
pub fn compose(job: ComposeJob) -> Composition {
    let mut composer = Composer::new(job);
    composer.run();
    composer.composition()
}

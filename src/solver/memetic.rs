//! A small population of walks over local optima, for problems scored by the pair sum alone.
//!
//! Each walker is a grouping at a local optimum of relocations and swaps, reached by a
//! first-improvement descent: passes over every relocation and every swap, each applied as soon as
//! it gains, until a pass finds none. A descent is cheap (an O(1) look-up per change, from the
//! sum table), so the search visits many local optima instead of walking far from few. A
//! generation moves every walker three times, each time followed by a descent:
//!
//! 1. a kick of random relocations and swaps, as many as a shrinking share of the mean group size,
//!    always kept;
//! 2. a crossover with another walker, kept when it scores at least as well: groups are taken
//!    whole, the most diverse first, from either parent in turn, into the child's groups whose
//!    bounds fit them, and the rest dealt at random within the bounds;
//! 3. a directed kick: each group's least diverse member dealt again where it adds most, three
//!    times, always kept.
//!
//! The population starts at 15 walkers (two in a timing pilot) from random groupings and drops its
//! worst after every generation, down to two, which then walk for most of the budget, each kept
//! from stalling by its kicks and pulled towards the other by the crossover. This is the scheme of
//! the published TPSDP search (three perturbations around a descent, in a shrinking population),
//! written here from its description; its strengths and rounds are TPSDP's, not tuned here. The
//! search (`anneal`) stops it before the end of the budget and lets the tabu search walk on from
//! its best grouping.
//!
//! Side by side with the tabu search it replaces (`tests/bench/side-by-side/ab`, paper budgets),
//! the mean gap to the best-known values went from 0.086 % to 0.025 % at n = 240 (seeds 4–6) and
//! from 0.076 % to 0.061 % at n = 120 (seeds 11–20): far better on RanReal and RanInt, a little
//! worse on Geo, whose best-known values the tabu search beats.

use rand_pcg::Pcg64Mcg;

use super::anneal::random_assignment;
use super::kicks::{random_changes, redeal_weakest};
use super::problem::{Distances, Problem};
use super::state::{Assignment, GroupingState, keep_if_better};
use super::tabu::epsilon;
use super::uniform_below;

/// Walkers at the start, each from its own random grouping.
pub(super) const FIRST_POPULATION: usize = 15;
/// Walkers left once the population has shrunk.
pub(super) const LAST_POPULATION: usize = 2;
/// A kick's random changes, as a multiple of the mean group size, at the start of the budget…
const KICK_FIRST: f64 = 1.2;
/// …falling linearly to this at its end. TPSDP takes 2.0 and 1.0 above 400 elements and lets its
/// population shrink to one walker; here, at n = 480 (2 seeds, 120 s), that gave a mean gap of
/// 0.263 %, against 0.076 % with these values and two walkers, as at every size.
const KICK_LAST: f64 = 0.1;
/// Rounds of the directed kick in a generation.
const REDEAL_ROUNDS: usize = 3;
/// The smallest budget, in evaluations per n², that the search takes on: below it (about 0.05 s
/// at n = 120 and 0.2 s at n = 240) the population would barely have formed, and the tabu search
/// is left to work.
const MIN_BUDGET_PER_PAIR: u64 = 2000;
/// The elements, at least and at most, of the problems this search takes on. Below, the tabu
/// search's full scans are cheap. Up to 600 it replaces the tabu search (at n = 480, 2 seeds,
/// 120 s: mean gap 0.076 % against 0.235 %); above, passes over all n²/2 swaps grow long, and
/// larger problems are annealed, as before.
const ELEMENTS: std::ops::RangeInclusive<usize> = 31..=600;

/// Where a search stands in its generation: the stage, and the walker it moves next.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Stage {
    Populate(usize),
    Kick(usize),
    Cross(usize),
    Redeal(usize),
}

/// The population and the best grouping found.
#[derive(Clone, Debug)]
pub(super) struct MemeticSearch {
    walkers: Vec<GroupingState>,
    stage: Stage,
    elite: Assignment,
    elite_score: f64,
    /// The whole budget, in evaluations: kicks shrink as it runs out.
    budget: u64,
    /// Descents run so far.
    descents: u64,
    /// Walkers drawn at the start: `FIRST_POPULATION`, or `LAST_POPULATION` for a timing pilot.
    first_population: usize,
}

impl MemeticSearch {
    /// Whether this search suits the problem: scored by the pair sum alone (with a sum table),
    /// nobody fixed in a group, at least two groups, and small enough for passes over every swap.
    pub(super) fn suits<D: Distances>(problem: &Problem<D>, state: &GroupingState, max_moves: u64) -> bool {
        let n = problem.n();
        state.has_sum_table()
            && problem.terms().is_empty()
            && problem.free_elements().len() == n
            && ELEMENTS.contains(&n)
            && problem.groups().len() >= 2
            && max_moves >= MIN_BUDGET_PER_PAIR * (n * n) as u64
    }

    /// Starts from `state`, the first walker; the others are drawn as the search runs.
    pub(super) fn new(state: &GroupingState, budget: u64) -> Self {
        Self::with_population(state, budget, FIRST_POPULATION)
    }

    /// As `new`, but drawing only the walkers the population shrinks to: a pilot that times this
    /// search then times the stage that takes most of the budget, not the first generations,
    /// whose many walkers run up to a quarter slower per evaluation (at n = 480) than two.
    pub(super) fn pilot(state: &GroupingState, budget: u64) -> Self {
        Self::with_population(state, budget, LAST_POPULATION)
    }

    fn with_population(state: &GroupingState, budget: u64, first_population: usize) -> Self {
        MemeticSearch {
            walkers: vec![state.clone()],
            stage: Stage::Populate(0),
            elite: state.assignment().clone(),
            elite_score: state.score(),
            budget,
            descents: 0,
            first_population,
        }
    }

    /// Walkers in the population now.
    #[cfg(test)]
    pub(super) fn population(&self) -> usize {
        self.walkers.len()
    }

    /// Descents run so far.
    pub(super) fn descents(&self) -> u64 {
        self.descents
    }

    /// The best grouping found and its score.
    pub(super) fn elite(&self) -> (&Assignment, f64) {
        (&self.elite, self.elite_score)
    }

    /// Runs stages until `moves_done` reaches `end`, counting every evaluated change as a move.
    /// A stage runs whole, so where the pauses fall never changes the result.
    pub(super) fn advance<D: Distances>(
        &mut self,
        problem: &Problem<D>,
        rng: &mut Pcg64Mcg,
        moves_done: &mut u64,
        end: u64,
    ) {
        while *moves_done < end {
            let spent = *moves_done as f64 / self.budget.max(1) as f64;
            *moves_done += self.run_stage(problem, rng, spent);
        }
    }

    /// Runs the current stage on one walker and moves on. Returns the work done, in evaluations.
    fn run_stage<D: Distances>(&mut self, problem: &Problem<D>, rng: &mut Pcg64Mcg, spent: f64) -> u64 {
        let n = problem.n();
        let last = self.walkers.len().max(1) - 1;
        let generation_ends = self.stage == Stage::Redeal(last);
        let (walker, mut work) = match self.stage {
            Stage::Populate(i) => {
                if i > 0 {
                    self.walkers.push(GroupingState::new(problem, random_assignment(problem, rng)));
                }
                self.stage = if i + 1 < self.first_population { Stage::Populate(i + 1) } else { Stage::Kick(0) };
                (i, build_work(n))
            }
            Stage::Kick(i) => {
                let mean_size = n as f64 / problem.groups().len() as f64;
                let strength = KICK_FIRST - (KICK_FIRST - KICK_LAST) * spent.min(1.0);
                let changes = ((strength * mean_size) as usize).max(1);
                self.stage = if i < last { Stage::Kick(i + 1) } else { Stage::Cross(0) };
                (i, random_changes(problem, &mut self.walkers[i], changes, rng))
            }
            Stage::Cross(i) => {
                self.stage = if i < last { Stage::Cross(i + 1) } else { Stage::Redeal(0) };
                let other = (i + 1 + uniform_below(rng, last)) % self.walkers.len();
                let child = cross(problem, self.walkers[i].assignment(), self.walkers[other].assignment(), rng);
                let mut child = GroupingState::new(problem, child);
                let work = 2 * build_work(n) + descend(problem, &mut child);
                self.descents += 1;
                keep_if_better(&mut self.elite, &mut self.elite_score, child.assignment(), child.score());
                if child.score() >= self.walkers[i].score() {
                    self.walkers[i] = child;
                }
                return work;
            }
            Stage::Redeal(i) => {
                // Built again from scratch, which also clears the rounding drift of the walk.
                let mut walker = GroupingState::new(problem, self.walkers[i].assignment().clone());
                let mut work = build_work(n);
                for _ in 0..REDEAL_ROUNDS {
                    work += redeal_weakest(problem, &mut walker, rng);
                }
                self.walkers[i] = walker;
                self.stage = if i < last { Stage::Redeal(i + 1) } else { Stage::Kick(0) };
                (i, work)
            }
        };
        work += descend(problem, &mut self.walkers[walker]);
        self.descents += 1;
        let walker = &self.walkers[walker];
        keep_if_better(&mut self.elite, &mut self.elite_score, walker.assignment(), walker.score());
        if generation_ends && self.walkers.len() > LAST_POPULATION {
            // The worst walker leaves.
            self.walkers.sort_by(|a, b| b.score().total_cmp(&a.score()));
            self.walkers.pop();
        }
        work
    }
}

/// The work of applying one relocation (an O(n) update of the sum table), in evaluations of a
/// swap, which take about four times as long per element (measured with `perf` at n = 120 and 240).
fn move_work(n: usize) -> u64 {
    (n / 4) as u64
}

/// The work of building a grouping's state from scratch (n² distances), in evaluations of a swap,
/// which take about twice as long per distance.
fn build_work(n: usize) -> u64 {
    (n * n / 2) as u64
}

/// First-improvement descent: passes over every relocation the bounds allow and every swap, each
/// applied as soon as it gains, until a pass gains nothing. Returns the work done, in evaluations.
fn descend<D: Distances>(problem: &Problem<D>, state: &mut GroupingState) -> u64 {
    let n = problem.n();
    let bounds = problem.groups();
    let k = bounds.len() as u32;
    let d = problem.distances();
    let threshold = epsilon(state.score());
    let mut work = 0;
    loop {
        let mut improved = false;
        for v in 0..n {
            for to in 0..k {
                let from = state.assignment()[v];
                if to == from
                    || state.size(from) <= bounds[from as usize].min
                    || state.size(to) >= bounds[to as usize].max
                {
                    continue;
                }
                work += 1;
                if state.pair_sum_move_delta(v, to) > threshold {
                    state.apply_move(problem, v, to);
                    work += move_work(n);
                    improved = true;
                }
            }
        }
        for x in 0..n {
            let mut start = x + 1;
            loop {
                let (gaining, evaluated) = first_gaining_swap(state, d, x, start, threshold);
                work += evaluated;
                let Some(y) = gaining else { break };
                state.apply_swap(problem, x, y);
                work += 2 * move_work(n);
                improved = true;
                start = y + 1;
            }
        }
        if !improved {
            return work;
        }
    }
}

/// The first element from `start` on whose swap with `x` gains more than `threshold`, and how
/// many swaps were evaluated to find it: the descent's innermost loop, reading the sum table and
/// the distances in place.
fn first_gaining_swap<D: Distances>(
    state: &GroupingState,
    d: &D,
    x: usize,
    start: usize,
    threshold: f64,
) -> (Option<usize>, u64) {
    let table = state.sum_table().expect("a descent without a sum table");
    let assignment = state.assignment();
    match d.row(x) {
        Some(distances) => first_gaining_swap_in(table, assignment, x, start, threshold, |y| distances[y]),
        None => first_gaining_swap_in(table, assignment, x, start, threshold, |y| d.get(x, y)),
    }
}

/// `first_gaining_swap` over the sum table, with `x`'s distances from `distance`. Written with
/// plain indices into slices cut to their known lengths, which leaves the compiler fewer bounds
/// to check than a row slice per element. The same evaluations in the same order then take 0.91
/// of the time natively and 0.87 in WebAssembly under V8 (a whole search at n = 240, medians of
/// 10 and 8 paired runs). Zipping the elements with their indices kept only a little of that
/// (0.97 of the old time natively), hence the indices.
#[allow(clippy::needless_range_loop)]
fn first_gaining_swap_in(
    table: &[f64],
    assignment: &[u32],
    x: usize,
    start: usize,
    threshold: f64,
    distance: impl Fn(usize) -> f64,
) -> (Option<usize>, u64) {
    let n = assignment.len();
    let k = table.len() / n;
    let table = &table[..n * k];
    let gx = assignment[x] as usize;
    let row_x = &table[x * k..(x + 1) * k];
    let x_to_gx = row_x[gx];
    let mut evaluated = 0;
    for y in start..n {
        let gy = assignment[y] as usize;
        if gy == gx {
            continue;
        }
        evaluated += 1;
        let row_y = y * k;
        if row_x[gy] - x_to_gx + table[row_y + gx] - table[row_y + gy] - 2.0 * distance(y) > threshold {
            return (Some(y), evaluated);
        }
    }
    (None, evaluated)
}

/// A child of two groupings: k times, one parent drawn at random gives its group with the largest
/// pair sum among the members not yet placed; they go whole into a random unused group of the
/// child whose maximum holds them (or, if none does, as many as fit into the unused group with
/// the largest maximum). Whoever is left is dealt at random, first to the groups below their
/// minimum, taking from groups above theirs if need be, then to groups with room.
fn cross<D: Distances>(
    problem: &Problem<D>,
    first: &Assignment,
    second: &Assignment,
    rng: &mut Pcg64Mcg,
) -> Assignment {
    const UNSET: u32 = u32::MAX;
    let n = problem.n();
    let bounds = problem.groups();
    let k = bounds.len();
    let d = problem.distances();
    let parents = [first, second];
    // Each parent's groups: the members not yet placed, and their pair sum.
    let mut members: Vec<Vec<Vec<u32>>> = parents
        .iter()
        .map(|parent| {
            let mut groups = vec![Vec::new(); k];
            for (e, &g) in parent.iter().enumerate() {
                groups[g as usize].push(e as u32);
            }
            groups
        })
        .collect();
    let mut diversity: Vec<Vec<f64>> = members
        .iter()
        .map(|groups| {
            groups
                .iter()
                .map(|group| {
                    let mut sum = 0.0;
                    for (i, &a) in group.iter().enumerate() {
                        for &b in &group[i + 1..] {
                            sum += d.get(a as usize, b as usize);
                        }
                    }
                    sum
                })
                .collect()
        })
        .collect();
    let mut child = vec![UNSET; n];
    let mut sizes = vec![0u32; k];
    let mut used = vec![false; k];
    for _ in 0..k {
        let p = uniform_below(rng, 2);
        let Some(g) = (0..k)
            .filter(|&g| !members[p][g].is_empty())
            .max_by(|&a, &b| diversity[p][a].total_cmp(&diversity[p][b]).then(b.cmp(&a)))
        else {
            break;
        };
        let mut taken = members[p][g].clone();
        let fitting: Vec<usize> = (0..k).filter(|&h| !used[h] && bounds[h].max as usize >= taken.len()).collect();
        let to = if fitting.is_empty() {
            let to = (0..k).filter(|&h| !used[h]).max_by_key(|&h| (bounds[h].max, std::cmp::Reverse(h)));
            let Some(to) = to else { break };
            while taken.len() > bounds[to].max as usize {
                taken.swap_remove(uniform_below(rng, taken.len()));
            }
            to
        } else {
            fitting[uniform_below(rng, fitting.len())]
        };
        used[to] = true;
        for &e in &taken {
            child[e as usize] = to as u32;
            sizes[to] += 1;
            for q in 0..2 {
                let group = parents[q][e as usize] as usize;
                let list = &mut members[q][group];
                let slot = list.iter().position(|&m| m == e).expect("an unplaced member is listed");
                list.swap_remove(slot);
                let loss: f64 = list.iter().map(|&m| d.get(e as usize, m as usize)).sum();
                diversity[q][group] -= loss;
            }
        }
    }
    let mut left: Vec<usize> = (0..n).filter(|&e| child[e] == UNSET).collect();
    while let Some(g) = (0..k).find(|&g| sizes[g] < bounds[g].min) {
        if left.is_empty() {
            // Take someone from a group above its minimum.
            let donors: Vec<usize> =
                (0..n).filter(|&e| sizes[child[e] as usize] > bounds[child[e] as usize].min).collect();
            let e = donors[uniform_below(rng, donors.len())];
            sizes[child[e] as usize] -= 1;
            left.push(e);
        }
        let e = left.swap_remove(uniform_below(rng, left.len()));
        child[e] = g as u32;
        sizes[g] += 1;
    }
    while !left.is_empty() {
        let e = left.swap_remove(uniform_below(rng, left.len()));
        let open: Vec<usize> = (0..k).filter(|&g| sizes[g] < bounds[g].max).collect();
        let g = open[uniform_below(rng, open.len())];
        child[e] = g as u32;
        sizes[g] += 1;
    }
    child
}

#[cfg(test)]
pub(super) mod tests {
    use rand_core::SeedableRng;

    use super::super::problem::{DenseDistances, SizeBounds};
    use super::*;

    /// 40 elements with pseudo-random distances in groups of unequal bounds.
    pub(in crate::solver) fn problem(seed: u64) -> Problem<DenseDistances> {
        let mut state = seed | 1;
        let distances = DenseDistances::from_fn(40, |_, _| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % 1000) as f64 / 10.0
        });
        let bounds = vec![
            SizeBounds { min: 5, max: 9 },
            SizeBounds { min: 8, max: 8 },
            SizeBounds { min: 6, max: 12 },
            SizeBounds { min: 7, max: 10 },
            SizeBounds { min: 4, max: 6 },
        ];
        Problem::new(distances, bounds).unwrap()
    }

    fn sizes_fit(problem: &Problem<DenseDistances>, assignment: &Assignment) -> bool {
        let mut sizes = vec![0u32; problem.groups().len()];
        for &g in assignment {
            sizes[g as usize] += 1;
        }
        problem.groups().iter().zip(&sizes).all(|(b, &size)| (b.min..=b.max).contains(&size))
    }

    #[test]
    fn a_descent_ends_where_no_relocation_or_swap_gains() {
        for seed in 1..6 {
            let problem = problem(seed);
            let mut rng = Pcg64Mcg::seed_from_u64(seed);
            let mut state = GroupingState::new(&problem, random_assignment(&problem, &mut rng));
            let start = state.score();
            descend(&problem, &mut state);
            assert!(state.score() > start);
            assert!((state.score() - state.full_score(&problem)).abs() < 1e-6);
            assert!(sizes_fit(&problem, state.assignment()));
            let bounds = problem.groups();
            for v in 0..problem.n() {
                let from = state.assignment()[v];
                for to in (0..bounds.len() as u32).filter(|&to| to != from) {
                    let fits = state.size(from) > bounds[from as usize].min && state.size(to) < bounds[to as usize].max;
                    assert!(!fits || state.move_delta(&problem, v, to) <= 1e-6, "seed {seed}: {v} to {to} gains");
                }
                for w in (v + 1..problem.n()).filter(|&w| state.assignment()[w] != from) {
                    assert!(state.swap_delta(&problem, v, w) <= 1e-6, "seed {seed}: swapping {v} and {w} gains");
                }
            }
        }
    }

    #[test]
    fn children_fit_the_bounds_and_place_everyone() {
        let problem = problem(7);
        let mut rng = Pcg64Mcg::seed_from_u64(7);
        for _ in 0..200 {
            let first = random_assignment(&problem, &mut rng);
            let second = random_assignment(&problem, &mut rng);
            let child = cross(&problem, &first, &second, &mut rng);
            assert_eq!(child.len(), problem.n());
            assert!(child.iter().all(|&g| (g as usize) < problem.groups().len()));
            assert!(sizes_fit(&problem, &child), "{child:?}");
        }
    }

    #[test]
    fn a_child_of_a_grouping_and_itself_keeps_its_groups() {
        // Equal bounds, so every group fits wherever it lands.
        let distances = DenseDistances::from_fn(36, |i, j| ((i * 7 + j * 13) % 17) as f64);
        let problem = Problem::new(distances, vec![SizeBounds { min: 6, max: 6 }; 6]).unwrap();
        let mut rng = Pcg64Mcg::seed_from_u64(3);
        let parent = random_assignment(&problem, &mut rng);
        let child = cross(&problem, &parent, &parent, &mut rng);
        for i in 0..36 {
            for j in 0..36 {
                assert_eq!(parent[i] == parent[j], child[i] == child[j], "{i} and {j}");
            }
        }
    }

    #[test]
    fn the_population_shrinks_to_its_last_size_and_keeps_the_best() {
        let problem = problem(11);
        let mut rng = Pcg64Mcg::seed_from_u64(11);
        let start = GroupingState::new(&problem, random_assignment(&problem, &mut rng));
        let budget = 50_000_000;
        let mut search = MemeticSearch::new(&start, budget);
        let mut done = 0;
        search.advance(&problem, &mut rng, &mut done, budget);
        assert_eq!(search.walkers.len(), LAST_POPULATION);
        let (elite, score) = search.elite();
        assert!(sizes_fit(&problem, elite));
        assert!((score - GroupingState::new(&problem, elite.clone()).full_score(&problem)).abs() < 1e-6);
        assert!(search.walkers.iter().all(|walker| walker.score() <= score + 1e-9));
        assert!(search.descents() > 100);
    }

    /// A timing pilot runs the stage that takes most of a budget from the start: only the walkers
    /// the population shrinks to, at every stage, while a search to keep draws its first
    /// population.
    #[test]
    fn a_pilot_walks_with_the_last_population_from_the_start() {
        let problem = problem(13);
        let mut rng = Pcg64Mcg::seed_from_u64(13);
        let start = GroupingState::new(&problem, random_assignment(&problem, &mut rng));
        let budget = 50_000_000;
        let mut pilot = MemeticSearch::pilot(&start, budget);
        let mut done = 0;
        while pilot.descents() < 30 {
            let end = done + 1;
            pilot.advance(&problem, &mut rng, &mut done, end);
            assert!(pilot.walkers.len() <= LAST_POPULATION, "{} walkers", pilot.walkers.len());
        }
        assert_eq!(pilot.walkers.len(), LAST_POPULATION);
        let mut full = MemeticSearch::new(&start, budget);
        let mut done = 0;
        while full.descents() < FIRST_POPULATION as u64 {
            let end = done + 1;
            full.advance(&problem, &mut rng, &mut done, end);
        }
        assert_eq!(full.walkers.len(), FIRST_POPULATION, "a search to keep starts with its first population");
    }
}

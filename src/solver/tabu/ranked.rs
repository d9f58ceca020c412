//! The exact best relocation and swap between each pair of groups, found without evaluating every
//! swap, when the score is the pair sum alone.
//!
//! A swap of u (in group g) and v (in group h) changes the score by u's gain from moving to h, plus
//! v's gain from moving to g, less twice their distance. So if each group's members are ranked by
//! their gain towards each other group, the swaps of a pair of groups can be walked best-first by
//! the two gains, and the walk can stop as soon as the gains, less twice the smallest distance u
//! has to anyone, cannot beat the best swap found. Most of a pair's swaps are never evaluated.
//!
//! As with the shortlists, a gain towards h depends only on the members of the element's own group
//! and of h: after a step only the rankings from or to the two changed groups are brought up to
//! date, and only the pairs of groups whose rankings changed are walked again. They are mended
//! rather than rebuilt: a step moves one or two elements, so a ranking keeps its order but for a
//! few entries, and sorting it again by insertion costs little (at n = 120 and 240 this gave 10–45 %
//! more steps a second than rebuilding and sorting each). An element that thaws only adds swaps
//! between free elements, and those are walked along its row alone.
//!
//! Unlike the shortlists this is exact, frozen elements included: each pair keeps its best swap
//! among free elements and its best swap of all, and a frozen swap is taken only when it beats the
//! elite (aspiration), as in a full scan.

use rand_pcg::Pcg64Mcg;

use super::super::problem::{Distances, Problem};
use super::super::state::GroupingState;
use super::super::uniform_below;

/// A swap of two elements with its score change, and how many swaps of its pair of groups tie
/// with it: it was drawn uniformly among them, and weighs as many in the draw among all pairs.
/// With whole-number distances ties are common, and always taking the first of them lets a short
/// tabu tenure cycle.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct RankedSwap {
    pub(super) a: u32,
    pub(super) b: u32,
    pub(super) delta: f64,
    pub(super) ties: u32,
}

impl RankedSwap {
    /// Keeps the better of `best` and the swap of `a` and `b`, drawing uniformly among equals.
    fn keep_better(best: &mut Option<RankedSwap>, a: u32, b: u32, delta: f64, rng: &mut Pcg64Mcg) {
        match best {
            Some(kept) if delta < kept.delta => {}
            Some(kept) if delta == kept.delta => {
                kept.ties += 1;
                if uniform_below(rng, kept.ties as usize) == 0 {
                    (kept.a, kept.b) = (a, b);
                }
            }
            _ => *best = Some(RankedSwap { a, b, delta, ties: 1 }),
        }
    }
}

/// Sorts `ranked` by gain, best first, keeping the order of equal gains, by insertion: nearly
/// sorted rankings, the usual case after a step, take few shifts. Returns how many.
fn sort_by_gain(ranked: &mut [(f64, u32)]) -> u64 {
    let mut shifts = 0;
    for i in 1..ranked.len() {
        let entry = ranked[i];
        let mut slot = i;
        while slot > 0 && ranked[slot - 1].0 < entry.0 {
            ranked[slot] = ranked[slot - 1];
            slot -= 1;
        }
        shifts += (i - slot) as u64;
        ranked[slot] = entry;
    }
    shifts
}

/// Every element of each group, ranked by its gain towards each other group.
#[derive(Clone, Debug)]
pub(super) struct Rankings {
    n_groups: usize,
    /// At `g · k + h`: the members of g (fixed elements left out) with their gain from moving to
    /// h, best first.
    ranked: Vec<Vec<(f64, u32)>>,
    /// For each element, its smallest distance to any other: no swap of it costs less.
    nearest: Vec<f64>,
    /// The smallest of those.
    nearest_overall: f64,
    /// Groups whose members changed since the rankings were last brought up to date.
    stale: Vec<bool>,
    /// The group of each element when the rankings were last brought up to date.
    group_of: Vec<u32>,
    /// Scratch lists, kept to save allocating them at every step: the stale groups, and the
    /// newcomers to one of them.
    stale_groups: Vec<u32>,
    newcomers: Vec<u32>,
    /// Pairs of groups g < h, at `g · k + h`, whose best swaps must be looked for again.
    dirty: Vec<bool>,
    /// At `g · k + h`, g < h: the pair's best swap of all, and its best swap of free elements.
    best_any: Vec<Option<RankedSwap>>,
    best_free: Vec<Option<RankedSwap>>,
}

impl Rankings {
    /// Rankings for `problem`, every one to be built at the first update.
    pub(super) fn new<D: Distances>(problem: &Problem<D>) -> Self {
        let k = problem.groups().len();
        let n = problem.n();
        let d = problem.distances();
        let nearest: Vec<f64> =
            (0..n).map(|i| (0..n).filter(|&j| j != i).map(|j| d.get(i, j)).fold(f64::INFINITY, f64::min)).collect();
        Rankings {
            n_groups: k,
            ranked: vec![Vec::new(); k * k],
            nearest_overall: nearest.iter().copied().fold(f64::INFINITY, f64::min),
            nearest,
            stale: vec![true; k],
            group_of: vec![u32::MAX; n],
            stale_groups: Vec::with_capacity(k),
            newcomers: Vec::new(),
            dirty: vec![true; k * k],
            best_any: vec![None; k * k],
            best_free: vec![None; k * k],
        }
    }

    /// Group `group` changed members: its rankings, and those towards it, are rebuilt next time.
    pub(super) fn mark_stale(&mut self, group: u32) {
        self.stale[group as usize] = true;
    }

    /// Everything changed (a restart).
    pub(super) fn mark_all_stale(&mut self) {
        self.stale.fill(true);
    }

    /// Brings the rankings up to date with `current` and marks the pairs of groups with a rebuilt
    /// ranking, to walk again. An element that thaws at step `steps` can only add swaps between
    /// free elements: the best of those is looked for along its own row. Returns the number of
    /// gains and swaps evaluated.
    pub(super) fn update<D: Distances>(
        &mut self,
        problem: &Problem<D>,
        current: &GroupingState,
        frozen_until: &[u64],
        steps: u64,
        rng: &mut Pcg64Mcg,
    ) -> u64 {
        let k = self.n_groups;
        self.stale_groups.clear();
        self.stale_groups.extend((0..k as u32).filter(|&g| self.stale[g as usize]));
        for &g in &self.stale_groups {
            for h in (0..k).filter(|&h| h != g as usize) {
                self.dirty[h.min(g as usize) * k + h.max(g as usize)] = true;
            }
        }
        // A step changes two groups; a restart changes them all, and rankings made from scratch
        // are then cheaper than ones mended.
        let mut work =
            if self.stale_groups.len() > 2 { self.rebuild(problem, current) } else { self.mend(problem, current) };
        self.stale.fill(false);
        let is_free = |element: u32| frozen_until[element as usize] <= steps;
        if steps > 0 {
            for element in (0..problem.n()).filter(|&e| frozen_until[e] == steps) {
                work += self.take_in_thawed(problem, current, element, is_free, rng);
            }
        }
        work
    }

    /// Ranks every element again from scratch. Returns the number of gains and comparisons.
    fn rebuild<D: Distances>(&mut self, problem: &Problem<D>, current: &GroupingState) -> u64 {
        let k = self.n_groups;
        self.ranked.iter_mut().for_each(Vec::clear);
        let mut work = 0;
        for (element, &group) in current.assignment().iter().enumerate() {
            self.group_of[element] = group;
            if !problem.is_fixed(element) {
                current.for_each_move(problem, element, |to, gain| {
                    self.ranked[group as usize * k + to as usize].push((gain, element as u32));
                });
                work += k as u64 - 1;
            }
        }
        for ranked in &mut self.ranked {
            // Stable, so that equal gains keep the elements' order and the walk is the same on
            // every platform.
            ranked.sort_by(|x, y| y.0.total_cmp(&x.0));
            // Sorting counts as work too, about m·log₂ m comparisons, so that a budget of moves
            // takes as long late in the search as the pilot that sized it.
            work += (ranked.len() * (usize::BITS - ranked.len().leading_zeros()) as usize) as u64;
        }
        work
    }

    /// Brings up to date the rankings from or to the stale groups, keeping their order: the
    /// members that left are dropped and the newcomers added at the end, every gain is read
    /// again, and the ranking is sorted again by insertion, which costs little when only a few
    /// entries moved. Returns the number of gains read and entries shifted.
    fn mend<D: Distances>(&mut self, problem: &Problem<D>, current: &GroupingState) -> u64 {
        let k = self.n_groups;
        let assignment = current.assignment();
        let mut work = 0;
        for &g in &self.stale_groups {
            let newcomers =
                current.members(g).iter().filter(|&&e| self.group_of[e as usize] != g && !problem.is_fixed(e as usize));
            self.newcomers.clear();
            self.newcomers.extend(newcomers);
            for h in (0..k).filter(|&h| h != g as usize) {
                let ranked = &mut self.ranked[g as usize * k + h];
                ranked.retain(|&(_, e)| assignment[e as usize] == g);
                ranked.extend(self.newcomers.iter().map(|&e| (0.0, e)));
            }
        }
        for &g in &self.stale_groups {
            for &e in current.members(g) {
                self.group_of[e as usize] = g;
            }
        }
        for g in 0..k {
            for h in (0..k).filter(|&h| h != g && (self.stale[g] || self.stale[h])) {
                let ranked = &mut self.ranked[g * k + h];
                for entry in ranked.iter_mut() {
                    entry.0 = current.pair_sum_move_delta(entry.1 as usize, h as u32);
                }
                work += ranked.len() as u64 + sort_by_gain(ranked);
            }
        }
        work
    }

    /// Improves the best free swaps of `element`'s group with the other groups by those of
    /// `element`, which just thawed, walking the other group's ranking best-first. Pairs to be
    /// walked again anyway are left alone. Returns the number of swaps evaluated.
    fn take_in_thawed<D: Distances>(
        &mut self,
        problem: &Problem<D>,
        current: &GroupingState,
        element: usize,
        is_free: impl Fn(u32) -> bool,
        rng: &mut Pcg64Mcg,
    ) -> u64 {
        let k = self.n_groups;
        let d = problem.distances();
        let group = current.assignment()[element] as usize;
        let discount = 2.0 * self.nearest[element];
        let mut work = 0;
        for h in (0..k).filter(|&h| h != group) {
            let pair = group.min(h) * k + group.max(h);
            if self.dirty[pair] {
                continue;
            }
            let gain = current.pair_sum_move_delta(element, h as u32);
            for &(gain_other, other) in &self.ranked[h * k + group] {
                let floor = self.best_free[pair].map_or(f64::NEG_INFINITY, |best| best.delta);
                if gain + gain_other - discount < floor {
                    break;
                }
                if !is_free(other) {
                    continue;
                }
                work += 1;
                let delta = gain + gain_other - 2.0 * d.get(element, other as usize);
                let (a, b) = if group < h { (element as u32, other) } else { (other, element as u32) };
                RankedSwap::keep_better(&mut self.best_free[pair], a, b, delta, rng);
            }
        }
        work
    }

    /// The best relocation from g to h that may be made, drawn uniformly among equals: the best
    /// of all if it beats `aspiration`, else the best of a free element. Returns the element, its
    /// gain and the number of ties.
    pub(super) fn best_relocation(
        &self,
        g: usize,
        h: usize,
        is_free: impl Fn(u32) -> bool,
        aspiration: f64,
        rng: &mut Pcg64Mcg,
    ) -> Option<(u32, f64, u32)> {
        let ranked = &self.ranked[g * self.n_groups + h];
        let admissible = |&&(gain, element): &&(f64, u32)| gain > aspiration || is_free(element);
        let &(best, _) = ranked.iter().find(admissible)?;
        let mut chosen = None;
        let mut ties = 0;
        let equals = ranked.iter().skip_while(|&&(gain, _)| gain > best).take_while(|&&(gain, _)| gain == best);
        for &(_, element) in equals.filter(admissible) {
            ties += 1;
            if uniform_below(rng, ties as usize) == 0 {
                chosen = Some(element);
            }
        }
        chosen.map(|element| (element, best, ties))
    }

    /// The best swap between g and h (g < h) that may be made: the best of all if it beats
    /// `aspiration` (a frozen element may then move), else the best between free elements.
    pub(super) fn best_swap(&self, g: usize, h: usize, aspiration: f64) -> Option<RankedSwap> {
        let pair = g * self.n_groups + h;
        match self.best_any[pair] {
            Some(any) if any.delta > aspiration => Some(any),
            _ => self.best_free[pair],
        }
    }

    /// Whether the best swaps between g and h (g < h) must be looked for again.
    pub(super) fn is_dirty(&self, g: usize, h: usize) -> bool {
        self.dirty[g * self.n_groups + h]
    }

    /// Walks the swaps between g and h (g < h) best-first by the two gains and keeps the best
    /// of all and the best between free elements. Returns the number of swaps evaluated.
    pub(super) fn find_best_swaps<D: Distances>(
        &mut self,
        problem: &Problem<D>,
        g: usize,
        h: usize,
        is_free: impl Fn(u32) -> bool,
        rng: &mut Pcg64Mcg,
    ) -> u64 {
        let k = self.n_groups;
        let d = problem.distances();
        let (from_g, from_h) = (&self.ranked[g * k + h], &self.ranked[h * k + g]);
        let mut best_any: Option<RankedSwap> = None;
        let mut best_free: Option<RankedSwap> = None;
        let mut work = 0;
        if let Some(&(top_h, _)) = from_h.first() {
            for &(gain_a, a) in from_g {
                // Nothing below the best free swap can change either answer (the best of all is
                // at least as good), so the walk stops there; swaps equal to it may still tie.
                let floor = best_free.map_or(f64::NEG_INFINITY, |best| best.delta);
                if gain_a + top_h - 2.0 * self.nearest_overall < floor {
                    break;
                }
                let discount = 2.0 * self.nearest[a as usize];
                for &(gain_b, b) in from_h {
                    let floor = best_free.map_or(f64::NEG_INFINITY, |best| best.delta);
                    if gain_a + gain_b - discount < floor {
                        break;
                    }
                    work += 1;
                    let delta = gain_a + gain_b - 2.0 * d.get(a as usize, b as usize);
                    RankedSwap::keep_better(&mut best_any, a, b, delta, rng);
                    if is_free(a) && is_free(b) {
                        RankedSwap::keep_better(&mut best_free, a, b, delta, rng);
                    }
                }
            }
        }
        let pair = g * k + h;
        self.best_any[pair] = best_any;
        self.best_free[pair] = best_free;
        self.dirty[pair] = false;
        work
    }

    /// Checks the rankings and best swaps against ones computed from scratch (tests run with debug
    /// assertions, so every ranked search in them checks this at every step).
    #[cfg(debug_assertions)]
    pub(super) fn assert_up_to_date<D: Distances>(
        &self,
        problem: &Problem<D>,
        current: &GroupingState,
        is_free: impl Fn(u32) -> bool,
    ) {
        let k = self.n_groups;
        let assignment = current.assignment();
        let members =
            |g: usize| (0..assignment.len()).filter(move |&e| assignment[e] as usize == g && !problem.is_fixed(e));
        for g in 0..k {
            for h in (0..k).filter(|&h| h != g) {
                let ranked = &self.ranked[g * k + h];
                assert_eq!(ranked.len(), members(g).count(), "ranking ({g}, {h}) length");
                assert!(ranked.windows(2).all(|pair| pair[0].0 >= pair[1].0), "ranking ({g}, {h}) order");
                for &(gain, element) in ranked {
                    assert_eq!(assignment[element as usize] as usize, g);
                    let expected = current.move_delta(problem, element as usize, h as u32);
                    assert!(
                        (gain - expected).abs() < 1e-6,
                        "gain of {element} to {h}: {gain} kept, {expected} expected"
                    );
                }
            }
        }
        for g in 0..k {
            for h in g + 1..k {
                let swaps: Vec<(usize, usize, f64)> = members(g)
                    .flat_map(|a| members(h).map(move |b| (a, b)))
                    .map(|(a, b)| (a, b, current.swap_delta(problem, a, b)))
                    .collect();
                let best = |kept: Option<RankedSwap>, free_only: bool| {
                    let expected = swaps
                        .iter()
                        .filter(|(a, b, _)| !free_only || (is_free(*a as u32) && is_free(*b as u32)))
                        .map(|&(_, _, delta)| delta)
                        .fold(None, |best: Option<f64>, delta| Some(best.map_or(delta, |best| best.max(delta))));
                    match (kept, expected) {
                        (Some(kept), Some(expected)) => (kept.delta - expected).abs() < 1e-6,
                        (kept, expected) => kept.is_none() && expected.is_none(),
                    }
                };
                assert!(best(self.best_any[g * k + h], false), "best swap of ({g}, {h})");
                assert!(best(self.best_free[g * k + h], true), "best free swap of ({g}, {h})");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rankings_are_sorted_best_first_keeping_the_order_of_equal_gains() {
        let mut ranked = vec![(1.0, 0), (3.0, 1), (1.0, 2), (2.0, 3), (3.0, 4)];
        let shifts = sort_by_gain(&mut ranked);
        assert_eq!(ranked, vec![(3.0, 1), (3.0, 4), (2.0, 3), (1.0, 0), (1.0, 2)]);
        assert_eq!(shifts, 6, "1 moves past 0; 3 past 2 and 0; 4 past 2, 0 and 3");
        assert_eq!(sort_by_gain(&mut ranked), 0, "a sorted ranking takes no shifts");
    }
}

//! Solver invariants: valid partitions, incremental score = full rescore, determinism, anytime.

use circle_composer::solver::{
    Balance, DenseDistances, Distances, Fairness, GroupingState, Hosts, Problem, Search, SearchConfig, SizeBounds,
    Tallies, TallyRule, TallyShape, Terms,
};
use proptest::prelude::*;

/// A random problem: distances in [0, 10) and feasible per-group bounds.
fn problems() -> impl Strategy<Value = Problem<DenseDistances>> {
    (2usize..6, 2u32..5, any::<u64>()).prop_flat_map(|(n_groups, min, seed)| {
        let extra = 0..=(n_groups as u32 * 2);
        (Just(n_groups), Just(min), extra, Just(seed)).prop_map(|(n_groups, min, extra, seed)| {
            let n = n_groups * min as usize + extra as usize;
            let distances = xorshift_distances(n, seed | 1, 1000, 100.0);
            Problem::new(distances, vec![SizeBounds { min, max: min + 2 }; n_groups]).unwrap()
        })
    })
}

/// Distances between `n` elements from an xorshift stream started at `state` (odd): each is the
/// stream's next value modulo `levels`, divided by `scale`. They vary with the seed without
/// another dependency.
fn xorshift_distances(n: usize, mut state: u64, levels: u64, scale: f64) -> DenseDistances {
    DenseDistances::from_fn(n, |_, _| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % levels) as f64 / scale
    })
}

fn full_score<D: Distances>(problem: &Problem<D>, assignment: &[u32]) -> f64 {
    let mut total = 0.0;
    for i in 0..assignment.len() {
        for j in i + 1..assignment.len() {
            if assignment[i] == assignment[j] {
                total += problem.distances().get(i, j);
            }
        }
    }
    total
}

/// Applies random moves and swaps from a round-robin start, checking after each that the
/// reported delta and the incremental score agree with `truth`, a score computed from scratch.
fn check_random_moves(
    problem: &Problem<DenseDistances>,
    moves: &[(prop::sample::Index, prop::sample::Index, bool)],
    keep_table: bool,
    truth: fn(&Problem<DenseDistances>, &[u32]) -> f64,
) -> Result<(), TestCaseError> {
    let n = problem.n();
    let k = problem.groups().len();
    let start: Vec<u32> = (0..n).map(|i| (i % k) as u32).collect();
    let mut state = GroupingState::with_table(problem, start, keep_table);
    prop_assert!((state.score() - truth(problem, state.assignment())).abs() < 1e-6);
    for (a, b, relocate) in moves {
        let (a, b) = (a.index(n), b.index(n));
        let before = state.score();
        if *relocate {
            let to = (b % k) as u32;
            let delta = state.move_delta(problem, a, to);
            state.apply_move(problem, a, to);
            prop_assert!((state.score() - (before + delta)).abs() < 1e-6);
        } else if state.assignment()[a] != state.assignment()[b] {
            let delta = state.swap_delta(problem, a, b);
            state.apply_swap(problem, a, b);
            prop_assert!((state.score() - (before + delta)).abs() < 1e-6);
        }
        // The bulk scans (which take a shortcut when the score is the pair sum alone) report the
        // same changes as the single ones, for every group and every later element.
        let mut moves_seen = Vec::new();
        state.for_each_move(problem, a, |to, delta| moves_seen.push((to, delta)));
        let other_groups: Vec<u32> = (0..k as u32).filter(|&g| g != state.assignment()[a]).collect();
        prop_assert_eq!(moves_seen.iter().map(|m| m.0).collect::<Vec<_>>(), other_groups);
        for (to, delta) in moves_seen {
            prop_assert!((delta - state.move_delta(problem, a, to)).abs() < 1e-6);
        }
        let mut swaps_seen = Vec::new();
        state.for_each_swap_after(problem, a, |b, delta| swaps_seen.push((b, delta)));
        let partners: Vec<usize> = (a + 1..n).filter(|&b| state.assignment()[b] != state.assignment()[a]).collect();
        prop_assert_eq!(swaps_seen.iter().map(|s| s.0).collect::<Vec<_>>(), partners);
        for (b, delta) in swaps_seen {
            prop_assert!((delta - state.swap_delta(problem, a, b)).abs() < 1e-6);
        }
        let expected = truth(problem, state.assignment());
        prop_assert!((state.score() - expected).abs() < 1e-6, "incremental {} vs full {}", state.score(), expected);
        prop_assert!((state.full_score(problem) - expected).abs() < 1e-6);
    }
    Ok(())
}

fn assert_valid<D: Distances>(problem: &Problem<D>, assignment: &[u32]) {
    assert_eq!(assignment.len(), problem.n(), "every element has exactly one group");
    for (group, bounds) in problem.groups().iter().enumerate() {
        let size = assignment.iter().filter(|&&g| g as usize == group).count() as u32;
        assert!((bounds.min..=bounds.max).contains(&size), "group {group} has {size}, bounds {bounds:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn best_is_a_valid_grouping_with_its_true_score(problem in problems(), seed in any::<u64>()) {
        let mut search = Search::new(problem, SearchConfig { max_moves: 3_000 }, seed);
        search.step(u64::MAX);
        let (assignment, score) = search.best();
        assert_valid(search.problem(), assignment);
        prop_assert!((score - full_score(search.problem(), assignment)).abs() < 1e-6);
    }

    /// With a sum table and with member scans alike.
    #[test]
    fn incremental_score_equals_full_rescore_after_random_moves(
        problem in problems(),
        moves in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>(), any::<bool>()), 1..60),
        keep_table in any::<bool>(),
    ) {
        check_random_moves(&problem, &moves, keep_table, full_score)?;
    }

    #[test]
    fn same_seed_same_result_whatever_the_chunks(problem in problems(), seed in any::<u64>(), chunk in 1u64..700) {
        let config = SearchConfig { max_moves: 2_000 };
        let mut whole = Search::new(problem.clone(), config, seed);
        whole.step(u64::MAX);
        let mut chunked = Search::new(problem, config, seed);
        let mut last_best = f64::NEG_INFINITY;
        loop {
            let progress = chunked.step(chunk);
            // Anytime: the best never gets worse.
            prop_assert!(progress.best_score >= last_best);
            last_best = progress.best_score;
            if progress.finished { break; }
        }
        prop_assert_eq!(whole.best().0, chunked.best().0);
        prop_assert_eq!(whole.best().1, chunked.best().1);
    }

    /// A budget of 200 000 moves pays for over a hundred full scans of these small problems, so
    /// this runs the tabu search (restarts, size shifts and all) rather than the annealing.
    #[test]
    fn tabu_search_is_valid_scored_and_chunk_independent(problem in problems(), seed in any::<u64>(), chunk in 500u64..50_000) {
        let config = SearchConfig { max_moves: 200_000 };
        let mut whole = Search::new(problem.clone(), config, seed);
        whole.step(u64::MAX);
        let (assignment, score) = whole.best();
        assert_valid(whole.problem(), assignment);
        prop_assert!((score - full_score(whole.problem(), assignment)).abs() < 1e-6);
        let mut chunked = Search::new(problem, config, seed);
        let mut last_done = 0;
        while !chunked.progress().finished {
            let progress = chunked.step(chunk);
            // One step does about the work asked for: at most one row of the scan, or one restart, more.
            prop_assert!(progress.finished || progress.moves_done - last_done <= chunk + 1_000);
            last_done = progress.moves_done;
        }
        prop_assert_eq!(whole.best().0, chunked.best().0);
        prop_assert_eq!(whole.best().1, chunked.best().1);
    }
}

/// A problem with every kind of term: a waitlist, hosted groups, three tally rules over five
/// tags, balance targets and a fairness floor.
fn problems_with_terms() -> impl Strategy<Value = Problem<DenseDistances>> {
    (problems(), any::<u64>()).prop_map(|(plain, seed)| with_every_term(&plain, seed))
}

/// `plain` with the terms `full_score_with_terms` knows, drawn from `seed`.
fn with_every_term(plain: &Problem<DenseDistances>, seed: u64) -> Problem<DenseDistances> {
    let n = plain.n();
    let k = plain.groups().len();
    let mut state = seed | 1;
    let mut next = move |bound: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % bound
    };
    let element_tags: Vec<Vec<u16>> = (0..n).map(|_| (0..5u16).filter(|_| next(3) == 0).collect()).collect();
    let terms = Terms {
        waitlist: Some((0..n).map(|_| 5.0 + next(100) as f64 / 10.0).collect()),
        hosts: Some(Hosts {
            element_place: (0..n).map(|_| Some(next(3) as u32).filter(|&p| p != 0)).collect(),
            group_place: (0..k).map(|_| Some(next(3) as u32).filter(|&p| p != 0)).collect(),
            penalty: 50.0,
        }),
        tallies: Tallies {
            n_tags: 5,
            element_tags,
            rules: vec![
                TallyRule { tags: vec![0], shape: TallyShape::NoneOrAtLeast(2), weight: 7.0 },
                TallyRule { tags: vec![1], shape: TallyShape::ShareAtLeast(0.5), weight: 3.0 },
                TallyRule { tags: vec![2, 3, 4], shape: TallyShape::CommonTag, weight: 2.0 },
            ],
        },
        balance: Some(Balance { target: (0..k).map(|_| 1 + next(4) as u32).collect(), weight: 1.5 }),
        fairness: Some(Fairness { floor: 4.0, weight: 0.7 }),
        typical_change: None,
    };
    let distances = DenseDistances::from_fn(n, |i, j| plain.distances().get(i, j));
    Problem::with_terms(distances, plain.groups().to_vec(), terms).unwrap()
}

/// The score with terms, from their definitions (independent of `GroupingState`).
fn full_score_with_terms(problem: &Problem<DenseDistances>, assignment: &[u32]) -> f64 {
    let terms = problem.terms();
    let waitlist = problem.waitlist_group().unwrap();
    let mut total = 0.0;
    for group in 0..problem.groups().len() as u32 {
        let members: Vec<usize> = (0..assignment.len()).filter(|&e| assignment[e] == group).collect();
        if group == waitlist {
            total -= members.iter().map(|&e| terms.waitlist.as_ref().unwrap()[e]).sum::<f64>();
            continue;
        }
        let mut pair_sum = 0.0;
        for (index, &a) in members.iter().enumerate() {
            for &b in &members[index + 1..] {
                pair_sum += problem.distances().get(a, b);
            }
        }
        total += pair_sum;
        let pairs = (members.len() * members.len().saturating_sub(1) / 2) as f64;
        total -= 0.7 * (4.0 * pairs - pair_sum).max(0.0);
        let hosts = terms.hosts.as_ref().unwrap();
        let host = hosts.group_place[group as usize];
        total -= members.iter().filter(|&&e| host.is_some() && hosts.element_place[e] != host).count() as f64
            * hosts.penalty;
        let size = members.len() as u32;
        let count = |tag: u16| members.iter().filter(|&&e| terms.tallies.element_tags[e].contains(&tag)).count() as u32;
        let (isolated, shared) = (count(0), count(1));
        if isolated > 0 && isolated < 2 {
            total -= 7.0 * f64::from(2 - isolated);
        }
        // A share rule costs weight · (needed² − count²) / needed when short (see `TallyRule::cost`).
        let (c, n) = (f64::from(shared), (f64::from(size) * 0.5).ceil());
        if shared > 0 && c < n {
            total -= 3.0 * (n * n - c * c) / n;
        }
        let common = [2, 3, 4].map(count).into_iter().max().unwrap();
        total -= 2.0 * f64::from(size - common);
        let target = terms.balance.as_ref().unwrap().target[group as usize];
        total -= 1.5 * f64::from(size.saturating_sub(target));
    }
    total
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Moves and swaps into and out of the waitlist, across hosted groups, changing tallies and
    /// sizes: the incremental score always equals the score recomputed from the definitions.
    #[test]
    fn incremental_score_with_terms_equals_full_rescore(
        problem in problems_with_terms(),
        moves in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>(), any::<bool>()), 1..60),
        keep_table in any::<bool>(),
    ) {
        check_random_moves(&problem, &moves, keep_table, full_score_with_terms)?;
    }

    /// With terms too, the search reports a grouping within bounds whose score is its true score.
    #[test]
    fn search_with_terms_reports_a_valid_grouping_with_its_true_score(problem in problems_with_terms(), seed in any::<u64>()) {
        let mut search = Search::new(problem, SearchConfig { max_moves: 3_000 }, seed);
        search.step(u64::MAX);
        let (assignment, score) = search.best();
        assert_valid(search.problem(), assignment);
        prop_assert!((score - full_score_with_terms(search.problem(), assignment)).abs() < 1e-6);
    }
}

/// Brute force over all groupings of a tiny instance.
fn optimum(problem: &Problem<DenseDistances>) -> f64 {
    fn walk(problem: &Problem<DenseDistances>, assignment: &mut Vec<u32>, best: &mut f64) {
        let n = problem.n();
        if assignment.len() == n {
            let sizes_ok = problem.groups().iter().enumerate().all(|(g, b)| {
                let size = assignment.iter().filter(|&&x| x as usize == g).count() as u32;
                (b.min..=b.max).contains(&size)
            });
            if sizes_ok {
                *best = best.max(full_score(problem, assignment));
            }
            return;
        }
        for g in 0..problem.groups().len() as u32 {
            assignment.push(g);
            walk(problem, assignment, best);
            assignment.pop();
        }
    }
    let mut best = f64::NEG_INFINITY;
    walk(problem, &mut Vec::new(), &mut best);
    best
}

#[test]
fn reaches_the_brute_force_optimum_on_small_instances() {
    for seed in 0..6u64 {
        let distances = xorshift_distances(9, seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1, 100, 1.0);
        let problem = Problem::new(distances, vec![SizeBounds { min: 2, max: 4 }; 3]).unwrap();
        let best = optimum(&problem);
        let mut search = Search::new(problem, SearchConfig { max_moves: 20_000 }, seed);
        search.step(u64::MAX);
        assert!(
            (search.best().1 - best).abs() < 1e-9,
            "seed {seed}: found {} but the optimum is {best}",
            search.best().1
        );
    }
}

#[test]
fn impossible_sizes_are_refused_with_a_reason() {
    let error = Problem::new(DenseDistances::zeros(7), vec![SizeBounds { min: 4, max: 5 }; 2]).unwrap_err();
    assert_eq!(error.to_string(), "7 elements cannot fill groups that hold between 8 and 10 in total");
}

/// Above 30 elements, the tabu search of a problem scored by its distances alone walks rankings of
/// the elements (in debug builds it checks at every step that it picks as good a change as a full
/// scan would), a whole step at a time: still valid, truly scored, and independent of how the budget
/// is chunked, with groups of unequal bounds.
#[test]
fn ranked_tabu_search_is_valid_scored_and_chunk_independent() {
    let n = 230;
    let distances = xorshift_distances(n, 0x9e37_79b9_7f4a_7c15, 1000, 10.0);
    let groups = (0..10).map(|g| SizeBounds { min: 15 + g % 4, max: 24 + g % 5 }).collect();
    let problem = Problem::new(distances, groups).unwrap();
    let config = SearchConfig { max_moves: 600_000 };
    let mut whole = Search::new(problem.clone(), config, 7);
    whole.step(u64::MAX);
    let (assignment, score) = whole.best();
    assert_valid(whole.problem(), assignment);
    assert!((score - full_score(whole.problem(), assignment)).abs() < 1e-6);
    for chunk in [1, 4_999, 70_001] {
        let mut chunked = Search::new(problem.clone(), config, 7);
        let mut last_done = 0;
        while !chunked.progress().finished {
            let progress = chunked.step(chunk);
            // At most one step or one restart (about n²/2 evaluations) beyond the chunk.
            assert!(progress.finished || progress.moves_done - last_done <= chunk + 30_000);
            last_done = progress.moves_done;
        }
        assert_eq!(whole.best().0, chunked.best().0);
        assert_eq!(whole.best().1, chunked.best().1);
    }
}

/// With a budget of a few thousand evaluations per pair, a problem scored by its distances alone
/// and with nobody fixed goes to the memetic search (a small population of walks over local
/// optima), and the tabu search finishes its budget from its best grouping: still valid, truly
/// scored, and independent of how the budget is chunked, with groups of unequal bounds.
#[test]
fn memetic_search_is_valid_scored_and_chunk_independent() {
    let n = 45;
    let distances = xorshift_distances(n, 0x6a09_e667_f3bc_c909, 1000, 10.0);
    let groups = (0..4).map(|g| SizeBounds { min: 9 + g % 3, max: 12 + g % 4 }).collect();
    let problem = Problem::new(distances, groups).unwrap();
    let config = SearchConfig { max_moves: 6_000_000 };
    let mut whole = Search::new(problem.clone(), config, 5);
    whole.step(u64::MAX);
    let (assignment, score) = whole.best();
    assert_valid(whole.problem(), assignment);
    assert!((score - full_score(whole.problem(), assignment)).abs() < 1e-6);
    assert!(whole.steps_taken() > 100, "{} descents", whole.steps_taken());
    for chunk in [1, 99_999, 1_000_003] {
        let mut chunked = Search::new(problem.clone(), config, 5);
        while !chunked.progress().finished {
            chunked.step(chunk);
        }
        assert_eq!(whole.best().0, chunked.best().0);
        assert_eq!(whole.best().1, chunked.best().1);
    }
}

/// Above 100 elements, a problem with terms is searched through shortlists. They are kept up to date
/// on the premise that a change's score depends only on the two groups it touches, which every term
/// respects too. With every kind of term, the shortlisted search still reports a grouping within
/// bounds with its true score (and, in debug builds, checks its lists against fresh ones at every
/// step).
#[test]
fn shortlisted_tabu_search_with_terms_is_valid_and_truly_scored() {
    let n = 230;
    let distances = xorshift_distances(n, 0x2545_f491_4f6c_dd1d, 1000, 100.0);
    let groups = (0..10).map(|g| SizeBounds { min: 12 + g % 4, max: 22 + g % 5 }).collect();
    let problem = with_every_term(&Problem::new(distances, groups).unwrap(), 3);
    let mut search = Search::new(problem, SearchConfig { max_moves: 600_000 }, 11);
    search.step(u64::MAX);
    let (assignment, score) = search.best();
    assert_valid(search.problem(), assignment);
    assert!((score - full_score_with_terms(search.problem(), assignment)).abs() < 1e-6);
}

/// Starts from a round-robin grouping with every third element (by `mask`) fixed, searches with
/// `max_moves`, and checks that no fixed element left its group and the result is valid and truly
/// scored by `truth`.
fn check_fixed_elements_stay(
    problem: Problem<DenseDistances>,
    mask: u64,
    seed: u64,
    max_moves: u64,
    truth: fn(&Problem<DenseDistances>, &[u32]) -> f64,
) -> Result<(), TestCaseError> {
    let n = problem.n();
    let k = problem.groups().len();
    // Round robin fills every group to its minimum before any goes beyond: a valid start.
    let start: Vec<u32> = (0..n).map(|i| (i % k) as u32).collect();
    let fixed: Vec<bool> = (0..n).map(|e| (mask >> (e % 64)) & 1 == 1 && e % 3 == 0).collect();
    let problem = problem.with_fixed(fixed.clone());
    let mut search = Search::starting_from(problem, SearchConfig { max_moves }, seed, start.clone());
    search.step(u64::MAX);
    let (assignment, score) = search.best();
    for e in (0..n).filter(|&e| fixed[e]) {
        prop_assert_eq!(assignment[e], start[e], "fixed element {} moved", e);
    }
    assert_valid(search.problem(), assignment);
    prop_assert!((score - truth(search.problem(), assignment)).abs() < 1e-6);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever the engine (annealing on a small budget, the tabu search on a large one), fixed
    /// elements stay where they start, and the rest is still a valid, truly scored grouping.
    #[test]
    fn fixed_elements_never_move(problem in problems(), mask in any::<u64>(), seed in any::<u64>(), tabu in any::<bool>()) {
        let max_moves = if tabu { 200_000 } else { 3_000 };
        check_fixed_elements_stay(problem, mask, seed, max_moves, full_score)?;
    }

    /// Rankings with whole-number distances, so that many changes tie, and some elements fixed.
    /// In debug builds every step checks that the ranked choice is as good as a full scan's.
    #[test]
    fn ranked_search_is_valid_with_ties_and_fixed_elements(
        (n_groups, min, extra, seed) in (4usize..7, 8u32..11, any::<u32>(), any::<u64>()),
        mask in any::<u64>(),
    ) {
        // Over 30 elements (where rankings take over from full scans), within the bounds.
        let n = n_groups * min as usize + (extra % (3 * n_groups as u32 + 1)) as usize;
        let distances = xorshift_distances(n, seed | 1, 6, 1.0);
        let problem = Problem::new(distances, vec![SizeBounds { min, max: min + 3 }; n_groups]).unwrap();
        check_fixed_elements_stay(problem, mask, seed, 100_000, full_score)?;
    }
}

/// With two or three groups, every step changes all or most of them, so the rankings are mended
/// rather than rebuilt even when every group changed (in debug builds every step checks them against
/// fresh ones and the choice against a full scan), with ties and fixed elements.
#[test]
fn ranked_search_with_two_or_three_groups_is_valid() {
    for (n_groups, seed) in [(2, 3), (3, 4), (2, 0x7f4a_7c15), (3, 0x9e37_79b9)] {
        let n = 47;
        let distances = xorshift_distances(n, seed, 6, 1.0);
        let bounds = vec![SizeBounds { min: 12, max: 30 }; n_groups];
        let problem = Problem::new(distances, bounds).unwrap();
        check_fixed_elements_stay(problem, 0x5555_aaaa_0f0f_f0f0, seed, 300_000, full_score).unwrap();
    }
}

/// The ranked tabu search (above 30 elements) and its restarts leave fixed elements alone too.
#[test]
fn fixed_elements_never_move_in_the_ranked_search() {
    let n = 230;
    let distances = xorshift_distances(n, 0x51_7cc1_b727_220a, 1000, 10.0);
    let groups = (0..10).map(|g| SizeBounds { min: 15 + g % 4, max: 24 + g % 5 }).collect();
    let problem = Problem::new(distances, groups).unwrap();
    check_fixed_elements_stay(problem, u64::MAX, 5, 600_000, full_score).unwrap();
}

/// …and so does the shortlisted one (above 100 elements, with terms).
#[test]
fn fixed_elements_never_move_in_the_shortlisted_search() {
    let n = 160;
    let distances = xorshift_distances(n, 0x3c6e_f372_fe94_f82b, 1000, 10.0);
    let groups = (0..8).map(|g| SizeBounds { min: 14 + g % 4, max: 24 + g % 5 }).collect();
    let problem = with_every_term(&Problem::new(distances, groups).unwrap(), 5);
    check_fixed_elements_stay(problem, u64::MAX, 5, 400_000, full_score_with_terms).unwrap();
}

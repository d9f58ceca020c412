//! Where the search starts: a grouping that respects the size bounds, with each metro's people in
//! its in-person circles and everyone else dealt west to east into the video circles, so that
//! time-zone bands start nearly right. Seats are `Some(circle)` or `None` (waiting) here; only
//! [`solver_assignment`] turns them into the solver's groups.

use super::judge::RuleBook;
use super::plan::{Plan, PlannedCircle};
use super::roster::Venue;

/// Each person's seat: a planned circle (by position), or `None` when waiting.
pub(crate) type Seats = Vec<Option<usize>>;

/// The solver's assignment for these seats, the waiting in the problem's waitlist group.
pub(crate) fn solver_assignment(seats: &[Option<usize>], waitlist_group: u32) -> Vec<u32> {
    seats.iter().map(|seat| seat.map_or(waitlist_group, |circle| circle as u32)).collect()
}

/// Seats of a solver assignment: groups beyond the circles (the waitlist) are waiting.
pub(crate) fn seats_of(assignment: &[u32], circles: usize) -> Seats {
    assignment.iter().map(|&group| Some(group as usize).filter(|&g| g < circles)).collect()
}

/// The first grouping: metros fill their own circles with the people planned at home, the others
/// are dealt into the video circles of their band of time zones up to each circle's target (people
/// who match a share rule first, so that they start together), and circles still short are topped
/// up.
pub(crate) fn starting_seats(book: &RuleBook, plan: &Plan, fixed: &[Option<usize>]) -> Seats {
    let roster = &book.roster;
    let circles = &plan.circles;
    // People the organizer keeps start (and stay) in their circle.
    let mut seats: Seats = fixed.to_vec();
    let mut sizes = vec![0u32; circles.len()];
    for circle in seats.iter().flatten() {
        sizes[*circle] += 1;
    }
    let mut unplaced: Vec<usize> = Vec::new();
    for (person, seat) in seats.iter_mut().enumerate().filter(|(_, seat)| seat.is_none()) {
        let home = (0..circles.len())
            .filter(|&c| {
                plan.at_home[person]
                    && !circles[c].locked
                    && matches!(circles[c].venue, Venue::InPerson(metro) if roster.lives_in(person, metro))
                    && sizes[c] < circles[c].target
            })
            .min_by_key(|&c| sizes[c]);
        match home {
            Some(circle) => {
                *seat = Some(circle);
                sizes[circle] += 1;
            }
            None => unplaced.push(person),
        }
    }
    let sharing = |p: usize| roster.share.iter().any(|m| m.matches[p]);
    unplaced.sort_by_key(|&p| (roster.offset[p].is_none(), roster.offset[p].unwrap_or(0), p));
    let video: Vec<usize> =
        (0..circles.len()).filter(|&c| circles[c].venue == Venue::Video && !circles[c].locked).collect();
    for &circle in &video {
        let Some((low, high)) = circles[circle].band else { continue };
        let mut band: Vec<usize> = unplaced
            .iter()
            .copied()
            .filter(|&p| seats[p].is_none() && roster.offset[p].is_some_and(|o| (low..=high).contains(&o)))
            .collect();
        band.sort_by_key(|&p| !sharing(p));
        for person in band.into_iter().take(circles[circle].target as usize) {
            seats[person] = Some(circle);
            sizes[circle] += 1;
        }
    }
    // Whoever is left (time zone unknown, or no band) goes west to east where there is room.
    let rest: Vec<usize> = unplaced.into_iter().filter(|&p| seats[p].is_none()).collect();
    let mut rest = rest.into_iter();
    for &circle in &video {
        let room = circles[circle].target.saturating_sub(sizes[circle]) as usize;
        for person in rest.by_ref().take(room) {
            seats[person] = Some(circle);
            sizes[circle] += 1;
        }
    }
    top_up(book, circles, &mut seats, fixed);
    seats
}

/// Fills circles still below their minimum with whoever fits them best: no hard conflict with the
/// members so far, of the hosting metro, waiting rather than taken from a circle above its
/// minimum, earliest sign-up first. People the organizer keeps (`fixed`) stay.
pub(crate) fn top_up(book: &RuleBook, circles: &[PlannedCircle], seats: &mut [Option<usize>], fixed: &[Option<usize>]) {
    let roster = &book.roster;
    let min = |circle: usize| circles[circle].bounds.min;
    let mut sizes = vec![0u32; circles.len()];
    for circle in seats.iter().flatten() {
        sizes[*circle] += 1;
    }
    for circle in 0..circles.len() {
        while sizes[circle] < min(circle) {
            let members: Vec<usize> = (0..roster.n).filter(|&p| seats[p] == Some(circle)).collect();
            let donor = (0..roster.n)
                .filter(|&p| {
                    fixed[p].is_none() && seats[p].is_none_or(|from| from != circle && sizes[from] > min(from))
                })
                .min_by_key(|&p| {
                    let conflicts = members.iter().filter(|&&m| book.hard_pair_conflict(p, m)).count();
                    let away = matches!(circles[circle].venue, Venue::InPerson(metro) if !roster.lives_in(p, metro));
                    (conflicts, away, seats[p].is_some(), p)
                });
            let Some(person) = donor else { break };
            if let Some(from) = seats[person] {
                sizes[from] -= 1;
            }
            seats[person] = Some(circle);
            sizes[circle] += 1;
        }
    }
}

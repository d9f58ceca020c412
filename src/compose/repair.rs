//! After the search: whoever still breaks a hard rule waits, circles left too small dissolve, and
//! freed room is filled from the waitlist where a person fits. Every decision is the judge's
//! (`judge.rs`), so a repaired circle always passes its checks.

use super::judge::RuleBook;
use super::pairs::PairScores;
use super::plan::PlannedCircle;
use super::roster::PairKind;
use super::start::Seats;
use crate::solver::Distances;

/// Who sits in each planned circle (by position in the job's book), and who waits.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Seating {
    pub members: Vec<Vec<usize>>,
    pub waiting: Vec<usize>,
}

impl Seating {
    fn of(seats: &Seats, circles: usize) -> Seating {
        let mut seating = Seating { members: vec![Vec::new(); circles], waiting: Vec::new() };
        for (person, seat) in seats.iter().enumerate() {
            match seat {
                Some(circle) => seating.members[*circle].push(person),
                None => seating.waiting.push(person),
            }
        }
        seating
    }
}

/// The seats the search found, mended so that every circle holds every hard rule, then filled.
/// People the organizer keeps in a circle (`fixed`) stay, even where a rule breaks: the organizer
/// decided so.
pub(crate) fn repaired(
    book: &RuleBook,
    pairs: &PairScores,
    circles: &[PlannedCircle],
    seats: &Seats,
    fixed: &[Option<usize>],
) -> Seating {
    let mut seating = Seating::of(seats, circles.len());
    mend(book, circles, &mut seating, fixed);
    fill(book, pairs, circles, &mut seating);
    seating
}

/// Sends to the waitlist whoever breaks a hard rule, one rule at a time, and dissolves circles left
/// too small, until every circle holds every hard rule (but for what kept people break).
fn mend(book: &RuleBook, circles: &[PlannedCircle], seating: &mut Seating, fixed: &[Option<usize>]) {
    let min = book.rules.size.min as usize;
    loop {
        let mut changed = false;
        for (circle, people) in seating.members.iter_mut().enumerate() {
            loop {
                let leaving: Vec<usize> = book
                    .members_to_leave(circles[circle].venue, people)
                    .into_iter()
                    .filter(|&p| fixed[p].is_none())
                    .collect();
                if leaving.is_empty() {
                    break;
                }
                people.retain(|p| !leaving.contains(p));
                seating.waiting.extend(leaving);
                changed = true;
            }
        }
        for people in &mut seating.members {
            let kept = people.iter().any(|&p| fixed[p].is_some());
            if !kept && !people.is_empty() && people.len() < min {
                seating.waiting.append(people);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

/// Places waiting people, earliest sign-up first, in the circle with room where they add the most
/// without breaking a hard rule (people kept together with someone stay waiting: a circle takes
/// them only as a pair, which the search already tried).
fn fill(book: &RuleBook, pairs: &PairScores, circles: &[PlannedCircle], seating: &mut Seating) {
    seating.waiting.sort_unstable();
    let mut still = Vec::new();
    for &person in &seating.waiting {
        let together = book.roster.named_with(person, PairKind::Together).next().is_some();
        let best = (!together)
            .then(|| {
                seating
                    .members
                    .iter()
                    .enumerate()
                    .filter(|(circle, people)| {
                        !people.is_empty()
                            && !circles[*circle].locked
                            && people.len() < circles[*circle].bounds.max as usize
                    })
                    .filter(|(circle, people)| book.admits(circles[*circle].venue, people, person))
                    .map(|(circle, people)| (circle, people.iter().map(|&m| pairs.get(person, m)).sum::<f64>()))
                    .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
            })
            .flatten();
        match best {
            Some((circle, _)) => seating.members[circle].push(person),
            None => still.push(person),
        }
    }
    seating.waiting = still;
}

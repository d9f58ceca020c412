//! The circles as the organizer reviews and edits them: moves, swaps, locked circles, pinned
//! people, names and meeting details. Plain data with one `apply` per edit; `Workflow` keeps its
//! undo history, and the checks of any circle come from the rules' one judgement
//! (`RuleBook::judge_circle`).
//!
//! Invariant: every person of the composition it started from is in exactly one circle or on the
//! waitlist, whatever the edits.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::compose::{Circle, Composition, KeptCircle, Mode, Waitlisted};
use crate::model::{GroupId, RecordId};

/// What the organizer sets for a circle's meetings; empty fields are not set yet.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CircleDetails {
    /// The first meeting, ISO 8601 with an offset or zone, e.g. "2027-01-12T18:30:00-08:00".
    pub starts: String,
    /// How long a meeting lasts, in minutes.
    pub minutes: Option<u32>,
    /// How meetings repeat, as an iCalendar RRULE value, e.g. "FREQ=WEEKLY;COUNT=6".
    pub repeat: String,
    /// Where: an address, or a video link.
    pub place: String,
    /// The member who hosts.
    pub host: Option<RecordId>,
}

/// One circle on the board.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoardCircle {
    /// Its number, kept through edits and re-composing.
    pub id: GroupId,
    /// What the organizer calls it ("Circle 3" until renamed).
    pub name: String,
    /// In person or by video.
    pub mode: Mode,
    /// The metro of an in-person circle.
    pub place: Option<String>,
    /// Its members, ascending.
    pub members: Vec<RecordId>,
    /// Whether its members stay exactly as they are, when moving people and when re-composing.
    pub locked: bool,
    /// Its meeting details.
    pub details: CircleDetails,
}

impl BoardCircle {
    /// A new circle of the board, as the composer made it: named by number, unlocked, no details.
    fn composed(id: GroupId, circle: &Circle) -> BoardCircle {
        BoardCircle {
            id,
            name: default_name(id),
            mode: circle.mode,
            place: circle.place.clone(),
            members: circle.members.clone(),
            locked: false,
            details: CircleDetails::default(),
        }
    }

    /// The circle as the judge sees it.
    pub fn as_circle(&self) -> Circle {
        Circle {
            id: self.id,
            mode: self.mode,
            place: self.place.clone(),
            band: None,
            members: self.members.clone(),
            diversity: 0.0,
        }
    }
}

/// Where a person sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Seat {
    /// In this circle.
    Circle(GroupId),
    /// On the waitlist.
    Waitlist,
}

/// One edit of the board.
#[derive(Clone, Debug, PartialEq)]
pub enum BoardEdit {
    /// Move a person to a circle or to the waitlist.
    Move {
        /// Who.
        record: RecordId,
        /// Where to.
        to: Seat,
    },
    /// Exchange the seats of two people.
    Swap {
        /// One.
        a: RecordId,
        /// The other.
        b: RecordId,
    },
    /// Lock or unlock a circle.
    Lock {
        /// Which.
        circle: GroupId,
        /// Locked or not.
        locked: bool,
    },
    /// Pin a person to their circle for re-composing, or unpin them.
    Pin {
        /// Who.
        record: RecordId,
        /// Pinned or not.
        pinned: bool,
    },
    /// Open a new, empty circle.
    AddCircle {
        /// In person or by video.
        mode: Mode,
        /// The metro of an in-person circle.
        place: Option<String>,
    },
    /// Remove a circle; its members go to the waitlist.
    RemoveCircle(GroupId),
    /// Rename a circle.
    Rename {
        /// Which.
        circle: GroupId,
        /// Its new name (empty: "Circle N" again).
        name: String,
    },
    /// Set a circle's meeting details.
    SetDetails {
        /// Which.
        circle: GroupId,
        /// The details.
        details: CircleDetails,
    },
}

/// The circles, the waitlist and who is pinned.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Board {
    /// The circles, in order.
    pub circles: Vec<BoardCircle>,
    /// Who waits, and why.
    pub waitlist: Vec<Waitlisted>,
    /// People who stay in their circle when the rest is re-composed.
    pub pinned: BTreeSet<RecordId>,
}

/// Why someone moved to the waitlist by hand waits.
const MOVED_BY_HAND: &str = "Moved to the waitlist by the organizer.";

impl Board {
    /// The board of a fresh composition: its circles, named by number, nothing locked.
    pub fn from_composition(composition: &Composition) -> Board {
        let circles = composition.groups.iter().map(|circle| BoardCircle::composed(circle.id, circle)).collect();
        Board { circles, waitlist: composition.waitlist.clone(), pinned: BTreeSet::new() }
    }

    /// The circle with this id.
    pub fn circle(&self, id: GroupId) -> Option<&BoardCircle> {
        self.circles.iter().find(|c| c.id == id)
    }

    /// Where a person sits, if on the board.
    pub fn seat_of(&self, record: RecordId) -> Option<Seat> {
        if let Some(circle) = self.circles.iter().find(|c| c.members.binary_search(&record).is_ok()) {
            return Some(Seat::Circle(circle.id));
        }
        self.waitlist.iter().any(|w| w.record == record).then_some(Seat::Waitlist)
    }

    /// Every person on the board, ascending.
    pub fn records(&self) -> Vec<RecordId> {
        let mut records: Vec<RecordId> = self.circles.iter().flat_map(|c| c.members.iter().copied()).collect();
        records.extend(self.waitlist.iter().map(|w| w.record));
        records.sort_unstable();
        records
    }

    /// What re-composing keeps: locked circles whole, then the pinned people of the others (the
    /// order the composer gives them back in).
    pub fn kept(&self) -> Vec<(GroupId, KeptCircle)> {
        let (locked, others): (Vec<&BoardCircle>, Vec<&BoardCircle>) = self.circles.iter().partition(|c| c.locked);
        locked
            .into_iter()
            .chain(others)
            .filter_map(|circle| {
                let staying: Vec<RecordId> = if circle.locked {
                    circle.members.clone()
                } else {
                    circle.members.iter().copied().filter(|r| self.pinned.contains(r)).collect()
                };
                let kept =
                    KeptCircle { mode: circle.mode, place: circle.place.clone(), staying, locked: circle.locked };
                (!kept.staying.is_empty()).then_some((circle.id, kept))
            })
            .collect()
    }

    /// The board after re-composing around what it kept (`kept`, in the order given to the
    /// composer): kept circles keep their id, name, lock and details; the others are new.
    pub fn recomposed(&self, composition: &Composition, kept: &[GroupId]) -> Board {
        let mut next_id = self.circles.iter().map(|c| c.id.0).max().unwrap_or(0);
        let circles = composition
            .groups
            .iter()
            .enumerate()
            .map(|(index, circle)| match kept.get(index).and_then(|&id| self.circle(id)) {
                Some(before) => BoardCircle { members: circle.members.clone(), ..before.clone() },
                None => {
                    next_id += 1;
                    BoardCircle::composed(GroupId(next_id), circle)
                }
            })
            .collect::<Vec<_>>();
        // A locked circle with nobody in it is not given to the composer (it keeps nobody), but
        // stays on the board exactly as it was.
        let empty_locked = self.circles.iter().filter(|c| c.locked && c.members.is_empty()).cloned();
        let circles = circles.into_iter().chain(empty_locked).collect();
        Board { circles, waitlist: composition.waitlist.clone(), pinned: self.pinned.clone() }
    }

    /// Applies one edit, or says in a sentence why it cannot be done (and changes nothing).
    pub fn apply(&mut self, edit: BoardEdit) -> Result<(), String> {
        match edit {
            BoardEdit::Move { record, to } => self.move_person(record, to),
            BoardEdit::Swap { a, b } => self.swap(a, b),
            BoardEdit::Lock { circle, locked } => {
                self.circle_mut(circle)?.locked = locked;
                Ok(())
            }
            BoardEdit::Pin { record, pinned } => {
                if pinned {
                    match self.seat_of(record) {
                        Some(Seat::Circle(_)) => self.pinned.insert(record),
                        _ => return Err(format!("Record {record} is not in a circle, so it cannot be pinned to one.")),
                    };
                } else {
                    self.pinned.remove(&record);
                }
                Ok(())
            }
            BoardEdit::AddCircle { mode, place } => {
                let id = GroupId(self.circles.iter().map(|c| c.id.0).max().unwrap_or(0) + 1);
                let name = default_name(id);
                let details = CircleDetails::default();
                self.circles.push(BoardCircle { id, name, mode, place, members: Vec::new(), locked: false, details });
                Ok(())
            }
            BoardEdit::RemoveCircle(id) => {
                let circle = self.circle_mut(id)?;
                if circle.locked {
                    return Err(format!("{} is locked: unlock it to remove it.", circle.name));
                }
                let members = std::mem::take(&mut circle.members);
                self.circles.retain(|c| c.id != id);
                for record in members {
                    self.pinned.remove(&record);
                    self.wait(record, "Their circle was removed by the organizer.");
                }
                Ok(())
            }
            BoardEdit::Rename { circle, name } => {
                let name = name.trim();
                self.circle_mut(circle)?.name = if name.is_empty() { default_name(circle) } else { name.to_owned() };
                Ok(())
            }
            BoardEdit::SetDetails { circle, details } => {
                let circle = self.circle_mut(circle)?;
                if details.host.is_some_and(|host| circle.members.binary_search(&host).is_err()) {
                    return Err(format!("The host of {} must be one of its members.", circle.name));
                }
                circle.details = details;
                Ok(())
            }
        }
    }

    fn circle_mut(&mut self, id: GroupId) -> Result<&mut BoardCircle, String> {
        self.circles.iter_mut().find(|c| c.id == id).ok_or_else(|| format!("There is no circle {id}."))
    }

    /// Refuses to take anyone out of, or put anyone into, a locked circle.
    fn unlocked(&self, seat: Seat) -> Result<(), String> {
        match seat {
            Seat::Circle(id) => match self.circle(id) {
                Some(circle) if circle.locked => {
                    Err(format!("{} is locked: unlock it to change who is in it.", circle.name))
                }
                Some(_) => Ok(()),
                None => Err(format!("There is no circle {id}.")),
            },
            Seat::Waitlist => Ok(()),
        }
    }

    fn move_person(&mut self, record: RecordId, to: Seat) -> Result<(), String> {
        let from = self.seat_of(record).ok_or_else(|| format!("Record {record} is not on the board."))?;
        if from == to {
            return Ok(());
        }
        self.unlocked(from)?;
        self.unlocked(to)?;
        self.take(record, from);
        match to {
            Seat::Circle(id) => self.seat(record, id),
            Seat::Waitlist => {
                self.pinned.remove(&record);
                self.wait(record, MOVED_BY_HAND);
            }
        }
        Ok(())
    }

    fn swap(&mut self, a: RecordId, b: RecordId) -> Result<(), String> {
        let seat_a = self.seat_of(a).ok_or_else(|| format!("Record {a} is not on the board."))?;
        let seat_b = self.seat_of(b).ok_or_else(|| format!("Record {b} is not on the board."))?;
        if seat_a == seat_b {
            return Ok(());
        }
        self.unlocked(seat_a)?;
        self.unlocked(seat_b)?;
        let reason_of =
            |board: &Board, record| board.waitlist.iter().find(|w| w.record == record).map(|w| w.reason.clone());
        let (reason_a, reason_b) = (reason_of(self, a), reason_of(self, b));
        self.take(a, seat_a);
        self.take(b, seat_b);
        for (record, seat, reason) in [(a, seat_b, reason_b), (b, seat_a, reason_a)] {
            match seat {
                Seat::Circle(id) => self.seat(record, id),
                Seat::Waitlist => {
                    self.pinned.remove(&record);
                    self.wait(record, reason.as_deref().unwrap_or(MOVED_BY_HAND));
                }
            }
        }
        Ok(())
    }

    fn take(&mut self, record: RecordId, from: Seat) {
        match from {
            Seat::Circle(id) => {
                if let Some(circle) = self.circles.iter_mut().find(|c| c.id == id) {
                    circle.members.retain(|&m| m != record);
                    if circle.details.host == Some(record) {
                        circle.details.host = None;
                    }
                }
            }
            Seat::Waitlist => self.waitlist.retain(|w| w.record != record),
        }
    }

    fn seat(&mut self, record: RecordId, id: GroupId) {
        if let Some(circle) = self.circles.iter_mut().find(|c| c.id == id) {
            let at = circle.members.binary_search(&record).unwrap_or_else(|at| at);
            circle.members.insert(at, record);
        }
    }

    fn wait(&mut self, record: RecordId, reason: &str) {
        let at = self.waitlist.partition_point(|w| w.record < record);
        self.waitlist.insert(at, Waitlisted { record, reason: reason.to_owned() });
    }
}

/// "Circle 3".
fn default_name(id: GroupId) -> String {
    format!("Circle {id}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::Circle;

    fn board() -> Board {
        let circle = |id: u32, members: &[u32]| Circle {
            id: GroupId(id),
            mode: Mode::Video,
            place: None,
            band: None,
            members: members.iter().map(|&r| RecordId(r)).collect(),
            diversity: 0.0,
        };
        Board::from_composition(&Composition {
            groups: vec![circle(1, &[1, 2, 3]), circle(2, &[4, 5, 6])],
            waitlist: vec![Waitlisted { record: RecordId(7), reason: "Far away.".to_owned() }],
            checks: Vec::new(),
            score: 0.0,
            feasibility: Vec::new(),
        })
    }

    #[test]
    fn moves_and_swaps_keep_everyone_once() {
        let mut board = board();
        board.apply(BoardEdit::Move { record: RecordId(1), to: Seat::Circle(GroupId(2)) }).unwrap();
        board.apply(BoardEdit::Swap { a: RecordId(2), b: RecordId(7) }).unwrap();
        assert_eq!(board.circles[0].members, [RecordId(3), RecordId(7)]);
        assert_eq!(board.circles[1].members, [RecordId(1), RecordId(4), RecordId(5), RecordId(6)]);
        // The person swapped onto the waitlist takes the reason of the one who left it.
        assert_eq!(board.waitlist, [Waitlisted { record: RecordId(2), reason: "Far away.".to_owned() }]);
        assert_eq!(board.records(), (1..=7).map(RecordId).collect::<Vec<_>>());
    }

    #[test]
    fn locked_circles_keep_their_members() {
        let mut board = board();
        board.apply(BoardEdit::Lock { circle: GroupId(1), locked: true }).unwrap();
        let before = board.clone();
        let error = board.apply(BoardEdit::Move { record: RecordId(1), to: Seat::Waitlist }).unwrap_err();
        assert_eq!(error, "Circle 1 is locked: unlock it to change who is in it.");
        assert!(board.apply(BoardEdit::Swap { a: RecordId(4), b: RecordId(2) }).is_err());
        assert!(board.apply(BoardEdit::RemoveCircle(GroupId(1))).is_err());
        assert_eq!(board, before, "a refused edit changes nothing");
        board.apply(BoardEdit::Pin { record: RecordId(5), pinned: true }).unwrap();
        let kept: Vec<(GroupId, Vec<RecordId>, bool)> =
            board.kept().into_iter().map(|(id, k)| (id, k.staying, k.locked)).collect();
        assert_eq!(
            kept,
            [(GroupId(1), vec![RecordId(1), RecordId(2), RecordId(3)], true), (GroupId(2), vec![RecordId(5)], false)]
        );
    }
}

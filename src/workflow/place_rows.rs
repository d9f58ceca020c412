//! The place rows of a survey under the organizer's decisions, worked out once for each: the page
//! reads them in several steps on every draw (the step bar, the places, the rules, composing), and
//! at 10,000 distinct answers each reading builds 10,000 rows.

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

use crate::places::{PlaceDecisions, PlaceRow, PlacesReport, SharedGazetteer};

/// The rows last worked out, with what they were worked out from. Not part of the session's
/// state: two sessions are equal whatever their memos hold.
#[derive(Clone, Default)]
pub(super) struct PlaceRowsMemo(RefCell<Option<Remembered>>);

#[derive(Clone)]
struct Remembered {
    // Held, not only compared by address, so that no later survey can take this one's address.
    places: Rc<PlacesReport>,
    gazetteer: SharedGazetteer,
    decisions: PlaceDecisions,
    rows: Rc<[PlaceRow]>,
}

impl PlaceRowsMemo {
    /// The rows of `places` under `decisions`, worked out again only when one of the three changed.
    pub(super) fn rows(
        &self,
        places: &Rc<PlacesReport>,
        gazetteer: &SharedGazetteer,
        decisions: &PlaceDecisions,
    ) -> Rc<[PlaceRow]> {
        if let Some(seen) = &*self.0.borrow()
            && Rc::ptr_eq(&seen.places, places)
            && Rc::ptr_eq(&seen.gazetteer.0, &gazetteer.0)
            && seen.decisions == *decisions
        {
            return Rc::clone(&seen.rows);
        }
        let rows: Rc<[PlaceRow]> = decisions.rows(places, &gazetteer.0).into();
        *self.0.borrow_mut() = Some(Remembered {
            places: Rc::clone(places),
            gazetteer: gazetteer.clone(),
            decisions: decisions.clone(),
            rows: Rc::clone(&rows),
        });
        rows
    }
}

impl PartialEq for PlaceRowsMemo {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl fmt::Debug for PlaceRowsMemo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PlaceRowsMemo")
    }
}

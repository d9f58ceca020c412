//! Drawing spread over several tasks, so that no task holds the page: long lists drawn a slice per
//! task (the board's cards, a move menu's targets, the place rows), and parts drawn a task after
//! what made them appear (the Send step after the board, the places after their survey).

use yew::prelude::*;

/// How many of `total` items to draw now: `first` at once, then `step` more per task up to
/// `total`; from `first` again whenever `restart` changes.
#[hook]
pub(crate) fn use_drawn_in_slices<K: PartialEq + 'static>(
    first: usize,
    step: usize,
    total: usize,
    restart: K,
) -> usize {
    let drawn = use_state(|| first);
    {
        let drawn = drawn.clone();
        use_effect_with(restart, move |_| {
            if *drawn != first {
                drawn.set(first);
            }
        });
    }
    {
        let drawn = drawn.clone();
        use_effect_with((*drawn, total), move |&(now, total)| {
            let timeout = (now < total)
                .then(|| gloo_timers::callback::Timeout::new(0, move || drawn.set((now + step).min(total))));
            move || drop(timeout)
        });
    }
    (*drawn).min(total)
}

/// Whether `key` has been drawn for one task already: false on the draw where it first appears,
/// true from the next task on.
#[hook]
pub(crate) fn use_a_task_after<K: PartialEq + Clone + 'static>(key: K) -> bool {
    let ready_for = use_state(|| None::<K>);
    {
        let ready_for = ready_for.clone();
        use_effect_with(key.clone(), move |key| {
            let key = key.clone();
            let timeout = gloo_timers::callback::Timeout::new(0, move || ready_for.set(Some(key)));
            move || drop(timeout)
        });
    }
    ready_for.as_ref() == Some(&key)
}

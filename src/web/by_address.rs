//! Shared values compared by identity rather than by content: for hook dependencies and props
//! that must change only when the workflow made a new value (a new import, board or place survey,
//! a new session state), without comparing thousands of records on every draw.
//!
//! It holds the `Rc`, not its address: a dependency kept as a bare address could match a new value
//! that the allocator placed where a freed one was, and a memo would then return stale results.

use std::ops::Deref;
use std::rc::Rc;

use yew::UseReducerHandle;

use crate::workflow::Workflow;

/// `Rc<T>`, equal only to the same allocation.
pub(crate) struct ByAddress<T: ?Sized>(pub(crate) Rc<T>);

impl<T: ?Sized> ByAddress<T> {
    /// The same allocation, compared by identity.
    pub(crate) fn of(shared: &Rc<T>) -> ByAddress<T> {
        ByAddress(Rc::clone(shared))
    }
}

impl<T: ?Sized> Clone for ByAddress<T> {
    fn clone(&self) -> Self {
        ByAddress(Rc::clone(&self.0))
    }
}

impl<T: ?Sized> PartialEq for ByAddress<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The page's session as its components receive it, equal only to the same state. The reducer
/// makes a new state for every action, so a comparison of contents (what the reducer's own handle
/// does) walks thousands of records in every component on every action, only to find that
/// something changed: at 10,000 applicants, 40–60 ms of each move on the board.
///
/// The handle reads the reducer's current state; the state it was made with is remembered by
/// address, and kept alive by the handle (which holds every state it has read), so that no later
/// state can take the same address while this one is compared.
#[derive(Clone)]
pub(crate) struct WorkflowHandle(Rc<Drawn>);

struct Drawn {
    handle: UseReducerHandle<Workflow>,
    state: *const Workflow,
}

impl WorkflowHandle {
    /// The handle, with the state it reads now.
    pub(crate) fn new(handle: UseReducerHandle<Workflow>) -> WorkflowHandle {
        let state: *const Workflow = &*handle;
        WorkflowHandle(Rc::new(Drawn { handle, state }))
    }
}

impl PartialEq for WorkflowHandle {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.0.state, other.0.state)
    }
}

impl Deref for WorkflowHandle {
    type Target = UseReducerHandle<Workflow>;

    fn deref(&self) -> &Self::Target {
        &self.0.handle
    }
}

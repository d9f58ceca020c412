//! A shared value compared by identity rather than by content: for hook dependencies and props
//! that must change only when the workflow made a new value (a new import, board or place survey),
//! without comparing thousands of records on every draw.
//!
//! It holds the `Rc`, not its address: a dependency kept as a bare address could match a new value
//! that the allocator placed where a freed one was, and a memo would then return stale results.

use std::rc::Rc;

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

//! Undo and redo for any value the organizer edits (place decisions, rules, later the board): the
//! earlier values and the undone ones, most recent last.

/// The past and undone values of something edited.
#[derive(Clone, Debug, PartialEq)]
pub struct History<T> {
    undo: Vec<T>,
    redo: Vec<T>,
}

impl<T> Default for History<T> {
    fn default() -> Self {
        History { undo: Vec::new(), redo: Vec::new() }
    }
}

impl<T> History<T> {
    /// Remembers `earlier` before a new change; a new change forgets what was undone.
    pub fn record(&mut self, earlier: T) {
        self.undo.push(earlier);
        self.redo.clear();
    }

    /// Replaces `current` with the last earlier value, keeping `current` for redo; false when
    /// there is nothing to undo.
    pub fn undo(&mut self, current: &mut T) -> bool {
        let Some(earlier) = self.undo.pop() else { return false };
        self.redo.push(std::mem::replace(current, earlier));
        true
    }

    /// Replaces `current` with the last undone value; false when there is nothing to redo.
    pub fn redo(&mut self, current: &mut T) -> bool {
        let Some(later) = self.redo.pop() else { return false };
        self.undo.push(std::mem::replace(current, later));
        true
    }

    /// Whether there is something to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is something to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undo_and_redo_walk_the_changes() {
        let (mut value, mut history) = (1, History::default());
        for next in [2, 3] {
            history.record(value);
            value = next;
        }
        assert!(history.undo(&mut value) && value == 2);
        assert!(history.undo(&mut value) && value == 1);
        assert!(!history.undo(&mut value) && value == 1);
        assert!(history.redo(&mut value) && value == 2);
        history.record(value);
        value = 9;
        assert!(!history.can_redo(), "a new change forgets what was undone");
        assert!(history.undo(&mut value) && value == 2);
    }
}

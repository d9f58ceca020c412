//! Pure text builders for downloads: bytes out, no Blob and no DOM (the shell saves them).

mod roster;

pub use roster::{circles_of_roster, roster_csv};

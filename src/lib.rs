//! Circle Composer: turn a sign-up form export into peer learning circles, privately.
//!
//! The crate is a functional core and one browser shell:
//!
//! - [`import`]: CSV bytes → records, dialect, suggested column roles, problems. Never fails.
//! - [`model`]: record numbers, column roles, applicants.
//! - [`places`]: location answers → cities, metros and time zones, from the bundled gazetteer.
//! - [`solver`]: seeded, move-budgeted local search for grouping with size bounds.
//! - [`compose`]: organizer rules → solver problem → circles, waitlist with reasons, checks.
//! - [`board`]: the circles as the organizer edits them: moves, swaps, locks, details.
//! - [`check`]: any roster judged against the rules, and who it misses or lists twice.
//! - [`send`]: the intro drafts: template, allowlisted member lists, meeting times.
//! - [`export`]: download contents as bytes: roster, mail merge, emails.zip, calendar, details.
//! - [`workflow`]: the session as state + action + `apply`.
//! - [`settings`]: the organizer's choices as a versioned JSON file.
//! - [`project`]: the whole session as an encrypted, versioned project file.
//! - [`mdgp`]: the benchmark instance format, for the command line.
//! - `web` (wasm32 only): the page, the worker, downloads. The only module that touches a browser.
//!
//! The core never reads a clock or OS randomness and never touches the network; see the README's
//! Architecture section for the invariants.

pub mod board;
pub mod check;
pub mod compose;
pub mod export;
pub mod import;
pub mod mdgp;
pub mod model;
pub mod places;
pub mod project;
pub mod sample;
pub mod send;
pub mod settings;
pub mod solver;
pub mod workflow;

#[cfg(target_arch = "wasm32")]
pub mod web;

//! The one native integration-test binary: the core's behaviour through its public API, the
//! command line as a user runs it, and tidy checks of the architecture.
#![cfg(not(target_arch = "wasm32"))]

mod board;
mod check;
mod cli;
mod compose;
mod csv_spectrum;
mod export;
mod import;
mod mdgp;
mod oracle;
mod places;
mod project;
mod send;
mod solver;
mod tidy;
mod workflow;

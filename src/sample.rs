//! The bundled sample: a synthetic sign-up form export behind *Try the sample* and the tests.
//!
//! Every name, email and company in it is invented.

/// File name offered for the sample.
pub const SAMPLE_NAME: &str = "sample-applicants.csv";

/// The sample's bytes (kept in `tests/data/` so tests and the app read the same file).
pub const SAMPLE_CSV: &[u8] = include_bytes!("../tests/data/sample-applicants.csv");

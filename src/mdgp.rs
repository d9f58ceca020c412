//! The MDGPLIB instance format of the maximally diverse grouping benchmark.
//!
//! First line `n m ss|ds a1 b1 … am bm` (per-group size bounds), then `i j d` lines, 0-based.
//! Parsing only; solving is `solver`'s job.

use crate::solver::{DenseDistances, Problem, SizeBounds};

/// Why an instance could not be read, with the line (from 1) where it went wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MdgpError {
    /// The line, from 1.
    pub line: usize,
    /// What is wrong there.
    pub message: String,
}

impl std::fmt::Display for MdgpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for MdgpError {}

/// Parses an instance into a solver problem.
pub fn parse(text: &str) -> Result<Problem<DenseDistances>, MdgpError> {
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l)).filter(|(_, l)| !l.trim().is_empty());
    let (header_line, header) = lines.next().ok_or(MdgpError { line: 1, message: "the file is empty".into() })?;
    let fail = |line: usize, message: String| MdgpError { line, message };
    let words: Vec<&str> = header.split_whitespace().collect();
    let number = |index: usize, what: &str| -> Result<usize, MdgpError> {
        let word = words.get(index).ok_or_else(|| fail(header_line, format!("missing {what}")))?;
        word.parse().map_err(|_| fail(header_line, format!("{what} should be a whole number, found {word:?}")))
    };
    let n = number(0, "the number of elements")?;
    let m = number(1, "the number of groups")?;
    let mut groups = Vec::with_capacity(m);
    for g in 0..m {
        let min = number(3 + 2 * g, "a minimum group size")? as u32;
        let max = number(4 + 2 * g, "a maximum group size")? as u32;
        groups.push(SizeBounds { min, max });
    }
    let mut distances = DenseDistances::zeros(n);
    for (line, text) in lines {
        let parts: Vec<&str> = text.split_whitespace().collect();
        let [i, j, d] = parts[..] else {
            return Err(fail(line, format!("expected \"i j distance\", found {text:?}")));
        };
        let index = |word: &str| -> Result<usize, MdgpError> {
            match word.parse::<usize>() {
                Ok(value) if value < n => Ok(value),
                _ => Err(fail(line, format!("{word:?} is not an element index below {n}"))),
            }
        };
        let (i, j) = (index(i)?, index(j)?);
        let d: f64 = d.parse().map_err(|_| fail(line, format!("{d:?} is not a number")))?;
        distances.set(i, j, d);
    }
    Problem::new(distances, groups).map_err(|e| fail(header_line, e.to_string()))
}

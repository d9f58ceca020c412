//! Fuzz target: any bytes through the importer, checking its invariants (never panics, every
//! record numbered in order with one field per column, every problem explained), then through the
//! steps that consume an import.
#![no_main]

use circle_composer::import::{applicants, import};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let report = import(data);
    for (index, record) in report.records.iter().enumerate() {
        assert_eq!(record.record.0 as usize, index + 1);
        assert_eq!(record.fields.len(), report.columns.len());
    }
    for (index, column) in report.columns.iter().enumerate() {
        assert_eq!(column.index, index);
        assert!(!column.header.trim().is_empty());
    }
    assert!(report.problems.iter().all(|p| !p.message.is_empty()));
    assert_eq!(applicants(&report).len(), report.records.len());
});

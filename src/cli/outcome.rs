//! What became of one input: converted, skipped as up to date, failed, or not started.

use super::errors::InputErrorKind;
use std::path::PathBuf;

/// What became of one input.
#[derive(Debug)]
pub(super) struct Outcome {
    pub(super) source: String,
    pub(super) status: Status,
    /// Output files written (or found up to date).
    pub(super) outputs: Vec<PathBuf>,
    /// What to print on stdout for this input (a JSONL line or the Markdown).
    pub(super) stdout: Option<String>,
    pub(super) tables: usize,
    pub(super) encoding: Option<String>,
    pub(super) replacement_chars: usize,
    /// Its report line is written already (just before its last output file took its name).
    pub(super) reported: bool,
}

#[derive(Debug)]
pub(super) enum Status {
    Ok,
    Resumed,
    Failed(InputErrorKind),
    /// Ctrl-C came before this input started.
    NotStarted,
}

impl Outcome {
    pub(super) fn new(source: String, status: Status) -> Self {
        Outcome {
            source,
            status,
            outputs: Vec::new(),
            stdout: None,
            tables: 0,
            encoding: None,
            replacement_chars: 0,
            reported: false,
        }
    }
}

//! The run report `DIR/ocrclean-report.jsonl`: one line per input.

use super::config::REPORT_NAME;
use super::errors::{io_message, RunError};
use super::files::{lock_temp_files, process_id};
use super::outcome::{Outcome, Status};
use serde::Serialize;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The run report, written under a temporary name and renamed when the run ends.
pub(super) struct Report {
    pub(super) path: PathBuf,
    pub(super) tmp: PathBuf,
    pub(super) file: io::BufWriter<fs::File>,
}

impl Report {
    pub(super) fn create(out: &Path) -> Result<Self, RunError> {
        let path = out.join(REPORT_NAME);
        let tmp = out.join(format!(".{REPORT_NAME}.{}.tmp", process_id()));
        let file = fs::File::create(&tmp).map_err(|e| {
            RunError::Fatal(format!(
                "cannot write the report {}: {}",
                tmp.display(),
                io_message(&e)
            ))
        })?;
        lock_temp_files().push(tmp.clone());
        Ok(Report {
            path,
            tmp,
            file: io::BufWriter::new(file),
        })
    }

    pub(super) fn line(&mut self, outcome: &Outcome, error: Option<&str>) -> io::Result<()> {
        let line = ReportLine {
            path: &outcome.source,
            status: if error.is_some() { "error" } else { "ok" },
            error,
            outputs: outcome
                .outputs
                .iter()
                .map(|p| p.display().to_string())
                .collect(),
            encoding: outcome.encoding.as_deref(),
            replacement_chars: outcome.replacement_chars,
            tables: outcome.tables,
            resumed: matches!(outcome.status, Status::Resumed),
        };
        serde_json::to_writer(&mut self.file, &line).map_err(io::Error::other)?;
        // Report writes are not stdout: a failure here must not look like a closed pipe.
        self.file
            .write_all(b"\n")
            .map_err(|e| io::Error::other(format!("report {}: {e}", self.tmp.display())))
    }

    pub(super) fn finish(mut self) -> Result<(), RunError> {
        let result = self
            .file
            .flush()
            .and_then(|()| fs::rename(&self.tmp, &self.path));
        lock_temp_files().retain(|p| p != &self.tmp);
        result.map_err(|e| {
            let _ = fs::remove_file(&self.tmp);
            RunError::Fatal(format!(
                "cannot write the report {}: {}",
                self.path.display(),
                io_message(&e)
            ))
        })
    }
}

/// One line of the run report.
#[derive(Serialize)]
pub(super) struct ReportLine<'a> {
    path: &'a str,
    /// `ok` or `error`.
    status: &'static str,
    error: Option<&'a str>,
    outputs: Vec<String>,
    encoding: Option<&'a str>,
    replacement_chars: usize,
    tables: usize,
    /// Skipped by `--resume`: the outputs listed were already complete and newer.
    resumed: bool,
}

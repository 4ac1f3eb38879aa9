//! One input through the converter: the workers' shared state ([`Worker`]), what stdout
//! gets for a page, `--resume`'s up-to-date check, and writing a page's output files
//! atomically ([`write_outputs`]).
//!
//! Apart from `mod.rs` because this runs on the pool's threads, one input at a time;
//! `mod.rs` orders, prints and counts the outcomes on the calling thread.

use crate::cli::config::Config;
use crate::cli::errors::InputErrorKind;
use crate::cli::files::{
    disk_full, interrupted, note_write_error, output_path, parent_dir, write_atomic,
    write_atomic_in_existing_dir_then,
};
use crate::cli::inputs::{read_input, Input, InputKind};
use crate::cli::outcome::{Outcome, Status};
use crate::cli::report::Report;
use indicatif::ProgressBar;
use ocrclean::model::Document;
use ocrclean::output::{self, table_suffix};
use ocrclean::{convert, Options};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// What stdout gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum StdoutMode {
    Nothing,
    Jsonl,
    /// Markdown; with a `<!-- source -->` line before each page when several may come.
    Markdown {
        headed: bool,
    },
}

/// Shared, read-only state of the workers.
pub(super) struct Worker<'a> {
    pub(super) config: &'a Config,
    pub(super) options: Options,
    pub(super) stdout: StdoutMode,
    pub(super) progress: &'a ProgressBar,
    /// The run report, appended as each input finishes.
    pub(super) report: Option<&'a Report>,
}

impl Worker<'_> {
    /// Converts one input and writes its files; never panics on the input's bytes (a panic
    /// in the converter is caught and reported as this input's error).
    pub(super) fn process(&self, input: Input) -> Outcome {
        let mut outcome = if interrupted() || disk_full() {
            Outcome::new(input.source, Status::NotStarted)
        } else {
            let outcome = self.process_started(input);
            self.progress.inc(1);
            outcome
        };
        if let (Some(report), false) = (self.report, outcome.reported) {
            report.line(&outcome);
        }
        if let (Status::Failed(error), StdoutMode::Jsonl) = (&outcome.status, self.stdout) {
            // A failed input is a line of the stream too, so a reader of the stream alone
            // knows every input's fate.
            let mut line = serde_json::Map::new();
            line.insert("source".into(), outcome.source.clone().into());
            line.insert("error".into(), error.to_string().into());
            outcome.stdout = Some(format!("{}\n", serde_json::Value::Object(line)));
        }
        outcome
    }

    fn process_started(&self, input: Input) -> Outcome {
        let Input { source, what, stem } = input;
        let path = match what {
            InputKind::Bad(error) => return Outcome::new(source, Status::Failed(error)),
            InputKind::Stdin => None,
            InputKind::File(path) => Some(path),
        };
        if let (Some(path), Some(out), true) = (&path, &self.config.out, self.config.resume) {
            if let Some(outcome) = self.up_to_date(&source, path, out, &stem) {
                return outcome;
            }
        }
        let bytes = match read_input(path.as_deref(), self.config.max_bytes) {
            Ok(bytes) => bytes,
            Err(error) => return Outcome::new(source, Status::Failed(error)),
        };
        let converted = convert(&source, &bytes, &self.options).map_err(InputErrorKind::Convert);
        drop(bytes);
        let doc = match converted {
            Ok(doc) if self.config.strict && doc.accounting.unaccounted > 0 => {
                let error = InputErrorKind::Unaccounted(doc.accounting.unaccounted);
                return Outcome::new(source, Status::Failed(error));
            }
            Ok(doc) => doc,
            Err(error) => return Outcome::new(source, Status::Failed(error)),
        };
        let mut outcome = Outcome::new(source, Status::Ok);
        outcome.tables = doc.tables.len();
        outcome.encoding = Some(doc.encoding.clone());
        outcome.replacement_chars = doc.replacement_chars;
        outcome.stdout = self.stdout_text(&doc);
        if let Some(out) = &self.config.out {
            // The report line goes out just before the page's last file takes its name.
            let reported = std::cell::Cell::new(false);
            let result = write_outputs(out, &stem, &doc, |written| {
                if let Some(report) = self.report {
                    let mut line = Outcome::new(outcome.source.clone(), Status::Ok);
                    line.outputs = written.to_vec();
                    line.tables = outcome.tables;
                    line.encoding = outcome.encoding.clone();
                    line.replacement_chars = outcome.replacement_chars;
                    report.line(&line);
                    reported.set(true);
                }
            });
            match result {
                Ok(written) => {
                    outcome.outputs = written;
                    outcome.reported = reported.get();
                }
                // A line already says `ok` only if the very last rename failed: the error
                // line that follows corrects it.
                Err(error) => outcome.status = Status::Failed(error),
            }
        }
        outcome
    }

    fn stdout_text(&self, doc: &Document) -> Option<String> {
        match self.stdout {
            StdoutMode::Nothing => None,
            StdoutMode::Jsonl => Some(output::to_jsonl_line(doc)),
            StdoutMode::Markdown { headed: false } => Some(output::to_markdown(doc)),
            StdoutMode::Markdown { headed: true } => Some(format!(
                "<!-- {} -->\n\n{}\n",
                doc.source.replace("--", "-\u{2010}"),
                output::to_markdown(doc)
            )),
        }
    }

    /// `--resume`: the outcome for an input whose outputs are all present and at least as
    /// new as the input (`STEM.json` names how many table CSVs there are), else `None`.
    fn up_to_date(&self, source: &str, path: &Path, out: &Path, stem: &Path) -> Option<Outcome> {
        let input_time = fs::metadata(path).and_then(|m| m.modified()).ok()?;
        let fresh = |p: &Path| {
            fs::metadata(p)
                .and_then(|m| m.modified())
                .is_ok_and(|t| t >= input_time)
        };
        let json_path = output_path(out, stem, "json");
        if !fresh(&json_path) {
            return None;
        }
        let doc: Document = serde_json::from_str(&fs::read_to_string(&json_path).ok()?).ok()?;
        let mut outputs: Vec<PathBuf> = (1..=doc.tables.len())
            .map(|n| output_path(out, stem, &table_suffix(n)))
            .chain(["txt", "md"].map(|s| output_path(out, stem, s)))
            .collect();
        if !outputs.iter().all(|p| fresh(p)) {
            return None;
        }
        outputs.push(json_path);
        let mut outcome = Outcome::new(source.to_string(), Status::Resumed);
        outcome.outputs = outputs;
        outcome.tables = doc.tables.len();
        outcome.encoding = Some(doc.encoding.clone());
        outcome.replacement_chars = doc.replacement_chars;
        outcome.stdout = self.stdout_text(&doc);
        Some(outcome)
    }
}

/// Writes every output file of one page atomically (CSVs, txt, md, json last) and removes
/// `STEM.tableN.csv` files left from an earlier run that found more tables.
pub(super) fn write_outputs(
    out: &Path,
    stem: &Path,
    doc: &Document,
    before_last: impl FnOnce(&[PathBuf]),
) -> Result<Vec<PathBuf>, InputErrorKind> {
    let mut written = Vec::new();
    // Every file of the page goes into one folder: create it once, not once per file.
    let json_path = output_path(out, stem, "json");
    let dir = parent_dir(&json_path);
    fs::create_dir_all(dir).map_err(|source| InputErrorKind::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    let files = output::render_files(doc);
    let all: Vec<PathBuf> = files
        .iter()
        .map(|file| output_path(out, stem, &file.suffix))
        .collect();
    let mut before_last = Some(before_last);
    for (i, (file, path)) in files.iter().zip(&all).enumerate() {
        let hook = || {
            if i + 1 == files.len() {
                if let Some(f) = before_last.take() {
                    f(&all);
                }
            }
        };
        let result = write_atomic_in_existing_dir_then(path, file.contents.as_bytes(), hook)
            .or_else(|e| match e.kind() {
                // The folder went away meanwhile: create it again.
                io::ErrorKind::NotFound => write_atomic(path, file.contents.as_bytes()),
                _ => Err(e),
            });
        if let Err(source) = result {
            note_write_error(&source);
            // No page half-written: the files it has so far go too.
            for done in &written {
                let _ = fs::remove_file(done);
            }
            return Err(InputErrorKind::Write {
                path: path.clone(),
                source,
            });
        }
        written.push(path.clone());
    }
    for n in doc.tables.len() + 1.. {
        let stale = output_path(out, stem, &table_suffix(n));
        if fs::remove_file(&stale).is_err() {
            break;
        }
    }
    Ok(written)
}

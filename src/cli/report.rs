//! The run report `DIR/ocrclean-report.jsonl`: one line per input, appended and flushed
//! as each input finishes (in the order they finish), so a run that is killed or stops
//! names every page it finished.

use super::config::REPORT_NAME;
use super::errors::{io_message, show_path, RunError};
use super::outcome::{Outcome, Status};
use serde::Serialize;
use std::fs;
use std::io::{Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The run report, written line by line as inputs finish.
pub(super) struct Report {
    pub(super) path: PathBuf,
    file: Mutex<fs::File>,
    /// The first failed write, for the end of the run.
    failed: Mutex<Option<String>>,
    /// Space held beside the report (`PATH.reserve`, removed at the end) and given back
    /// when the disk fills, so that the report can still name every input (about 4,000
    /// lines' worth).
    reserve: Mutex<Option<PathBuf>>,
}

/// Bytes held for the report's last lines on a disk that fills up.
const RESERVE_BYTES: usize = 1 << 20;

impl Report {
    /// Starts the report at `path`: a new one, or (`append`: `--resume`, or a report the
    /// user named with `--report`) the earlier runs' report continued.
    pub(super) fn create(path: &Path, append: bool) -> Result<Self, RunError> {
        let path = path.to_path_buf();
        let mut options = fs::OpenOptions::new();
        if append {
            options.create(true).append(true);
        } else {
            options.create(true).write(true).truncate(true);
        }
        let file = options.open(&path).map_err(|e| {
            RunError::Fatal(format!(
                "cannot write the report {}: {}",
                show_path(&path),
                io_message(&e)
            ))
        })?;
        let mut reserve_name = path.clone().into_os_string();
        reserve_name.push(".reserve");
        let reserve = PathBuf::from(reserve_name);
        let reserved = fs::write(&reserve, vec![0u8; RESERVE_BYTES]).is_ok();
        Ok(Report {
            path,
            file: Mutex::new(file),
            failed: Mutex::new(None),
            reserve: Mutex::new(reserved.then_some(reserve)),
        })
    }

    /// Appends `bytes` whole or not at all: a write cut short by a full disk is taken back
    /// (the file truncated to where it was), the reserve given back, and the write tried
    /// once more.
    fn append(&self, file: &mut fs::File, bytes: &[u8]) -> std::io::Result<()> {
        let before = file.metadata()?.len();
        match file.write_all(bytes) {
            Ok(()) => Ok(()),
            Err(e) if super::files::is_disk_full(&e) => {
                // Back to where the line began (a report that is not appended to is
                // written at the file's position, which truncating does not move).
                file.set_len(before)?;
                file.seek(std::io::SeekFrom::Start(before))?;
                let reserve = self
                    .reserve
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .take();
                match reserve {
                    Some(reserve) => {
                        let _ = fs::remove_file(reserve);
                        file.write_all(bytes).inspect_err(|_| {
                            let _ = file.set_len(before);
                            let _ = file.seek(std::io::SeekFrom::Start(before));
                        })
                    }
                    None => Err(e),
                }
            }
            Err(e) => Err(e),
        }
    }

    /// Appends one input's line in one write (no buffer: it is on disk for any reader, and
    /// survives the process being killed). A failed write is kept for [`Report::finish`].
    pub(super) fn line(&self, outcome: &Outcome) {
        let error = match &outcome.status {
            Status::Failed(e) => Some(e.to_string()),
            _ => None,
        };
        let line = ReportLine {
            path: &outcome.source,
            status: match outcome.status {
                Status::Failed(_) => "error",
                Status::NotStarted => "not_started",
                Status::Ok | Status::Resumed => "ok",
            },
            error: error.as_deref(),
            outputs: outcome.outputs.iter().map(|p| show_path(p)).collect(),
            encoding: outcome.encoding.as_deref(),
            replacement_chars: outcome.replacement_chars,
            tables: outcome.tables,
            resumed: matches!(outcome.status, Status::Resumed),
        };
        let mut bytes = serde_json::to_vec(&line).unwrap_or_default();
        bytes.push(b'\n');
        let mut file = self.file.lock().unwrap_or_else(|p| p.into_inner());
        if let Err(e) = self.append(&mut file, &bytes) {
            let mut failed = self.failed.lock().unwrap_or_else(|p| p.into_inner());
            failed.get_or_insert_with(|| io_message(&e));
        }
    }

    /// The end of the run: an error if a line could not be written.
    pub(super) fn finish(self) -> Result<(), RunError> {
        if let Some(reserve) = self
            .reserve
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
        {
            let _ = fs::remove_file(reserve);
        }
        let failed = self.failed.into_inner().unwrap_or_else(|p| p.into_inner());
        match failed {
            Some(why) => Err(RunError::Fatal(format!(
                "cannot write the report {} (some lines are missing): {why}",
                show_path(&self.path)
            ))),
            None => Ok(()),
        }
    }
}

/// One line of the run report.
#[derive(Serialize)]
pub(super) struct ReportLine<'a> {
    /// The input, as errors show it (control characters and bytes that are not UTF-8
    /// escaped, reversibly).
    path: &'a str,
    /// `ok`, `error`, or `not_started` (Ctrl-C came first).
    status: &'static str,
    error: Option<&'a str>,
    outputs: Vec<String>,
    encoding: Option<&'a str>,
    replacement_chars: usize,
    tables: usize,
    /// Skipped by `--resume`: the outputs listed were already complete and newer.
    resumed: bool,
}

/// Whether `name` is one of this tool's temporary names (`.NAME.PID.N.tmp` of an output,
/// `.ocrclean-report.jsonl.PID.tmp` of an older version's report), and the PID in it.
pub(super) fn temp_name_pid(name: &str) -> Option<u32> {
    let inner = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let mut parts = inner.rsplit('.');
    let last: &str = parts.next()?;
    let (pid, rest) = if inner.starts_with(REPORT_NAME) {
        (last, &inner[..inner.len() - last.len()])
    } else {
        let counter = last;
        counter.parse::<u64>().ok()?;
        let pid = parts.next()?;
        (pid, &inner[..inner.len() - last.len() - pid.len() - 1])
    };
    let pid: u32 = pid.parse().ok()?;
    (rest.len() > 1).then_some(pid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names_are_recognised() {
        assert_eq!(temp_name_pid(".p.json.123.4.tmp"), Some(123));
        assert_eq!(temp_name_pid(".p.table1.csv.9.0.tmp"), Some(9));
        assert_eq!(temp_name_pid(".ocrclean-report.jsonl.77.tmp"), Some(77));
        assert_eq!(temp_name_pid("p.json"), None);
        assert_eq!(temp_name_pid(".p.json.x.4.tmp"), None);
        assert_eq!(temp_name_pid(".hidden.tmp"), None);
        assert_eq!(temp_name_pid("..1.2.tmp"), None);
    }
}

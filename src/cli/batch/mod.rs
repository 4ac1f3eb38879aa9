//! Many pages in parallel: the engine behind the `ocrclean` command.
//!
//! [`run`] is the top-level entry point for converting a batch. It walks the inputs
//! lazily (files, folders recursively, `-` for stdin) and takes them in chunks of a few
//! hundred: each chunk is converted in parallel on a rayon pool of `--jobs` threads, then
//! its results are printed, reported and counted in input order on the calling thread.
//! So the output bytes are the same for any number of jobs, and memory holds one chunk,
//! never the whole batch.
//!
//! Each input ends as `ok` or as an `error` with a one-line message naming the file; the
//! batch goes on. Files are written under a temporary name and renamed (see
//! [`write_atomic`]); a Ctrl-C (see [`install_interrupt_handler`]) stops new files from
//! starting and lets the ones in progress finish.
//!
//! This file runs the batch (usage checks, the `--files-from` list, chunks, the summary);
//! `worker.rs` converts one input and writes its files, `claims.rs` keeps two inputs from
//! writing the same outputs.

mod claims;
mod worker;

use super::config::{Config, REPORT_NAME};
use super::errors::{io_message, RunError};
use super::files::interrupted;
use super::inputs::{Input, Inputs};
use super::outcome::{Outcome, Status};
use super::report::{temp_name_pid, Report};
use claims::Claims;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::fs;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use worker::{StdoutMode, Worker};

/// The run report written into the `--out` folder: one JSON line per input.
/// What a run did, for the summary line and the exit status.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Inputs processed (ok + failed; inputs never started after Ctrl-C are not counted).
    pub files: usize,
    /// Inputs converted, or skipped by `--resume` because their outputs are up to date.
    pub ok: usize,
    /// Of `ok`, how many were skipped by `--resume`.
    pub resumed: usize,
    /// Inputs that ended with an error (printed as `path: message`, in the report).
    pub failed: usize,
    /// Tables found in the inputs that are ok.
    pub tables: usize,
    /// Wall time of the whole run.
    pub elapsed: Duration,
    /// Ctrl-C stopped the run before every input was started.
    pub interrupted: bool,
    /// Inputs not started because the output disk was full (each has a `not_started`
    /// report line while the report's reserve lasts).
    pub not_started: usize,
    /// Stdout was closed by the reader (`| head`); the run ended early and quietly.
    pub broken_pipe: bool,
}

impl Summary {
    /// The one summary line printed on stderr at the end.
    pub fn line(&self) -> String {
        let secs = self.elapsed.as_secs_f64();
        let rate = if secs > 0.0 {
            self.files as f64 / secs
        } else {
            0.0
        };
        let mut line = format!(
            "ocrclean: {} files, {} ok, {} failed, {} tables, {:.2}s, {:.1} pages/s",
            self.files, self.ok, self.failed, self.tables, secs, rate
        );
        if self.resumed > 0 {
            line.push_str(&format!(" ({} up to date, skipped)", self.resumed));
        }
        if self.interrupted {
            line.push_str(" (interrupted: inputs after these were not started)");
        }
        if self.not_started > 0 {
            line.push_str(&format!(
                " (the output disk is full: {} inputs not started, reported not_started)",
                self.not_started
            ));
        }
        line
    }

    /// The exit status: 0 every input ok, 1 some input failed or was not started (a full
    /// disk), 130 interrupted by Ctrl-C.
    pub fn exit_status(&self) -> u8 {
        if self.interrupted {
            130
        } else if self.failed > 0 || self.not_started > 0 {
            1
        } else {
            0
        }
    }
}

/// `config` with the inputs `--files-from` lists appended (one per line, or NUL-separated
/// when the list holds a NUL; blank lines skipped).
fn with_listed_inputs(config: &Config, list: &Path) -> Result<Config, RunError> {
    let bytes = if list.as_os_str() == "-" {
        if config.inputs.iter().any(|p| p.as_os_str() == "-") {
            return Err(RunError::Usage(
                "--files-from - and the input - cannot both read stdin".into(),
            ));
        }
        let mut bytes = Vec::new();
        io::stdin().lock().read_to_end(&mut bytes).map(|_| bytes)
    } else {
        fs::read(list)
    }
    .map_err(|e| {
        RunError::Fatal(format!(
            "cannot read the --files-from list {}: {}",
            list.display(),
            io_message(&e)
        ))
    })?;
    let separator = if bytes.contains(&0) { b'\0' } else { b'\n' };
    let mut config = config.clone();
    for name in bytes.split(|&b| b == separator) {
        let name = name.strip_suffix(b"\r").unwrap_or(name);
        if !name.iter().all(u8::is_ascii_whitespace) {
            config.inputs.push(path_from_bytes(name));
        }
    }
    if config.inputs.is_empty() {
        return Err(RunError::Usage(format!(
            "the --files-from list {} names no input",
            list.display()
        )));
    }
    Ok(config)
}

/// A path from the bytes of a file list (any bytes on Unix; UTF-8, lossily, elsewhere).
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
    }
}

/// Checks options that contradict each other or would overwrite inputs.
pub(super) fn check_usage(config: &Config) -> Result<(), RunError> {
    let usage = |msg: String| Err(RunError::Usage(msg));
    if config.inputs.is_empty() {
        return usage("no input given (a file, a folder, or - for stdin)".to_string());
    }
    if config
        .inputs
        .iter()
        .filter(|p| p.as_os_str() == "-")
        .count()
        > 1
    {
        return usage("stdin (-) can be given only once".to_string());
    }
    if config.jobs() == 0 {
        return usage("--jobs must be at least 1".to_string());
    }
    let Some(out) = &config.out else {
        if config.resume {
            return usage(
                "--resume needs --out DIR (it skips inputs whose outputs there are up to date)"
                    .to_string(),
            );
        }
        return Ok(());
    };
    let Ok(out) = fs::canonicalize(out) else {
        return Ok(()); // does not exist yet: cannot hold any input
    };
    for input in config.inputs.iter().filter(|p| p.as_os_str() != "-") {
        let folder = if input.is_dir() {
            Some(input.as_path())
        } else {
            input.parent().map(|p| {
                if p.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    p
                }
            })
        };
        if folder
            .and_then(|f| fs::canonicalize(f).ok())
            .is_some_and(|f| f == out)
        {
            return usage(format!(
                "--out {} is the folder holding the input {}: outputs would overwrite inputs; choose another folder",
                config.out.as_deref().unwrap_or(Path::new("")).display(),
                input.display()
            ));
        }
    }
    Ok(())
}

/// Runs a batch: converts every input of `config`, writes the files and the report under
/// `--out`, prints JSONL or Markdown on `stdout` as configured, errors and the summary on
/// stderr. Returns the summary (map it to the exit status with [`Summary::exit_status`]).
///
/// Stdout gets, per input in input order: nothing with `--out` alone; a JSON line with
/// `--jsonl` (a failed input as `{"source", "error"}`, also on stderr and in the report); else the
/// Markdown rendering (preceded by a `<!-- path -->` line when several inputs may come).
pub fn run(config: &Config, stdout: &mut dyn Write) -> Result<Summary, RunError> {
    let listed;
    let config = match &config.files_from {
        Some(list) => {
            listed = with_listed_inputs(config, list)?;
            &listed
        }
        None => config,
    };
    check_usage(config)?;
    let start = Instant::now();
    let exclude = match &config.out {
        Some(out) => {
            fs::create_dir_all(out).map_err(|e| {
                RunError::Fatal(format!(
                    "cannot create the output folder {}: {}",
                    out.display(),
                    io_message(&e)
                ))
            })?;
            fs::canonicalize(out).ok()
        }
        None => None,
    };
    let mut inputs = Inputs::new(&config.inputs, &config.glob, exclude.clone())?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.jobs())
        .build()
        .map_err(|e| {
            RunError::Fatal(format!(
                "cannot start {} worker threads: {e}",
                config.jobs()
            ))
        })?;
    let progress = if !config.quiet && io::stderr().is_terminal() {
        let total = Inputs::new(&config.inputs, &config.glob, exclude)?.count();
        let bar = ProgressBar::new(total as u64);
        if let Ok(style) =
            ProgressStyle::with_template("{bar:40} {pos}/{len} pages  {elapsed_precise}  eta {eta}")
        {
            bar.set_style(style);
        }
        bar
    } else {
        ProgressBar::hidden()
    };
    let headed = config.inputs.len() > 1 || config.inputs.iter().any(|p| p.is_dir());
    if let (Some(out), true) = (&config.out, config.resume) {
        remove_dead_temp_files(out);
    }
    let report = match (&config.report, &config.out) {
        // A report named by the user collects runs: each appends its lines.
        (Some(path), _) => Some(Report::create(path, true)?),
        (None, Some(out)) => Some(Report::create(&out.join(REPORT_NAME), config.resume)?),
        (None, None) => None,
    };
    let worker = Worker {
        config,
        options: config.options(),
        stdout: match (config.jsonl, &config.out) {
            (true, _) => StdoutMode::Jsonl,
            (false, Some(_)) => StdoutMode::Nothing,
            (false, None) => StdoutMode::Markdown { headed },
        },
        progress: &progress,
        report: report.as_ref(),
    };
    let mut summary = Summary::default();
    let mut claims = Claims::for_inputs(&config.inputs);
    let chunk_size = (config.jobs() * 16).max(256);
    let mut fatal = None;
    while !interrupted() && !summary.broken_pipe && fatal.is_none() {
        let mut chunk: Vec<Input> = inputs.by_ref().take(chunk_size).collect();
        if chunk.is_empty() {
            break;
        }
        if let Some(out) = &config.out {
            for input in &mut chunk {
                claims.claim(out, input);
            }
        }
        let outcomes: Vec<Outcome> = pool.install(|| {
            chunk
                .into_par_iter()
                .map(|input| worker.process(input))
                .collect()
        });
        for outcome in outcomes {
            if let Err(e) = record(&outcome, &mut summary, stdout, &progress) {
                if e.kind() == io::ErrorKind::BrokenPipe {
                    summary.broken_pipe = true;
                } else {
                    fatal = Some(RunError::Fatal(format!("cannot write: {}", io_message(&e))));
                }
                break;
            }
        }
        if let Err(e) = stdout.flush() {
            if e.kind() == io::ErrorKind::BrokenPipe {
                summary.broken_pipe = true;
            } else {
                fatal = Some(RunError::Fatal(format!(
                    "cannot write to standard output: {}",
                    io_message(&e)
                )));
            }
        }
    }
    summary.interrupted = interrupted();
    progress.finish_and_clear();
    if let Some(report) = report {
        report.finish()?;
    }
    summary.elapsed = start.elapsed();
    if let Some(fatal) = fatal {
        return Err(fatal);
    }
    if !config.quiet && !summary.broken_pipe {
        eprintln!("{}", summary.line());
    }
    Ok(summary)
}

/// `--resume`: removes the temporary files that runs which died (killed, power lost) left
/// under `out`. Only this tool's temporary names (see [`temp_name_pid`]) whose process is
/// gone are removed; a run still alive keeps its own.
fn remove_dead_temp_files(out: &Path) {
    let alive = |pid: u32| {
        pid == std::process::id()
            || (Path::new("/proc/self").exists() && Path::new(&format!("/proc/{pid}")).exists())
    };
    for entry in walkdir::WalkDir::new(out).into_iter().flatten() {
        if !entry.file_type().is_file() {
            continue;
        }
        let Some(pid) = entry.file_name().to_str().and_then(temp_name_pid) else {
            continue;
        };
        if !alive(pid) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Prints, reports and counts one outcome, in input order.
pub(super) fn record(
    outcome: &Outcome,
    summary: &mut Summary,
    stdout: &mut dyn Write,
    progress: &ProgressBar,
) -> io::Result<()> {
    match &outcome.status {
        Status::NotStarted => {
            summary.not_started += usize::from(!interrupted());
            return Ok(());
        }
        Status::Failed(error) => {
            summary.failed += 1;
            progress.suspend(|| eprintln!("{}: {error}", outcome.source));
        }
        Status::Ok | Status::Resumed => {
            summary.ok += 1;
            summary.tables += outcome.tables;
            if matches!(outcome.status, Status::Resumed) {
                summary.resumed += 1;
            } else if outcome.replacement_chars > 0 {
                progress.suspend(|| {
                    eprintln!(
                        "{}: warning: {} byte sequence(s) not valid {} replaced by U+FFFD (file cut short or damaged?)",
                        outcome.source,
                        outcome.replacement_chars,
                        outcome.encoding.as_deref().unwrap_or("text")
                    )
                });
            }
        }
    }
    summary.files += 1;
    if let Some(text) = &outcome.stdout {
        stdout.write_all(text.as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::config::parse_size;
    use super::super::files::{output_path, write_atomic};
    use super::super::inputs::{relative_stem, InputKind};
    use super::*;
    use std::ffi::OsString;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("65536"), Ok(65536));
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert_eq!(parse_size("512KiB"), Ok(512 << 10));
        assert_eq!(parse_size("1g"), Ok(1 << 30));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("5T").is_err());
        assert!(parse_size("99999999999999999999G").is_err());
    }

    #[test]
    fn output_paths_keep_dots_and_folders() {
        let out = Path::new("out");
        assert_eq!(
            output_path(out, Path::new("a/b/page.1"), "json"),
            Path::new("out/a/b/page.1.json")
        );
        assert_eq!(
            output_path(out, Path::new("p"), "table2.csv"),
            Path::new("out/p.table2.csv")
        );
        assert_eq!(
            relative_stem(Path::new("in"), Path::new("in/x/p.txt")),
            Path::new("x/p")
        );
    }

    #[test]
    fn walk_yields_sorted_matching_files_and_reports_empty_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("b/sub")).unwrap();
        fs::create_dir_all(root.join("empty")).unwrap();
        for name in ["b/sub/p.txt", "a.txt", "b/p.txt", "skip.csv"] {
            fs::write(root.join(name), "x").unwrap();
        }
        let args = vec![
            root.to_path_buf(),
            root.join("empty"),
            root.join("missing.txt"),
        ];
        let items: Vec<Input> = Inputs::new(&args, "*.txt", None).unwrap().collect();
        let stems: Vec<String> = items.iter().map(|i| i.stem.display().to_string()).collect();
        assert_eq!(stems, ["a", "b/p", "b/sub/p", "", "missing"]);
        assert!(
            matches!(&items[3].what, InputKind::Bad(m) if m.to_string().contains("no files matching"))
        );
        assert!(
            matches!(&items[4].what, InputKind::Bad(m) if m.to_string().starts_with("cannot read"))
        );
    }

    #[test]
    fn atomic_write_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x/y.json");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(dir.path().join("x"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [OsString::from("y.json")]);
    }

    #[test]
    fn summary_exit_status() {
        let mut s = Summary::default();
        assert_eq!(s.exit_status(), 0);
        s.failed = 1;
        assert_eq!(s.exit_status(), 1);
        s.interrupted = true;
        assert_eq!(s.exit_status(), 130);
    }
}

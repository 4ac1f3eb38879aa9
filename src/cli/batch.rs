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

use super::config::{Config, REPORT_NAME};
use super::errors::{io_message, InputErrorKind, RunError};
use super::files::{
    disk_full, interrupted, note_write_error, output_path, parent_dir, write_atomic,
    write_atomic_in_existing_dir_then,
};
use super::inputs::{read_input, Input, InputKind, Inputs};
use super::outcome::{Outcome, Status};
use super::report::{temp_name_pid, Report};
use indicatif::{ProgressBar, ProgressStyle};
use ocrclean::model::Document;
use ocrclean::output::{self, table_suffix};
use ocrclean::{convert, Options};
use rayon::prelude::*;
use std::collections::HashSet;
use std::ffi::OsString;
use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

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
    config: &'a Config,
    options: Options,
    stdout: StdoutMode,
    progress: &'a ProgressBar,
    /// The run report, appended as each input finishes.
    report: Option<&'a Report>,
}

impl Worker<'_> {
    /// Converts one input and writes its files; never panics on the input's bytes (a panic
    /// in the converter is caught and reported as this input's error).
    fn process(&self, input: Input) -> Outcome {
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

/// The output stems taken so far under `--out`: a later input whose outputs would land on
/// the same files becomes an error instead of overwriting (e.g. `a/p.txt` and `b/p.txt`
/// given as files, or `p.txt` and `p.csv` in one folder).
#[derive(Debug)]
pub(super) enum Claims {
    /// Every stem, hashed: 8 bytes per input (inputs from several arguments can collide
    /// anywhere).
    All(HashSet<u64>),
    /// One folder given (the usual batch): two of its files collide only when they sit in
    /// the same subfolder with the same stem (`p.txt`, `p.htm`, `p`), and both names then
    /// start with that stem. The walk gives each folder's entries sorted by name, and the
    /// names starting with a given string come one after another, so only the stems that
    /// start the current name need keeping, for the folders on the current path. Memory
    /// stays bounded however many files the folder holds.
    OneFolder(Vec<(PathBuf, Vec<OsString>)>),
}

impl Claims {
    fn for_inputs(inputs: &[PathBuf]) -> Claims {
        match inputs {
            [one] if one.as_os_str() != "-" && one.is_dir() => Claims::OneFolder(Vec::new()),
            _ => Claims::All(HashSet::new()),
        }
    }

    /// Reserves the input's output stem, or turns the input into an error naming the
    /// outputs it would overwrite.
    fn claim(&mut self, out: &Path, input: &mut Input) {
        if matches!(input.what, InputKind::Bad(_)) || self.take(input) {
            return;
        }
        input.what = InputKind::Bad(InputErrorKind::OutputsTaken {
            outputs: output_path(out, &input.stem, "*"),
        });
    }

    /// Takes the input's stem; false when an earlier input has it.
    fn take(&mut self, input: &Input) -> bool {
        let open = match self {
            Claims::All(claimed) => {
                let mut hasher = DefaultHasher::new();
                input.stem.hash(&mut hasher);
                return claimed.insert(hasher.finish());
            }
            Claims::OneFolder(open) => open,
        };
        // A walk yields files, each with a name and a stem.
        let (InputKind::File(path), Some(stem)) = (&input.what, input.stem.file_name()) else {
            return true;
        };
        let Some(name) = path.file_name() else {
            return true;
        };
        let parent = input.stem.parent().unwrap_or(Path::new(""));
        // Leave the folders the walk is done with, enter this one.
        while open.last().is_some_and(|(p, _)| !parent.starts_with(p)) {
            open.pop();
        }
        if open.last().is_none_or(|(p, _)| p != parent) {
            open.push((parent.to_path_buf(), Vec::new()));
        }
        let stems = &mut open.last_mut().expect("just pushed").1;
        let name = name.as_encoded_bytes();
        stems.retain(|s| name.starts_with(s.as_encoded_bytes()));
        if stems.iter().any(|s| s == stem) {
            return false;
        }
        stems.push(stem.to_os_string());
        true
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
    use super::super::inputs::relative_stem;
    use super::*;

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

    /// Which inputs of a walk are refused as colliding, under the given claims.
    fn refused(claims: &mut Claims, inputs: &[Input]) -> Vec<String> {
        inputs
            .iter()
            .filter(|input| !matches!(input.what, InputKind::Bad(_)))
            .filter_map(|input| {
                let what = match &input.what {
                    InputKind::File(path) => InputKind::File(path.clone()),
                    _ => InputKind::Stdin,
                };
                let mut input = Input {
                    source: input.source.clone(),
                    what,
                    stem: input.stem.clone(),
                };
                claims.claim(Path::new("out"), &mut input);
                matches!(input.what, InputKind::Bad(_)).then_some(input.source)
            })
            .collect()
    }

    #[test]
    fn one_folder_claims_refuse_exactly_what_keeping_every_stem_refuses() {
        // Names made to collide: same stems with other extensions, names that start with
        // another's stem (`p-1`, `p.x.txt`), files without extension, a folder named like a
        // stem, nested folders, dot files.
        let names = [
            "p", "p.txt", "p-1.txt", "p.htm", "p.x.txt", "p.x", "p.", "p..txt", ".p", ".p.txt",
            "p", "q.txt", "pq.txt", "p0.txt", "a.txt",
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut collisions = 0;
        for round in 0..40 {
            let dir = tempfile::tempdir().unwrap();
            let root = dir.path().join("in");
            for _ in 0..25 {
                let folder = ["", "p", "p/p", "q", "p.x"][next(5)];
                let name = names[next(names.len())];
                let path = root.join(folder).join(name);
                if fs::create_dir_all(path.parent().unwrap()).is_ok() && !path.is_dir() {
                    let _ = fs::write(&path, "x");
                }
            }
            let args = vec![root.clone()];
            let inputs: Vec<Input> = Inputs::new(&args, "*", None).unwrap().collect();
            let mut one = Claims::for_inputs(&args);
            assert!(matches!(one, Claims::OneFolder(_)));
            let bounded = refused(&mut one, &inputs);
            let every = refused(&mut Claims::All(HashSet::new()), &inputs);
            assert_eq!(bounded, every, "round {round}");
            collisions += every.len();
            if let Claims::OneFolder(open) = &one {
                assert!(open.len() <= 4, "{open:?}");
            }
        }
        assert!(collisions > 40, "{collisions}");
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

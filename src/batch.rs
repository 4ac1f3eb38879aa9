//! Many pages in parallel: the engine behind the `ocrclean` command (issue 3).
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

use crate::decode::encoding_for_label;
use crate::model::Document;
use crate::output::{self, table_suffix};
use crate::{convert, Options};
use globset::{Glob, GlobMatcher};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashSet;
use std::ffi::OsString;
use std::fmt;
use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{self, IsTerminal, Read, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, Once};
use std::time::{Duration, Instant};

/// The run report written into the `--out` folder: one JSON line per input.
pub const REPORT_NAME: &str = "ocrclean-report.jsonl";
/// The default `--max-bytes`: 64 MiB.
pub const DEFAULT_MAX_BYTES: u64 = 64 * 1024 * 1024;
/// The default `--glob`.
pub const DEFAULT_GLOB: &str = "*.txt";
/// The output stem used for `-` (stdin) under `--out`: `DIR/stdin.json`, ….
pub const STDIN_STEM: &str = "stdin";

/// Everything a batch run needs, parsed once from the command line.
#[derive(Debug, Clone)]
pub struct Config {
    /// Files, folders, or `-` for stdin, in the order given.
    pub inputs: Vec<PathBuf>,
    /// Write `STEM.json`, `.txt`, `.md`, `.tableN.csv` per input under this folder.
    pub out: Option<PathBuf>,
    /// Print one JSON document per converted input on stdout.
    pub jsonl: bool,
    /// Which files to take from folders (matched against the file name and the path
    /// relative to the folder given).
    pub glob: String,
    /// Decode every input with this encoding instead of detecting one.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Worker threads.
    pub jobs: usize,
    /// Inputs larger than this many bytes are refused.
    pub max_bytes: u64,
    /// No progress bar and no summary line (errors are still printed).
    pub quiet: bool,
    /// Skip inputs whose outputs are complete and newer than the input.
    pub resume: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            inputs: Vec::new(),
            out: None,
            jsonl: false,
            glob: DEFAULT_GLOB.to_string(),
            encoding: None,
            jobs: default_jobs(),
            max_bytes: DEFAULT_MAX_BYTES,
            quiet: false,
            resume: false,
        }
    }
}

/// All cores (1 if that cannot be found out).
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Parses `--encoding NAME` (a WHATWG label such as `gbk`, `gb18030`, `big5`, `utf-16le`).
pub fn parse_encoding(name: &str) -> Result<&'static encoding_rs::Encoding, String> {
    encoding_for_label(name).ok_or_else(|| {
        format!(
            "unknown encoding '{name}' (try UTF-8, GB18030, GBK, Big5, UTF-16LE, UTF-16BE, Shift_JIS, EUC-KR)"
        )
    })
}

/// Parses a size such as `65536`, `64K`, `64MiB`, `1G` (K, M, G are powers of 1024).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    let number: u64 = digits
        .parse()
        .map_err(|_| format!("'{text}' is not a size (examples: 65536, 512K, 64M, 1G)"))?;
    let factor: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => {
            return Err(format!(
                "'{text}': unknown size unit '{unit}' (use K, M or G)"
            ))
        }
    };
    number
        .checked_mul(factor)
        .ok_or_else(|| format!("'{text}' is too large"))
}

/// Why a run could not start or had to stop as a whole (not one input's failure).
#[derive(Debug)]
pub enum RunError {
    /// The options contradict each other or name something impossible (exit status 2).
    Usage(String),
    /// The run could not go on: the output folder or the report cannot be written, stdout
    /// failed other than by a closed pipe, … (exit status 2).
    Fatal(String),
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::Usage(msg) | RunError::Fatal(msg) => write!(f, "{msg}"),
        }
    }
}

impl std::error::Error for RunError {}

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
        line
    }

    /// The exit status: 0 every input ok, 1 some input failed, 130 interrupted by Ctrl-C.
    pub fn exit_status(&self) -> u8 {
        if self.interrupted {
            130
        } else if self.failed > 0 {
            1
        } else {
            0
        }
    }
}

static INTERRUPTED: AtomicBool = AtomicBool::new(false);
static TEMP_FILES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Installs the Ctrl-C handler (once per process; later calls do nothing). The first
/// Ctrl-C makes [`run`] start no new input and finish the ones in progress, so only
/// complete outputs remain; a second Ctrl-C removes the temporary files being written and
/// exits at once with status 130.
pub fn install_interrupt_handler() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let result = ctrlc::set_handler(|| {
            if INTERRUPTED.swap(true, Ordering::SeqCst) {
                remove_temp_files();
                std::process::exit(130);
            }
            eprintln!(
                "ocrclean: interrupted, finishing the files in progress (Ctrl-C again to stop now)"
            );
        });
        if let Err(e) = result {
            eprintln!("ocrclean: warning: cannot catch Ctrl-C ({e}); an interrupt may leave temporary files");
        }
    });
}

/// Whether Ctrl-C was pressed.
fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

fn lock_temp_files() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    TEMP_FILES
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn remove_temp_files() {
    for path in lock_temp_files().drain(..) {
        let _ = fs::remove_file(path);
    }
}

/// Writes `bytes` to `path` atomically: into a temporary file beside it (`.NAME.PID.N.tmp`,
/// same folder, so same file system), then renamed over `path`. A reader never sees a
/// half-written file, and a failed write leaves the previous file (if any) in place.
/// Missing parent folders are created. (No fsync: this guards against interrupted runs,
/// not power loss.)
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    fs::create_dir_all(parent_dir(path))?;
    write_atomic_in_existing_dir(path, bytes)
}

/// The folder a path's file goes in (`.` for a bare file name).
fn parent_dir(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// This process's id, asked once (each ask is a system call).
fn process_id() -> u32 {
    static PID: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    *PID.get_or_init(std::process::id)
}

/// [`write_atomic`] for a path whose folder is known to exist (the caller created it once
/// for several files).
fn write_atomic_in_existing_dir(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = parent_dir(path);
    let name = path.file_name().ok_or_else(|| {
        io::Error::new(io::ErrorKind::InvalidInput, "output path has no file name")
    })?;
    let mut tmp_name = OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(
        ".{}.{}.tmp",
        process_id(),
        TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let tmp = dir.join(tmp_name);
    lock_temp_files().push(tmp.clone());
    let result = fs::write(&tmp, bytes).and_then(|()| fs::rename(&tmp, path));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    lock_temp_files().retain(|p| p != &tmp);
    result
}

/// The path of one output file: `DIR/STEM.SUFFIX` (appending, so dots in the stem stay).
pub fn output_path(out: &Path, stem: &Path, suffix: &str) -> PathBuf {
    let mut name = stem.file_name().map(OsString::from).unwrap_or_default();
    name.push(".");
    name.push(suffix);
    match stem.parent() {
        Some(parent) => out.join(parent).join(name),
        None => out.join(name),
    }
}

/// One input as the walk yields it.
#[derive(Debug, Clone)]
struct Input {
    /// The path as given or as found under a folder given (`-` for stdin).
    source: String,
    what: InputKind,
    /// The output path under `--out` without extension: the path relative to the folder
    /// given (so equal file names in different subfolders stay apart), or the file name for
    /// a file given directly, or [`STDIN_STEM`].
    stem: PathBuf,
}

#[derive(Debug, Clone)]
enum InputKind {
    Stdin,
    File(PathBuf),
    /// The input is bad before reading (missing, unreadable folder, nothing matched).
    Bad(String),
}

/// Lazily yields the inputs in order: arguments as given, folders walked depth-first in
/// file-name order. Holds one folder walk at a time, never the whole list.
struct Inputs<'a> {
    args: std::slice::Iter<'a, PathBuf>,
    glob: GlobMatcher,
    glob_text: &'a str,
    /// The canonical `--out` folder: never walked into (its `.txt` outputs are not inputs).
    exclude: Option<PathBuf>,
    walk: Option<Walk>,
}

struct Walk {
    root: PathBuf,
    entries: Box<dyn Iterator<Item = walkdir::Result<walkdir::DirEntry>>>,
    matched: usize,
}

impl<'a> Inputs<'a> {
    fn new(
        args: &'a [PathBuf],
        glob_text: &'a str,
        exclude: Option<PathBuf>,
    ) -> Result<Self, RunError> {
        let glob = Glob::new(glob_text)
            .map_err(|e| RunError::Usage(format!("invalid --glob '{glob_text}': {e}")))?
            .compile_matcher();
        Ok(Inputs {
            args: args.iter(),
            glob,
            glob_text,
            exclude,
            walk: None,
        })
    }

    fn start_arg(&mut self, arg: &Path) -> Option<Input> {
        let source = arg.display().to_string();
        if arg.as_os_str() == "-" {
            return Some(Input {
                source,
                what: InputKind::Stdin,
                stem: PathBuf::from(STDIN_STEM),
            });
        }
        let stem = PathBuf::from(arg.file_stem().unwrap_or(arg.as_os_str()));
        match fs::metadata(arg) {
            Ok(meta) if meta.is_dir() => {
                let exclude = self.exclude.clone();
                let entries = walkdir::WalkDir::new(arg)
                    .follow_links(true)
                    .sort_by_file_name()
                    .into_iter()
                    .filter_entry(move |e| !is_excluded(e, exclude.as_deref()));
                self.walk = Some(Walk {
                    root: arg.to_path_buf(),
                    entries: Box::new(entries),
                    matched: 0,
                });
                None
            }
            Ok(_) => Some(Input {
                source,
                what: InputKind::File(arg.to_path_buf()),
                stem,
            }),
            Err(e) => Some(Input {
                source,
                what: InputKind::Bad(format!("cannot read: {}", io_message(&e))),
                stem,
            }),
        }
    }

    fn next_in_walk(&mut self) -> Option<Option<Input>> {
        let walk = self.walk.as_mut()?;
        let Some(entry) = walk.entries.next() else {
            let walk = self.walk.take()?;
            return Some((walk.matched == 0).then(|| Input {
                source: walk.root.display().to_string(),
                what: InputKind::Bad(format!(
                    "no files matching '{}' in this folder",
                    self.glob_text
                )),
                stem: PathBuf::new(),
            }));
        };
        match entry {
            Err(e) => {
                let path = e.path().unwrap_or(&walk.root).to_path_buf();
                walk.matched += 1;
                let message = match e.io_error() {
                    Some(io) => format!("cannot read: {}", io_message(io)),
                    None => format!("cannot read: {e}"),
                };
                Some(Some(Input {
                    source: path.display().to_string(),
                    what: InputKind::Bad(message),
                    stem: relative_stem(&walk.root, &path),
                }))
            }
            Ok(entry) if entry.file_type().is_file() => {
                let path = entry.path();
                let relative = path.strip_prefix(&walk.root).unwrap_or(path);
                let name_matches = path.file_name().is_some_and(|n| self.glob.is_match(n));
                if !(name_matches || self.glob.is_match(relative)) {
                    return Some(None);
                }
                walk.matched += 1;
                Some(Some(Input {
                    source: path.display().to_string(),
                    what: InputKind::File(path.to_path_buf()),
                    stem: relative_stem(&walk.root, path),
                }))
            }
            Ok(_) => Some(None),
        }
    }
}

impl Iterator for Inputs<'_> {
    type Item = Input;

    fn next(&mut self) -> Option<Input> {
        loop {
            if let Some(found) = self.next_in_walk() {
                match found {
                    Some(input) => return Some(input),
                    None => continue,
                }
            }
            let arg = self.args.next()?;
            if let Some(input) = self.start_arg(arg) {
                return Some(input);
            }
        }
    }
}

/// A folder to skip while walking: the `--out` folder, and below the folder given, any
/// folder holding an `ocrclean-report.jsonl` (the output of an earlier run: its `.txt`
/// files are clean text, not pages).
fn is_excluded(entry: &walkdir::DirEntry, exclude: Option<&Path>) -> bool {
    if !entry.file_type().is_dir() || entry.depth() == 0 {
        return false;
    }
    entry.path().join(REPORT_NAME).exists()
        || exclude.is_some_and(|exclude| fs::canonicalize(entry.path()).is_ok_and(|p| p == exclude))
}

/// `root/sub/page1.txt` → `sub/page1`.
fn relative_stem(root: &Path, path: &Path) -> PathBuf {
    let relative = path.strip_prefix(root).unwrap_or(path);
    match relative.file_stem() {
        Some(stem) => relative.with_file_name(stem),
        None => relative.to_path_buf(),
    }
}

/// An io::Error's message without Rust's `(os error N)` suffix.
fn io_message(e: &io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// What became of one input.
#[derive(Debug)]
struct Outcome {
    source: String,
    status: Status,
    /// Output files written (or found up to date).
    outputs: Vec<PathBuf>,
    /// What to print on stdout for this input (a JSONL line or the Markdown).
    stdout: Option<String>,
    tables: usize,
    encoding: Option<String>,
    replacement_chars: usize,
}

#[derive(Debug, PartialEq)]
enum Status {
    Ok,
    Resumed,
    Failed(String),
    /// Ctrl-C came before this input started.
    NotStarted,
}

impl Outcome {
    fn new(source: String, status: Status) -> Self {
        Outcome {
            source,
            status,
            outputs: Vec::new(),
            stdout: None,
            tables: 0,
            encoding: None,
            replacement_chars: 0,
        }
    }
}

/// One line of the run report.
#[derive(Serialize)]
struct ReportLine<'a> {
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

/// What stdout gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StdoutMode {
    Nothing,
    Jsonl,
    /// Markdown; with a `<!-- source -->` line before each page when several may come.
    Markdown {
        headed: bool,
    },
}

/// Shared, read-only state of the workers.
struct Worker<'a> {
    config: &'a Config,
    options: Options,
    stdout: StdoutMode,
    progress: &'a ProgressBar,
}

impl Worker<'_> {
    /// Converts one input and writes its files; never panics on the input's bytes (a panic
    /// in the converter is caught and reported as this input's error).
    fn process(&self, input: Input) -> Outcome {
        if interrupted() {
            return Outcome::new(input.source, Status::NotStarted);
        }
        let outcome = self.process_started(input);
        self.progress.inc(1);
        outcome
    }

    fn process_started(&self, input: Input) -> Outcome {
        let Input { source, what, stem } = input;
        let path = match what {
            InputKind::Bad(message) => return Outcome::new(source, Status::Failed(message)),
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
            Err(message) => return Outcome::new(source, Status::Failed(message)),
        };
        let converted = convert_guarded(&source, &bytes, &self.options);
        drop(bytes);
        let doc = match converted {
            Ok(doc) => doc,
            Err(message) => return Outcome::new(source, Status::Failed(message)),
        };
        let mut outcome = Outcome::new(source, Status::Ok);
        outcome.tables = doc.tables.len();
        outcome.encoding = Some(doc.encoding.clone());
        outcome.replacement_chars = doc.replacement_chars;
        outcome.stdout = self.stdout_text(&doc);
        if let Some(out) = &self.config.out {
            match write_outputs(out, &stem, &doc) {
                Ok(written) => outcome.outputs = written,
                Err(message) => outcome.status = Status::Failed(message),
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

/// [`convert`], with a panic inside the converter turned into this page's error message
/// (`internal error: …`), so one page that trips a bug cannot stop a batch or a verify
/// run. Errors are the [`crate::ConvertError`] messages.
pub fn convert_guarded(source: &str, bytes: &[u8], options: &Options) -> Result<Document, String> {
    match catch_unwind(AssertUnwindSafe(|| convert(source, bytes, options))) {
        Ok(result) => result.map_err(|e| e.to_string()),
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(format!(
                "internal error: the converter panicked ({what}); please report this page"
            ))
        }
    }
}

/// Reads one input (stdin when `path` is `None`), refusing more than `max_bytes`.
fn read_input(path: Option<&Path>, max_bytes: u64) -> Result<Vec<u8>, String> {
    let too_big =
        |len: u64| format!("file is {len} bytes, over the --max-bytes limit of {max_bytes}");
    let mut bytes = Vec::new();
    let read = match path {
        None => io::stdin()
            .lock()
            .take(max_bytes.saturating_add(1))
            .read_to_end(&mut bytes),
        Some(path) => {
            let file =
                fs::File::open(path).map_err(|e| format!("cannot read: {}", io_message(&e)))?;
            let meta = file
                .metadata()
                .map_err(|e| format!("cannot read: {}", io_message(&e)))?;
            if meta.is_dir() {
                return Err("cannot read: is a folder".to_string());
            }
            if meta.len() > max_bytes {
                return Err(too_big(meta.len()));
            }
            bytes.reserve(usize::try_from(meta.len()).unwrap_or(0));
            file.take(max_bytes.saturating_add(1))
                .read_to_end(&mut bytes)
        }
    };
    read.map_err(|e| format!("cannot read: {}", io_message(&e)))?;
    if bytes.len() as u64 > max_bytes {
        return Err(format!(
            "input is over the --max-bytes limit of {max_bytes}"
        ));
    }
    Ok(bytes)
}

/// Writes every output file of one page atomically (CSVs, txt, md, json last) and removes
/// `STEM.tableN.csv` files left from an earlier run that found more tables.
fn write_outputs(out: &Path, stem: &Path, doc: &Document) -> Result<Vec<PathBuf>, String> {
    let mut written = Vec::new();
    // Every file of the page goes into one folder: create it once, not once per file.
    let json_path = output_path(out, stem, "json");
    let dir = parent_dir(&json_path);
    fs::create_dir_all(dir)
        .map_err(|e| format!("cannot write {}: {}", dir.display(), io_message(&e)))?;
    for file in output::render_files(doc) {
        let path = output_path(out, stem, &file.suffix);
        write_atomic_in_existing_dir(&path, file.contents.as_bytes())
            .or_else(|e| match e.kind() {
                // The folder went away meanwhile: create it again.
                io::ErrorKind::NotFound => write_atomic(&path, file.contents.as_bytes()),
                _ => Err(e),
            })
            .map_err(|e| format!("cannot write {}: {}", path.display(), io_message(&e)))?;
        written.push(path);
    }
    for n in doc.tables.len() + 1.. {
        let stale = output_path(out, stem, &table_suffix(n));
        if fs::remove_file(&stale).is_err() {
            break;
        }
    }
    Ok(written)
}

/// Checks options that contradict each other or would overwrite inputs.
fn check_usage(config: &Config) -> Result<(), RunError> {
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
    if config.jobs == 0 {
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
/// `--jsonl` (failed inputs print no line: they are on stderr and in the report); else the
/// Markdown rendering (preceded by a `<!-- path -->` line when several inputs may come).
pub fn run(config: &Config, stdout: &mut dyn Write) -> Result<Summary, RunError> {
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
        .num_threads(config.jobs)
        .build()
        .map_err(|e| {
            RunError::Fatal(format!("cannot start {} worker threads: {e}", config.jobs))
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
    let worker = Worker {
        config,
        options: Options {
            encoding: config.encoding,
        },
        stdout: match (config.jsonl, &config.out) {
            (true, _) => StdoutMode::Jsonl,
            (false, Some(_)) => StdoutMode::Nothing,
            (false, None) => StdoutMode::Markdown { headed },
        },
        progress: &progress,
    };
    let mut report = match &config.out {
        Some(out) => Some(Report::create(out)?),
        None => None,
    };
    let mut summary = Summary::default();
    let mut claims = Claims::for_inputs(&config.inputs);
    let chunk_size = (config.jobs * 16).max(256);
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
            if let Err(e) = record(&outcome, &mut summary, stdout, report.as_mut(), &progress) {
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

/// The output stems taken so far under `--out`: a later input whose outputs would land on
/// the same files becomes an error instead of overwriting (e.g. `a/p.txt` and `b/p.txt`
/// given as files, or `p.txt` and `p.csv` in one folder).
#[derive(Debug)]
enum Claims {
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
        input.what = InputKind::Bad(format!(
            "its outputs {} would overwrite those of an earlier input with the same name; give the folder holding both instead",
            output_path(out, &input.stem, "*").display()
        ));
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
fn record(
    outcome: &Outcome,
    summary: &mut Summary,
    stdout: &mut dyn Write,
    report: Option<&mut Report>,
    progress: &ProgressBar,
) -> io::Result<()> {
    let error = match &outcome.status {
        Status::NotStarted => return Ok(()),
        Status::Failed(message) => {
            summary.failed += 1;
            progress.suspend(|| eprintln!("{}: {message}", outcome.source));
            Some(message.as_str())
        }
        Status::Ok | Status::Resumed => {
            summary.ok += 1;
            summary.tables += outcome.tables;
            if outcome.status == Status::Resumed {
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
            None
        }
    };
    summary.files += 1;
    if let Some(report) = report {
        report.line(outcome, error)?;
    }
    if let Some(text) = &outcome.stdout {
        stdout.write_all(text.as_bytes())?;
    }
    Ok(())
}

/// The run report, written under a temporary name and renamed when the run ends.
struct Report {
    path: PathBuf,
    tmp: PathBuf,
    file: io::BufWriter<fs::File>,
}

impl Report {
    fn create(out: &Path) -> Result<Self, RunError> {
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

    fn line(&mut self, outcome: &Outcome, error: Option<&str>) -> io::Result<()> {
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
            resumed: outcome.status == Status::Resumed,
        };
        serde_json::to_writer(&mut self.file, &line).map_err(io::Error::other)?;
        // Report writes are not stdout: a failure here must not look like a closed pipe.
        self.file
            .write_all(b"\n")
            .map_err(|e| io::Error::other(format!("report {}: {e}", self.tmp.display())))
    }

    fn finish(mut self) -> Result<(), RunError> {
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

#[cfg(test)]
mod tests {
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
        assert!(matches!(&items[3].what, InputKind::Bad(m) if m.contains("no files matching")));
        assert!(matches!(&items[4].what, InputKind::Bad(m) if m.starts_with("cannot read")));
    }

    /// Which inputs of a walk are refused as colliding, under the given claims.
    fn refused(claims: &mut Claims, inputs: &[Input]) -> Vec<String> {
        inputs
            .iter()
            .filter(|input| !matches!(input.what, InputKind::Bad(_)))
            .filter_map(|input| {
                let mut input = input.clone();
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

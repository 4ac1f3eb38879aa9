//! Regression checks against expected outputs: `ocrclean verify [--bless] DIR`.
//!
//! Every page `STEM.txt` in the folder (not recursive; `*.expected.*` files are not pages)
//! is converted and its outputs compared with whichever expected files are beside it (a
//! page needs at least one; a page with none fails, pointing to `--bless`):
//!
//! - `STEM.expected.json`: compared as JSON values, so formatting and key order do not
//!   matter. The `source` field is set to the page's file name on both sides before
//!   comparing: the expected file cannot know the path a user passes, and `--bless` writes
//!   the file name there. Differences are listed by field path (`tables[0].rows[2][1]`),
//!   strings with a character diff.
//! - `STEM.expected.txt`, `STEM.expected.md`, `STEM.expected.table1.csv`, …: compared byte
//!   for byte. An expected `tableN.csv` for a table the page no longer has is a failure.
//!
//! A check is never skipped in silence; each of these fails, naming the file: expected
//! files whose page is gone (`STEM.txt` deleted or renamed), a gap in the numbering of the
//! expected CSVs (`table1.csv` missing beside `table2.csv`), a table the page gives with no
//! expected CSV when the page keeps CSVs, an expected file that no longer parses (not
//! UTF-8, not a JSON object, not a CSV table with rows of one width), and a
//! `STEM.expected.*` file of no known kind (a misspelt suffix).
//!
//! A mismatch prints a character-level diff: each differing run of characters with about
//! ten characters of context, the char offset and line/column in the expected file, and the
//! code points when the runs are short (so `，` versus `,` is visible). Offsets count
//! Unicode scalar values, never bytes, so a CJK character is never split.
//!
//! This file finds the pages and expected files and checks or blesses each page;
//! `compare.rs` compares one output with its expected file (JSON as values, text and CSV
//! exactly) and `diff.rs` holds the character diff and how a difference is printed.

mod compare;
mod diff;

use super::errors::{InputError, InputErrorKind};
use super::files::write_atomic;
use compare::{compare_csv, compare_json, compare_text};
use ocrclean::model::Document;
use ocrclean::output::{self, table_suffix, RenderedFile};
use ocrclean::Options;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Differences shown per file; the rest are counted.
const MAX_HUNKS: usize = 10;

/// The result of a verify (or bless) run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VerifyReport {
    /// Pages found, and pages missing whose expected files remain (each such one fails).
    pub pages: usize,
    /// Pages whose outputs all match (or were blessed).
    pub passed: usize,
    /// File names of pages that differ or could not be checked.
    pub failed: Vec<String>,
}

impl VerifyReport {
    /// Whether every page matched (an empty folder counts as a failure: nothing was checked).
    pub fn all_match(&self) -> bool {
        self.failed.is_empty() && self.pages > 0
    }
}

/// The folder itself cannot be read, or the report cannot be printed.
#[derive(Debug)]
pub struct VerifyError(String);

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for VerifyError {}

impl From<io::Error> for VerifyError {
    fn from(e: io::Error) -> Self {
        VerifyError(format!("cannot print the report: {e}"))
    }
}

/// Runs every page in `dir` and compares its outputs with the expected files (or, with
/// `bless`, writes them), printing one line per page and the diffs to `out`.
///
/// Blessing a page without expected files writes them all (`json`, `txt`, `md`, one CSV
/// per table); re-blessing rewrites only the kinds of files the page already has (so a
/// page kept with only `STEM.expected.txt` and its CSVs stays that way), and removes
/// expected CSVs of tables that no longer exist.
///
/// Nothing is checked less in silence: expected files whose page is gone, a gap in the
/// expected tables' numbering, a table without an expected CSV on a page that keeps
/// CSVs, an expected file that does not parse (JSON, CSV, UTF-8) and a `STEM.expected.*`
/// file of no known kind each fail the page, naming the file. (Blessing does not remove
/// the expected files of a missing page, nor files of no known kind: it fails on them too.)
pub fn verify(dir: &Path, bless: bool, out: &mut dyn Write) -> Result<VerifyReport, VerifyError> {
    let folder = scan_folder(dir)?;
    // Every page, and every stem whose page is missing, in name order.
    let mut entries: BTreeMap<String, Option<&Path>> = BTreeMap::new();
    for page in &folder.pages {
        entries.insert(file_name(page), Some(page.as_path()));
    }
    for stem in folder.expected.keys() {
        entries.entry(format!("{stem}.txt")).or_insert(None);
    }
    let mut report = VerifyReport {
        pages: entries.len(),
        ..VerifyReport::default()
    };
    if entries.is_empty() {
        writeln!(out, "verify: no pages (*.txt) in {}", dir.display())?;
        return Ok(report);
    }
    let none = Expected::default();
    for (name, page) in &entries {
        let stem = name.strip_suffix(".txt").unwrap_or(name);
        let expected = folder.expected.get(stem).unwrap_or(&none);
        let problems = match page {
            Some(page) => match check_page(dir, page, expected, bless) {
                Ok(problems) => problems,
                Err(message) => vec![message],
            },
            None => missing_page(dir, name, expected),
        };
        if problems.is_empty() {
            report.passed += 1;
            writeln!(out, "{:<6} {name}", if bless { "bless" } else { "ok" })?;
        } else {
            report.failed.push(name.clone());
            writeln!(out, "FAIL   {name}")?;
            for problem in problems {
                for line in problem.lines() {
                    writeln!(out, "  {line}")?;
                }
            }
        }
    }
    writeln!(
        out,
        "verify: {} pages, {} {}, {} failed",
        report.pages,
        report.passed,
        if bless { "blessed" } else { "ok" },
        report.failed.len()
    )?;
    Ok(report)
}

/// A kind of expected file, by its suffix after `STEM.expected.`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Json,
    Txt,
    Md,
    /// `tableN.csv`, N ≥ 1 written without leading zeros (as [`table_suffix`] writes it).
    Table(usize),
}

impl Kind {
    fn of(suffix: &str) -> Option<Kind> {
        match suffix {
            "json" => Some(Kind::Json),
            "txt" => Some(Kind::Txt),
            "md" => Some(Kind::Md),
            _ => {
                let n = suffix.strip_prefix("table")?.strip_suffix(".csv")?;
                let digits = !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit());
                if !digits || n.starts_with('0') {
                    return None;
                }
                n.parse().ok().map(Kind::Table)
            }
        }
    }
}

/// The expected files of one stem, as found in the folder.
#[derive(Debug, Default)]
struct Expected {
    /// The kinds present.
    kinds: BTreeSet<Kind>,
    /// Names `STEM.expected.X` whose `X` is no kind of expected file.
    unknown: Vec<String>,
}

impl Expected {
    fn has(&self, kind: Kind) -> bool {
        self.kinds.contains(&kind)
    }

    fn is_empty(&self) -> bool {
        self.kinds.is_empty()
    }

    /// The numbers of the expected table CSVs, ascending.
    fn tables(&self) -> Vec<usize> {
        self.kinds
            .iter()
            .filter_map(|k| match k {
                Kind::Table(n) => Some(*n),
                _ => None,
            })
            .collect()
    }
}

/// What a fixtures folder holds: the pages, and the expected files by stem (also the
/// stems whose page is missing).
struct Folder {
    pages: Vec<PathBuf>,
    expected: BTreeMap<String, Expected>,
}

/// Lists the folder once: pages are `*.txt` regular files that are not `*.expected.*`;
/// expected files are any other entry but a folder named `STEM.expected.SUFFIX`.
fn scan_folder(dir: &Path) -> Result<Folder, VerifyError> {
    let entries = fs::read_dir(dir)
        .map_err(|e| VerifyError(format!("cannot read the folder {}: {e}", dir.display())))?;
    let mut folder = Folder {
        pages: Vec::new(),
        expected: BTreeMap::new(),
    };
    for entry in entries {
        let entry = entry
            .map_err(|e| VerifyError(format!("cannot read the folder {}: {e}", dir.display())))?;
        let path = entry.path();
        let name = file_name(&path);
        if path.is_dir() {
            continue;
        }
        if let Some(at) = name.find(".expected.") {
            let (stem, suffix) = (&name[..at], &name[at + ".expected.".len()..]);
            let expected = folder.expected.entry(stem.to_string()).or_default();
            match Kind::of(suffix) {
                Some(kind) => {
                    expected.kinds.insert(kind);
                }
                None => expected.unknown.push(name),
            }
        } else if name.ends_with(".txt") && path.is_file() {
            folder.pages.push(path);
        }
    }
    folder.pages.sort();
    for expected in folder.expected.values_mut() {
        expected.unknown.sort();
    }
    Ok(folder)
}

/// The problems of a page that is gone while its expected files remain: one per file.
fn missing_page(dir: &Path, name: &str, expected: &Expected) -> Vec<String> {
    let stem = name.strip_suffix(".txt").unwrap_or(name);
    let page = dir.join(name);
    let mut problems: Vec<String> = expected
        .kinds
        .iter()
        .map(|kind| expected_path(dir, stem, &suffix_of(*kind)))
        .map(|path| {
            format!(
                "{}: expected file of a page that is not there ({} is missing or not a regular file): restore the page or remove the file",
                path.display(),
                page.display()
            )
        })
        .collect();
    problems.extend(unknown_files(dir, expected));
    problems
}

fn suffix_of(kind: Kind) -> String {
    match kind {
        Kind::Json => "json".into(),
        Kind::Txt => "txt".into(),
        Kind::Md => "md".into(),
        Kind::Table(n) => table_suffix(n),
    }
}

/// The problems of `STEM.expected.*` files of no known kind (a misspelt name would
/// otherwise be a check silently skipped).
fn unknown_files(dir: &Path, expected: &Expected) -> Vec<String> {
    expected
        .unknown
        .iter()
        .map(|name| {
            format!(
                "{}: not a kind of expected file (STEM.expected.json, .txt, .md, .table1.csv, .table2.csv, …), so nothing is checked against it: rename or remove it",
                dir.join(name).display()
            )
        })
        .collect()
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `DIR/STEM.expected.SUFFIX`.
fn expected_path(dir: &Path, stem: &str, suffix: &str) -> PathBuf {
    dir.join(format!("{stem}.expected.{suffix}"))
}

/// Converts one page with `source` = its file name.
fn convert_page(page: &Path) -> Result<Document, InputError> {
    let name = file_name(page);
    let bytes = fs::read(page).map_err(|e| InputErrorKind::Read(e).at(&name))?;
    ocrclean::convert(&name, &bytes, &Options::default())
        .map_err(|e| InputErrorKind::Convert(e).at(name))
}

/// Checks (or blesses) one page; returns the problems found, each a printable block.
fn check_page(
    dir: &Path,
    page: &Path,
    expected: &Expected,
    bless: bool,
) -> Result<Vec<String>, String> {
    let stem = page
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let doc = convert_page(page).map_err(|e| e.to_string())?;
    let files = output::render_files(&doc);
    let mut problems = unknown_files(dir, expected);
    if bless {
        bless_page(dir, &stem, &files, expected, doc.tables.len())?;
        return Ok(problems);
    }
    if expected.is_empty() {
        problems.push(format!(
            "no expected files ({stem}.expected.json, .txt, .md or .table1.csv); run `ocrclean verify --bless {}` to create them",
            dir.display()
        ));
        return Ok(problems);
    }
    let by_suffix = |suffix: &str| {
        files
            .iter()
            .find(|f| f.suffix == suffix)
            .map(|f| f.contents.as_str())
    };
    if expected.has(Kind::Json) {
        problems.extend(compare_json(
            &expected_path(dir, &stem, "json"),
            by_suffix("json").unwrap_or(""),
            &doc.source,
        ));
    }
    for (kind, suffix) in [(Kind::Txt, "txt"), (Kind::Md, "md")] {
        if expected.has(kind) {
            problems.extend(compare_text(
                &expected_path(dir, &stem, suffix),
                by_suffix(suffix).unwrap_or(""),
            ));
        }
    }
    // Tables: every expected CSV is compared; a gap in the numbering, and (on a page that
    // keeps CSVs) a table without an expected CSV, are failures, not checks skipped.
    let numbers = expected.tables();
    let last = numbers.last().copied().unwrap_or(0);
    let actual_tables = doc.tables.len();
    let upto = if last > 0 { last.max(actual_tables) } else { 0 };
    for n in 1..=upto {
        let suffix = table_suffix(n);
        let path = expected_path(dir, &stem, &suffix);
        match (expected.has(Kind::Table(n)), by_suffix(&suffix)) {
            (true, Some(actual)) => problems.extend(compare_csv(&path, actual)),
            (true, None) => problems.push(format!(
                "{}: expected table {n}, but the page gave {actual_tables} table(s)",
                path.display()
            )),
            (false, _) if n < last => problems.push(format!(
                "{}: missing, but {} exists: the expected CSVs must be numbered from 1 without gaps, and table {n} is not checked (restore the file, or `ocrclean verify --bless {}` writes it)",
                path.display(),
                expected_path(dir, &stem, &table_suffix(last)).display(),
                dir.display()
            )),
            (false, _) => problems.push(format!(
                "{}: missing: the page gave {actual_tables} table(s), but its expected CSVs stop at table {last}, so table {n} is not checked (`ocrclean verify --bless {}` writes it)",
                path.display(),
                dir.display()
            )),
        }
    }
    Ok(problems)
}

/// Writes the expected files of one page (see [`verify`] for which).
fn bless_page(
    dir: &Path,
    stem: &str,
    files: &[RenderedFile],
    expected: &Expected,
    tables: usize,
) -> Result<(), String> {
    let is_new = expected.is_empty();
    let keeps_tables = is_new || !expected.tables().is_empty();
    for file in files {
        let path = expected_path(dir, stem, &file.suffix);
        let wanted = match Kind::of(&file.suffix) {
            Some(Kind::Table(_)) => keeps_tables,
            Some(kind) => is_new || expected.has(kind),
            None => false,
        };
        if wanted {
            write_atomic(&path, file.contents.as_bytes())
                .map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
        }
    }
    for n in expected.tables().into_iter().filter(|&n| n > tables) {
        let path = expected_path(dir, stem, &table_suffix(n));
        fs::remove_file(&path).map_err(|e| format!("{}: cannot remove: {e}", path.display()))?;
    }
    Ok(())
}

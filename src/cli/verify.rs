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

use super::errors::{InputError, InputErrorKind};
use super::files::write_atomic;
use ocrclean::model::Document;
use ocrclean::output::{self, table_suffix, RenderedFile};
use ocrclean::Options;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Characters of context shown on each side of a difference.
const CONTEXT: usize = 10;
/// Differences shown per file; the rest are counted.
const MAX_HUNKS: usize = 10;
/// Two differences closer than this many equal characters are shown as one.
const MERGE_GAP: usize = 4;
/// The diff gives up finding the minimal edit beyond this many edits and shows the
/// differing middle as one block.
const MAX_EDITS: usize = 2000;

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

/// Compares the page's JSON with the expected JSON as values, `source` normalized. An
/// expected file that is not UTF-8, not JSON, or not a JSON object (a document) is named
/// as such: the page's JSON is then not compared.
fn compare_json(path: &Path, actual: &str, source: &str) -> Option<String> {
    let expected = match read_utf8(path) {
        Ok(text) => text,
        Err(problem) => return Some(problem),
    };
    let unchecked = "the page's JSON is not compared";
    let normalize = |text: &str| -> Result<serde_json::Value, String> {
        let mut value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
        let kind = match &value {
            serde_json::Value::Object(_) => "",
            serde_json::Value::Array(_) => "an array",
            serde_json::Value::String(_) => "a string",
            serde_json::Value::Number(_) => "a number",
            serde_json::Value::Bool(_) => "a boolean",
            serde_json::Value::Null => "null",
        };
        if !kind.is_empty() {
            return Err(format!(
                "not a JSON document: {kind}, where an object ({{\"source\": …}}) is expected"
            ));
        }
        if let Some(map) = value.as_object_mut() {
            map.insert("source".into(), serde_json::Value::String(source.into()));
        }
        Ok(value)
    };
    let expected = match normalize(&expected) {
        Ok(value) => value,
        Err(e) => return Some(format!("{}: {e}; {unchecked}", path.display())),
    };
    let actual = match normalize(actual) {
        Ok(value) => value,
        Err(e) => return Some(format!("the page's JSON: {e}")),
    };
    if expected == actual {
        return None;
    }
    let mut differences = Vec::new();
    json_diff("", &expected, &actual, &mut differences);
    let mut text = format!(
        "{}: {} difference(s) between expected and actual (compared as JSON values; `source` ignored)\n",
        path.display(),
        differences.len()
    );
    for difference in differences.iter().take(MAX_HUNKS) {
        text.push_str(difference);
    }
    if differences.len() > MAX_HUNKS {
        text.push_str(&format!("  … and {} more\n", differences.len() - MAX_HUNKS));
    }
    Some(text)
}

/// An expected file's text, or the problem naming it (unreadable, not UTF-8).
fn read_utf8(path: &Path) -> Result<String, String> {
    let bytes = fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|e| format!("{}: not UTF-8: {e}", path.display()))
}

/// Compares a table's CSV with its expected file exactly, first checking that the expected
/// file still parses as a table (UTF-8 CSV, every row as wide as the first).
fn compare_csv(path: &Path, actual: &str) -> Vec<String> {
    let expected = match read_utf8(path) {
        Ok(text) => text,
        Err(problem) => return vec![problem],
    };
    let mut problems = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(expected.as_bytes());
    if let Some(Err(e)) = reader.records().find(Result::is_err) {
        problems.push(format!("{}: not a valid CSV table: {e}", path.display()));
    }
    if expected != actual {
        problems.push(describe(&path.display().to_string(), &expected, actual));
    }
    problems
}

/// Walks two JSON values side by side and describes each differing field by its path
/// (`tables[0].rows[2][1]`): strings get a character diff, arrays of different lengths
/// say so and then compare item by item, other values are shown whole (shortened).
fn json_diff(
    path: &str,
    expected: &serde_json::Value,
    actual: &serde_json::Value,
    out: &mut Vec<String>,
) {
    use serde_json::Value;
    let name = if path.is_empty() { "(document)" } else { path };
    match (expected, actual) {
        _ if expected == actual => {}
        (Value::Object(e), Value::Object(a)) => {
            let keys: std::collections::BTreeSet<&String> = e.keys().chain(a.keys()).collect();
            for key in keys {
                let sub = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                match (e.get(key), a.get(key)) {
                    (Some(ev), Some(av)) => json_diff(&sub, ev, av, out),
                    (Some(ev), None) => {
                        out.push(format!("  {sub}: only in expected: {}\n", short(ev)))
                    }
                    (None, Some(av)) => {
                        out.push(format!("  {sub}: only in actual: {}\n", short(av)))
                    }
                    (None, None) => {}
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                out.push(format!(
                    "  {name}: expected {} item(s), actual {}\n",
                    e.len(),
                    a.len()
                ));
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                json_diff(&format!("{path}[{i}]"), ev, av, out);
            }
            for (i, ev) in e.iter().enumerate().skip(a.len()) {
                out.push(format!("  {path}[{i}]: only in expected: {}\n", short(ev)));
            }
            for (i, av) in a.iter().enumerate().skip(e.len()) {
                out.push(format!("  {path}[{i}]: only in actual: {}\n", short(av)));
            }
        }
        (Value::String(e), Value::String(a)) => {
            let exp: Vec<char> = e.chars().collect();
            let act: Vec<char> = a.chars().collect();
            let mut text = format!("  {name}:\n");
            for hunk in char_diff(e, a).iter().take(MAX_HUNKS) {
                for line in describe_hunk(&exp, &act, hunk).lines() {
                    text.push_str("  ");
                    text.push_str(line);
                    text.push('\n');
                }
            }
            out.push(text);
        }
        _ => out.push(format!(
            "  {name}: expected {}, actual {}\n",
            short(expected),
            short(actual)
        )),
    }
}

/// A JSON value in one line, at most 80 characters.
fn short(value: &serde_json::Value) -> String {
    let text = value.to_string();
    if text.chars().count() <= 80 {
        text
    } else {
        text.chars().take(79).chain(['…']).collect()
    }
}

/// Compares a text output with its expected file exactly.
fn compare_text(path: &Path, actual: &str) -> Option<String> {
    let expected = match read_utf8(path) {
        Ok(text) => text,
        Err(problem) => return Some(problem),
    };
    (expected != actual).then(|| describe(&path.display().to_string(), &expected, actual))
}

/// The printable report of one mismatching file.
fn describe(what: &str, expected: &str, actual: &str) -> String {
    let diff = char_diff(expected, actual);
    let exp: Vec<char> = expected.chars().collect();
    let act: Vec<char> = actual.chars().collect();
    let mut text = format!(
        "{what}: {} difference(s) between expected and actual\n",
        diff.len()
    );
    for hunk in diff.iter().take(MAX_HUNKS) {
        text.push_str(&describe_hunk(&exp, &act, hunk));
    }
    if diff.len() > MAX_HUNKS {
        text.push_str(&format!("  … and {} more\n", diff.len() - MAX_HUNKS));
    }
    text
}

/// One changed region: `expected[exp]` became `actual[act]` (char ranges).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hunk {
    /// Char range in the expected text.
    pub exp: Range<usize>,
    /// Char range in the actual text.
    pub act: Range<usize>,
}

fn describe_hunk(exp: &[char], act: &[char], hunk: &Hunk) -> String {
    let (line, col) = line_col(exp, hunk.exp.start);
    let snippet = |chars: &[char], range: &Range<usize>, open: &str, close: &str| {
        let before = range.start.saturating_sub(CONTEXT);
        let after = (range.end + CONTEXT).min(chars.len());
        format!(
            "{}{}{open}{}{close}{}{}",
            if before > 0 { "…" } else { "" },
            visible(&chars[before..range.start]),
            visible_run(&chars[range.clone()]),
            visible(&chars[range.end..after]),
            if after < chars.len() { "…" } else { "" },
        )
    };
    let mut text = format!(
        "  at char {} (line {line}, col {col}):\n    expected: {}\n    actual:   {}\n",
        hunk.exp.start,
        snippet(exp, &hunk.exp, "[-", "-]"),
        snippet(act, &hunk.act, "{+", "+}"),
    );
    if hunk.exp.len() <= 4 && hunk.act.len() <= 4 {
        let points = |chars: &[char]| {
            if chars.is_empty() {
                "(nothing)".to_string()
            } else {
                chars
                    .iter()
                    .map(|c| format!("U+{:04X}", u32::from(*c)))
                    .collect::<Vec<_>>()
                    .join(" ")
            }
        };
        text.push_str(&format!(
            "    code points: {} → {}\n",
            points(&exp[hunk.exp.clone()]),
            points(&act[hunk.act.clone()])
        ));
    }
    text
}

/// 1-based line and column (in chars) of char offset `at`.
fn line_col(chars: &[char], at: usize) -> (usize, usize) {
    let before = &chars[..at.min(chars.len())];
    let line = before.iter().filter(|&&c| c == '\n').count() + 1;
    let col = before.iter().rev().take_while(|&&c| c != '\n').count() + 1;
    (line, col)
}

/// A differing run, shortened in the middle when long: its first 40 and last 10
/// characters around `…(N more)…`.
fn visible_run(chars: &[char]) -> String {
    const HEAD: usize = 40;
    const TAIL: usize = 10;
    if chars.len() <= HEAD + TAIL + 10 {
        return visible(chars);
    }
    format!(
        "{}…({} more)…{}",
        visible(&chars[..HEAD]),
        chars.len() - HEAD - TAIL,
        visible(&chars[chars.len() - TAIL..])
    )
}

/// Makes layout characters visible: space `␣`, newline `⏎`, tab `⇥`, other controls `\u{…}`.
fn visible(chars: &[char]) -> String {
    let mut s = String::new();
    for &c in chars {
        match c {
            ' ' => s.push('␣'),
            '\n' => s.push('⏎'),
            '\t' => s.push('⇥'),
            c if c.is_control() => s.push_str(&format!("\\u{{{:04X}}}", u32::from(c))),
            c => s.push(c),
        }
    }
    s
}

/// The differing regions between two texts, character by character (Myers' diff on
/// Unicode scalar values after trimming the common prefix and suffix), nearby regions
/// merged. Empty when the texts are equal.
///
/// ```
/// use ocrclean::verify::{char_diff, Hunk};
/// assert_eq!(char_diff("城市交通规划", "城市交通现划"), [Hunk { exp: 4..5, act: 4..5 }]);
/// assert!(char_diff("同", "同").is_empty());
/// ```
pub fn char_diff(expected: &str, actual: &str) -> Vec<Hunk> {
    let a: Vec<char> = expected.chars().collect();
    let b: Vec<char> = actual.chars().collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (am, bm) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    if am.is_empty() && bm.is_empty() {
        return Vec::new();
    }
    let hunks = myers(am, bm, MAX_EDITS).unwrap_or_else(|| {
        vec![Hunk {
            exp: 0..am.len(),
            act: 0..bm.len(),
        }]
    });
    let mut merged: Vec<Hunk> = Vec::new();
    for h in hunks {
        let h = Hunk {
            exp: h.exp.start + prefix..h.exp.end + prefix,
            act: h.act.start + prefix..h.act.end + prefix,
        };
        match merged.last_mut() {
            Some(last) if h.exp.start - last.exp.end <= MERGE_GAP => {
                last.exp.end = h.exp.end;
                last.act.end = h.act.end;
            }
            _ => merged.push(h),
        }
    }
    merged
}

/// Myers' O((N+M)·D) diff; `None` when more than `max_edits` edits are needed.
fn myers(a: &[char], b: &[char], max_edits: usize) -> Option<Vec<Hunk>> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let max = (n + m) as usize;
    let off = max as isize + 1;
    let mut v = vec![0isize; 2 * max + 3];
    // trace[d] = v[-d..=d] before step d.
    let mut trace: Vec<Vec<isize>> = Vec::new();
    for d in 0..=max.min(max_edits) as isize {
        trace.push(v[(off - d) as usize..=(off + d) as usize].to_vec());
        for k in (-d..=d).step_by(2) {
            let idx = (off + k) as usize;
            let mut x = if k == -d || (k != d && v[idx - 1] < v[idx + 1]) {
                v[idx + 1]
            } else {
                v[idx - 1] + 1
            };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[idx] = x;
            if x >= n && y >= m {
                return Some(backtrack(&trace, n, m));
            }
        }
    }
    None
}

/// Walks the Myers trace back from the end and groups the edits into hunks.
fn backtrack(trace: &[Vec<isize>], n: isize, m: isize) -> Vec<Hunk> {
    // Edits in reverse: (x, y, is_insert) at the position before the edit.
    let (mut x, mut y) = (n, m);
    let mut edits: Vec<(usize, usize, bool)> = Vec::new();
    for d in (1..trace.len() as isize).rev() {
        let snapshot = &trace[d as usize];
        let at = |k: isize| snapshot[(k + d) as usize];
        let k = x - y;
        let prev_k = if k == -d || (k != d && at(k - 1) < at(k + 1)) {
            k + 1
        } else {
            k - 1
        };
        let prev_x = at(prev_k);
        let prev_y = prev_x - prev_k;
        while x > prev_x && y > prev_y {
            x -= 1;
            y -= 1;
        }
        edits.push((prev_x as usize, prev_y as usize, x == prev_x));
        x = prev_x;
        y = prev_y;
    }
    edits.reverse();
    let mut hunks: Vec<Hunk> = Vec::new();
    for (x, y, insert) in edits {
        let (exp, act) = if insert {
            (x..x, y..y + 1)
        } else {
            (x..x + 1, y..y)
        };
        match hunks.last_mut() {
            Some(last) if last.exp.end == exp.start && last.act.end == act.start => {
                last.exp.end = exp.end;
                last.act.end = act.end;
            }
            _ => hunks.push(Hunk { exp, act }),
        }
    }
    hunks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(expected: &str, actual: &str) {
        // Replaying the hunks on `expected` must give `actual`.
        let a: Vec<char> = expected.chars().collect();
        let b: Vec<char> = actual.chars().collect();
        let mut out = Vec::new();
        let mut pos = 0;
        for h in char_diff(expected, actual) {
            out.extend_from_slice(&a[pos..h.exp.start]);
            out.extend_from_slice(&b[h.act.clone()]);
            pos = h.exp.end;
        }
        out.extend_from_slice(&a[pos..]);
        assert_eq!(
            out.iter().collect::<String>(),
            actual,
            "{expected:?} → {actual:?}"
        );
    }

    #[test]
    fn diff_replays() {
        for (e, a) in [
            ("", ""),
            ("", "新"),
            ("旧", ""),
            ("城市交通规划的方法与实践", "城市交通现划的方法与实线"),
            ("abcabba", "cbabac"),
            ("张三、李四", "章三、李四"),
            ("一二三四五六七八九十", "一三四五七八九十十一"),
        ] {
            apply(e, a);
        }
    }

    #[test]
    fn far_apart_changes_are_separate_hunks() {
        let e: String = (0..60)
            .map(|i| char::from_u32(0x4E00 + i).unwrap())
            .collect();
        let mut a: Vec<char> = e.chars().collect();
        a[0] = '丙';
        a[59] = '丁';
        let a: String = a.into_iter().collect();
        let hunks = char_diff(&e, &a);
        assert_eq!(hunks.len(), 2, "{hunks:?}");
        assert_eq!(
            hunks[0],
            Hunk {
                exp: 0..1,
                act: 0..1
            }
        );
    }

    #[test]
    fn hunk_shows_context_offset_and_code_points() {
        let text = describe(
            "x.expected.txt",
            "第一行\n城市交通规划的方法与实践，其一",
            "第一行\n城市交通规划的方法与实践,其一",
        );
        assert!(text.contains("at char 16 (line 2, col 13)"), "{text}");
        assert!(
            text.contains("expected: …交通规划的方法与实践[-，-]其一"),
            "{text}"
        );
        assert!(
            text.contains("actual:   …交通规划的方法与实践{+,+}其一"),
            "{text}"
        );
        assert!(text.contains("U+FF0C → U+002C"), "{text}");
    }

    #[test]
    fn long_runs_are_shortened() {
        let text = describe("f", &"甲".repeat(500), "");
        assert!(
            text.contains(&format!(
                "[-{}…(450 more)…{}-]",
                "甲".repeat(40),
                "甲".repeat(10)
            )),
            "{text}"
        );
    }

    #[test]
    fn spaces_and_newlines_are_visible() {
        let text = describe("f", "提高", "提 高");
        assert!(text.contains("{+␣+}"), "{text}");
    }

    #[test]
    fn too_many_edits_fall_back_to_one_block() {
        let e: String = (0..3000)
            .map(|i| char::from_u32(0x4E00 + i).unwrap())
            .collect();
        let a: String = (0..3000)
            .map(|i| char::from_u32(0x5E00 + i).unwrap())
            .collect();
        assert_eq!(
            char_diff(&e, &a),
            [Hunk {
                exp: 0..3000,
                act: 0..3000
            }]
        );
    }
}

#[cfg(test)]
mod properties {
    use super::char_diff;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn diff_always_leads_from_expected_to_actual(a in "[一二三四五 ab\n]{0,40}", b in "[一二三四五 ab\n]{0,40}") {
            let ea: Vec<char> = a.chars().collect();
            let eb: Vec<char> = b.chars().collect();
            let mut rebuilt = Vec::new();
            let mut pos = 0;
            let hunks = char_diff(&a, &b);
            prop_assert_eq!(hunks.is_empty(), a == b);
            for h in hunks {
                prop_assert!(h.exp.start >= pos);
                rebuilt.extend_from_slice(&ea[pos..h.exp.start]);
                rebuilt.extend_from_slice(&eb[h.act.clone()]);
                pos = h.exp.end;
            }
            rebuilt.extend_from_slice(&ea[pos..]);
            prop_assert_eq!(rebuilt.into_iter().collect::<String>(), b);
        }
    }
}

//! The batch run's settings as parsed from the command line, with their defaults and the
//! parsers of their values.

use std::path::PathBuf;

pub const REPORT_NAME: &str = "ocrclean-report.jsonl";
/// The default `--max-bytes`: 64 MiB.
pub const DEFAULT_MAX_BYTES: &str = "64M";
/// The default `--glob`.
pub const DEFAULT_GLOB: &str = "*.txt";
/// The output stem used for `-` (stdin) under `--out`: `DIR/stdin.json`, ….
pub const STDIN_STEM: &str = "stdin";

/// Everything a batch run needs, parsed once from the command line (these are the
/// command's flags: `ocrclean --help` shows these doc comments).
#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    /// Pages to convert: files, folders (searched recursively for --glob), or - for stdin.
    #[arg(required_unless_present_any = ["records", "files_from"], value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Also convert the inputs listed in FILE (- for stdin), one per line or NUL-separated
    /// (as `find -print0` writes them).
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,

    /// Read pages as JSON Lines on stdin ({"id": …, "text": …} or {"id": …, "base64": …},
    /// other fields passed through) and write one JSON document per record on stdout, in
    /// order, `id` first; a bad record becomes {"id": …, "error": …}. For parallel --pipe,
    /// Hadoop Streaming and Spark's RDD.pipe.
    #[arg(long, conflicts_with_all = ["inputs", "files_from", "out", "jsonl", "resume"])]
    pub records: bool,

    /// Write STEM.json, STEM.txt, STEM.md and STEM.table1.csv… per input into DIR, keeping
    /// each file's path relative to the folder given, plus DIR/ocrclean-report.jsonl.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Print one JSON document per converted input on stdout, in input order.
    #[arg(long)]
    pub jsonl: bool,

    /// Which files to take from folders, matched against the file name and the path
    /// relative to the folder. Output folders of ocrclean (holding an
    /// ocrclean-report.jsonl) inside a folder given are skipped.
    #[arg(long, value_name = "PATTERN", default_value = DEFAULT_GLOB)]
    pub glob: String,

    /// Decode every input with this encoding (gbk, gb18030, big5, utf-8, utf-16le, …)
    /// instead of detecting it per file.
    #[arg(long, value_name = "NAME", value_parser = parse_encoding)]
    pub encoding: Option<ocrclean::Options>,

    /// Furniture rules to add to the built-in ones (TOML: name, kind, pattern, where; see
    /// rules/README.md). Repeatable; a later file's rule replaces an earlier one of the same
    /// name, and `disable = ["name"]` turns a built-in rule off. Each removal names its rule
    /// in `removed[].rule`.
    #[arg(long = "rules", value_name = "FILE", value_parser = parse_rules_file)]
    pub rules: Vec<ocrclean::rules::RuleSet>,

    /// Files converted in parallel [default: all cores].
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,

    /// Refuse inputs larger than this (bytes, or with K, M, G).
    #[arg(long, value_name = "N", default_value = DEFAULT_MAX_BYTES, value_parser = parse_size)]
    pub max_bytes: u64,

    /// No progress bar and no summary line; errors are still printed.
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// With --out: skip inputs whose outputs all exist and are newer than the input, and
    /// remove the temporary files that killed runs left under DIR.
    #[arg(long, requires = "out")]
    pub resume: bool,

    /// Append the run report (one JSON line per input) to PATH, with or without --out, so
    /// that successive runs (xargs batches) add to one report [default with --out:
    /// DIR/ocrclean-report.jsonl, replaced by each run].
    #[arg(long, value_name = "PATH")]
    pub report: Option<PathBuf>,

    /// Fail a page whose input characters are not all accounted for (in the output, in
    /// `removed` or in `disagreements`: see `accounting` in the JSON) instead of converting it.
    #[arg(long)]
    pub strict: bool,

    /// Convert pages with no Chinese text too (they are refused by default: most often a
    /// file read in the wrong encoding, or not a journal page).
    #[arg(long)]
    pub allow_non_cjk: bool,

    /// The inputs are the pages of ONE article (a folder of its page files, or the files
    /// given): convert each, then assemble them into one document, in printed-page order
    /// when every page has a number (else in file-name order), a paragraph running on
    /// across page files when its sentence does. With --out DIR, writes DIR/NAME.json etc.
    /// (NAME: the folder's name). A page that fails fails the article (exit 1).
    #[arg(long, conflicts_with_all = ["records", "resume", "files_from"])]
    pub article: bool,

    /// The input's layout, instead of recognising it per file: `scrape` (a mirror-site
    /// page, body collapsed onto a line), `text_lines` (a text-layer export, one printed
    /// line per line), `text_flow` (a paragraph per line), `ocr_engine` (Tesseract-style
    /// output, words separated by spaces). The JSON's `layout` says what was found and why.
    #[arg(long, value_name = "KIND", value_parser = parse_layout)]
    pub layout: Option<ocrclean::model::LayoutKind>,

    /// For tests only (hidden from --help): every page's work budget, in operations,
    /// instead of the default that grows with the page's length (see `src/work.rs`), so a
    /// test can make an ordinary page fail with `page too complex: …`.
    #[arg(long, hide = true, value_name = "OPERATIONS")]
    pub work_budget: Option<u64>,
}

impl Config {
    /// How to convert each page.
    pub fn options(&self) -> ocrclean::Options {
        let options = self
            .encoding
            .clone()
            .unwrap_or_default()
            .allow_non_cjk(self.allow_non_cjk)
            .layout(self.layout);
        let options = self
            .rules
            .iter()
            .fold(options, |options, rules| options.rules(rules.clone()));
        match self.work_budget {
            Some(operations) => options.work_budget(operations),
            None => options,
        }
    }

    /// Worker threads: `--jobs`, or all cores.
    pub fn jobs(&self) -> usize {
        self.jobs.map_or_else(default_jobs, usize::from)
    }
}

/// All cores (1 if that cannot be found out).
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Parses `--encoding NAME` (a WHATWG label such as `gbk`, `gb18030`, `big5`, `utf-16le`).
pub fn parse_encoding(name: &str) -> Result<ocrclean::Options, String> {
    ocrclean::Options::new()
        .encoding(name)
        .map_err(|e| e.to_string())
}

/// Parses `--layout KIND`.
pub fn parse_layout(name: &str) -> Result<ocrclean::model::LayoutKind, String> {
    ocrclean::model::LayoutKind::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = ocrclean::model::LayoutKind::ALL
            .iter()
            .map(|k| k.name())
            .collect();
        format!("unknown layout {name:?} (one of {})", names.join(", "))
    })
}

/// Parses `--rules FILE`: reads the file and checks its rules when the arguments are parsed
/// (so a bad one is a usage error before any input is read); the error names the file, and
/// the line and what is wrong.
pub fn parse_rules_file(path: &str) -> Result<ocrclean::rules::RuleSet, String> {
    let text = std::fs::read(path).map_err(|e| format!("cannot read the file: {e}"))?;
    let text =
        String::from_utf8(text).map_err(|_| "a rules file must be UTF-8 text".to_string())?;
    ocrclean::rules::RuleSet::from_toml_str(&text).map_err(|e| e.to_string())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_size_limit_is_shown_as_it_is() {
        assert_eq!(parse_size(DEFAULT_MAX_BYTES), Ok(64 << 20));
    }
}

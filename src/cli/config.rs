//! The batch run's settings as parsed from the command line, with their defaults and the
//! parsers of their values.

use std::path::PathBuf;

pub const REPORT_NAME: &str = "ocrclean-report.jsonl";
/// The default `--max-bytes`: 64 MiB.
pub const DEFAULT_MAX_BYTES: u64 = 64 * 1024 * 1024;
/// [`DEFAULT_MAX_BYTES`] as `--help` shows it (a test checks that the two agree).
pub const DEFAULT_MAX_BYTES_TEXT: &str = "64M";
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
    /// How to convert each page (a forced encoding).
    pub options: ocrclean::Options,
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
            options: ocrclean::Options::default(),
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
pub fn parse_encoding(name: &str) -> Result<ocrclean::Options, String> {
    ocrclean::Options::new()
        .encoding(name)
        .map_err(|e| e.to_string())
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
        assert_eq!(parse_size(DEFAULT_MAX_BYTES_TEXT), Ok(DEFAULT_MAX_BYTES));
    }
}

//! The command's errors: one input's failure ([`InputError`]) and a whole run's
//! ([`RunError`]). Both are values until they are printed, once, at the top (`path:
//! message` on stderr, and the report's `error` field).

use std::fmt;
use std::io;
use std::path::PathBuf;

/// Why one input was not converted. The batch goes on with the others.
#[derive(Debug)]
pub struct InputError {
    /// The input as the user named it (or as found under a folder given).
    pub path: String,
    pub kind: InputErrorKind,
}

/// What went wrong with an input.
#[derive(Debug)]
pub enum InputErrorKind {
    /// It could not be opened or read (missing, a permission, an unreadable folder).
    Read(io::Error),
    /// Walking a folder failed other than by an I/O error (a symlink loop).
    Walk(String),
    /// The path is a folder where a file was expected.
    IsFolder,
    /// The path is not a regular file (a FIFO, a socket, a device): never opened, since
    /// reading one could block the batch forever.
    NotRegularFile,
    /// A folder given holds no file matching `--glob`.
    NoMatch { glob: String },
    /// The file is larger than `--max-bytes` (its size known before reading).
    TooLarge { len: u64, max: u64 },
    /// More than `--max-bytes` came from a stream.
    StreamTooLarge { max: u64 },
    /// Its outputs would land on the files of an earlier input.
    OutputsTaken { outputs: PathBuf },
    /// The page itself: not text, or no body.
    Convert(ocrclean::ConvertError),
    /// `--strict`: the conversion lost this many input characters.
    Unaccounted(usize),
    /// An output file could not be written (a full disk, a permission).
    Write { path: PathBuf, source: io::Error },
}

impl InputErrorKind {
    /// Gives the error the input's name.
    pub fn at(self, path: impl Into<String>) -> InputError {
        InputError {
            path: path.into(),
            kind: self,
        }
    }
}

/// A path as errors, the report and the JSON `source` show it: as it is, except that a
/// control character (a newline would break the one-line error format) is written as an
/// escape (`\n`, `\t`, `\u{1b}`), a byte that is not UTF-8 as `\xNN` and a backslash as
/// `\\`, so that two different names never look the same. Ordinary names are unchanged.
pub fn show_path(path: &std::path::Path) -> String {
    #[cfg(unix)]
    let bytes: &[u8] = std::os::unix::ffi::OsStrExt::as_bytes(path.as_os_str());
    #[cfg(not(unix))]
    let lossy = path.to_string_lossy();
    #[cfg(not(unix))]
    let bytes: &[u8] = lossy.as_bytes();
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

/// An io::Error's message without Rust's `(os error N)` suffix.
pub fn io_message(e: &io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

impl fmt::Display for InputErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputErrorKind::Read(e) => write!(f, "cannot read: {}", io_message(e)),
            InputErrorKind::Walk(why) => write!(f, "cannot read: {why}"),
            InputErrorKind::IsFolder => write!(f, "cannot read: is a folder"),
            InputErrorKind::NotRegularFile => write!(
                f,
                "cannot read: not a regular file (a FIFO, socket or device is never opened as a page)"
            ),
            InputErrorKind::NoMatch { glob } => {
                write!(f, "no files matching '{glob}' in this folder")
            }
            InputErrorKind::TooLarge { len, max } => {
                write!(f, "file is {len} bytes, over the --max-bytes limit of {max}")
            }
            InputErrorKind::StreamTooLarge { max } => {
                write!(f, "input is over the --max-bytes limit of {max}")
            }
            InputErrorKind::OutputsTaken { outputs } => write!(
                f,
                "its outputs {} would overwrite those of an earlier input with the same name; give the folder holding both instead",
                show_path(outputs)
            ),
            InputErrorKind::Convert(e) => write!(f, "{e}"),
            InputErrorKind::Unaccounted(n) => write!(
                f,
                "{n} input character(s) unaccounted for: neither in the output, nor removed, nor a disagreement (--strict)"
            ),
            InputErrorKind::Write { path, source } => {
                write!(f, "cannot write {}: {}", show_path(path), io_message(source))
            }
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.kind)
    }
}

impl std::error::Error for InputErrorKind {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            InputErrorKind::Read(e) | InputErrorKind::Write { source: e, .. } => Some(e),
            InputErrorKind::Convert(e) => Some(e),
            _ => None,
        }
    }
}

impl std::error::Error for InputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.kind)
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error;

    #[test]
    fn paths_are_shown_on_one_line_and_distinct() {
        use std::path::Path;
        assert_eq!(show_path(Path::new("a/页 1.txt")), "a/页 1.txt");
        assert_eq!(show_path(Path::new("a\nb.txt")), "a\\nb.txt");
        assert_eq!(show_path(Path::new("a\\nb.txt")), "a\\\\nb.txt");
        assert_eq!(show_path(Path::new("e\u{1b}[31m")), "e\\u{1b}[31m");
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let bad = Path::new(std::ffi::OsStr::from_bytes(b"p\xff.txt"));
            let other = Path::new(std::ffi::OsStr::from_bytes(b"p\xfe.txt"));
            assert_eq!(show_path(bad), "p\\xFF.txt");
            assert_ne!(show_path(bad), show_path(other));
        }
    }

    #[test]
    fn messages_name_the_problem_and_keep_their_cause() {
        let e = InputErrorKind::TooLarge { len: 10, max: 5 }.at("p.txt");
        assert_eq!(
            e.to_string(),
            "p.txt: file is 10 bytes, over the --max-bytes limit of 5"
        );
        let e = InputErrorKind::Read(io::Error::new(io::ErrorKind::NotFound, "gone")).at("q");
        assert_eq!(e.kind.to_string(), "cannot read: gone");
        assert!(e.kind.source().is_some());
    }
}

//! The inputs of a batch: arguments as given, folders walked lazily in file-name order,
//! `-` for stdin; and reading one input within the size limit.

use super::config::{REPORT_NAME, STDIN_STEM};
use super::errors::{show_path, InputErrorKind, RunError};
use globset::{Glob, GlobMatcher};
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// One input as the walk yields it.
#[derive(Debug)]
pub(super) struct Input {
    /// The path as given or as found under a folder given (`-` for stdin).
    pub(super) source: String,
    pub(super) what: InputKind,
    /// The output path under `--out` without extension: the path relative to the folder
    /// given (so equal file names in different subfolders stay apart), or the file name for
    /// a file given directly, or [`STDIN_STEM`].
    pub(super) stem: PathBuf,
}

#[derive(Debug)]
pub(super) enum InputKind {
    Stdin,
    File(PathBuf),
    /// The input is bad before reading (missing, unreadable folder, nothing matched).
    Bad(InputErrorKind),
}

/// Lazily yields the inputs in order: arguments as given, folders walked depth-first in
/// file-name order. Holds one folder walk at a time, never the whole list.
pub(super) struct Inputs<'a> {
    args: std::slice::Iter<'a, PathBuf>,
    glob: GlobMatcher,
    glob_text: &'a str,
    /// The canonical `--out` folder: never walked into (its `.txt` outputs are not inputs).
    exclude: Option<PathBuf>,
    walk: Option<Walk>,
}

pub(super) struct Walk {
    root: PathBuf,
    entries: Box<dyn Iterator<Item = walkdir::Result<walkdir::DirEntry>>>,
    matched: usize,
}

impl<'a> Inputs<'a> {
    pub(super) fn new(
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
        let source = show_path(arg);
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
            Ok(meta) if !meta.is_file() => Some(Input {
                source,
                what: InputKind::Bad(InputErrorKind::NotRegularFile),
                stem,
            }),
            Ok(_) => Some(Input {
                source,
                what: InputKind::File(arg.to_path_buf()),
                stem,
            }),
            Err(e) => Some(Input {
                source,
                what: InputKind::Bad(InputErrorKind::Read(e)),
                stem,
            }),
        }
    }

    fn next_in_walk(&mut self) -> Option<Option<Input>> {
        let walk = self.walk.as_mut()?;
        let Some(entry) = walk.entries.next() else {
            let walk = self.walk.take()?;
            return Some((walk.matched == 0).then(|| Input {
                source: show_path(&walk.root),
                what: InputKind::Bad(InputErrorKind::NoMatch {
                    glob: self.glob_text.to_string(),
                }),
                stem: PathBuf::new(),
            }));
        };
        match entry {
            Err(e) => {
                let path = e.path().unwrap_or(&walk.root).to_path_buf();
                walk.matched += 1;
                let message = match e.io_error() {
                    Some(io) => InputErrorKind::Read(io::Error::new(io.kind(), io.to_string())),
                    None => InputErrorKind::Walk(e.to_string()),
                };
                Some(Some(Input {
                    source: show_path(&path),
                    what: InputKind::Bad(message),
                    stem: relative_stem(&walk.root, &path),
                }))
            }
            // A file, or a FIFO, socket or device whose name matches (an error line for
            // those, not silence).
            Ok(entry) if !entry.file_type().is_dir() => {
                let path = entry.path();
                let relative = path.strip_prefix(&walk.root).unwrap_or(path);
                let name_matches = path.file_name().is_some_and(|n| self.glob.is_match(n));
                if !(name_matches || self.glob.is_match(relative)) {
                    return Some(None);
                }
                walk.matched += 1;
                let what = if entry.file_type().is_file() {
                    InputKind::File(path.to_path_buf())
                } else {
                    InputKind::Bad(InputErrorKind::NotRegularFile)
                };
                Some(Some(Input {
                    source: show_path(path),
                    what,
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
pub(super) fn is_excluded(entry: &walkdir::DirEntry, exclude: Option<&Path>) -> bool {
    if !entry.file_type().is_dir() || entry.depth() == 0 {
        return false;
    }
    entry.path().join(REPORT_NAME).exists()
        || exclude.is_some_and(|exclude| fs::canonicalize(entry.path()).is_ok_and(|p| p == exclude))
}

/// `root/sub/page1.txt` → `sub/page1`.
pub(super) fn relative_stem(root: &Path, path: &Path) -> PathBuf {
    let relative = path.strip_prefix(root).unwrap_or(path);
    match relative.file_stem() {
        Some(stem) => relative.with_file_name(stem),
        None => relative.to_path_buf(),
    }
}

/// Reads one input (stdin when `path` is `None`), refusing more than `max_bytes`.
pub(super) fn read_input(path: Option<&Path>, max_bytes: u64) -> Result<Vec<u8>, InputErrorKind> {
    let mut bytes = Vec::new();
    let read = match path {
        None => io::stdin()
            .lock()
            .take(max_bytes.saturating_add(1))
            .read_to_end(&mut bytes),
        Some(path) => {
            // Never open what is not a regular file: opening a FIFO blocks.
            let meta = fs::metadata(path).map_err(InputErrorKind::Read)?;
            if meta.is_dir() {
                return Err(InputErrorKind::IsFolder);
            }
            if !meta.is_file() {
                return Err(InputErrorKind::NotRegularFile);
            }
            let file = fs::File::open(path).map_err(InputErrorKind::Read)?;
            let meta = file.metadata().map_err(InputErrorKind::Read)?;
            if meta.is_dir() {
                return Err(InputErrorKind::IsFolder);
            }
            if meta.len() > max_bytes {
                return Err(InputErrorKind::TooLarge {
                    len: meta.len(),
                    max: max_bytes,
                });
            }
            bytes.reserve(usize::try_from(meta.len()).unwrap_or(0));
            file.take(max_bytes.saturating_add(1))
                .read_to_end(&mut bytes)
        }
    };
    read.map_err(InputErrorKind::Read)?;
    if bytes.len() as u64 > max_bytes {
        return Err(InputErrorKind::StreamTooLarge { max: max_bytes });
    }
    Ok(bytes)
}

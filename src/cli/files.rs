//! Output files written atomically (temporary name, then rename), and the Ctrl-C handler,
//! which knows the temporary files in flight so a second Ctrl-C can remove them.

use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, Once};

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
pub(super) fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

static DISK_FULL: AtomicBool = AtomicBool::new(false);

/// Whether an output write found the disk full: from then on no input is started (each
/// is reported `not_started`), since none could be written.
pub(super) fn disk_full() -> bool {
    DISK_FULL.load(Ordering::SeqCst)
}

/// Records a failed write; a full disk stops the starting of new inputs.
pub(super) fn note_write_error(e: &io::Error) {
    if is_disk_full(e) {
        DISK_FULL.store(true, Ordering::SeqCst);
    }
}

/// No space left on the device, or the quota exhausted.
pub(super) fn is_disk_full(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded
    )
}

pub(super) fn lock_temp_files() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    TEMP_FILES
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

pub(super) fn remove_temp_files() {
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
pub(super) fn parent_dir(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// This process's id, asked once (each ask is a system call).
pub(super) fn process_id() -> u32 {
    static PID: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    *PID.get_or_init(std::process::id)
}

/// [`write_atomic`] for a path whose folder is known to exist (the caller created it once
/// for several files).
pub(super) fn write_atomic_in_existing_dir(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_in_existing_dir_then(path, bytes, || {})
}

/// [`write_atomic_in_existing_dir`], calling `before_rename` once the bytes are safely in
/// the temporary file and just before it takes its final name (the batch writes a page's
/// report line there, so that a page whose last file exists is always in the report).
pub(super) fn write_atomic_in_existing_dir_then(
    path: &Path,
    bytes: &[u8],
    before_rename: impl FnOnce(),
) -> io::Result<()> {
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
    let result = fs::write(&tmp, bytes).and_then(|()| {
        before_rename();
        fs::rename(&tmp, path)
    });
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

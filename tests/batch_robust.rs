//! What used to be checked by hand, automated: a batch killed with `kill -9` and resumed, a
//! FIFO among the inputs, and a page over the work budget.
//!
//! Every child process here is waited for with a deadline and killed when it passes it,
//! so a regression fails the test instead of hanging it; nothing asserts on wall time.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_ocrclean");
/// Only to fail instead of hanging: far above what any run here takes.
const DEADLINE: Duration = Duration::from_secs(60);

/// Waits for `child` until [`DEADLINE`]; past it, kills it and fails.
fn wait_or_kill(child: &mut Child, what: &str) -> ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: still running after {DEADLINE:?}; killed");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Runs the command (stdin closed) with a deadline: (exit code, stderr).
fn run(args: &[&std::ffi::OsStr], cwd: &Path) -> (Option<i32>, String) {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read stderr on a thread so a full pipe can never block the child.
    let mut pipe = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = pipe.read_to_string(&mut text);
        text
    });
    let status = wait_or_kill(&mut child, &format!("ocrclean {args:?}"));
    (status.code(), reader.join().unwrap())
}

fn os(args: &[&str]) -> Vec<std::ffi::OsString> {
    args.iter().map(|a| (*a).into()).collect()
}

fn refs(args: &[std::ffi::OsString]) -> Vec<&std::ffi::OsStr> {
    args.iter().map(|a| a.as_os_str()).collect()
}

/// The lines of a report, parsed.
fn report(out: &Path) -> Vec<serde_json::Value> {
    fs::read_to_string(out.join("ocrclean-report.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("report line {l:?}: {e}")))
        .collect()
}

/// Every file under `root` by relative path, with its bytes.
fn tree(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = fs::read(&path).unwrap();
                files.insert(path.strip_prefix(root).unwrap().to_path_buf(), bytes);
            }
        }
    }
    files
}

fn is_temp(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.') && n.ends_with(".tmp"))
}

/// The page stem an output file belongs to (`0/p0007.table1.csv` → `0/p0007`).
fn stem_of(path: &Path) -> PathBuf {
    let name = path.file_name().unwrap().to_str().unwrap();
    path.with_file_name(name.split('.').next().unwrap())
}

/// `kill -9` of a running `--out` batch, then `--resume`.
///
/// What the code guarantees, and so what is checked after the kill: each page's files are
/// written under temporary names (`.NAME.PID.N.tmp`) and renamed into place in the order
/// CSVs, `.txt`, `.md`, `.json` — the JSON last — and the worker appends the page's report
/// line (one `write` of a line well under 4 KiB) when the JSON is written under its
/// temporary name, just before the rename. Hence, at any instant the process can die:
///
/// 1. every file under its final name is complete: byte-identical to a clean run's;
/// 2. every page whose `.json` exists has all its files (`.txt`, `.md`, and one CSV per
///    table its JSON lists);
/// 3. every page whose `.json` exists is named `ok` in the report;
/// 4. a page the report names `ok` may lack its `.json` only if the kill came between the
///    line and the rename: at most one page per worker (`--jobs`);
/// 5. every report line is a whole JSON line.
///
/// Then `--resume` removes the dead run's temporary files (the PID in their names is gone),
/// skips pages whose outputs are complete, converts the rest, and leaves no `.tmp` file and
/// a tree byte-identical (the report excluded) to a clean run into another folder; its
/// report, continued from the killed run's, names every page.
///
/// So that the kill always lands in a running batch, whatever the machine's speed, the
/// killed run's last input is `-` (stdin), which the test keeps open: the run cannot finish
/// before it is killed. It is killed as soon as 30 report lines are there, with the
/// workers most likely in the middle of a page.
#[test]
fn kill_9_then_resume_gives_the_clean_run() {
    const PAGES: u64 = 150;
    const JOBS: usize = 2;
    /// Report lines to wait for before the kill (all pages before `-` finish, so they come).
    const KILL_AFTER: usize = 30;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let input = d.join("in");
    let mut stems = BTreeSet::new();
    for seed in 0..PAGES {
        let stem = PathBuf::from(format!("{}/p{seed:04}", seed % 2));
        let path = input.join(&stem).with_extension("txt");
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, ocrclean_synth::generate(seed).bytes).unwrap();
        stems.insert(stem);
    }

    let (code, err) = run(&refs(&os(&["--jobs", "2", "--out", "clean", "in"])), d);
    assert_eq!(code, Some(0), "{err}");
    let clean = tree(&d.join("clean"));
    let report_name = PathBuf::from("ocrclean-report.jsonl");

    // The run to kill.
    let killed = d.join("killed");
    let mut child = Command::new(BIN)
        .args(["--jobs", "2", "--out", "killed", "in", "-"])
        .current_dir(d)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let report_path = killed.join(&report_name);
    let start = Instant::now();
    let lines_written =
        || fs::read(&report_path).map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count());
    while lines_written() < KILL_AFTER {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the run ended before it was killed: {status}");
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            panic!("no report line after {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    child.kill().unwrap(); // SIGKILL
    let pid = child.id();
    let status = child.wait().unwrap();
    drop(child.stdin.take());
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(status.signal(), Some(9), "killed by SIGKILL, not finished");
    }

    let after_kill = tree(&killed);
    let temps = after_kill.keys().filter(|p| is_temp(p)).count();
    // 1. Whatever has a final name is complete.
    for (path, bytes) in after_kill.iter().filter(|(p, _)| !is_temp(p)) {
        // The report, and the space it keeps for a disk that fills (removed at a run's end).
        if *path == report_name || path.extension().is_some_and(|e| e == "reserve") {
            continue;
        }
        assert!(
            clean.get(path) == Some(bytes),
            "{}: not the clean run's file",
            path.display()
        );
    }
    // 2. A page with its JSON has all its files.
    let with_json: BTreeSet<PathBuf> = after_kill
        .keys()
        .filter(|p| !is_temp(p) && p.extension().is_some_and(|e| e == "json"))
        .filter(|p| **p != report_name)
        .map(|p| stem_of(p))
        .collect();
    for stem in &with_json {
        let expected: BTreeSet<&PathBuf> = clean.keys().filter(|p| stem_of(p) == *stem).collect();
        for path in expected {
            assert!(
                after_kill.contains_key(path),
                "{} has its JSON but not {}",
                stem.display(),
                path.display()
            );
        }
    }
    // 3–5. The report: whole lines; every page with its JSON is named ok; at most one page
    // per worker is named ok without its JSON.
    let lines = report(&killed);
    let reported: BTreeSet<PathBuf> = lines
        .iter()
        .filter(|l| l["status"] == "ok")
        .map(|l| {
            let path = Path::new(l["path"].as_str().unwrap());
            stem_of(path.strip_prefix("in").unwrap())
        })
        .collect();
    assert!(
        with_json.is_subset(&reported),
        "{with_json:?} ⊄ {reported:?}"
    );
    let ahead = reported.difference(&with_json).count();
    assert!(
        ahead <= JOBS,
        "{ahead} pages reported ok without their JSON: more than one per worker"
    );
    eprintln!(
        "after kill -9: {} of {} pages written, {} reported, {temps} temporary file(s)",
        with_json.len(),
        stems.len(),
        reported.len()
    );

    // A temporary file of the dead run, in case the kill left none: --resume removes it.
    let planted = killed.join(format!(".p0000.json.{pid}.999999.tmp"));
    fs::write(&planted, b"{\"half\": ").unwrap();

    let (code, err) = run(
        &refs(&os(&["--jobs", "2", "--resume", "--out", "killed", "in"])),
        d,
    );
    assert_eq!(code, Some(0), "{err}");
    let resumed = tree(&killed);
    assert!(
        !resumed.keys().any(|p| is_temp(p)),
        "temporary files left: {:?}",
        resumed.keys().filter(|p| is_temp(p)).collect::<Vec<_>>()
    );
    let without_report = |t: &BTreeMap<PathBuf, Vec<u8>>| {
        t.iter()
            .filter(|(p, _)| **p != report_name)
            .map(|(p, b)| (p.clone(), b.clone()))
            .collect::<BTreeMap<_, _>>()
    };
    let (a, b) = (without_report(&resumed), without_report(&clean));
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "the same files"
    );
    assert!(a == b, "the same bytes in every file");
    // The report, continued: every page is named, those complete after the kill as resumed.
    let lines = report(&killed);
    let named: BTreeSet<PathBuf> = lines
        .iter()
        .filter(|l| l["status"] == "ok")
        .map(|l| {
            stem_of(
                Path::new(l["path"].as_str().unwrap())
                    .strip_prefix("in")
                    .unwrap(),
            )
        })
        .collect();
    let converted_ok: BTreeSet<PathBuf> = clean
        .keys()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| stem_of(p))
        .collect();
    assert_eq!(named, converted_ok, "the report names every page converted");
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

/// A FIFO found in a folder given, and a FIFO named directly: neither is opened (opening a
/// FIFO blocks until a writer comes, and none does here), each gets an error line and a
/// report line, and the other pages are converted.
#[cfg(unix)]
#[test]
fn fifos_are_errors_not_hangs() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir(d.join("in")).unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/000_a449235f6b97e50b.txt");
    fs::copy(&sample, d.join("in/a.txt")).unwrap();
    mkfifo(&d.join("in/b.txt"));
    fs::copy(&sample, d.join("in/c.txt")).unwrap();
    mkfifo(&d.join("named.txt"));

    let (code, err) = run(&refs(&os(&["--out", "out", "in", "named.txt"])), d);
    assert_eq!(code, Some(1), "{err}");
    for fifo in ["in/b.txt", "named.txt"] {
        assert!(
            err.contains(&format!("{fifo}: cannot read: not a regular file")),
            "{fifo}: {err}"
        );
    }
    let lines = report(&d.join("out"));
    let status: BTreeMap<&str, (&str, &str)> = lines
        .iter()
        .map(|l| {
            (
                l["path"].as_str().unwrap(),
                (
                    l["status"].as_str().unwrap(),
                    l["error"].as_str().unwrap_or(""),
                ),
            )
        })
        .collect();
    assert_eq!(status.len(), 4, "{lines:?}");
    for page in ["in/a.txt", "in/c.txt"] {
        assert_eq!(status[page].0, "ok", "{page}");
    }
    for fifo in ["in/b.txt", "named.txt"] {
        assert_eq!(status[fifo].0, "error", "{fifo}");
        assert!(
            status[fifo]
                .1
                .starts_with("cannot read: not a regular file"),
            "{fifo}: {}",
            status[fifo].1
        );
    }
    assert!(d.join("out/a.json").exists() && d.join("out/c.json").exists());

    // The same without --out (Markdown on stdout) and with --jsonl: no hang either.
    for mode in [
        &["in", "named.txt"][..],
        &["--jsonl", "in", "named.txt"][..],
    ] {
        let (code, err) = run(&refs(&os(mode)), d);
        assert_eq!(code, Some(1), "{mode:?}: {err}");
        assert!(
            err.contains("named.txt: cannot read: not a regular file"),
            "{err}"
        );
        assert!(
            err.contains("in/b.txt: cannot read: not a regular file"),
            "{err}"
        );
    }
}

/// The work budget ordinary pages come nowhere near (see `src/work.rs`: 5,000,000
/// operations plus 500 per byte, where pages spend about 5 per byte) cannot be reached by
/// a page of reasonable size, so the test sets a lower one through the hidden
/// `Options::work_budget` (the command's hidden `--work-budget`): between what a short page
/// and the sample page spend, measured by the same counters.
#[test]
fn a_page_over_the_work_budget_is_too_complex() {
    let sample =
        fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/000_a449235f6b97e50b.txt"))
            .unwrap();
    let short = "正在加载图片...\n城市交通规划的方法与实践 城市道路网络的布局直接影响居民的出行效率,本文提 出一种新的评价方法。\n<<向上翻页向下翻页>>";
    let spent = |bytes: &[u8]| {
        ocrclean::convert("p.txt", bytes, &ocrclean::Options::new()).unwrap();
        ocrclean::work::spent()
    };
    let budget = spent(short.as_bytes());
    assert!(spent(&sample) > 2 * budget, "the sample spends more");
    let options = ocrclean::Options::new().work_budget(budget);
    assert!(ocrclean::convert("short.txt", short.as_bytes(), &options).is_ok());
    let error = ocrclean::convert("sample.txt", &sample, &options).unwrap_err();
    assert!(
        matches!(error, ocrclean::ConvertError::TooComplex(_)),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(
        message.starts_with("page too complex: ")
            && message.contains(&format!(
                "over the budget of {budget} for {} bytes",
                sample.len()
            )),
        "{message}"
    );

    // Through the command: the page's error line and report line; the batch goes on.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir(d.join("in")).unwrap();
    fs::write(d.join("in/big.txt"), &sample).unwrap();
    fs::write(d.join("in/short.txt"), short).unwrap();
    let args = os(&["--work-budget", &budget.to_string(), "--out", "out", "in"]);
    let (code, err) = run(&refs(&args), d);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("in/big.txt: page too complex: "), "{err}");
    let lines = report(&d.join("out"));
    let big = lines.iter().find(|l| l["path"] == "in/big.txt").unwrap();
    assert_eq!(big["status"], "error");
    assert!(
        big["error"]
            .as_str()
            .unwrap()
            .starts_with("page too complex: "),
        "{big}"
    );
    let short_line = lines.iter().find(|l| l["path"] == "in/short.txt").unwrap();
    assert_eq!(short_line["status"], "ok");
    assert!(!d.join("out/big.json").exists());
    assert!(d.join("out/short.json").exists());
    // Without the hidden flag, the default budget: both pages convert.
    let (code, err) = run(&refs(&os(&["--out", "out2", "in"])), d);
    assert_eq!(code, Some(0), "{err}");
}

/// Unmounts a test file system when dropped (also when the test fails).
struct Mounted(PathBuf);

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// A full `--out` disk: every input is in the report (converted, failed with the write
/// error, or not started), no page is left half-written, no temporary file remains, and the
/// exit status says so. Needs a small tmpfs (root, as CI and the developers' machines
/// run); elsewhere the test says it is skipped.
#[test]
fn a_full_disk_leaves_every_page_accounted_for() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let input = d.join("in");
    fs::create_dir(&input).unwrap();
    for seed in 0..200u64 {
        let page = ocrclean_synth::generate(seed);
        fs::write(input.join(format!("p{seed:04}.txt")), page.bytes).unwrap();
    }
    let disk = d.join("disk");
    fs::create_dir(&disk).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1400k", "tmpfs"])
        .arg(&disk)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a small tmpfs here (needs root)");
        return;
    }
    let _unmount = Mounted(disk.clone());
    let out = disk.join("out");
    let (code, err) = run(&refs(&os(&["--out", out.to_str().unwrap(), "in"])), d);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("the output disk is full"), "{err}");

    let lines = report(&out);
    let named: BTreeSet<String> = lines
        .iter()
        .map(|l| l["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(named.len(), 200, "every input named once in the report");
    assert_eq!(lines.len(), 200);
    let status = |s: &str| lines.iter().filter(|l| l["status"] == s).count();
    assert!(status("ok") > 0 && status("not_started") > 0, "{err}");
    assert!(lines
        .iter()
        .filter(|l| l["status"] == "error")
        .all(|l| l["error"].as_str().unwrap().contains("No space left")));

    let files: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(files
        .iter()
        .all(|f| !f.ends_with(".tmp") && !f.ends_with(".reserve")));
    let ok: BTreeSet<String> = lines
        .iter()
        .filter(|l| l["status"] == "ok")
        .map(|l| {
            let p = l["path"].as_str().unwrap();
            p.trim_start_matches("in/")
                .trim_end_matches(".txt")
                .to_string()
        })
        .collect();
    for f in &files {
        if f == "ocrclean-report.jsonl" {
            continue;
        }
        let stem = f.split('.').next().unwrap();
        assert!(ok.contains(stem), "{f}: a file of a page not converted");
    }
    for stem in &ok {
        for ext in ["json", "txt", "md"] {
            assert!(
                files.contains(&format!("{stem}.{ext}")),
                "{stem}.{ext} missing"
            );
        }
    }
}

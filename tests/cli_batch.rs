//! The `ocrclean` command line: output modes, stdin, usage errors, resume, name
//! collisions, the output folder inside the input folder, and a closed stdout.

use std::fs;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, SystemTime};

const BIN: &str = env!("CARGO_BIN_EXE_ocrclean");

fn page(n: usize) -> String {
    format!(
        "正在加载图片...\n城市交通规划的方法与实践 第{n}页的正文说明城市道路网络的布局直接影响居民的出行效率,本文提 出一种新的评价方法。\n<<向上翻页向下翻页>>\n©2008-现在 cucdc.com 高等教育资讯网 版权所有"
    )
}

fn ocrclean(cwd: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .current_dir(cwd)
        .args(args)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn report(out: &Path) -> Vec<serde_json::Value> {
    fs::read_to_string(out.join("ocrclean-report.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("p.txt"), page(1)).unwrap();
    for args in [
        &[][..],
        &["--resume", "p.txt"],
        &["--encoding", "klingon", "p.txt"],
        &["--jobs", "0", "p.txt"],
        &["--max-bytes", "lots", "p.txt"],
        &["-", "-"],
        &["--out", ".", "p.txt"],
        &["--glob", "[", "."],
        &["--no-such-flag", "p.txt"],
    ] {
        let o = ocrclean(d, args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("error"), "{args:?}: {}", stderr(&o));
    }
    assert_eq!(fs::read_to_string(d.join("p.txt")).unwrap(), page(1));
}

#[test]
fn help_has_examples_and_exit_statuses() {
    let o = ocrclean(Path::new("."), &["--help"]);
    assert_eq!(o.status.code(), Some(0));
    let help = String::from_utf8(o.stdout).unwrap();
    for needle in [
        "--jsonl",
        "--out",
        "--resume",
        "verify",
        "Examples:",
        "Exit status",
    ] {
        assert!(help.contains(needle), "{needle}");
    }
}

#[test]
fn markdown_on_stdout_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("a.txt"), page(1)).unwrap();
    fs::write(d.join("b.txt"), page(2)).unwrap();
    let one = ocrclean(d, &["--quiet", "a.txt"]);
    assert_eq!(one.status.code(), Some(0), "{}", stderr(&one));
    let md = String::from_utf8(one.stdout).unwrap();
    assert!(!md.contains("<!--"), "one input: the Markdown alone");
    let two = ocrclean(d, &["--quiet", "b.txt", "a.txt"]);
    let md = String::from_utf8(two.stdout).unwrap();
    let b = md.find("<!-- b.txt -->").unwrap();
    let a = md.find("<!-- a.txt -->").unwrap();
    assert!(b < a, "input order kept: {md}");
}

#[test]
fn jsonl_in_argument_order_and_summary_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let names: Vec<String> = (0..30).rev().map(|i| format!("p{i}.txt")).collect();
    for (i, name) in names.iter().enumerate() {
        fs::write(d.join(name), page(i)).unwrap();
    }
    let mut args = vec!["--jsonl", "--jobs", "2"];
    args.extend(names.iter().map(String::as_str));
    let o = ocrclean(d, &args);
    assert_eq!(o.status.code(), Some(0));
    let sources: Vec<String> = String::from_utf8(o.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["source"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(sources, names);
    let err = stderr(&o);
    assert!(
        err.starts_with("ocrclean: 30 files, 30 ok, 0 failed, 0 tables, ")
            && err.contains(" pages/s"),
        "{err}"
    );
}

#[test]
fn stdin_with_forced_encoding() {
    let gbk = encoding_rs::GBK.encode(&page(1)).0.into_owned();
    let run = |args: &[&str]| {
        let mut child = Command::new(BIN)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(&gbk).unwrap();
        child.wait_with_output().unwrap()
    };
    let detected = run(&["--jsonl", "-q", "-"]);
    let doc: serde_json::Value = serde_json::from_slice(&detected.stdout).unwrap();
    assert_eq!(doc["source"], "-");
    assert_eq!(doc["encoding"], "GB18030");
    let forced = run(&["--jsonl", "-q", "--encoding", "gbk", "-"]);
    let doc: serde_json::Value = serde_json::from_slice(&forced.stdout).unwrap();
    assert_eq!(doc["encoding"], "GBK");
    let wrong = run(&["--jsonl", "-q", "--encoding", "utf-8", "-"]);
    assert_eq!(wrong.status.code(), Some(1));
    assert!(
        stderr(&wrong).starts_with("-: not text in any supported encoding"),
        "{}",
        stderr(&wrong)
    );
    // The failed input is a line of the stream: its source and the same message.
    let line: serde_json::Value = serde_json::from_slice(&wrong.stdout).unwrap();
    assert_eq!(line["source"], "-");
    assert!(line["error"]
        .as_str()
        .unwrap()
        .starts_with("not text in any supported encoding"));
}

#[test]
fn same_name_files_given_directly_do_not_overwrite_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for sub in ["a", "b"] {
        fs::create_dir(d.join(sub)).unwrap();
        fs::write(d.join(sub).join("page1.txt"), page(1)).unwrap();
    }
    let o = ocrclean(d, &["-q", "--out", "out", "a/page1.txt", "b/page1.txt"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("b/page1.txt: its outputs out/page1.* would overwrite"),
        "{}",
        stderr(&o)
    );
    // The report is in finishing order: find each line by its path.
    let lines = report(&d.join("out"));
    let status = |path: &str| {
        lines
            .iter()
            .find(|l| l["path"] == path)
            .map(|l| l["status"].clone())
    };
    assert_eq!(status("a/page1.txt"), Some("ok".into()));
    assert_eq!(status("b/page1.txt"), Some("error".into()));
    // Given as one folder, both are converted, side by side.
    let o = ocrclean(d, &["-q", "--out", "out2", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(d.join("out2/a/page1.json").exists() && d.join("out2/b/page1.json").exists());
    // The earlier run's folder `out` (it holds a report) is not read as input.
    assert_eq!(report(&d.join("out2")).len(), 2);
}

#[test]
fn output_folder_inside_the_input_folder_is_not_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("p.txt"), page(1)).unwrap();
    for _ in 0..2 {
        let o = ocrclean(d, &["-q", "--out", "clean", "."]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let lines = report(&d.join("clean"));
        assert_eq!(lines.len(), 1, "{lines:?}");
    }
}

#[test]
fn glob_selects_files_in_folders() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join("in/x")).unwrap();
    fs::write(d.join("in/x/a.page"), page(1)).unwrap();
    fs::write(d.join("in/x/b.txt"), page(2)).unwrap();
    let o = ocrclean(d, &["-q", "--jsonl", "--glob", "*.page", "in"]);
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(out.lines().count(), 1);
    assert!(out.contains("a.page"));
    // A folder with nothing matching is an error, not a silent success.
    let o = ocrclean(d, &["-q", "--jsonl", "--glob", "*.none", "in"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("in: no files matching '*.none'"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn resume_skips_up_to_date_outputs_only() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir(d.join("in")).unwrap();
    for i in 0..3 {
        fs::write(d.join(format!("in/p{i}.txt")), page(i)).unwrap();
    }
    let first = ocrclean(d, &["-q", "--out", "out", "in"]);
    assert_eq!(first.status.code(), Some(0));
    // p1 changes after its outputs were written; p2 lost an output.
    let later = SystemTime::now() + Duration::from_secs(5);
    let p1 = fs::File::options()
        .append(true)
        .open(d.join("in/p1.txt"))
        .unwrap();
    p1.set_modified(later).unwrap();
    fs::remove_file(d.join("out/p2.md")).unwrap();
    let second = ocrclean(d, &["--out", "out", "--resume", "--jsonl", "in"]);
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    // --resume continues the earlier report: its 3 lines, then this run's 3.
    let mut lines = report(&d.join("out"));
    assert_eq!(lines.len(), 6);
    let mut this_run = lines.split_off(3);
    this_run.sort_by_key(|l| l["path"].as_str().unwrap().to_string());
    let resumed: Vec<bool> = this_run
        .iter()
        .map(|l| l["resumed"].as_bool().unwrap())
        .collect();
    assert_eq!(resumed, [true, false, false]);
    assert!(d.join("out/p2.md").exists());
    // Resumed inputs still print their JSON line, in order.
    assert_eq!(
        String::from_utf8(second.stdout.clone())
            .unwrap()
            .lines()
            .count(),
        3
    );
    assert!(
        stderr(&second).contains("(1 up to date, skipped)"),
        "{}",
        stderr(&second)
    );
}

#[test]
fn closed_stdout_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for i in 0..2000 {
        fs::write(d.join(format!("p{i:04}.txt")), page(i)).unwrap();
    }
    let mut child = Command::new(BIN)
        .current_dir(d)
        .args(["--jsonl", "."])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 100];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout); // like `| head -c 100`
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stderr(&o), "", "a closed pipe is a normal end");
}

/// `--files-from` (newline or NUL lists) and `--report PATH`, which successive runs (xargs
/// batches) append to.
#[test]
fn file_lists_and_a_report_that_runs_add_to() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for seed in 0..3u64 {
        fs::write(
            d.join(format!("p{seed}.txt")),
            ocrclean_synth::generate(seed).bytes,
        )
        .unwrap();
    }
    fs::write(d.join("list.txt"), "p0.txt\n\np1.txt\nmissing.txt\n").unwrap();
    fs::write(d.join("list0.txt"), "p2.txt\0").unwrap();
    let run = |list: &str| {
        Command::new(BIN)
            .current_dir(d)
            .args([
                "--jsonl",
                "-q",
                "--report",
                "all.jsonl",
                "--files-from",
                list,
            ])
            .output()
            .unwrap()
    };
    let first = run("list.txt");
    assert_eq!(first.status.code(), Some(1), "missing.txt fails");
    let sources: Vec<String> = String::from_utf8(first.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["source"].to_string())
        .collect();
    assert_eq!(sources, ["\"p0.txt\"", "\"p1.txt\"", "\"missing.txt\""]);
    let second = run("list0.txt");
    assert_eq!(second.status.code(), Some(0));
    let report = fs::read_to_string(d.join("all.jsonl")).unwrap();
    let mut paths: Vec<String> = report
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["path"].to_string())
        .collect();
    paths.sort();
    assert_eq!(
        paths,
        ["\"missing.txt\"", "\"p0.txt\"", "\"p1.txt\"", "\"p2.txt\""]
    );
}

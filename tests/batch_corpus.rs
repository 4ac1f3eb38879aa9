//! Issue 3's batch test: a folder of a few hundred good pages plus every kind of bad input,
//! converted by the real binary with `--jobs 1` and `--jobs 2`.
//!
//! Checks: every bad input is reported (stderr and report), the exit status is 1, no
//! temporary or partial files remain, inputs are untouched, outputs mirror the folder tree
//! (equal file names in different folders do not collide), every good page is `ok` with
//! outputs that exist and parse, and both job counts give byte-identical outputs, reports
//! and JSONL.
//!
//! Generated pages (`ocrclean_synth`, exact truth) are in the corpus too: on those with
//! both renderings the batch's JSON must hold the true paragraphs, footnotes and title, and
//! every generated page's JSON must be the library's own conversion of it (the batch path
//! changes nothing). Table grids are checked page by page in `tests/synth_pages.rs`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_ocrclean");

const SENTENCES: &[&str] = &[
    "城市道路网络的布局直接影响居民的出行效率。",
    "本文提出一种新的评价方法,并以三个城市为例进行比较。",
    "结果表明,该方法简单可行,适合在规划初期使用。",
    "随着机动车数量的增长,交通拥堵问题日益突出。",
    "公共交通的分担率是衡量城市交通结构的重要指标。",
    "研究区域的数据来自2019年的交通调查。",
    "在此基础上,我们讨论了路网密度与出行时间的关系。",
    "这一结论与已有研究基本一致。①",
];

/// A small page of the scraped kind: widget line, one body line with a space at each
/// printed line end (about 43 characters), page-turn widget and site footer.
fn good_page(seed: usize) -> String {
    let mut body = String::from("城市交通规划的方法与实践 ");
    let mut line = 0;
    for i in 0..6 + seed % 7 {
        for c in SENTENCES[(seed * 7 + i * 3) % SENTENCES.len()].chars() {
            body.push(c);
            line += 1;
            if line == 43 {
                body.push(' ');
                line = 0;
            }
        }
    }
    format!("正在加载图片...\n{body}\n<<向上翻页向下翻页>>\n©2008-现在 cucdc.com 高等教育资讯网 版权所有")
}

struct Corpus {
    _dir: tempfile::TempDir,
    root: PathBuf,
    /// Relative input path → expected error (None = ok).
    expect: BTreeMap<String, Option<&'static str>>,
    /// Relative input path of a generated page → the page.
    generated: BTreeMap<String, ocrclean_synth::GeneratedPage>,
}

/// Generated pages in the corpus.
const GENERATED: u64 = 150;

fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

fn build_corpus() -> Corpus {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    let mut expect = BTreeMap::new();
    // 200 good pages in 5 folders, the same 40 file names in each folder.
    for vol in 0..5 {
        for n in 0..40 {
            let rel = format!("vol{vol}/p{n:02}.txt");
            write(&root, &rel, good_page(vol * 40 + n).as_bytes());
            expect.insert(rel, None);
        }
    }
    let mut generated = BTreeMap::new();
    for seed in 0..GENERATED {
        let rel = format!("synth/s{}/page{:04}.txt", seed % 3, seed);
        let page = ocrclean_synth::generate(seed);
        write(&root, &rel, &page.bytes);
        expect.insert(rel.clone(), None);
        generated.insert(rel, page);
    }
    let page = good_page(3);
    let mut add = |rel: &str, bytes: &[u8], error: Option<&'static str>| {
        write(&root, rel, bytes);
        expect.insert(rel.to_string(), error);
    };
    add("deep/a/b/c/p00.txt", page.as_bytes(), None);
    let crlf = page.replace('\n', "\r\n");
    add(
        "enc/crlf-bom.txt",
        &[b"\xEF\xBB\xBF", crlf.as_bytes()].concat(),
        None,
    );
    add(
        "enc/gb18030.txt",
        &encoding_rs::GB18030.encode(&page).0,
        None,
    );
    let utf16: Vec<u8> = page.encode_utf16().flat_map(u16::to_le_bytes).collect();
    add(
        "enc/utf16le.txt",
        &[&b"\xFF\xFE"[..], &utf16].concat(),
        None,
    );
    // Cut inside the last (3-byte) character: converted, the damage reported.
    add("bad/cut.txt", &page.as_bytes()[..page.len() - 1], None);
    add("bad/empty.txt", b"", Some("empty file"));
    add("bad/nul-junk.txt", &[0u8; 5000], Some("binary file"));
    let mut half_nul = page.as_bytes().to_vec();
    half_nul.extend_from_slice(&[0u8; 512]);
    add("bad/page-then-nul.txt", &half_nul, Some("binary file"));
    let controls: Vec<u8> = (1u8..32).cycle().take(2000).collect();
    add("bad/controls.txt", &controls, Some("binary file"));
    add("bad/blank.txt", b" \n \r\n\t\n", Some("no page body"));
    let big = page.repeat(100_000 / page.len() + 1);
    add(
        "bad/big.txt",
        big.as_bytes(),
        Some("over the --max-bytes limit"),
    );
    // Not an input: the glob is *.txt.
    write(&root, "vol0/notes.csv", b"a,b\n");
    Corpus {
        _dir: dir,
        root,
        expect,
        generated,
    }
}

/// Every file under `dir`, relative path → bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap();
            let mut bytes = fs::read(entry.path()).unwrap();
            if rel.as_os_str() == "ocrclean-report.jsonl" {
                // Lines in finishing order: compare them as a set.
                let mut lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
                lines.sort();
                bytes = lines.join(&b'\n');
            }
            files.insert(rel.display().to_string(), bytes);
        }
    }
    files
}

/// Runs the binary in `cwd` on the corpus with `--out out` and the given extra flags.
fn run(cwd: &Path, corpus: &Path, extra: &[&str]) -> Output {
    fs::create_dir_all(cwd).unwrap();
    Command::new(BIN)
        .current_dir(cwd)
        .args(["--out", "out", "--max-bytes", "64K", "--quiet"])
        .args(extra)
        .arg(corpus)
        .output()
        .unwrap()
}

#[test]
fn corpus_with_bad_inputs() {
    let corpus = build_corpus();
    let before = snapshot(&corpus.root);
    let work = corpus.root.parent().unwrap().join("work");
    let runs: Vec<(PathBuf, Output)> = ["1", "2"]
        .iter()
        .map(|jobs| {
            let cwd = work.join(format!("jobs{jobs}"));
            let output = run(&cwd, &corpus.root, &["--jobs", jobs, "--jsonl"]);
            (cwd, output)
        })
        .collect();
    assert_eq!(snapshot(&corpus.root), before, "inputs were modified");

    for (cwd, output) in &runs {
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "stderr:\n{stderr}");
        let out = cwd.join("out");

        // Every error on stderr as `path: message`, and every input in the report.
        let report = fs::read_to_string(out.join("ocrclean-report.jsonl")).unwrap();
        let lines: Vec<serde_json::Value> = report
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(
            lines.len(),
            corpus.expect.len(),
            "one report line per input"
        );
        for line in &lines {
            let path = line["path"].as_str().unwrap();
            let rel = Path::new(path)
                .strip_prefix(&corpus.root)
                .unwrap()
                .display()
                .to_string();
            let expected = corpus
                .expect
                .get(&rel)
                .unwrap_or_else(|| panic!("unexpected input {path}"));
            match expected {
                Some(message) => {
                    assert_eq!(line["status"], "error", "{line}");
                    let error = line["error"].as_str().unwrap();
                    assert!(error.contains(message), "{path}: {error}");
                    assert!(
                        stderr.contains(&format!("{path}: {error}")),
                        "{path} not on stderr:\n{stderr}"
                    );
                    assert_eq!(line["outputs"], serde_json::json!([]));
                }
                None => {
                    assert_eq!(line["status"], "ok", "{line}");
                    let outputs = line["outputs"].as_array().unwrap();
                    assert!(outputs.len() >= 3, "{line}");
                    for output in outputs {
                        let file = cwd.join(output.as_str().unwrap());
                        let text = fs::read_to_string(&file).unwrap();
                        if file.extension().unwrap() == "json" {
                            let doc: ocrclean::model::Document =
                                serde_json::from_str(&text).unwrap();
                            assert_eq!(doc.source, path);
                            if let Some(page) = corpus.generated.get(&rel) {
                                check_generated(path, page, &doc);
                            }
                        }
                    }
                    // Outputs mirror the input's path under the folder given.
                    let stem = rel.trim_end_matches(".txt");
                    assert_eq!(
                        outputs.last().unwrap().as_str().unwrap(),
                        format!("out/{stem}.json")
                    );
                }
            }
        }

        let by_path = |rel: &str| {
            lines
                .iter()
                .find(|l| l["path"].as_str().unwrap().ends_with(rel))
                .unwrap()
                .clone()
        };
        assert_eq!(by_path("enc/gb18030.txt")["encoding"], "GB18030");
        assert_eq!(by_path("enc/utf16le.txt")["encoding"], "UTF-16LE");
        assert_eq!(by_path("enc/crlf-bom.txt")["encoding"], "UTF-8");
        // The cut page is converted, and its damage is reported, not hidden.
        let cut = by_path("bad/cut.txt");
        assert_eq!(cut["replacement_chars"], 1);
        assert!(stderr.contains("bad/cut.txt: warning: 1 byte sequence(s) not valid UTF-8"));

        // No temporary or stray files: exactly txt/md/json per good input (no tables in
        // these pages; a table would add STEM.tableN.csv), plus the report.
        let files = snapshot(&out);
        assert!(
            files.keys().all(|f| !f.ends_with(".tmp")),
            "temp files left"
        );
        let good = corpus.expect.values().filter(|e| e.is_none()).count();
        let csvs = files.keys().filter(|f| f.ends_with(".csv")).count();
        assert_eq!(files.len(), good * 3 + csvs + 1, "{:?}", files.keys());
        assert!(files.contains_key("vol0/p00.json") && files.contains_key("vol4/p00.json"));
        assert!(files.contains_key("deep/a/b/c/p00.md"));
        assert!(!files.keys().any(|f| f.contains("notes")));

        // stdout: one JSON line per input, in input order: the document of a good one,
        // {"source", "error"} for a failed one, with the report's message.
        let stdout = String::from_utf8(output.stdout.clone()).unwrap();
        let streamed: Vec<(String, Option<String>)> = stdout
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                if v.get("error").is_some() {
                    assert_eq!(v.as_object().unwrap().len(), 2, "{l}");
                } else {
                    let _: ocrclean::model::Document = serde_json::from_str(l).unwrap();
                }
                let error = v["error"].as_str().map(String::from);
                (v["source"].as_str().unwrap().to_string(), error)
            })
            .collect();
        let reported: Vec<(String, Option<String>)> = lines
            .iter()
            .map(|l| {
                let error = l["error"].as_str().map(String::from);
                (l["path"].as_str().unwrap().to_string(), error)
            })
            .collect();
        // The report is appended as inputs finish (so a killed run still names every page
        // it finished): in input order with one job, in finishing order with more.
        let (mut streamed, mut reported) = (streamed, reported);
        streamed.sort();
        reported.sort();
        assert_eq!(streamed, reported);
    }

    // Byte-identical whatever the number of jobs: files, report, stdout and stderr.
    let (a, b) = (&runs[0], &runs[1]);
    assert!(
        snapshot(&a.0.join("out")) == snapshot(&b.0.join("out")),
        "outputs differ between --jobs 1 and 2"
    );
    assert!(
        a.1.stdout == b.1.stdout,
        "stdout differs between --jobs 1 and 2"
    );
    assert_eq!(
        String::from_utf8_lossy(&a.1.stderr),
        String::from_utf8_lossy(&b.1.stderr)
    );
}

/// A generated page converted by the batch: the library's conversion, and on pages with
/// both renderings the true text.
fn check_generated(
    path: &str,
    page: &ocrclean_synth::GeneratedPage,
    doc: &ocrclean::model::Document,
) {
    let direct = ocrclean::convert(path, &page.bytes, &ocrclean::Options::default()).unwrap();
    assert!(
        direct == *doc,
        "{path}: batch output differs from the library's conversion"
    );
    if page.features.both_passes {
        assert_eq!(doc.paragraphs, page.truth.paragraphs, "{path}: paragraphs");
        let footnotes: Vec<(String, String)> = doc
            .footnotes
            .iter()
            .map(|f| (f.mark.clone(), f.text.clone()))
            .collect();
        assert_eq!(footnotes, page.truth.footnotes, "{path}: footnotes");
        assert_eq!(
            doc.title.as_deref(),
            Some(page.truth.title.as_str()),
            "{path}: title"
        );
    }
}

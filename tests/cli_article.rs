//! `--article`: a folder of one article's page files becomes one document.

use std::process::Command;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ocrclean"))
        .args(args)
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn page_files_assemble_in_printed_order_and_sentences_run_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("paper");
    std::fs::create_dir(&folder).unwrap();
    // File names in the opposite order of the printed page numbers.
    std::fs::write(folder.join("a.txt"), "第二页接着把这句话写完。 -8-").unwrap();
    std::fs::write(folder.join("b.txt"), "第一页的正文写到这里还没有写完 -7-").unwrap();
    let (status, stdout, stderr) = run(&["--article", "--jsonl", folder.to_str().unwrap()]);
    assert_eq!(status, 0, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1);
    let doc: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(doc["source"], "paper");
    assert_eq!(
        doc["paragraphs"][0],
        "第一页的正文写到这里还没有写完第二页接着把这句话写完。"
    );
    assert_eq!(doc["pages"][0]["printed_number"], "7");
    assert_eq!(doc["accounting"]["unaccounted"], 0);
}

#[test]
fn a_failing_page_fails_the_article_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("paper");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("a.txt"), "正文一页写完。 -1-").unwrap();
    std::fs::write(folder.join("b.txt"), [0xffu8, 0xfe, 0, 0, 0xff, 0, 0xd8]).unwrap();
    let out = dir.path().join("out");
    let (status, stdout, stderr) = run(&[
        "--article",
        "--out",
        out.to_str().unwrap(),
        folder.to_str().unwrap(),
    ]);
    assert_eq!(status, 1, "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.contains("b.txt"), "{stderr}");
    assert!(!out.join("paper.json").exists());
}

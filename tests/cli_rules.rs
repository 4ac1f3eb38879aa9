//! `--rules FILE`: a user's rule removes a made-up widget and the removal names the rule; a
//! broken or missing rules file is a usage error (exit 2) naming the file, before any input
//! is read.

use serde_json::Value;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_ocrclean");

/// A made-up mirror page: a share widget above the article, one paragraph, a footer.
const PAGE: &str = "分享到：微信 微博\n甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥。\n©2012 example.org 版权所有\n";

const RULES: &str = r#"
[[rule]]
name = "share-bar"
kind = "widget"
where = "site_header"
pattern = '分享到[:：]?(?:\s*(?:微信|微博|QQ))+'
examples = ["分享到：微信 微博"]
keeps = ["他把文章分享到微信群里。"]
"#;

fn run(args: &[&str]) -> std::process::Output {
    Command::new(BIN).args(args).output().unwrap()
}

#[test]
fn a_user_rule_removes_a_widget_and_names_itself() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.txt");
    let rules = dir.path().join("mine.toml");
    std::fs::write(&page, PAGE).unwrap();
    std::fs::write(&rules, RULES).unwrap();

    let without = run(&["--jsonl", "-q", page.to_str().unwrap()]);
    assert!(without.status.success());
    let doc: Value = serde_json::from_slice(&without.stdout).unwrap();
    assert!(doc["paragraphs"].to_string().contains("分享到"), "{doc}");

    let with = run(&[
        "--jsonl",
        "-q",
        "--rules",
        rules.to_str().unwrap(),
        page.to_str().unwrap(),
    ]);
    assert!(
        with.status.success(),
        "{}",
        String::from_utf8_lossy(&with.stderr)
    );
    let doc: Value = serde_json::from_slice(&with.stdout).unwrap();
    assert!(!doc["paragraphs"].to_string().contains("分享到"), "{doc}");
    let removed: Vec<(String, String)> = doc["removed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["kind"].as_str().unwrap().to_string(),
                r["rule"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        removed,
        [
            ("widget".to_string(), "share-bar".to_string()),
            ("site_footer".to_string(), "site-footer".to_string())
        ]
    );
}

#[test]
fn a_broken_or_missing_rules_file_is_a_usage_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.toml");
    std::fs::write(
        &broken,
        "[[rule]]\nname = \"x\"\nkind = \"gadget\"\npattern = 'y'\n",
    )
    .unwrap();
    // The input does not exist: the rules are refused before any input is looked at.
    let missing_input = dir.path().join("no-such-page.txt");
    let out = run(&[
        "--rules",
        broken.to_str().unwrap(),
        missing_input.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("broken.toml"), "{stderr}");
    assert!(stderr.contains("line 3"), "{stderr}");
    assert!(stderr.contains("unknown kind \"gadget\""), "{stderr}");
    assert!(!stderr.contains("no-such-page"), "{stderr}");

    let absent = dir.path().join("absent.toml");
    let out = run(&["--rules", absent.to_str().unwrap(), "-"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("absent.toml") && stderr.contains("cannot read the file"),
        "{stderr}"
    );
}

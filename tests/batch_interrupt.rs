//! Ctrl-C during a batch: new files stop, files in progress finish, and only complete
//! outputs remain (no temporary files, every written page has all its files, the report
//! lists exactly the pages written).

use std::collections::BTreeSet;
use std::fs;
use std::process::{Command, Stdio};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_ocrclean");

#[test]
fn interrupt_leaves_only_complete_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    let body = "城市道路网络的布局直接影响居民的出行效率,本文提 出一种新的评价方法。".repeat(20);
    for i in 0..4000 {
        fs::write(
            input.join(format!("p{i:04}.txt")),
            format!("正在加载图片...\n{body}{i}\n<<向上翻页向下翻页>>"),
        )
        .unwrap();
    }
    let out = dir.path().join("out");
    let child = Command::new(BIN)
        .args(["--jobs", "1", "--out"])
        .arg(&out)
        .arg(&input)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until some outputs exist, then press Ctrl-C.
    for _ in 0..200 {
        if out.join("p0000.json").exists() {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let o = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    // One job converts a page in about a millisecond: 4,000 pages take seconds, the signal
    // comes within milliseconds of the first output, so the run must have been cut short.
    assert_eq!(o.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");

    let mut stems: BTreeSet<String> = BTreeSet::new();
    let mut files = 0;
    for entry in fs::read_dir(&out).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(!name.ends_with(".tmp"), "temporary file left: {name}");
        if name != "ocrclean-report.jsonl" {
            files += 1;
            stems.insert(name.split('.').next().unwrap().to_string());
        }
    }
    assert_eq!(
        files,
        stems.len() * 3,
        "every page written has .json, .txt and .md"
    );
    let report = fs::read_to_string(out.join("ocrclean-report.jsonl")).unwrap();
    // Pages of the chunk under way that Ctrl-C kept from starting are reported as such.
    let reported: BTreeSet<String> = report
        .lines()
        .filter_map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (v["status"] != "not_started").then_some(v)
        })
        .map(|v| {
            assert_eq!(v["status"], "ok");
            let path = v["path"].as_str().unwrap().to_string();
            path.rsplit('/')
                .next()
                .unwrap()
                .trim_end_matches(".txt")
                .to_string()
        })
        .collect();
    assert_eq!(
        reported, stems,
        "the report lists exactly the pages written"
    );
    assert!(
        !stems.is_empty(),
        "pages converted before the interrupt are kept"
    );
    assert!(stems.len() < 4000, "the interrupt stopped the batch early");
}

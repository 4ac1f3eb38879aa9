//! `--records` (JSON Lines in, one document per record out) gives the same documents as
//! converting the same pages as files, in order, and a bad record does not stop the stream.

use base64::Engine as _;
use serde_json::Value;
use std::io::Write;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_ocrclean");
const PAGES: u64 = 1000;
/// Where the corrupt record goes.
const CORRUPT_AT: usize = 500;

#[test]
fn records_equal_per_file_outputs_and_a_corrupt_record_is_an_error_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut records = String::new();
    let mut files = Vec::new();
    for seed in 0..PAGES {
        if records.lines().count() == CORRUPT_AT {
            records.push_str("{\"id\": \"broken\", \"base64\": \"not base64!\"}\n");
        }
        let page = ocrclean_synth::generate(seed);
        let path = dir.path().join(format!("p{seed:04}.txt"));
        std::fs::write(&path, &page.bytes).unwrap();
        files.push(path);
        let b64 = base64::engine::general_purpose::STANDARD.encode(&page.bytes);
        records.push_str(&format!(
            "{{\"id\": {seed}, \"base64\": \"{b64}\", \"batch\": \"b1\"}}\n"
        ));
    }

    let mut child = Command::new(BIN)
        .args(["--records", "--quiet", "--jobs", "2"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(records.as_bytes()).unwrap());
    let streamed = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(streamed.status.code(), Some(1), "one record failed");

    let per_file = Command::new(BIN)
        .args(["--jsonl", "--quiet", "--jobs", "2"])
        .args(&files)
        .output()
        .unwrap();
    assert_eq!(per_file.status.code(), Some(0));

    let streamed: Vec<Value> = String::from_utf8(streamed.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let per_file: Vec<Value> = String::from_utf8(per_file.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(streamed.len(), PAGES as usize + 1);
    assert_eq!(streamed[CORRUPT_AT]["id"], "broken");
    assert!(streamed[CORRUPT_AT]["error"]
        .as_str()
        .unwrap()
        .contains("base64"));

    let documents: Vec<&Value> = streamed
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != CORRUPT_AT)
        .map(|(_, v)| v)
        .collect();
    for (seed, (got, want)) in documents.into_iter().zip(&per_file).enumerate() {
        let mut got = got.clone();
        let mut want = want.clone();
        let got = got.as_object_mut().unwrap();
        assert_eq!(
            got.keys().next().map(String::as_str),
            Some("id"),
            "id comes first"
        );
        assert_eq!(got.remove("id"), Some(Value::from(seed)));
        assert_eq!(
            got.remove("batch"),
            Some(Value::from("b1")),
            "passed through"
        );
        assert_eq!(got.remove("source"), Some(Value::from(seed.to_string())));
        want.as_object_mut().unwrap().remove("source");
        assert_eq!(&Value::Object(got.clone()), &want, "seed {seed}");
    }
}

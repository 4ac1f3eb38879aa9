//! Never panic on any input bytes: arbitrary and page-like byte strings through `decode`,
//! `convert`, every renderer, and the binary's stdin path. (The property of the diff used
//! by `verify` is tested beside it, in `src/cli/verify/diff.rs`.)

use ocrclean::{convert, decode::decode, model::Document, output, Options};
use proptest::prelude::*;
use std::io::Write;
use std::process::{Command, Stdio};

/// Pieces real pages (and damaged ones) are made of.
fn fragment() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(b"\xEF\xBB\xBF".to_vec()),
        Just(b"\xFF\xFE".to_vec()),
        Just(b"\xFE\xFF".to_vec()),
        Just("正在加载图片...\n".as_bytes().to_vec()),
        Just("<<向上翻页向下翻页>>\r\n".as_bytes().to_vec()),
        Just("?1994-2018 China Academic Journal Electronic Publishing House.All rights reserved.http://www.cnki.net".as_bytes().to_vec()),
        Just("Â©2008-现在 cucdc.com".as_bytes().to_vec()),
        Just("表1 数字政府模式差异对比 ".as_bytes().to_vec()),
        Just("(资料来源:作者整理。) ① 注释。".as_bytes().to_vec()),
        Just("-47- — 74 —".as_bytes().to_vec()),
        Just(vec![0u8; 3]),
        Just(b"\r".to_vec()),
        "[\\p{Han}，。、；：“”（） ]{0,60}".prop_map(|s| s.into_bytes()),
        "[\\p{Han}，。 ]{0,40}".prop_map(|s| encoding_rs::GB18030.encode(&s).0.into_owned()),
        "[\\p{Han} ]{0,20}".prop_map(|s| s.encode_utf16().flat_map(u16::to_le_bytes).collect()),
        "\\PC{0,30}".prop_map(|s| s.into_bytes()),
        proptest::collection::vec(any::<u8>(), 0..40),
    ]
}

fn page_like() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(fragment(), 0..24).prop_map(|parts| parts.concat())
}

fn any_encoding() -> impl Strategy<Value = Option<&'static encoding_rs::Encoding>> {
    prop_oneof![
        Just(None),
        Just(Some(encoding_rs::UTF_8)),
        Just(Some(encoding_rs::GB18030)),
        Just(Some(encoding_rs::BIG5)),
        Just(Some(encoding_rs::UTF_16LE)),
        Just(Some(encoding_rs::UTF_16BE)),
        Just(Some(encoding_rs::SHIFT_JIS)),
    ]
}

/// Everything a page goes through, end to end, in memory.
fn exercise(bytes: &[u8], encoding: Option<&'static encoding_rs::Encoding>) {
    if let Ok(decoded) = decode(bytes, encoding) {
        assert!(!decoded.text.contains('\r'));
        assert!(!decoded.text.contains('\0'));
    }
    let options = match encoding {
        Some(e) => Options::new().encoding(e.name()).unwrap(),
        None => Options::new(),
    };
    if let Ok(doc) = convert("p.txt", bytes, &options) {
        for file in output::render_files(&doc) {
            assert!(!file.contents.is_empty() || file.suffix != "json");
        }
        let back: Document = serde_json::from_str(&output::to_json(&doc)).unwrap();
        assert_eq!(back.source, doc.source);
        let line = output::to_jsonl_line(&doc);
        assert_eq!(line.matches('\n').count(), 1);
        let _ = output::to_markdown(&doc);
        let _ = output::to_text(&doc);
    }
}

/// Inputs the property tests once found to panic, replayed every run with every encoding.
#[test]
fn found_cases_never_panic() {
    // A caption line twice, the watermark, then a second BOM and bytes that are not UTF-8
    // (found by `page_like_bytes_never_panic`; panicked in passes with GB18030 forced).
    let cases: [&[u8]; 1] = [b"\xef\xbb\xbf\xe8\xa1\xa81 \xe6\x95\xb0\xe5\xad\x97\xe6\x94\xbf\xe5\xba\x9c\xe6\xa8\xa1\xe5\xbc\x8f\xe5\xb7\xae\xe5\xbc\x82\xe5\xaf\xb9\xe6\xaf\x94 \xe8\xa1\xa81 \xe6\x95\xb0\xe5\xad\x97\xe6\x94\xbf\xe5\xba\x9c\xe6\xa8\xa1\xe5\xbc\x8f\xe5\xb7\xae\xe5\xbc\x82\xe5\xaf\xb9\xe6\xaf\x94 ?1994-2018 China Academic Journal Electronic Publishing House.All rights reserved.http://www.cnki.net\xef\xbb\xbf\x922\xde6\x840\xa38"];
    for bytes in cases {
        for encoding in [
            None,
            Some(encoding_rs::UTF_8),
            Some(encoding_rs::GB18030),
            Some(encoding_rs::BIG5),
            Some(encoding_rs::UTF_16LE),
        ] {
            exercise(bytes, encoding);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096), encoding in any_encoding()) {
        exercise(&bytes, encoding);
    }

    #[test]
    fn page_like_bytes_never_panic(bytes in page_like(), encoding in any_encoding()) {
        exercise(&bytes, encoding);
    }
}

proptest! {
    // Each case starts a process: few cases, but through the real CLI path.
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn cli_never_panics_on_stdin(bytes in page_like()) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ocrclean"))
            .args(["--jsonl", "--quiet", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The child may exit before reading everything; a write error is fine here.
        let _ = child.stdin.take().unwrap().write_all(&bytes);
        let o = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&o.stderr);
        prop_assert!(matches!(o.status.code(), Some(0 | 1)), "status {:?}: {}", o.status, stderr);
        prop_assert!(!stderr.contains("panicked"), "{}", stderr);
        if o.status.code() == Some(0) {
            let doc: Document = serde_json::from_slice(&o.stdout).unwrap();
            prop_assert_eq!(doc.source, "-");
        } else {
            prop_assert!(stderr.starts_with("-: "), "{}", stderr);
        }
    }
}

//! The text fixes [`decode`](super::decode) applies after decoding, in order ([`FIXES`]):
//! line ends to `\n`, Unicode NFC, the two mojibake forms of the copyright sign, and
//! byte-order marks left inside the text. Each is one small function that says what
//! real-world accident it undoes and returns `None` when the text needed nothing.
//!
//! Apart from the decoding (`mod.rs`) because they work on text, not bytes: each is a
//! `&str → Option<(String, count)>` that can run alone (public as `ocrclean::decode::…`).

use super::Fix;
use crate::model::FixKind;
use regex::Regex;
use std::sync::OnceLock;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// A normalization or repair: the fixed text and how many places changed, or `None` when
/// the text needed nothing.
pub(super) type FixFn = fn(&str) -> Option<(String, usize)>;

/// The normalizations and repairs [`decode`](super::decode) applies, in order, with their
/// names.
pub(super) const FIXES: [(FixKind, FixFn); 5] = [
    (FixKind::LineEnds, normalize_line_ends),
    (FixKind::Nfc, normalize_nfc),
    (FixKind::MangledCopyrightSign, fix_mangled_copyright_sign),
    (FixKind::Latin1CopyrightSign, fix_latin1_copyright_sign),
    (FixKind::StrayByteOrderMarks, remove_stray_byte_order_marks),
];

/// Runs one named fix; records it in `fixes` when it changed something.
pub(super) fn apply(text: String, fixes: &mut Vec<Fix>, name: FixKind, fix: FixFn) -> String {
    match fix(&text) {
        Some((fixed, count)) => {
            fixes.push(Fix { name, count });
            fixed
        }
        None => text,
    }
}

/// Windows (`\r\n`) and old Mac (`\r`) line ends → `\n`. Scraped pages saved on Windows
/// carry CRLF; later stages only know `\n`. Returns the text and how many line ends changed,
/// or `None` when there was nothing to change.
///
/// ```
/// use ocrclean::decode::normalize_line_ends;
/// assert_eq!(normalize_line_ends("a\r\nb\rc"), Some(("a\nb\nc".to_string(), 2)));
/// assert_eq!(normalize_line_ends("a\nb"), None); // already clean: left alone
/// ```
pub fn normalize_line_ends(text: &str) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    memchr::memchr(b'\r', bytes)?;
    // One pass: each `\r` becomes `\n`, swallowing a `\n` right after it.
    let mut out = String::with_capacity(text.len());
    let (mut count, mut start) = (0, 0);
    for at in memchr::memchr_iter(b'\r', bytes) {
        out.push_str(&text[start..at]);
        out.push('\n');
        count += 1;
        start = if bytes.get(at + 1) == Some(&b'\n') {
            at + 2
        } else {
            at + 1
        };
    }
    out.push_str(&text[start..]);
    Some((out, count))
}

/// Unicode NFC: composes decomposed sequences (`e` + U+0301 → `é`) so equal text compares
/// equal. Deliberately not NFKC, which would fold the page's full-width punctuation
/// (`，` `：` `（`) into ASCII and change what was printed. Returns `None` when the text is
/// already NFC (the usual case).
///
/// ```
/// use ocrclean::decode::normalize_nfc;
/// assert_eq!(normalize_nfc("Cafe\u{301}"), Some(("Café".to_string(), 1)));
/// assert_eq!(normalize_nfc("方法、实践：（１）"), None); // full-width kept as printed
/// ```
pub fn normalize_nfc(text: &str) -> Option<(String, usize)> {
    if all_nfc_starters(text) {
        return None;
    }
    // The quick check looks every non-ASCII char up in two tables; the chars of a Chinese
    // page are answered by a range test instead (they behave exactly as ASCII does there).
    let quick = is_nfc_quick(
        text.chars()
            .map(|c| if is_nfc_starter(c) { 'a' } else { c }),
    );
    if quick == IsNormalized::Yes {
        return None;
    }
    let normalized: String = text.nfc().collect();
    (normalized != text).then_some((normalized, 1))
}

/// Whether every char of `text` passes [`is_nfc_starter`] (then the text is NFC). Walks
/// the bytes: ASCII and the 3-byte chars U+4000..U+9FFF (lead bytes E4..E9: ideographs)
/// are decided by their first byte, the rest by [`is_nfc_starter`].
fn all_nfc_starters(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            0..=0x7f => i += 1,
            0xe4..=0xe9 => i += 3,
            _ => match text[i..].chars().next() {
                Some(c) if is_nfc_starter(c) => i += c.len_utf8(),
                _ => return false,
            },
        }
    }
    true
}

/// Whether `c` is a starter (canonical combining class 0) that is NFC_Quick_Check=Yes, in
/// the ranges a Chinese page is made of: Latin below the combining marks, general
/// punctuation, enclosed numbers (`①`), CJK symbols and punctuation, CJK ideographs, and
/// the full-width forms. Such a char is never changed or reordered by NFC, as ASCII
/// (a test checks every char of these ranges against the Unicode tables).
fn is_nfc_starter(c: char) -> bool {
    matches!(c,
        '\0'..='\u{2FF}'
        | '\u{2010}'..='\u{2027}'
        | '\u{2030}'..='\u{205E}'
        | '\u{2460}'..='\u{24FF}'
        | '\u{2500}'..='\u{25FF}'
        | '\u{3000}'..='\u{3029}'
        | '\u{3030}'..='\u{303F}'
        | '\u{3400}'..='\u{9FFF}'
        | '\u{FF01}'..='\u{FFEF}')
}

/// The body of the mangled-copyright pattern, after the `?` or U+FFFD that stands for `©`.
const MANGLED_COPYRIGHT_REST: &str = r"(?:1[89]|20)\d\d-(?:1[89]|20)\d\d ?[A-Za-z][^\n]{0,80}?(?i:journal|publishing|press|copyright|rights reserved)";

/// The pattern anchored at the char after a `?` or U+FFFD.
fn mangled_copyright_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(r"\A(?:{MANGLED_COPYRIGHT_REST})"))
            .expect("the mangled-copyright pattern is a valid regex")
    })
}

/// `?1994-2018 … Journal Electronic Publishing House…` → `©1994-2018 …`.
///
/// The CNKI watermark's `©` was written out in an encoding without it (GBK has no `©`),
/// which stored a literal `?` (or a decoder later put U+FFFD there). Only a `?` or U+FFFD
/// directly before a `YYYY-YYYY` year range followed by Latin publisher or copyright text is
/// changed; a question mark in running text is left alone. One char replaces one char, so
/// char offsets are unchanged.
///
/// ```
/// use ocrclean::decode::fix_mangled_copyright_sign;
/// let page = "?1994-2018 Example Academic Journal Electronic Publishing House.";
/// let (fixed, n) = fix_mangled_copyright_sign(page).unwrap();
/// assert_eq!(fixed, "©1994-2018 Example Academic Journal Electronic Publishing House.");
/// assert_eq!(n, 1);
/// // A real question mark before a year range in prose is not touched:
/// assert_eq!(fix_mangled_copyright_sign("为什么?2017-2018年增长"), None);
/// ```
pub fn fix_mangled_copyright_sign(text: &str) -> Option<(String, usize)> {
    // One pass over the candidates (each `?` and U+FFFD, in order): the rest of the pattern
    // is tried anchored right after each. These are exactly the matches of a leftmost-first
    // search for `[?\x{FFFD}](REST)`: the first candidate where REST matches starts the
    // leftmost match, and the search goes on after its end (candidates inside are skipped).
    let bytes = text.as_bytes();
    let question = memchr::memchr_iter(b'?', bytes).map(|at| (at, 1));
    let replacement = memchr::memmem::find_iter(bytes, "\u{FFFD}".as_bytes()).map(|at| (at, 3));
    let mut candidates: Vec<(usize, usize)> = question.chain(replacement).collect();
    if candidates.is_empty() {
        return None;
    }
    candidates.sort_unstable();
    let re = mangled_copyright_regex();
    let mut out = String::new();
    let (mut copied, mut count) = (0, 0);
    for (at, len) in candidates {
        if at < copied {
            continue;
        }
        let Some(m) = re.find(&text[at + len..]) else {
            continue;
        };
        out.push_str(&text[copied..at]);
        out.push('©');
        copied = at + len;
        count += 1;
        // The matched rest is copied with the text after it; skip candidates inside it.
        out.push_str(&text[copied..copied + m.end()]);
        copied += m.end();
    }
    if count == 0 {
        return None;
    }
    out.push_str(&text[copied..]);
    Some((out, count))
}

/// `Â©` → `©`: the UTF-8 bytes of `©` (C2 A9) read as Latin-1/Windows-1252 become `Â©`,
/// a classic mojibake in copyright lines that passed through a Western-European tool.
///
/// ```
/// use ocrclean::decode::fix_latin1_copyright_sign;
/// assert_eq!(fix_latin1_copyright_sign("Â©2008 example.org"), Some(("©2008 example.org".to_string(), 1)));
/// assert_eq!(fix_latin1_copyright_sign("©2008 example.org"), None);
/// ```
pub fn fix_latin1_copyright_sign(text: &str) -> Option<(String, usize)> {
    memchr::memmem::find(text.as_bytes(), "Â©".as_bytes())?;
    let count = text.matches("Â©").count();
    Some((text.replace("Â©", "©"), count))
}

/// Removes U+FEFF inside the text. A byte-order mark belongs only at the start of a file
/// (where [`decode`](super::decode) already drops it); one further in comes from files
/// concatenated after each was saved with a mark, and as a "zero-width no-break space" it
/// would sit invisibly between characters and break matching.
///
/// ```
/// use ocrclean::decode::remove_stray_byte_order_marks;
/// assert_eq!(remove_stray_byte_order_marks("第一页\u{FEFF}第二页"), Some(("第一页第二页".to_string(), 1)));
/// assert_eq!(remove_stray_byte_order_marks("第一页"), None);
/// ```
pub fn remove_stray_byte_order_marks(text: &str) -> Option<(String, usize)> {
    memchr::memmem::find(text.as_bytes(), "\u{FEFF}".as_bytes())?;
    let count = text.matches('\u{FEFF}').count();
    Some((text.replace('\u{FEFF}', ""), count))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::{decode, Decoded};

    fn names(d: &Decoded) -> Vec<&'static str> {
        d.fixes.iter().map(|f| f.name.name()).collect()
    }

    #[test]
    fn crlf_and_cr_become_lf() {
        let d = decode("一\r\n二\r三\n".as_bytes(), None).unwrap();
        assert_eq!(d.text, "一\n二\n三\n");
        assert_eq!(names(&d), ["line_ends"]);
    }

    #[test]
    fn nfc_keeps_full_width_punctuation() {
        let d = decode("方法、实践：（１）Cafe\u{301}".as_bytes(), None).unwrap();
        assert_eq!(d.text, "方法、实践：（１）Café");
        assert_eq!(names(&d), ["nfc"]);
    }

    #[test]
    fn watermark_copyright_sign_is_repaired() {
        let page = "的方法?1994-2018 Example Academic Journal Electronic Publishing House.All rights reserved.http://www.example.net的方法";
        let d = decode(page.as_bytes(), None).unwrap();
        assert!(d.text.contains("的方法©1994-2018 Example Academic"));
        assert_eq!(d.text.chars().count(), page.chars().count());
        assert_eq!(
            d.fixes,
            [Fix {
                name: FixKind::MangledCopyrightSign,
                count: 1
            }]
        );
    }

    #[test]
    fn question_mark_before_years_without_latin_text_is_kept() {
        for text in [
            "是否?2017-2018年",
            "?1994-2018 年度报告",
            "? 1994-2018 Example Academic Journal",
        ] {
            assert_eq!(fix_mangled_copyright_sign(text), None, "{text}");
        }
    }

    #[test]
    fn byte_order_marks_of_concatenated_files_are_removed() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice("第一页\n".as_bytes());
        bytes.extend_from_slice(b"\xEF\xBB\xBF");
        bytes.extend_from_slice("第二页".as_bytes());
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.text, "第一页\n第二页");
        assert_eq!(names(&d), ["stray_byte_order_marks"]);
    }

    #[test]
    fn latin1_copyright_is_repaired() {
        let d = decode("Â©2010-现在 example.org".as_bytes(), None).unwrap();
        assert_eq!(d.text, "©2010-现在 example.org");
        assert_eq!(names(&d), ["latin1_copyright_sign"]);
    }

    #[test]
    fn nfc_starters_are_nfc_quick_yes_with_class_zero() {
        use unicode_normalization::char::canonical_combining_class;
        let mut checked = 0;
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            if !is_nfc_starter(c) {
                continue;
            }
            checked += 1;
            assert_eq!(canonical_combining_class(c), 0, "{:04X}", c as u32);
            assert_eq!(
                is_nfc_quick(std::iter::once(c)),
                IsNormalized::Yes,
                "{:04X}",
                c as u32
            );
            assert_eq!(
                std::iter::once(c).nfc().collect::<String>(),
                c.to_string(),
                "{:04X}",
                c as u32
            );
        }
        assert!(checked > 28_000);
    }

    #[test]
    fn nfc_byte_walk_agrees_with_the_char_test() {
        let texts = [
            "城市规划、交通组织,出行方式改善。①（１）—“引号”《书名》",
            "䷀\u{4DFF}\u{4000}\u{9FFF}é©±×",
            "数据\u{2190}",
            "a\u{301}",
            "\u{A000}",
        ];
        for text in texts {
            assert_eq!(
                all_nfc_starters(text),
                text.chars().all(is_nfc_starter),
                "{text:?}"
            );
        }
    }

    #[test]
    fn nfc_of_mixed_text() {
        // Starters around marks that need reordering or composing: still found.
        for (text, nfc) in [
            ("数据e\u{301}治理", "数据é治理"),
            ("①a\u{323}\u{307}②", "①ạ\u{307}②"),
            ("、a\u{307}\u{323}。", "、ạ\u{307}。"),
            ("表\u{2000}", "表\u{2002}"),
            ("\u{F900}", "\u{8C48}"),
        ] {
            assert_eq!(normalize_nfc(text), Some((nfc.to_string(), 1)), "{text:?}");
        }
        assert_eq!(normalize_nfc("（１）①—“数据”、《治理》ü"), None);
    }

    #[test]
    fn line_ends_as_two_replaces() {
        for text in ["a\r\r\nb", "\r", "\r\n", "x\n\r\n\ry\r", "无\r\n\r\n字\r"] {
            let count = text.matches('\r').count();
            let expected = text.replace("\r\n", "\n").replace('\r', "\n");
            assert_eq!(
                normalize_line_ends(text),
                Some((expected, count)),
                "{text:?}"
            );
        }
    }

    #[test]
    fn mangled_copyright_signs_in_one_pass() {
        let page = "问?x?1994-2018 Example Academic Journal, ?? \u{FFFD}2001-2019 Tsinghua Press\n?2000-2010 a?b Copyright";
        let (fixed, n) = fix_mangled_copyright_sign(page).unwrap();
        assert_eq!(
            fixed,
            "问?x©1994-2018 Example Academic Journal, ?? ©2001-2019 Tsinghua Press\n©2000-2010 a?b Copyright"
        );
        assert_eq!(n, 3);
        // The same as replacing every match of the unanchored pattern.
        let re = Regex::new(&format!(r"[?\x{{FFFD}}]({MANGLED_COPYRIGHT_REST})")).unwrap();
        assert_eq!(re.replace_all(page, "©$1"), fixed);
        assert_eq!(re.find_iter(page).count(), n);
    }
}

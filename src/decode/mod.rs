//! Stage 1, decode: bytes in any encoding users meet → one normalized Unicode string.
//!
//! [`decode`] picks the encoding (a byte-order mark, valid UTF-8, or a detector choosing
//! among GB18030, Big5 and the other legacy encodings), refuses what is not a text page
//! (empty, binary, undecodable), then normalizes: line ends to `\n`, Unicode NFC, and the
//! known mojibake of scraped CNKI pages. Each repair is one small function in `fixes.rs` that
//! says what real-world accident it undoes, and [`Decoded::fixes`] lists the ones that fired.
//!
//! Offsets reported by later stages are char offsets into [`Decoded::text`], the decoded
//! *and normalized* text.
//!
//! This file chooses the encoding, decodes and refuses what is not text; the fixes, which
//! work on the decoded text, are apart in `fixes.rs` and re-exported here
//! (`ocrclean::decode::normalize_line_ends` and the others).

mod fixes;

pub use fixes::{
    fix_latin1_copyright_sign, fix_mangled_copyright_sign, normalize_line_ends, normalize_nfc,
    remove_stray_byte_order_marks,
};

use crate::model::DecodeFix;
use encoding_rs::{DecoderResult, Encoding, GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8};
use fixes::{apply, FIXES};
use std::borrow::Cow;
use std::fmt;

/// The decoded page text and how it was obtained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text: decoded, line ends `\n`, NFC, known mojibake repaired.
    pub text: String,
    /// The encoding used (`UTF-8`, `UTF-16LE`, `UTF-16BE`, `GB18030`, `GBK`, `Big5`, …).
    pub encoding: String,
    /// How many U+FFFD replacement characters decoding had to insert for byte sequences
    /// that are not valid in `encoding` (U+FFFD already present in the input are not counted).
    pub replacement_chars: usize,
    /// The normalizations and repairs that changed the text, in the order applied (the
    /// "plan", as ftfy calls it). Empty when the page needed none.
    pub fixes: Vec<Fix>,
}

/// One normalization or repair that changed the text (`count`: how many places; for
/// `nfc`, 1, the text as a whole).
pub type Fix = DecodeFix;

/// Why bytes are not a text page. The message says what is wrong; callers add the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// No bytes at all (or only a byte-order mark).
    Empty,
    /// NUL bytes that no UTF-16 reading explains, or mostly control characters.
    Binary(String),
    /// Too many byte sequences are invalid in the chosen encoding.
    NotText(String),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Empty => write!(f, "empty file"),
            DecodeError::Binary(why) => write!(f, "binary file, not a text page: {why}"),
            DecodeError::NotText(why) => write!(f, "not text in any supported encoding: {why}"),
        }
    }
}

impl std::error::Error for DecodeError {}

/// More than one character in this many undecodable → not text.
const MAX_REPLACEMENT_RATIO: usize = 20;
/// More than one character in this many a control character → binary.
const MAX_CONTROL_RATIO: usize = 20;
/// A file with invalid UTF-8 is still read as UTF-8 when it has at least this many valid
/// multi-byte characters per invalid sequence (a UTF-8 page cut mid-character, a flipped
/// byte). Legacy CJK encodings produce mostly invalid sequences, far below this.
const MIN_VALID_PER_INVALID_UTF8: usize = 10;

/// Decodes one page: bytes in, normalized text out.
///
/// The encoding is, in order: `forced` if given (a byte-order mark of that same encoding is
/// skipped); else the byte-order mark (UTF-8, UTF-16LE, UTF-16BE); else UTF-16 without a
/// mark if the file has NUL bytes and reads cleanly as UTF-16; else UTF-8 if the bytes are
/// UTF-8 (allowing a few broken sequences, e.g. a file cut mid-character); else what
/// chardetng detects (GBK is decoded and reported as its superset GB18030), unless it
/// finds no candidate better than another. Detection needs some text: a legacy-encoded
/// input of a few characters may be misread; `forced` (`--encoding`) settles it.
///
/// Errors: [`DecodeError::Empty`] for no text; [`DecodeError::Binary`] for NUL bytes that
/// UTF-16 does not explain or more than 1 in 20 characters being control characters;
/// [`DecodeError::NotText`] when more than 1 in 20 characters could not be decoded, or when
/// the detector finds no encoding that fits better than the others (random high bytes).
///
/// Then line ends become `\n`, the text is put in Unicode NFC (not NFKC: the page's
/// full-width punctuation is kept as printed) and known mojibake is repaired
/// ([`fix_mangled_copyright_sign`], [`fix_latin1_copyright_sign`]), and byte-order
/// marks left inside the text by concatenation are dropped
/// ([`remove_stray_byte_order_marks`]). [`Decoded::fixes`] lists what changed.
///
/// ```
/// use ocrclean::decode::decode;
/// // "中文文本\r\n" in GB18030
/// let bytes = b"\xd6\xd0\xce\xc4\xce\xc4\xb1\xbe\r\n";
/// let d = decode(bytes, Some(encoding_rs::GB18030)).unwrap();
/// assert_eq!(d.text, "中文文本\n");
/// assert_eq!(d.encoding, "GB18030");
/// assert_eq!(d.replacement_chars, 0);
/// ```
pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>) -> Result<Decoded, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    let (encoding, body, valid_utf8) = choose_encoding(bytes, forced)?;
    let (text, replacement_chars) = if let Some(text) = valid_utf8 {
        (text.to_string(), 0)
    } else if encoding == UTF_8 {
        decode_utf8_counting(body)
    } else {
        decode_counting(encoding, body)
    };
    let chars = text.chars().count();
    if chars == 0 {
        return Err(DecodeError::Empty);
    }
    check_not_binary(&text, chars)?;
    if replacement_chars * MAX_REPLACEMENT_RATIO > chars {
        return Err(DecodeError::NotText(format!(
            "{replacement_chars} of {chars} characters are not valid {}",
            display_name(encoding)
        )));
    }
    let mut fixes = Vec::new();
    let mut text = text;
    for (name, fix) in FIXES {
        text = apply(text, &mut fixes, name, fix);
    }
    Ok(Decoded {
        text,
        encoding: display_name(encoding).to_string(),
        replacement_chars,
        fixes,
    })
}

/// Looks up an encoding by a label users type (`gbk`, `GB18030`, `big5`, `utf-16le`,
/// `shift_jis`, …; the WHATWG labels). Returns `None` for unknown labels and for the
/// WHATWG `replacement` pseudo-encoding, which decodes nothing.
///
/// ```
/// assert_eq!(ocrclean::decode::encoding_for_label("GBK"), Some(encoding_rs::GBK));
/// assert_eq!(ocrclean::decode::encoding_for_label("no-such"), None);
/// ```
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes()).filter(|e| *e != encoding_rs::REPLACEMENT)
}

/// The name reported for an encoding: encoding_rs's canonical name, except `GB18030` in
/// capitals as it is usually written.
fn display_name(encoding: &'static Encoding) -> &'static str {
    if encoding == GB18030 {
        "GB18030"
    } else {
        encoding.name()
    }
}

/// The encoding chosen, the bytes to decode with it (without a byte-order mark), and the
/// text itself when those bytes were already checked to be valid UTF-8 (so they are
/// validated once, not twice).
type Chosen<'a> = (&'static Encoding, &'a [u8], Option<&'a str>);

/// Picks the encoding and the bytes to decode with it (without a byte-order mark).
fn choose_encoding<'a>(
    bytes: &'a [u8],
    forced: Option<&'static Encoding>,
) -> Result<Chosen<'a>, DecodeError> {
    if let Some(encoding) = forced {
        let body = match Encoding::for_bom(bytes) {
            Some((bom_encoding, len)) if bom_encoding == encoding => &bytes[len..],
            _ => bytes,
        };
        return Ok((encoding, body, None));
    }
    if let Some((encoding, len)) = Encoding::for_bom(bytes) {
        return Ok((encoding, &bytes[len..], None));
    }
    if let Some(first_nul) = memchr::memchr(0, bytes) {
        return match sniff_utf16(bytes) {
            Some(encoding) => Ok((encoding, bytes, None)),
            None => Err(DecodeError::Binary(format!(
                "{} NUL bytes, the first at byte {first_nul}",
                memchr::memchr_iter(0, bytes).count()
            ))),
        };
    }
    // encoding_rs validates UTF-8 several times faster than `str::from_utf8` on CJK text
    // (it borrows the bytes when they are valid).
    if let Some(Cow::Borrowed(text)) =
        UTF_8.decode_without_bom_handling_and_without_replacement(bytes)
    {
        return Ok((UTF_8, bytes, Some(text)));
    }
    if looks_like_utf8(bytes) {
        return Ok((UTF_8, bytes, None));
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let (guess, plausible) = detector.guess_assess(None, true);
    if !plausible {
        return Err(DecodeError::NotText(format!(
            "no encoding fits the bytes better than another (best guess {})",
            display_name(guess)
        )));
    }
    // GBK and GB18030 decode identically in encoding_rs; GB18030 is the honest name.
    Ok((if guess == GBK { GB18030 } else { guess }, bytes, None))
}

/// Whether bytes without a byte-order mark are UTF-8: valid, or with at most one invalid
/// sequence per [`MIN_VALID_PER_INVALID_UTF8`] valid multi-byte characters.
fn looks_like_utf8(bytes: &[u8]) -> bool {
    if std::str::from_utf8(bytes).is_ok() {
        return true;
    }
    let (mut invalid, mut multibyte) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            invalid += 1;
        }
    }
    multibyte >= invalid * MIN_VALID_PER_INVALID_UTF8
}

/// UTF-16 without a byte-order mark: the byte order whose reading has no unpaired
/// surrogates and at least 90% ordinary characters (ASCII, CJK, CJK punctuation, Latin
/// letters), or `None` (then the NUL bytes mean binary).
fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    [UTF_16LE, UTF_16BE].into_iter().find(|&encoding| {
        let Some(text) = encoding.decode_without_bom_handling_and_without_replacement(bytes) else {
            return false;
        };
        let (mut ordinary, mut total) = (0usize, 0usize);
        for c in text.chars() {
            total += 1;
            let plain = (c.is_ascii() && (!c.is_ascii_control() || c.is_ascii_whitespace()))
                || ('\u{00A0}'..='\u{024F}').contains(&c)
                || ('\u{2000}'..='\u{206F}').contains(&c)
                || ('\u{3000}'..='\u{9FFF}').contains(&c)
                || ('\u{FF00}'..='\u{FFEF}').contains(&c);
            ordinary += usize::from(plain);
        }
        total > 0 && ordinary * 10 >= total * 9
    })
}

/// UTF-8 with each maximal invalid sequence replaced by one U+FFFD, and how many.
fn decode_utf8_counting(bytes: &[u8]) -> (String, usize) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), 0),
        Err(_) => {
            let invalid = bytes
                .utf8_chunks()
                .filter(|chunk| !chunk.invalid().is_empty())
                .count();
            (String::from_utf8_lossy(bytes).into_owned(), invalid)
        }
    }
}

/// Decodes with a non-UTF-8 encoding, replacing each malformed sequence by U+FFFD and
/// counting them.
fn decode_counting(encoding: &'static Encoding, bytes: &[u8]) -> (String, usize) {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len().saturating_mul(3))
        .saturating_add(16);
    let mut out = String::with_capacity(capacity);
    let mut rest = bytes;
    let mut malformed = 0;
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(rest, &mut out, true);
        rest = &rest[read..];
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => out.reserve(rest.len().saturating_mul(3) + 16),
            DecoderResult::Malformed(_, _) => {
                out.push('\u{FFFD}');
                malformed += 1;
            }
        }
    }
    (out, malformed)
}

/// Refuses decoded text that holds NUL characters or is more than 1 in 20 control
/// characters (tab, line feed, carriage return and form feed are text).
///
/// Works on the UTF-8 bytes: a NUL character is a 0 byte, the C0 controls and DEL are
/// single bytes, and the C1 controls (U+0080..U+009F) are `C2 80`..`C2 9F`.
fn check_not_binary(text: &str, chars: usize) -> Result<(), DecodeError> {
    let bytes = text.as_bytes();
    if let Some(at) = memchr::memchr(0, bytes) {
        let i = text[..at].chars().count();
        return Err(DecodeError::Binary(format!("NUL character at char {i}")));
    }
    let mut controls = count_c0_controls(bytes);
    if memchr::memchr(0xc2, bytes).is_some() {
        controls += bytes
            .windows(2)
            .filter(|w| w[0] == 0xc2 && (0x80..=0x9f).contains(&w[1]))
            .count();
    }
    if controls * MAX_CONTROL_RATIO > chars {
        return Err(DecodeError::Binary(format!(
            "{controls} of {chars} characters are control characters"
        )));
    }
    Ok(())
}

/// The bytes that are C0 controls other than tab, line feed, carriage return and form
/// feed, or DEL. Branch-free 0/1 sums in chunks of 255 bytes (a `u8` count each), which
/// the compiler vectorizes.
fn count_c0_controls(bytes: &[u8]) -> usize {
    bytes
        .chunks(255)
        .map(|chunk| {
            let n = chunk.iter().fold(0u8, |n, &b| {
                // At most one of the four exceptions holds, and only when b < 0x20.
                let control = u8::from(b < 0x20)
                    .wrapping_sub(u8::from(b == b'\t'))
                    .wrapping_sub(u8::from(b == b'\n'))
                    .wrapping_sub(u8::from(b == b'\r'))
                    .wrapping_sub(u8::from(b == 0x0c))
                    .wrapping_add(u8::from(b == 0x7f));
                n.wrapping_add(control)
            });
            usize::from(n)
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::BIG5;

    const PAGE: &str = "页面顶部的小部件\n城市交通规划的方法与实践 本文讨论城市道路网络的布局问题,提出一种新的评价方法,并以三个城市为例进行了比较分 析,结果表明该方法简单可行。\n翻页控件\n©2010-现在 example.org 某某网站 版权所有";

    #[test]
    fn utf8_page_passes_through_unchanged() {
        let d = decode(PAGE.as_bytes(), None).unwrap();
        assert_eq!(d.text, PAGE);
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.replacement_chars, 0);
        assert!(d.fixes.is_empty());
    }

    #[test]
    fn utf8_bom_is_dropped() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(PAGE.as_bytes());
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.text, PAGE);
        assert_eq!(d.encoding, "UTF-8");
    }

    #[test]
    fn utf16_with_bom_both_orders() {
        for (encoding, bom, name) in [
            (UTF_16LE, &b"\xFF\xFE"[..], "UTF-16LE"),
            (UTF_16BE, &b"\xFE\xFF"[..], "UTF-16BE"),
        ] {
            let mut bytes = bom.to_vec();
            for unit in PAGE.encode_utf16() {
                let b = if encoding == UTF_16LE {
                    unit.to_le_bytes()
                } else {
                    unit.to_be_bytes()
                };
                bytes.extend_from_slice(&b);
            }
            let d = decode(&bytes, None).unwrap();
            assert_eq!(d.text, PAGE, "{name}");
            assert_eq!(d.encoding, name);
        }
    }

    #[test]
    fn utf16le_without_bom_is_sniffed() {
        let bytes: Vec<u8> = PAGE.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.encoding, "UTF-16LE");
        assert_eq!(d.text, PAGE);
    }

    #[test]
    fn gb18030_page_is_detected() {
        let (bytes, _, _) = GB18030.encode(PAGE);
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.encoding, "GB18030");
        assert_eq!(d.text, PAGE);
    }

    #[test]
    fn big5_page_is_detected() {
        let page = "城市交通規劃的方法與實踐。隨著技術進步，各地都在探索新的道路。這些問題是我們研究的重點，值得學者們繼續關注與討論。";
        let (bytes, _, unmappable) = BIG5.encode(page);
        assert!(!unmappable);
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.encoding, "Big5");
        assert_eq!(d.text, page);
    }

    #[test]
    fn forced_encoding_overrides_detection() {
        let (bytes, _, _) = GB18030.encode(PAGE);
        let d = decode(&bytes, Some(GBK)).unwrap();
        assert_eq!(d.encoding, "GBK");
        assert_eq!(d.text, PAGE);
        // Forcing the wrong encoding on a GB page is reported, not silently garbled.
        let err = decode(&bytes, Some(UTF_8)).unwrap_err();
        assert!(matches!(err, DecodeError::NotText(_)), "{err}");
    }

    #[test]
    fn forced_utf16_skips_its_own_bom() {
        let mut bytes = b"\xFF\xFE".to_vec();
        bytes.extend("正文".encode_utf16().flat_map(|u| u.to_le_bytes()));
        let d = decode(&bytes, Some(UTF_16LE)).unwrap();
        assert_eq!(d.text, "正文");
    }

    #[test]
    fn utf8_cut_mid_character_counts_one_replacement() {
        let bytes = PAGE.as_bytes();
        let cut = &bytes[..bytes.len() - 1]; // last char 有 is 3 bytes: cut inside it
        let d = decode(cut, None).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.replacement_chars, 1);
        assert!(d.text.ends_with("版权所\u{FFFD}"));
    }

    #[test]
    fn literal_replacement_chars_in_input_are_not_counted() {
        let d = decode("文\u{FFFD}字".as_bytes(), None).unwrap();
        assert_eq!(d.replacement_chars, 0);
    }

    #[test]
    fn gb18030_with_broken_bytes_counts_replacements() {
        let mut bytes = GB18030.encode(PAGE).0.into_owned();
        bytes.push(0x81); // a lead byte with no trail byte
        let d = decode(&bytes, Some(GB18030)).unwrap();
        assert_eq!(d.replacement_chars, 1);
    }

    #[test]
    fn empty_and_bom_only_are_empty() {
        assert_eq!(decode(b"", None), Err(DecodeError::Empty));
        assert_eq!(decode(b"\xEF\xBB\xBF", None), Err(DecodeError::Empty));
        assert_eq!(decode(b"\xFF\xFE", None), Err(DecodeError::Empty));
    }

    #[test]
    fn nul_junk_is_binary() {
        let err = decode(&[0u8; 4096], None).unwrap_err();
        assert!(matches!(err, DecodeError::Binary(_)), "{err}");
        let mut bytes = PAGE.as_bytes().to_vec();
        bytes.extend_from_slice(&[0u8; 3]);
        let err = decode(&bytes, None).unwrap_err();
        assert!(err.to_string().contains("NUL"), "{err}");
    }

    #[test]
    fn control_characters_are_binary() {
        let bytes: Vec<u8> = (1u8..32).cycle().take(500).collect();
        let err = decode(&bytes, None).unwrap_err();
        assert!(matches!(err, DecodeError::Binary(_)), "{err}");
    }

    #[test]
    fn control_characters_are_counted_by_bytes_as_by_chars() {
        let cases = [
            "正文\u{85}\u{9F}\u{80}\u{A0}é\u{7F}\u{1}\t\n\r\x0c文",
            "\u{C2}\u{80}",
            "aaaaaaaaaaaaaaaaaaaa\u{1}\u{2}",
        ];
        for text in cases {
            let by_chars = text
                .chars()
                .filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c'))
                .count();
            let chars = text.chars().count();
            let result = check_not_binary(text, chars);
            assert_eq!(
                result.is_err(),
                by_chars * MAX_CONTROL_RATIO > chars,
                "{text:?}"
            );
        }
        let err = check_not_binary("文字\0", 3).unwrap_err();
        assert_eq!(
            err.to_string(),
            "binary file, not a text page: NUL character at char 2"
        );
    }

    #[test]
    fn c0_controls_by_bytes() {
        let bytes: Vec<u8> = (0u8..=255).cycle().take(2000).collect();
        let expected = bytes
            .iter()
            .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)) || b == 0x7f)
            .count();
        assert_eq!(count_c0_controls(&bytes), expected);
        assert_eq!(count_c0_controls(&[1u8; 600]), 600);
    }

    #[test]
    fn encoding_labels() {
        assert_eq!(encoding_for_label("gb18030"), Some(GB18030));
        assert_eq!(encoding_for_label(" Big5 "), Some(BIG5));
        assert_eq!(encoding_for_label("utf-16le"), Some(UTF_16LE));
        assert_eq!(encoding_for_label("replacement"), None);
        assert_eq!(encoding_for_label("klingon"), None);
    }
}

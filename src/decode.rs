//! Stage 1, decode: bytes in any encoding users meet → one normalized Unicode string.
//! (Skeleton: UTF-8 only. Encoding detection is issue 3's work.)

use std::fmt;
use unicode_normalization::UnicodeNormalization;

/// The decoded page text and how it was obtained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: String,
    pub replacement_chars: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    Empty,
    NotText(String),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Empty => write!(f, "empty file"),
            DecodeError::NotText(why) => write!(f, "not text: {why}"),
        }
    }
}

/// Decodes `bytes` (skeleton: UTF-8 with or without BOM), normalizes line ends to `\n`
/// and applies NFC.
pub fn decode(
    bytes: &[u8],
    _forced: Option<&'static encoding_rs::Encoding>,
) -> Result<Decoded, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| DecodeError::NotText(e.to_string()))?;
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    Ok(Decoded {
        text: text.nfc().collect(),
        encoding: "UTF-8".to_string(),
        replacement_chars: 0,
    })
}
